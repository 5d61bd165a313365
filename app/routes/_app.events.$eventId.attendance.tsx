import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/print-button";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysiaRange } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT, type MessageKey } from "~/modules/i18n/i18n";
import { attendanceSheet } from "~/modules/registrations/attendance.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event, rows } = await attendanceSheet(user, params.eventId!);
  return {
    event: { id: event.id, title: event.title, startsAt: event.startsAt, endsAt: event.endsAt, venue: event.venue, school: event.school?.name ?? null, state: event.state.name, programme: event.programme.title },
    rows,
  };
}

export default function AttendanceSheetPage() {
  const { event, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  return (
    <article className="sheet">
      <p className="actions no-print">
        <Link to={`/events/${event.id}/registrations`}>{t("registrations.title")}</Link>
        <PrintButton />
      </p>
      <header className="sheet__header">
        <p className="sheet__programme">{event.programme}</p>
        <h1>{t("attendance.sheetTitle")}</h1>
        <p>
          <strong>{event.title}</strong>
        </p>
        <p>
          {formatMalaysiaRange(event.startsAt, event.endsAt, language)} · {[event.venue, event.school, event.state].filter(Boolean).join(", ")}
        </p>
      </header>
      <table className="sheet__table">
        <caption className="visually-hidden">{t("attendance.sheetTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("attendance.number")}</th>
            <th scope="col">{t("register.fullName")}</th>
            <th scope="col">{t("registrations.category")}</th>
            <th scope="col">{t("register.organisation")}</th>
            <th scope="col">{t("register.phone")}</th>
            <th scope="col">{t("attendance.present")}</th>
            <th scope="col" className="sheet__signature">
              {t("attendance.signature")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.number}>
              <td>{row.number}</td>
              <td>{row.name}</td>
              <td>{t(`registration.category.${row.category}` as MessageKey)}</td>
              <td>{row.organisation}</td>
              <td>{row.phone}</td>
              <td>{row.attended ? "✓" : ""}</td>
              <td />
            </tr>
          ))}
          {Array.from({ length: 10 }, (_, i) => (
            <tr key={`blank-${i}`} className="sheet__blank">
              <td>{rows.length + i + 1}</td>
              <td />
              <td />
              <td />
              <td />
              <td />
              <td />
            </tr>
          ))}
        </tbody>
      </table>
      <footer className="sheet__footer">
        <p>{t("attendance.sheetNote")}</p>
        <p>
          <strong>Talian Kasih 15999 · WhatsApp 019-2615999</strong>
        </p>
      </footer>
    </article>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "attendance.sheetTitle");

export function ErrorBoundary() {
  return <RouteError />;
}
