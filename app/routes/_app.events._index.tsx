import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { EventTable } from "~/components/events/event-table";
import { districtOptions, FilterBar, FilterDates, FilterSelect, FilterText, programmeOptions, stateOptions } from "~/components/filter-bar";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
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
        <FilterBar label={t("common.filters")}>
          <input type="hidden" name="when" value={filters.when} />
          <FilterText name="q" label={t("common.search")} value={params.get("q")} />
          <FilterSelect
            name="programme"
            label={t("event.field.programme")}
            value={filters.programme}
            options={programmeOptions(programmes)}
          />
          <FilterSelect name="state" label={t("event.field.state")} value={filters.state} options={stateOptions(states)} />
          <FilterSelect name="district" label={t("event.field.district")} value={filters.district} options={districtOptions(districts)} />
          <FilterSelect name="status" label={t("event.field.status")} value={filters.status} options={labels.eventStatus.options(t)} />
          <FilterDates from={filters.from} to={filters.to} />
        </FilterBar>
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
