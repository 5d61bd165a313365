import { Link, Section, Text } from "@react-email/components";
import { translator, type Language } from "../../app/modules/i18n/translate";
import { ActionLink, EmailLayout, Paragraph, styles } from "../components/email-layout";

export type FollowUpMaterial = { title: string; description?: string | null; url: string; attached?: boolean };
export type FollowUpProps = {
  language: Language;
  name: string;
  eventTitle: string;
  attended: boolean;
  materials: FollowUpMaterial[];
  feedbackUrl?: string | null;
  unsubscribeUrl: string;
  /** A test to staff: marked as one, its links are examples */
  test?: boolean;
};

/** After the session: thanks, the digital materials, how to recognise and report abuse. */
export default function FollowUp({ language, name, eventTitle, attended, materials, feedbackUrl, unsubscribeUrl, test }: FollowUpProps) {
  const t = translator(language);
  return (
    <EmailLayout
      heading={attended ? t("email.followUp.headingAttended") : t("email.followUp.headingMissed")}
      language={language}
      preview={t("email.followUp.preview")}
      reason="email.reason.participant"
      unsubscribeUrl={unsubscribeUrl}
      test={test}
    >
      <Paragraph>{t("email.greeting", { name })}</Paragraph>
      <Paragraph>
        {attended ? t("email.followUp.thanks", { event: eventTitle }) : t("email.followUp.missed", { event: eventTitle })}
      </Paragraph>
      {materials.length ? (
        <Section>
          <Text style={{ ...styles.paragraph, fontWeight: 700 }}>{t("email.followUp.materials")}</Text>
          {materials.map((m) => (
            <Text key={m.url} style={styles.fact}>
              <Link href={m.url}>{m.title}</Link>
              {m.attached ? ` (${t("email.followUp.attached")})` : ""}
              {m.description ? ` — ${m.description}` : ""}
            </Text>
          ))}
        </Section>
      ) : null}
      <Section style={styles.facts}>
        <Text style={{ ...styles.fact, fontWeight: 700 }}>{t("email.followUp.signsTitle")}</Text>
        <Text style={styles.fact}>{t("email.followUp.signs")}</Text>
        <Text style={{ ...styles.fact, fontWeight: 700 }}>{t("email.followUp.reportTitle")}</Text>
        <Text style={styles.fact}>{t("email.followUp.report")}</Text>
      </Section>
      {feedbackUrl ? <ActionLink href={feedbackUrl}>{t("email.followUp.feedback")}</ActionLink> : null}
    </EmailLayout>
  );
}
