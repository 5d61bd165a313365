import { Text } from "@react-email/components";
import { translator, type Language } from "../../app/modules/i18n/translate";
import { ActionLink, EmailLayout, Paragraph, styles } from "../components/email-layout";
import { EventFacts, type EmailEvent } from "../components/event-facts";

export type PromotedProps = { language: Language; name: string; event: EmailEvent; manageUrl: string; checkInCode: string };

export default function Promoted({ language, name, event, manageUrl, checkInCode }: PromotedProps) {
  const t = translator(language);
  return (
    <EmailLayout
      heading={t("email.promoted.heading")}
      language={language}
      preview={t("email.promoted.preview", { event: event.title })}
      reason="email.reason.registered"
    >
      <Paragraph>{t("email.greeting", { name })}</Paragraph>
      <Paragraph>{t("email.promoted.body")}</Paragraph>
      <EventFacts event={event} language={language} />
      <Text style={styles.paragraph}>
        {t("email.checkInCode")} <span style={styles.code}>{checkInCode}</span>
      </Text>
      <ActionLink href={manageUrl}>{t("email.manage")}</ActionLink>
    </EmailLayout>
  );
}
