import { Heading } from "@react-email/components";
import { translator, type Language } from "../../app/modules/i18n/translate";
import { ActionLink, EmailLayout, Paragraph, styles } from "../components/email-layout";
import { EventFacts, type EmailEvent } from "../components/event-facts";

export type EventChangedProps = {
  language: Language;
  name: string;
  event: EmailEvent;
  change: "CHANGED" | "POSTPONED" | "CANCELLED";
  reason?: string | null;
  manageUrl: string;
};

export default function EventChanged({ language, name, event, change, reason, manageUrl }: EventChangedProps) {
  const t = translator(language);
  const heading =
    change === "CANCELLED"
      ? t("email.changed.cancelledHeading")
      : change === "POSTPONED"
        ? t("email.changed.postponedHeading")
        : t("email.changed.changedHeading");
  const body =
    change === "CANCELLED"
      ? t("email.changed.cancelledBody")
      : change === "POSTPONED"
        ? t("email.changed.postponedBody")
        : t("email.changed.changedBody");
  return (
    <EmailLayout language={language} preview={heading} reason="email.reason.registered">
      <Heading style={styles.heading}>{heading}</Heading>
      <Paragraph>{t("email.greeting", { name })}</Paragraph>
      <Paragraph>{body}</Paragraph>
      {reason ? <Paragraph>{t("email.changed.reason", { reason })}</Paragraph> : null}
      <EventFacts event={event} language={language} />
      {change === "CHANGED" ? <ActionLink href={manageUrl}>{t("email.manage")}</ActionLink> : null}
    </EmailLayout>
  );
}
