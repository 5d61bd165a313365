import { Link, Section, Text } from "@react-email/components";
import { translator, type Language } from "../../app/modules/i18n/translate";
import { ActionLink, EmailLayout, Paragraph, styles } from "../components/email-layout";
import { EventFacts, type EmailEvent } from "../components/event-facts";

export type SchoolInvitationProps = {
  language: Language;
  schoolName: string;
  headTeacherName?: string | null;
  /** The scheduled visit; absent for an invitation that only proposes dates */
  event?: EmailEvent | null;
  coordinatorName: string;
  coordinatorEmail: string;
  registrationUrl?: string | null;
  proposedDates?: string | null;
  programmeTitle?: string | null;
};

/** To the head teacher when a visit to the school is scheduled (or proposed). */
export default function SchoolInvitation({
  language,
  schoolName,
  headTeacherName,
  event,
  coordinatorName,
  coordinatorEmail,
  registrationUrl,
  proposedDates,
  programmeTitle,
}: SchoolInvitationProps) {
  const t = translator(language);
  return (
    <EmailLayout
      heading={t("email.invitation.heading")}
      language={language}
      preview={t("email.invitation.preview", { school: schoolName })}
      reason="email.reason.school"
    >
      <Paragraph>
        {t("email.invitation.greeting", { name: headTeacherName || t("email.invitation.headTeacher"), school: schoolName })}
      </Paragraph>
      <Paragraph>{t("email.invitation.body")}</Paragraph>
      {programmeTitle ? <Paragraph>{programmeTitle}</Paragraph> : null}
      {event ? <EventFacts event={event} language={language} /> : null}
      {proposedDates && !event ? <Paragraph>{t("email.invitation.proposed", { dates: proposedDates })}</Paragraph> : null}
      {!event ? <Paragraph>{t("email.invitation.reply")}</Paragraph> : null}
      {registrationUrl ? (
        <Section>
          <Paragraph>{t("email.invitation.share")}</Paragraph>
          <ActionLink href={registrationUrl}>{t("email.invitation.registrationLink")}</ActionLink>
        </Section>
      ) : null}
      <Text style={styles.paragraph}>
        {t("email.invitation.contact", { name: coordinatorName })} <Link href={`mailto:${coordinatorEmail}`}>{coordinatorEmail}</Link>
      </Text>
    </EmailLayout>
  );
}
