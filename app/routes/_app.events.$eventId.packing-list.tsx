import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SheetFooter, SheetHeader, sheetEvent } from "~/components/events/printable-sheet";
import { PrintButton } from "~/components/print-button";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { packingList } from "~/modules/materials/deliveries.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event, rows, planSaved, participants } = await packingList(user, params.eventId!);
  return {
    event: { id: event.id, ...sheetEvent(event) },
    rows: rows.map((m) => ({
      id: m.id,
      code: m.code,
      titleMs: m.titleMs,
      titleEn: m.titleEn,
      unit: m.unit,
      quantity: m.toTake,
      delivered: m.delivered,
      inStock: m.inStock,
      short: m.short,
    })),
    planSaved,
    participants,
  };
}

/** The state office's packing list (senarai bahan) for an event, printed from the materials plan. */
export default function PackingListPage() {
  const { event, rows, planSaved, participants } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  return (
    <article className="sheet">
      <p className="actions no-print">
        <Link to={`/events/${event.id}/materials`}>{t("delivery.title")}</Link>
        <PrintButton />
      </p>
      <SheetHeader event={event} title={t("packing.title")}>
        <p className="small">
          {planSaved
            ? t("delivery.planSaved", { at: formatMalaysia(planSaved.at, "dateTime", language), by: planSaved.by ?? "—" })
            : t("packing.fromSuggestion", { participants })}
        </p>
      </SheetHeader>
      {rows.length === 0 ? (
        <p className="empty">{t("packing.empty")}</p>
      ) : (
        // On a phone the table scrolls inside its frame; the page itself never scrolls sideways.
        <div className="table-wrap sheet__wrap" role="region" aria-label={t("packing.title")} tabIndex={0}>
          <table className="sheet__table">
            <caption className="visually-hidden">{t("packing.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("attendance.number")}</th>
                <th scope="col">{t("material.field.title")}</th>
                <th scope="col" className="num">
                  {t("packing.quantity")}
                </th>
                <th scope="col" className="num">
                  {t("delivery.delivered")}
                </th>
                <th scope="col" className="num">
                  {t("delivery.inStock", { state: event.state })}
                </th>
                <th scope="col" className="sheet__signature">
                  {t("packing.packed")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m, index) => (
                <tr key={m.id}>
                  <td>{index + 1}</td>
                  <td>
                    <code>{m.code}</code> {language === "en" ? m.titleEn : m.titleMs}
                  </td>
                  <td className="num">
                    <strong>{m.quantity}</strong> {m.unit}
                  </td>
                  <td className="num">{m.delivered}</td>
                  <td className="num">
                    {m.inStock}
                    {m.short > 0 ? ` · ${t("delivery.short", { short: m.short })}` : ""}
                  </td>
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <SheetFooter className="sheet__sign-off">
        <p>{t("packing.preparedBy")}</p>
        <p>{t("packing.receivedBy")}</p>
      </SheetFooter>
    </article>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "packing.title");

export function ErrorBoundary() {
  return <RouteError />;
}
