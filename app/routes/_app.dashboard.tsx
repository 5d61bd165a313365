import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EventTable } from "~/components/events/event-table";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
import { useT, type MessageKey } from "~/modules/i18n/i18n";
import { lowStock } from "~/modules/materials/stock.server";
import { overview } from "~/modules/reports/overview.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [summary, low] = await Promise.all([overview(user), can(user, "write:stock") ? lowStock(user) : Promise.resolve([])]);
  return { user, overview: summary, lowStock: low, canCreate: can(user, "write:event") };
}

export default function DashboardPage() {
  const { user, overview, lowStock, canCreate } = useLoaderData<typeof loader>();
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
      {lowStock.length ? (
        <section className="panel panel--notice" aria-labelledby="low-stock-heading">
          <h2 id="low-stock-heading">{t("dashboard.lowStock")}</h2>
          <ul>
            {lowStock.map((b) => (
              <li key={`${b.stateCode}-${b.materialId}`}>
                {b.state.name}: <code>{b.material.code}</code> {b.material.titleMs}: <strong>{b.quantity}</strong> {b.material.unit} ({t("stock.lowAt")} {b.lowAt})
              </li>
            ))}
          </ul>
          <Link to="/stock">{t("stock.title")}</Link>
        </section>
      ) : null}
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
