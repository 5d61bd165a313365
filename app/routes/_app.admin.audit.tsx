import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FilterBar, FilterDates, FilterSelect, FilterText, plainOptions } from "~/components/filter-bar";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { auditLog, AuditFilterSchema } from "~/modules/audit/audit-log.server";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";
import { pageFromSearch } from "~/utils/pagination";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filters = AuditFilterSchema.parse(Object.fromEntries(url.searchParams));
  return { log: await auditLog(user, filters, pageFromSearch(url.searchParams)), filters };
}

function Snapshot({ json }: { json: string | null }) {
  if (!json) return <span className="muted">—</span>;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = json;
  }
  return <pre className="audit-json">{JSON.stringify(value, null, 1)}</pre>;
}

export default function AuditPage() {
  const { log, filters } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p className="muted">{t("audit.intro")}</p>
      <FilterBar>
        <FilterSelect name="entityType" label={t("audit.entity")} value={filters.entityType} options={plainOptions(log.entityTypes)} />
        <FilterSelect name="action" label={t("audit.action")} value={filters.action} options={labels.auditAction.options(t)} />
        <FilterSelect
          name="actor"
          label={t("audit.actor")}
          value={filters.actor}
          options={log.actors.map((a) => ({ value: a.id, label: a.name }))}
        />
        <FilterText name="entityId" type="text" label={t("audit.entityId")} value={filters.entityId} />
        <FilterDates from={filters.from} to={filters.to} />
      </FilterBar>
      <div className="table-wrap" role="region" aria-label={t("audit.title")} tabIndex={0}>
        <table className="table--stack">
          <caption className="visually-hidden">{t("audit.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("stock.when")}</th>
              <th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("audit.what")}</th>
              <th scope="col">{t("audit.before")}</th>
              <th scope="col">{t("audit.after")}</th>
            </tr>
          </thead>
          <tbody>
            {log.items.map((entry) => (
              <tr key={entry.id}>
                <td data-label={t("stock.when")}>{formatMalaysia(entry.createdAt, "dateTime", language)}</td>
                <td data-label={t("audit.actor")}>{entry.actor?.name ?? t("audit.public")}</td>
                <td data-label={t("audit.what")}>
                  <strong>{labels.auditAction(t, entry.action)}</strong> <code>{entry.entityType}</code>
                  <div className="small">
                    <Link to={`?entityType=${entry.entityType}&entityId=${entry.entityId}`}>
                      <code>{entry.entityId}</code>
                    </Link>
                  </div>
                </td>
                <td data-label={t("audit.before")}>
                  <Snapshot json={entry.before} />
                </td>
                <td data-label={t("audit.after")}>
                  <Snapshot json={entry.after} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={log.page} pageCount={log.pageCount} total={log.total} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit.title");

export function ErrorBoundary() {
  return <RouteError />;
}
