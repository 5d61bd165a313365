import { Link } from "@remix-run/react";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { StatusBadge } from "./status-badge";
import { labels } from "~/modules/i18n/labels";

export type EventRow = {
  id: string;
  title: string;
  type: string;
  status: string;
  startsAt: string | Date;
  capacity: number | null;
  school: { code: string; name: string } | null;
  venue: string | null;
  state: { name: string };
  district: { name: string } | null;
  _count: { registrations: number };
};

export function EventTable({ events, caption }: { events: EventRow[]; caption: string }) {
  const t = useT();
  const language = useLanguage();
  return (
    // The scrolling frame is the named region (keyboard users can scroll it); a section around a
    // table stays unnamed, so no two landmarks share a name (axe landmark-unique).
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="table--stack">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("event.field.startsAt")}</th>
            <th scope="col">{t("event.field.title")}</th>
            <th scope="col">{t("event.place")}</th>
            <th scope="col">{t("event.field.status")}</th>
            <th scope="col" className="num">
              {t("event.registered")}
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td data-label={t("event.field.startsAt")}>
                <time dateTime={new Date(e.startsAt).toISOString()}>{formatMalaysia(e.startsAt, "dateTime", language)}</time>
              </td>
              <td data-label={t("event.field.title")}>
                <Link to={`/events/${e.id}`}>{e.title}</Link>
                <div className="muted small">{labels.eventType(t, e.type)}</div>
              </td>
              <td data-label={t("event.place")}>
                {e.school ? `${e.school.name} (${e.school.code})` : e.venue}
                <div className="muted small">{[e.district?.name, e.state.name].filter(Boolean).join(", ")}</div>
              </td>
              <td data-label={t("event.field.status")}>
                <StatusBadge status={e.status} />
              </td>
              <td className="num" data-label={t("event.registered")}>
                {e._count.registrations}
                {e.capacity ? ` / ${e.capacity}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
