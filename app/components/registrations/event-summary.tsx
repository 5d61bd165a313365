import { formatMalaysiaRange } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT } from "~/modules/i18n/i18n";

type EventForSummary = {
  title: string;
  startsAt: Date | string;
  endsAt: Date | string;
  venue: string | null;
  programme?: { title: string };
  school: {
    name: string;
    address: string | null;
    postcode: string | null;
    town: string | null;
    latitude: number | null;
    longitude: number | null;
  } | null;
  state: { name: string };
};

/** What, when and where, as the public and participants see it, with a map link. */
export function EventSummary({ event, headingLevel = 1 }: { event: EventForSummary; headingLevel?: 1 | 2 }) {
  const t = useT();
  const language = useLanguage();
  const Heading = headingLevel === 1 ? "h1" : "h2";
  const place = [event.venue, event.school?.name].filter(Boolean).join(", ");
  const address = [event.school?.address, [event.school?.postcode, event.school?.town].filter(Boolean).join(" "), event.state.name]
    .filter(Boolean)
    .join(", ");
  const mapQuery =
    event.school?.latitude && event.school.longitude
      ? `${event.school.latitude},${event.school.longitude}`
      : [place, address].filter(Boolean).join(", ");
  return (
    <header className="event-summary">
      {event.programme ? <p className="eyebrow">{event.programme.title}</p> : null}
      <Heading>{event.title}</Heading>
      <dl className="event-summary__facts">
        <dt>{t("event.when")}</dt>
        <dd>{formatMalaysiaRange(event.startsAt, event.endsAt, language)}</dd>
        <dt>{t("event.place")}</dt>
        <dd>
          {place || event.state.name}
          {address ? <div className="muted small">{address}</div> : null}
          <a
            href={`https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(mapQuery)}`}
            rel="noopener noreferrer"
            target="_blank"
          >
            {t("register.openMap")}
          </a>
        </dd>
      </dl>
      <p className="helpline-banner">
        {t("helpline.body")} <a href="tel:15999">Talian Kasih 15999</a> · <a href="https://wa.me/60192615999">WhatsApp 019-2615999</a>
      </p>
    </header>
  );
}
