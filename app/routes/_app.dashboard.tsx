import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { EventTable } from "~/components/events/event-table";
import { districtOptions, FilterBar, FilterDates, FilterSelect, programmeOptions, stateOptions } from "~/components/filter-bar";
import { ProgressFigure } from "~/components/progress-figure";
import { BarList } from "~/components/reports/bar-list";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
import { isNational } from "~/modules/auth/scope.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { lowStock } from "~/modules/materials/stock.server";
import { reportFigures } from "~/modules/reports/dashboard.server";
import { reportQuery, ReportFilterSchema } from "~/modules/reports/report-filters";
import { overview } from "~/modules/reports/overview.server";
import { reportFilterChoices } from "~/modules/reports/filter-choices.server";
import { pageTitle } from "~/utils/meta";
import { labels } from "~/modules/i18n/labels";

const TOP_DISTRICTS = 15;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const filters = ReportFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const national = isNational(user);
  const reports = can(user, "read:report");
  const [summary, low, report, { programmes, states, districts }] = await Promise.all([
    overview(user),
    can(user, "write:stock") ? lowStock(user) : Promise.resolve([]),
    reports ? reportFigures(user, filters) : Promise.resolve(null),
    reportFilterChoices(user, filters.state ?? user.stateCode ?? undefined),
  ]);
  const figures = report?.figures ?? null;
  // Over the whole country the district chart had 134 rows, a third of the page: there it shows
  // the districts reaching most, and every district once a state is chosen.
  const districtsShown = national && !filters.state ? TOP_DISTRICTS : Infinity;
  return {
    user,
    overview: summary,
    lowStock: low,
    figures: figures && { ...figures, byDistrict: figures.byDistrict.slice(0, districtsShown) },
    districtsInAll: figures?.byDistrict.length ?? 0,
    targets: report?.targets ?? [],
    need: report?.need ?? [],
    filters,
    national,
    programmes,
    states,
    districts,
    canCreate: can(user, "write:event"),
  };
}

