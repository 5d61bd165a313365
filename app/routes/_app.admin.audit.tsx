import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { AUDIT_ACTIONS } from "~/modules/audit/audit-actions";
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
      <Form method="get" className="filters" aria-label={t("common.filters")}>
        <div className="field">
          <label htmlFor="f-type">{t("audit.entity")}</label>
          <select id="f-type" name="entityType" defaultValue={filters.entityType ?? ""}>
            <option value="">{t("common.all")}</option>
            {log.entityTypes.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-action">{t("audit.action")}</label>
          <select id="f-action" name="action" defaultValue={filters.action ?? ""}>
            <option value="">{t("common.all")}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {labels.auditAction(t, a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-actor">{t("audit.actor")}</label>
          <select id="f-actor" name="actor" defaultValue={filters.actor ?? ""}>
            <option value="">{t("common.all")}</option>
            {log.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-id">{t("audit.entityId")}</label>
          <input id="f-id" name="entityId" defaultValue={filters.entityId ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-from">{t("common.from")}</label>
          <input id="f-from" name="from" type="date" defaultValue={filters.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-to">{t("common.to")}</label>
          <input id="f-to" name="to" type="date" defaultValue={filters.to ?? ""} />
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.filter")}
        </button>
      </Form>
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
