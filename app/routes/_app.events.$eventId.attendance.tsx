import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SheetFooter, SheetHeader, sheetEvent } from "~/components/events/printable-sheet";
import { PrintButton } from "~/components/print-button";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { attendanceSheet } from "~/modules/registrations/attendance.server";
import { pageTitle } from "~/utils/meta";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event, rows } = await attendanceSheet(user, params.eventId!);
  return {
    event: { id: event.id, ...sheetEvent(event) },
    rows,
  };
}

export default function AttendanceSheetPage() {
  const { event, rows } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="sheet">
      <p className="actions no-print">
        <Link to={`/events/${event.id}/registrations`}>{t("registrations.title")}</Link>
        <PrintButton />
      </p>
      <SheetHeader event={event} title={t("attendance.sheetTitle")} />
      {/* On a phone the table scrolls inside its frame; the page itself never scrolls sideways. */}
      <div className="table-wrap sheet__wrap" role="region" aria-label={t("attendance.sheetTitle")} tabIndex={0}>
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
                <td>{labels.registrationCategory(t, row.category)}</td>
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
      </div>
      <SheetFooter>
        <p>{t("attendance.sheetNote")}</p>
      </SheetFooter>
    </article>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "attendance.sheetTitle");

export function ErrorBoundary() {
  return <RouteError />;
}
