import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SheetFooter, SheetHeader, sheetEvent } from "~/components/events/printable-sheet";
import { Pagination } from "~/components/pagination";
import { PrintButton } from "~/components/print-button";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { attendanceSheet } from "~/modules/registrations/attendance.server";
import { pageTitle } from "~/utils/meta";
import { pageFromSearch } from "~/utils/pagination";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event, rows, total, page, pageCount } = await attendanceSheet(
    user,
    params.eventId!,
    pageFromSearch(new URL(request.url).searchParams),
  );
  return {
    event: { id: event.id, ...sheetEvent(event) },
    rows,
    total,
    page,
    pageCount,
  };
}

export default function AttendanceSheetPage() {
  const { event, rows, total, page, pageCount } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="sheet">
      <p className="actions no-print">
        <Link to={`/events/${event.id}/registrations`}>{t("registrations.title")}</Link>
        <PrintButton />
      </p>
      <SheetHeader event={event} title={t("attendance.sheetTitle")} />
      {/* A big event's sheet comes in pages of SHEET_PAGE_SIZE names, each printed on its own. */}
      {pageCount > 1 ? (
        <div className="no-print">
          <Pagination page={page} pageCount={pageCount} total={total} />
        </div>
      ) : null}
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
            {/* Blank rows for walk-ins once, after the last name. */}
            {Array.from({ length: page === pageCount ? 10 : 0 }, (_, i) => (
              <tr key={`blank-${i}`} className="sheet__blank">
                <td>{total + i + 1}</td>
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
