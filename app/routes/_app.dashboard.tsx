import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EventTable } from "~/components/events/event-table";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
import { useT, type MessageKey } from "~/modules/i18n/i18n";
import { overview } from "~/modules/reports/overview.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user, overview: await overview(user), canCreate: can(user, "write:event") };
}

export default function DashboardPage() {
  const { user, overview, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">{t(`role.${user.role}` as MessageKey)}</p>
          <h1>{t("dashboard.greeting", { name: user.name })}</h1>
        </div>
        {canCreate ? (
          <Link to="/events/new" className="button button--primary">
            {t("event.new")}
          </Link>
        ) : null}
      </div>
      <section className="figures" aria-label={t("dashboard.summary")}>
        <div className="figure">
          <p className="figure__label">{t("dashboard.scheduled")}</p>
          <p className="figure__value">{overview.counts.scheduled}</p>
        </div>
        <div className="figure">
          <p className="figure__label">{t("dashboard.completed")}</p>
          <p className="figure__value">{overview.counts.completed}</p>
        </div>
        <div className="figure">
          <p className="figure__label">{t("dashboard.drafts")}</p>
          <p className="figure__value">{overview.counts.drafts}</p>
        </div>
      </section>
      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t("dashboard.upcoming")}</h2>
        {overview.upcoming.length ? (
          <EventTable events={overview.upcoming} caption={t("dashboard.upcoming")} />
        ) : (
          <p className="empty">{t("event.none")}</p>
        )}
        <p>
          <Link to="/events">{t("dashboard.allEvents")}</Link> · <Link to="/events/calendar">{t("nav.calendar")}</Link>
        </p>
      </section>
      <section aria-labelledby="programmes-heading">
        <h2 id="programmes-heading">{t("nav.programmes")}</h2>
        <ul className="card-list">
          {overview.programmes.map((p) => (
            <li key={p.id} className="card">
              <Link to={`/programmes/${p.id}`}>{p.title}</Link>
              <p className="muted small">
                {p.year} · {p.state?.name ?? t("programme.national")}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.dashboard");

export function ErrorBoundary() {
  return <RouteError />;
}
