import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { EventTable } from "~/components/events/event-table";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
import { EVENT_STATUSES } from "~/modules/events/event-rules";
import { EVENT_WHEN, EventFilterSchema } from "~/modules/events/event-schema";
import { eventFormChoices, listEvents } from "~/modules/events/events.server";
import { useT } from "~/modules/i18n/i18n";
import { districtChoices } from "~/modules/schools/schools.server";
import { pageTitle } from "~/utils/meta";
import { pageFromSearch } from "~/utils/pagination";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filters = EventFilterSchema.parse(Object.fromEntries(url.searchParams));
  const [events, choices, districts] = await Promise.all([
    listEvents(user, filters, pageFromSearch(url.searchParams)),
    eventFormChoices(user),
    districtChoices(filters.state ?? user.stateCode ?? undefined),
  ]);
  return { events, filters, programmes: choices.programmes, states: choices.states, districts, canCreate: can(user, "write:event") };
}

export default function EventsPage() {
  const { events, filters, programmes, states, districts, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const active = (["q", "programme", "state", "district", "status", "from", "to"] as const).filter((key) => filters[key]).length;
  const tabHref = (when: string) => {
    const next = new URLSearchParams(params);
    next.set("when", when);
    next.delete("page");
    return `?${next}`;
  };
  return (
    <>
      <div className="page-header">
        <h1>{t("event.listTitle")}</h1>
        <div className="actions">
          <Link to="/events/calendar" className="button button--secondary">
            {t("nav.calendar")}
          </Link>
          {canCreate ? (
            <Link to="/events/new" className="button button--primary">
              {t("event.new")}
            </Link>
          ) : null}
        </div>
      </div>
      <nav aria-label={t("event.when")} className="tabs">
        {EVENT_WHEN.map((when) => (
          <Link key={when} to={tabHref(when)} aria-current={filters.when === when ? "page" : undefined}>
            {labels.eventWhen(t, when)}
          </Link>
        ))}
      </nav>
      {/* Folded away on a phone's first screen; open by itself while filters are in use. */}
      <details className="filters-panel" open={active > 0}>
        <summary>{active ? t("common.filtersActive", { count: active }) : t("common.filters")}</summary>
        <Form method="get" className="filters">
          <input type="hidden" name="when" value={filters.when} />
          <div className="field">
            <label htmlFor="f-q">{t("common.search")}</label>
            <input id="f-q" name="q" type="search" defaultValue={params.get("q") ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="f-programme">{t("event.field.programme")}</label>
            <select id="f-programme" name="programme" defaultValue={filters.programme ?? ""}>
              <option value="">{t("common.all")}</option>
              {programmes.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-state">{t("event.field.state")}</label>
            <select id="f-state" name="state" defaultValue={filters.state ?? ""}>
              <option value="">{t("common.all")}</option>
              {states.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-district">{t("event.field.district")}</label>
            <select id="f-district" name="district" defaultValue={filters.district ?? ""}>
              <option value="">{t("common.all")}</option>
              {districts.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-status">{t("event.field.status")}</label>
            <select id="f-status" name="status" defaultValue={filters.status ?? ""}>
              <option value="">{t("common.all")}</option>
              {EVENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {labels.eventStatus(t, s)}
                </option>
              ))}
            </select>
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
      </details>
      {events.items.length ? (
        <EventTable events={events.items} caption={t("event.listTitle")} />
      ) : (
        <p className="empty">{t("event.none")}</p>
      )}
      <Pagination page={events.page} pageCount={events.pageCount} total={events.total} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "event.listTitle");

export function ErrorBoundary() {
  return <RouteError />;
}
