import { translator, type Language } from "../../app/modules/i18n/translate";
import { ActionLink, EmailLayout, Paragraph } from "../components/email-layout";
import { EventFacts, type EmailEvent } from "../components/event-facts";

export type WaitlistedProps = { language: Language; name: string; event: EmailEvent; manageUrl: string; position: number };

export default function Waitlisted({ language, name, event, manageUrl, position }: WaitlistedProps) {
  const t = translator(language);
  return (
    <EmailLayout
      heading={t("email.waitlisted.heading")}
      language={language}
      preview={t("email.waitlisted.preview", { position })}
      reason="email.reason.registered"
    >
      <Paragraph>{t("email.greeting", { name })}</Paragraph>
      <Paragraph>{t("email.waitlisted.body", { position })}</Paragraph>
      <EventFacts event={event} language={language} />
      <ActionLink href={manageUrl}>{t("email.manage")}</ActionLink>
    </EmailLayout>
  );
}
