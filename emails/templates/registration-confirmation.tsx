import { Img, Section, Text } from "@react-email/components";
import { translator, type Language } from "../../app/modules/i18n/translate";
import { ActionLink, EmailLayout, Paragraph, styles } from "../components/email-layout";
import { EventFacts, type EmailEvent } from "../components/event-facts";

export type RegistrationConfirmationProps = {
  language: Language;
  name: string;
  event: EmailEvent;
  manageUrl: string;
  checkInCode: string;
  /** Content-ID of the attached QR image */
  qrCid?: string;
};

export default function RegistrationConfirmation({ language, name, event, manageUrl, checkInCode, qrCid }: RegistrationConfirmationProps) {
  const t = translator(language);
  return (
    <EmailLayout
      heading={t("email.confirmation.heading")}
      language={language}
      preview={t("email.confirmation.preview", { event: event.title })}
      reason="email.reason.registered"
    >
      <Paragraph>{t("email.greeting", { name })}</Paragraph>
      <Paragraph>{t("email.confirmation.body")}</Paragraph>
      <EventFacts event={event} language={language} />
      <Section>
        {qrCid ? <Img src={`cid:${qrCid}`} width="180" height="180" alt={t("email.checkInQrAlt", { code: checkInCode })} /> : null}
        <Text style={styles.paragraph}>
          {t("email.checkInCode")} <span style={styles.code}>{checkInCode}</span>
        </Text>
      </Section>
      <Paragraph>{t("email.calendarAttached")}</Paragraph>
      <ActionLink href={manageUrl}>{t("email.manage")}</ActionLink>
    </EmailLayout>
  );
}
