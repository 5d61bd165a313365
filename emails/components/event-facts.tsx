import { Link } from "@react-email/components";
import { formatMalaysiaRange } from "../../app/modules/calendar/malaysia-time";
import { translator, type Language } from "../../app/modules/i18n/translate";
import { Facts } from "./email-layout";

export type EmailEvent = {
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  address?: string | null;
  mapUrl?: string | null;
};

/** When and where, always in Malaysian time. */
export function EventFacts({ event, language }: { event: EmailEvent; language: Language }) {
  const t = translator(language);
  return (
    <Facts
      rows={[
        [t("email.event"), event.title],
        [t("email.when"), formatMalaysiaRange(event.startsAt, event.endsAt, language)],
        [
          t("email.where"),
          <span key="where">
            {event.place}
            {event.address ? `, ${event.address}` : ""}
            {event.mapUrl ? (
              <span>
                {" "}
                (<Link href={event.mapUrl}>{t("email.map")}</Link>)
              </span>
            ) : null}
          </span>,
        ],
      ]}
    />
  );
}
