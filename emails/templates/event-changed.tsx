import { translator, type Language } from "../../app/modules/i18n/translate";
import { ActionLink, EmailLayout, Paragraph } from "../components/email-layout";
import { EventFacts, type EmailEvent } from "../components/event-facts";

export type EventChange = "CHANGED" | "POSTPONED" | "RESCHEDULED" | "CANCELLED";

/** What each kind of change says: the subject (used by the composer), the heading and the message. */
export const EVENT_CHANGE_TEXT = {
  CHANGED: { subject: "email.changed.subject", heading: "email.changed.changedHeading", body: "email.changed.changedBody" },
  POSTPONED: { subject: "email.changed.postponedSubject", heading: "email.changed.postponedHeading", body: "email.changed.postponedBody" },
  RESCHEDULED: {
    subject: "email.changed.rescheduledSubject",
    heading: "email.changed.rescheduledHeading",
    body: "email.changed.rescheduledBody",
  },
  CANCELLED: { subject: "email.changed.cancelledSubject", heading: "email.changed.cancelledHeading", body: "email.changed.cancelledBody" },
} as const;

export type EventChangedProps = {
  language: Language;
  name: string;
  event: EmailEvent;
  change: EventChange;
  reason?: string | null;
  manageUrl: string;
};

/** To everyone registered or waiting when the session moves, is postponed, goes ahead after all, or is cancelled. */
export default function EventChanged({ language, name, event, change, reason, manageUrl }: EventChangedProps) {
  const t = translator(language);
  const text = EVENT_CHANGE_TEXT[change];
  const heading = t(text.heading);
  return (
    <EmailLayout heading={heading} language={language} preview={heading} reason="email.reason.registered">
      <Paragraph>{t("email.greeting", { name })}</Paragraph>
      <Paragraph>{t(text.body)}</Paragraph>
      {reason ? <Paragraph>{t("email.changed.reason", { reason })}</Paragraph> : null}
      <EventFacts event={event} language={language} />
      <Paragraph>{change === "CANCELLED" ? t("email.calendarRemoved") : t("email.calendarUpdated")}</Paragraph>
      {change === "CANCELLED" ? null : <ActionLink href={manageUrl}>{t("email.manage")}</ActionLink>}
    </EmailLayout>
  );
}
