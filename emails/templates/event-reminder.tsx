import { Text } from "@react-email/components";
import { translator, type Language } from "../../app/modules/i18n/translate";
import { ActionLink, EmailLayout, Paragraph, styles } from "../components/email-layout";
import { EventFacts, type EmailEvent } from "../components/event-facts";

export type EventReminderProps = {
  language: Language;
  name: string;
  event: EmailEvent;
  manageUrl: string;
  checkInCode: string;
  unsubscribeUrl: string;
};

export default function EventReminder({ language, name, event, manageUrl, checkInCode, unsubscribeUrl }: EventReminderProps) {
  const t = translator(language);
  return (
    <EmailLayout
      heading={t("email.reminder.heading")}
      language={language}
      preview={t("email.reminder.preview", { event: event.title })}
      reason="email.reason.registered"
      unsubscribeUrl={unsubscribeUrl}
    >
      <Paragraph>{t("email.greeting", { name })}</Paragraph>
      <Paragraph>{t("email.reminder.body")}</Paragraph>
      <EventFacts event={event} language={language} />
      <Text style={styles.paragraph}>
        {t("email.checkInCode")} <span style={styles.code}>{checkInCode}</span>
      </Text>
      <ActionLink href={manageUrl}>{t("email.manage")}</ActionLink>
    </EmailLayout>
  );
}
