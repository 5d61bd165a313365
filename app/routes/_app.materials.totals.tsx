import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { FilterBar, FilterDates, FilterSelect, programmeOptions } from "~/components/filter-bar";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { parseMalaysiaDate } from "~/modules/calendar/malaysia-time";
import { useT } from "~/modules/i18n/i18n";
import { deliveryTotals } from "~/modules/materials/deliveries.server";
import { TOTAL_GROUPS, type TotalGroup } from "~/modules/materials/material-schema";
import { programmeChoices } from "~/modules/programmes/programmes.server";
import { pageTitle } from "~/utils/meta";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const by = url.searchParams.get("by");
  const groupBy: TotalGroup = (TOTAL_GROUPS as readonly string[]).includes(by ?? "") ? (by as TotalGroup) : "material";
  const from = url.searchParams.get("from") ? parseMalaysiaDate(url.searchParams.get("from")!) : null;
  const to = url.searchParams.get("to") ? parseMalaysiaDate(url.searchParams.get("to")!) : null;
  const programme = url.searchParams.get("programme")?.slice(0, 40) || undefined;
  const [totals, programmes] = await Promise.all([
    deliveryTotals(user, groupBy, { programme, from: from ?? undefined, to: to ? new Date(to.getTime() + 86_400_000) : undefined }),
    programmeChoices(user),
  ]);
  return { totals, groupBy, programmes };
}

export default function DeliveryTotalsPage() {
  const { totals, groupBy, programmes } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const grand = totals.reduce((sum, row) => sum + row.quantity, 0);
  return (
    <>
      <p className="eyebrow">
        <Link to="/materials">{t("material.listTitle")}</Link>
      </p>
      <h1>{t("totals.title")}</h1>
      <FilterBar>
        <FilterSelect name="by" label={t("totals.groupBy")} value={groupBy} options={labels.materialTotalsBy.options(t)} allLabel={false} />
        <FilterSelect
          name="programme"
          label={t("event.field.programme")}
          value={params.get("programme")}
          options={programmeOptions(programmes)}
        />
        <FilterDates from={params.get("from")} to={params.get("to")} />
      </FilterBar>
      {totals.length === 0 ? (
        <p className="empty">{t("delivery.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-label={t("totals.title")} tabIndex={0}>
          <table>
            <caption className="visually-hidden">{t("totals.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{labels.materialTotalsBy(t, groupBy)}</th>
                <th scope="col" className="num">
                  {t("totals.deliveries")}
                </th>
                <th scope="col" className="num">
                  {t("totals.quantity")}
                </th>
              </tr>
            </thead>
            <tbody>
              {totals.map((row) => (
                <tr key={row.key}>
                  <td>{groupBy === "event" ? <Link to={`/events/${row.key}/materials`}>{row.label}</Link> : row.label}</td>
                  <td className="num">{row.deliveries}</td>
                  <td className="num">{row.quantity.toLocaleString("en-MY")}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t("registrations.total")}</th>
                <td />
                <td className="num">
                  <strong>{grand.toLocaleString("en-MY")}</strong>
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "totals.title");

export function ErrorBoundary() {
  return <RouteError />;
}
