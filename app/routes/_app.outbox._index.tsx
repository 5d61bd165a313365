import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FilterBar, FilterSelect } from "~/components/filter-bar";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { listOutbox, OutboxFilterSchema } from "~/modules/mail/outbox-view.server";
import { MESSAGE_STATUSES } from "~/modules/mail/template-names";
import { createMailTransport } from "~/modules/mail/transport.server";
import { pageTitle } from "~/utils/meta";
import { pageFromSearch } from "~/utils/pagination";
import { formatMobile } from "~/modules/people/contact";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filters = OutboxFilterSchema.parse(Object.fromEntries(url.searchParams));
  const outbox = await listOutbox(user, filters, pageFromSearch(url.searchParams));
  return { outbox, filters, transport: createMailTransport().kind };
}

export default function OutboxPage() {
  const { outbox, filters, transport } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  return (
    <>
      <h1>{t("outbox.title")}</h1>
      <p className="muted">{transport === "file" ? t("outbox.fileTransport") : t("outbox.smtpTransport")}</p>
      <ul className="stat-list" aria-label={t("outbox.byStatus")}>
        {MESSAGE_STATUSES.map((s) => (
          <li key={s}>
            <span className="stat-list__value">{outbox.byStatus[s] ?? 0}</span> {labels.messageStatus(t, s)}
          </li>
        ))}
      </ul>
      <FilterBar>
        <FilterSelect name="status" label={t("event.field.status")} value={filters.status} options={labels.messageStatus.options(t)} />
        <FilterSelect name="template" label={t("outbox.template")} value={filters.template} options={labels.messageTemplate.options(t)} />
        {filters.event ? <input type="hidden" name="event" value={filters.event} /> : null}
        {filters.campaign ? <input type="hidden" name="campaign" value={filters.campaign} /> : null}
      </FilterBar>
      {outbox.items.length === 0 ? (
        <p className="empty">{t("outbox.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-label={t("outbox.title")} tabIndex={0}>
          <table className="table--stack">
            <caption className="visually-hidden">{t("outbox.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("outbox.created")}</th>
                <th scope="col">{t("outbox.template")}</th>
                <th scope="col">{t("outbox.to")}</th>
                <th scope="col">{t("event.field.status")}</th>
              </tr>
            </thead>
            <tbody>
              {outbox.items.map((m) => (
                <tr key={m.id}>
                  <td data-label={t("outbox.created")}>{formatMalaysia(m.createdAt, "dateTime", language)}</td>
                  <td data-label={t("outbox.template")}>
                    <Link to={m.id}>{labels.messageTemplate(t, m.template)}</Link>
                    <div className="muted small">{m.event?.title}</div>
                  </td>
                  <td data-label={t("outbox.to")}>
                    {m.toName}
                    <div className="muted small">
                      {m.channel === "WHATSAPP" ? `${t("outbox.channel.WHATSAPP")} ${formatMobile(m.toPhone) ?? ""}` : m.toEmail} ·{" "}
                      {m.language.toUpperCase()}
                    </div>
                  </td>
                  <td data-label={t("event.field.status")}>
                    <span className={`badge badge--mail-${m.status.toLowerCase()}`}>{labels.messageStatus(t, m.status)}</span>
                    {m.status === "QUEUED" && m.attempts > 0 ? (
                      <div className="small">
                        {t("outbox.retryAt", { time: formatMalaysia(m.nextAttemptAt, "dateTime", language), attempts: m.attempts })}
                      </div>
                    ) : null}
                    {m.status === "SENT" && m.deliveredAt ? <div className="small">{t("outbox.delivered")}</div> : null}
                    {m.lastError && m.status !== "SENT" ? <div className="small field__errors">{m.lastError}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={outbox.page} pageCount={outbox.pageCount} total={outbox.total} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "outbox.title");

export function ErrorBoundary() {
  return <RouteError />;
}
