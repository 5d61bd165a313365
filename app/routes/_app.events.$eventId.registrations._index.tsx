import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { FilterBar, FilterSelect, FilterText } from "~/components/filter-bar";
import { Pagination } from "~/components/pagination";
import { SeatLine } from "~/components/registrations/seat-line";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
import { REGISTRATION_CATEGORIES } from "~/modules/events/event-rules";
import { useT } from "~/modules/i18n/i18n";
import { maskMobile } from "~/modules/people/contact";
import { markNoShows } from "~/modules/registrations/attendance.server";
import { REGISTRATION_STATUSES, RegistrationFilterSchema } from "~/modules/registrations/registration-schema";
import { cancelByStaff, eventForRegistrations, listRegistrations } from "~/modules/registrations/registrations.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { pageFromSearch } from "~/utils/pagination";
import { redirectWithToast } from "~/utils/toast.server";
import { seatSummary } from "~/modules/registrations/seat-summary";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filters = RegistrationFilterSchema.parse(Object.fromEntries(url.searchParams));
  const event = await eventForRegistrations(user, params.eventId!, "read:registration");
  const registrations = await listRegistrations(user, event.id, filters, pageFromSearch(url.searchParams));
  return {
    event: { id: event.id, title: event.title, capacity: event.capacity, startsAt: event.startsAt },
    filters,
    registrations: {
      ...registrations,
      // The list shows a masked phone; the full contacts stay on the server.
      items: registrations.items.map(({ phoneE164, email: _email, ...r }) => ({ ...r, phone: maskMobile(phoneE164) })),
    },
    canWrite: can(user, "write:registration"),
    canExport: can(user, "export:registration"),
    // Full phone numbers and emails are a permission of their own (masked otherwise).
    canExportContacts: can(user, "export:contacts"),
    started: event.startsAt <= new Date(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const back = `/events/${params.eventId}/registrations`;
  if (formData.get("intent") === "no-shows") {
    const result = await markNoShows(user, params.eventId!);
    return redirectWithToast(
      back,
      result.ok ? { key: "toast.noShowsMarked", params: { count: result.count } } : { kind: "error", key: "errors.noShows.notStarted" },
    );
  }
  if (formData.get("intent") === "cancel") {
    await cancelByStaff(user, String(formData.get("registrationId") ?? ""));
    return redirectWithToast(back, { key: "toast.registrationCancelled" });
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function RegistrationsPage() {
  const { event, filters, registrations, canWrite, canExport, canExportContacts, started } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const exportQuery = new URLSearchParams(params);
  exportQuery.delete("page");
  const count = (category: string | null, status: string) =>
    registrations.breakdown
      .filter((b) => (category === null || b.category === category) && b.status === status)
      .reduce((sum, b) => sum + b.count, 0);
  const categories = REGISTRATION_CATEGORIES.filter((c) => registrations.breakdown.some((b) => b.category === c));
  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to={`/events/${event.id}`}>{event.title}</Link>
          </p>
          <h1>{t("registrations.title")}</h1>
        </div>
        <div className="actions">
          <Link to={`/events/${event.id}/check-in`} className="button button--primary">
            {t("checkIn.open")}
          </Link>
          {canWrite ? (
            <>
              <Link to="new" className="button button--secondary">
                {t("registrations.add")}
              </Link>
              <Link to="import" className="button button--secondary">
                {t("registrations.import")}
              </Link>
            </>
          ) : null}
        </div>
      </div>

      <section className="panel">
        <h2 id="breakdown-heading">{t("registrations.breakdown")}</h2>
        <div className="table-wrap" role="region" aria-label={t("registrations.breakdown")} tabIndex={0}>
          <table>
            <caption className="visually-hidden">{t("registrations.breakdown")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("registrations.category")}</th>
                {REGISTRATION_STATUSES.map((s) => (
                  <th scope="col" className="num" key={s}>
                    {labels.registrationStatus(t, s)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => (
                <tr key={c}>
                  <th scope="row">{labels.registrationCategory(t, c)}</th>
                  {REGISTRATION_STATUSES.map((s) => (
                    <td className="num" key={s}>
                      {count(c, s)}
                    </td>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row">{t("registrations.total")}</th>
                {REGISTRATION_STATUSES.map((s) => (
                  <td className="num" key={s}>
                    <strong>{count(null, s)}</strong>
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
        <p className="muted small">
          <SeatLine
            summary={seatSummary(event.capacity, {
              REGISTERED: count(null, "REGISTERED"),
              ATTENDED: count(null, "ATTENDED"),
              WAITLISTED: count(null, "WAITLISTED"),
            })}
          />
        </p>
      </section>

      <FilterBar>
        <FilterText name="q" label={t("registrations.search")} value={params.get("q")} />
        <FilterSelect
          name="category"
          label={t("registrations.category")}
          value={filters.category}
          options={labels.registrationCategory.options(t)}
        />
        <FilterSelect name="status" label={t("event.field.status")} value={filters.status} options={labels.registrationStatus.options(t)} />
        <FilterSelect
          name="source"
          label={t("registrations.source")}
          value={filters.source}
          options={labels.registrationSource.options(t)}
        />
      </FilterBar>

      {registrations.items.length === 0 ? (
        <p className="empty">{t("registrations.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-label={t("registrations.title")} tabIndex={0}>
          <table className="table--stack">
            <caption className="visually-hidden">{t("registrations.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("register.fullName")}</th>
                <th scope="col">{t("registrations.category")}</th>
                <th scope="col">{t("event.field.status")}</th>
                <th scope="col">{t("register.phone")}</th>
                <th scope="col">{t("registrations.source")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {registrations.items.map((r) => (
                <tr key={r.id}>
                  <td data-label={t("register.fullName")}>
                    {canWrite ? <Link to={r.id}>{r.fullName}</Link> : r.fullName}
                    {r.organisation ? <div className="muted small">{r.organisation}</div> : null}
                  </td>
                  <td data-label={t("registrations.category")}>{labels.registrationCategory(t, r.category)}</td>
                  <td data-label={t("event.field.status")}>
                    <span className={`badge badge--reg-${r.status.toLowerCase()}`}>{labels.registrationStatus(t, r.status)}</span>
                  </td>
                  <td data-label={t("register.phone")}>{r.phone}</td>
                  <td data-label={t("registrations.source")}>{labels.registrationSource(t, r.source)}</td>
                  <td>
                    {canWrite && (r.status === "REGISTERED" || r.status === "WAITLISTED") ? (
                      <Form method="post">
                        <input type="hidden" name="registrationId" value={r.id} />
                        <button type="submit" name="intent" value="cancel" className="button button--quiet">
                          {t("registrations.cancelOne")} <span className="visually-hidden">{r.fullName}</span>
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={registrations.page} pageCount={registrations.pageCount} total={registrations.total} />

      <section className="panel" aria-labelledby="more-heading">
        <h2 id="more-heading">{t("registrations.more")}</h2>
        <div className="actions">
          <Link to={`/events/${event.id}/attendance`} className="button button--secondary">
            {t("attendance.sheet")}
          </Link>
          {canExport ? (
            <>
              <a
                className="button button--secondary"
                href={`/events/${event.id}/registrations-export?${exportQuery}${exportQuery.size ? "&" : ""}format=csv`}
                download
              >
                {t("registrations.exportCsv")}
              </a>
              <a
                className="button button--secondary"
                href={`/events/${event.id}/registrations-export?${exportQuery}${exportQuery.size ? "&" : ""}format=xlsx`}
                download
              >
                {t("registrations.exportXlsx")}
              </a>
              {canExportContacts ? (
                <a
                  className="button button--quiet"
                  href={`/events/${event.id}/registrations-export?${exportQuery}${exportQuery.size ? "&" : ""}format=xlsx&contacts=1`}
                  download
                >
                  {t("registrations.exportWithContacts")}
                </a>
              ) : null}
            </>
          ) : null}
          {canWrite && started ? (
            <Form method="post">
              <button type="submit" name="intent" value="no-shows" className="button button--secondary">
                {t("registrations.markNoShows")}
              </button>
            </Form>
          ) : null}
        </div>
        <p className="muted small">{t("registrations.exportNote")}</p>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registrations.title");

export function ErrorBoundary() {
  return <RouteError />;
}