export default function DashboardPage() {
  const { user, overview, lowStock, figures, districtsInAll, targets, need, filters, national, programmes, states, districts, canCreate } =
    useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  const [params] = useSearchParams();
  // Every figure links to the rows behind it, with the same filters.
  const eventsLink = (extra: Record<string, string>) => `/events?${reportQuery(filters, extra)}`;
  // The middle of the month in UTC is in the same month in Malaysia (parsing a Malaysian date cost ~0.4 ms a month).
  const monthLabel = (month: string) => formatMalaysia(new Date(`${month}-15T00:00:00Z`), "monthYear", language);
  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">{labels.role(t, user.role)}</p>
          <h1>{t("dashboard.greeting", { name: user.name })}</h1>
        </div>
        {canCreate ? (
          <Link to="/events/new" className="button button--primary">
            {t("event.new")}
          </Link>
        ) : null}
      </div>

      {lowStock.length ? (
        <section className="panel panel--notice" aria-labelledby="low-stock-heading">
          <h2 id="low-stock-heading">{t("dashboard.lowStock")}</h2>
          <ul>
            {lowStock.map((b) => (
              <li key={`${b.stateCode}-${b.materialId}`}>
                {b.state.name}: <code>{b.material.code}</code> {language === "en" ? b.material.titleEn : b.material.titleMs}:{" "}
                <strong>{b.quantity}</strong> {b.material.unit} ({t("stock.lowAt")} {b.lowAt})
              </li>
            ))}
          </ul>
          <Link to="/stock">{t("stock.title")}</Link>
        </section>
      ) : null}

      {figures ? (
        <>
          <FilterBar
            after={
              <>
                {params.size ? (
                  <Link to="/dashboard" className="button button--quiet">
                    {t("dashboard.clearFilters")}
                  </Link>
                ) : null}
                <Link to={`/exports?${reportQuery(filters)}`} className="button button--quiet">
                  {t("dashboard.exportThese")}
                </Link>
              </>
            }
          >
            <FilterSelect
              name="programme"
              label={t("event.field.programme")}
              value={filters.programme}
              options={programmeOptions(programmes)}
            />
            {national ? (
              <FilterSelect
                name="state"
                label={t("event.field.state")}
                value={filters.state}
                options={stateOptions(states)}
                allLabel={t("dashboard.allStates")}
              />
            ) : null}
            <FilterSelect name="district" label={t("event.field.district")} value={filters.district} options={districtOptions(districts)} />
            <FilterDates from={filters.from} to={filters.to} />
          </FilterBar>

          <section aria-labelledby="figures-heading">
            <h2 id="figures-heading">{t("dashboard.reach")}</h2>
            <div className="figures">
              <Figure label={t("dashboard.eventsHeld")} value={figures.events.held} href={eventsLink({ when: "held" })} />
              <Figure
                label={t("dashboard.eventsUpcoming")}
                value={figures.events.upcoming}
                href={eventsLink({ when: "upcoming", status: "SCHEDULED" })}
              />
              <Figure
                label={t("dashboard.schoolsReached")}
                value={figures.schools.reached}
                note={t("dashboard.schoolsShare", { share: figures.schools.share, total: figures.schools.total })}
                href="/coverage"
              />
              <Figure label={t("dashboard.childrenReached")} value={figures.children} note={t("dashboard.childrenNote")} />
              <Figure
                label={t("dashboard.adultsReached")}
                value={figures.participants.attended}
                note={t("dashboard.attendanceRate", {
                  rate: figures.participants.attendanceRate,
                  registered: figures.participants.registered,
                })}
                href={eventsLink({ when: "held" })}
              />
              <Figure label={t("dashboard.materialsDelivered")} value={figures.materials.total} href="/materials/totals" />
              <Figure
                label={t("dashboard.followUpsSent")}
                value={figures.emails.SENT ?? 0}
                note={t("dashboard.followUpsNote", { failed: figures.emails.FAILED ?? 0 })}
                href="/outbox?template=follow-up"
              />
              {figures.whatsApp.SENT || figures.whatsApp.FAILED ? (
                <Figure
                  label={t("dashboard.followUpsWhatsApp")}
                  value={figures.whatsApp.DELIVERED}
                  note={t("dashboard.followUpsWhatsAppNote", { sent: figures.whatsApp.SENT ?? 0, failed: figures.whatsApp.FAILED ?? 0 })}
                  href="/outbox?template=follow-up"
                />
              ) : null}
              <Figure
                label={t("dashboard.feedback")}
                value={figures.feedback.responses}
                note={figures.feedback.averageRating ? t("dashboard.feedbackNote", { rating: figures.feedback.averageRating }) : undefined}
              />
            </div>
          </section>

          <div className="charts">
            <BarList
              title={t("dashboard.overTime")}
              legend={[t("dashboard.childrenReached"), t("dashboard.adultsReached")]}
              rows={figures.overTime.map((m) => ({ label: monthLabel(m.month), value: m.children, secondary: m.adults }))}
            />
            <BarList
              title={
                figures.byDistrict.length < districtsInAll
                  ? t("dashboard.byDistrictTop", { count: figures.byDistrict.length, total: districtsInAll })
                  : t("dashboard.byDistrict")
              }
              legend={[t("dashboard.childrenReached"), t("dashboard.adultsReached")]}
              rows={figures.byDistrict.map((d) => ({
                label: d.name,
                value: d.children,
                secondary: d.adults,
                href: eventsLink({ when: "held", district: d.id }),
              }))}
            />
            <BarList
              title={t("dashboard.bySchool")}
              legend={[t("dashboard.childrenReached"), t("dashboard.adultsReached")]}
              rows={figures.bySchool.map((s) => ({
                label: s.name,
                value: s.children,
                secondary: s.adults,
                href: eventsLink({ when: "held", q: s.id }),
              }))}
            />
            <BarList
              title={t("dashboard.materialsByKind")}
              rows={figures.materials.byKind.map((m) => ({
                label: labels.materialKind(t, m.kind),
                value: m.quantity,
                href: "/materials/totals",
              }))}
            />
            <BarList
              title={t("dashboard.attendanceByCategory")}
              legend={[t("registration.status.ATTENDED"), t("dashboard.registered")]}
              rows={figures.participants.byCategory.map((c) => ({
                label: labels.registrationCategory(t, c.category),
                value: c.attended,
                secondary: c.registered,
              }))}
            />
            {figures.feedback.responses ? (
              <BarList
                title={t("feedback.knowledge")}
                unit="%"
                max={100}
                rows={figures.feedback.correct.map((c) => ({
                  label: labels.feedbackQuestion(t, c.question),
                  value: c.share ?? 0,
                }))}
              />
            ) : null}
          </div>

          {national && !filters.state && figures.byState.length ? (
            <section>
              <h2 id="states-heading">{t("dashboard.byState")}</h2>
              <div className="table-wrap" role="region" aria-label={t("dashboard.byState")} tabIndex={0}>
                <table>
                  <caption className="visually-hidden">{t("dashboard.byState")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("event.field.state")}</th>
                      <th scope="col" className="num">
                        {t("dashboard.eventsHeld")}
                      </th>
                      <th scope="col" className="num">
                        {t("dashboard.schoolsReached")}
                      </th>
                      <th scope="col" className="num">
                        {t("dashboard.childrenReached")}
                      </th>
                      <th scope="col" className="num">
                        {t("dashboard.adultsReached")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {figures.byState.map((s) => (
                      <tr key={s.id}>
                        <th scope="row">
                          <Link to={`/dashboard?state=${s.id}`}>{s.name}</Link>
                        </th>
                        <td className="num">{s.sessions}</td>
                        <td className="num">{s.schools}</td>
                        <td className="num">{s.children.toLocaleString("en-MY")}</td>
                        <td className="num">{s.adults.toLocaleString("en-MY")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}

          {need.length ? (
            <section>
              <h2 id="need-heading">{t("dashboard.need")}</h2>
              <div className="table-wrap" role="region" aria-label={t("dashboard.need")} tabIndex={0}>
                <table>
                  <caption className="visually-hidden">{t("dashboard.need")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("dashboard.area")}</th>
                      <th scope="col" className="num">
                        {t("need.year")}
                      </th>
                      <th scope="col" className="num">
                        {t("need.children")}
                      </th>
                      <th scope="col" className="num">
                        {t("dashboard.reachedNextYear")}
                      </th>
                      <th scope="col">{t("need.source")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {need.map((n) => (
                      <tr key={`${n.area}-${n.year}`}>
                        <th scope="row">{n.name ?? t("dashboard.national")}</th>
                        <td className="num">{n.year}</td>
                        <td className="num">{n.children.toLocaleString("en-MY")}</td>
                        <td className="num">
                          {n.reached === null ? "—" : n.reached.toLocaleString("en-MY")}{" "}
                          <span className="muted small">({n.responseYear})</span>
                        </td>
                        <td className="small">{n.source}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}

          {targets.length ? (
            <section aria-labelledby="targets-heading">
              <h2 id="targets-heading">{t("dashboard.targets")}</h2>
              {targets.map((p) => (
                <div key={p.id} className="panel">
                  <h3>
                    <Link to={`/programmes/${p.id}`}>{p.title}</Link>
                  </h3>
                  <div className="figures">
                    <ProgressFigure label={t("programme.schoolsReached")} value={p.schools} target={p.targetSchools} />
                    <ProgressFigure label={t("programme.childrenReached")} value={p.children} target={p.targetChildren} />
                    <ProgressFigure label={t("programme.participantsAttended")} value={p.adults} target={p.targetParticipants} />
                    <ProgressFigure label={t("programme.materialsDelivered")} value={p.materials} target={p.targetMaterials} />
                  </div>
                </div>
              ))}
            </section>
          ) : null}
        </>
      ) : null}

      <section>
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
    </>
  );
}

function Figure({ label, value, note, href }: { label: string; value: number; note?: string; href?: string }) {
  return (
    <div className="figure">
      <p className="figure__label">{href ? <Link to={href}>{label}</Link> : label}</p>
      <p className="figure__value">{value.toLocaleString("en-MY")}</p>
      {note ? <p className="figure__share">{note}</p> : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.dashboard");

export function ErrorBoundary() {
  return <RouteError />;
}
