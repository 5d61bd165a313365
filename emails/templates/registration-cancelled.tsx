import { translator, type Language } from "../../app/modules/i18n/translate";
import { ActionLink, EmailLayout, Paragraph } from "../components/email-layout";
import { EventFacts, type EmailEvent } from "../components/event-facts";

export type RegistrationCancelledProps = {
  language: Language;
  name: string;
  event: EmailEvent;
  /** Cancelled by the session's staff rather than by the person on their own page */
  byStaff: boolean;
  /** The public registration page, to come back; absent when the session is over or cancelled */
  registrationUrl?: string | null;
};

/** To someone whose registration was cancelled, by themselves or by staff, with the calendar cancellation. */
export default function RegistrationCancelled({ language, name, event, byStaff, registrationUrl }: RegistrationCancelledProps) {
  const t = translator(language);
  return (
    <EmailLayout
      heading={t("email.cancelled.heading")}
      language={language}
      preview={t("email.cancelled.preview", { event: event.title })}
      reason="email.reason.registered"
    >
      <Paragraph>{t("email.greeting", { name })}</Paragraph>
      <Paragraph>{byStaff ? t("email.cancelled.byStaff") : t("email.cancelled.bySelf")}</Paragraph>
      <EventFacts event={event} language={language} />
      <Paragraph>{t("email.calendarRemoved")}</Paragraph>
      {registrationUrl ? (
        <>
          <Paragraph>{t("email.cancelled.registerAgain")}</Paragraph>
          <ActionLink href={registrationUrl}>{t("email.cancelled.registerLink")}</ActionLink>
        </>
      ) : null}
    </EmailLayout>
  );
}
