import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FilterBar, FilterSelect, FilterText, stateOptions } from "~/components/filter-bar";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { malaysiaDateKey } from "~/modules/calendar/malaysia-time";
import { useT } from "~/modules/i18n/i18n";
import { COVERAGE_STATUSES } from "~/modules/reports/coverage-statuses";
import { coverage } from "~/modules/reports/coverage.server";
import { stateChoices } from "~/modules/schools/schools.server";
import { pageTitle } from "~/utils/meta";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const states = await stateChoices();
  const ownState = user.role !== "ADMIN" && user.stateCode ? user.stateCode : null;
  const asked = url.searchParams.get("state");
  const stateCode = ownState ?? (states.some((s) => s.code === asked) ? asked! : "05");
  const year = Number(url.searchParams.get("year")) || Number(malaysiaDateKey(new Date()).slice(0, 4));
  const status = url.searchParams.get("status");
  const result = await coverage(user, stateCode, Math.min(2100, Math.max(2020, year)));
  return {
    stateCode,
    year,
    states: ownState ? states.filter((s) => s.code === ownState) : states,
    byDistrict: result.byDistrict,
    schools: (COVERAGE_STATUSES as readonly string[]).includes(status ?? "")
      ? result.schools.filter((s) => s.status === status)
      : result.schools,
    totals: Object.fromEntries(COVERAGE_STATUSES.map((s) => [s, result.schools.filter((x) => x.status === s).length])) as Record<
      string,
      number
    >,
    status,
  };
}

export default function CoveragePage() {
  const { stateCode, year, states, byDistrict, schools, totals, status } = useLoaderData<typeof loader>();
  const t = useT();
  const all = Object.values(totals).reduce((a, b) => a + b, 0);
  return (
    <>
      <h1>{t("coverage.title", { year })}</h1>
      <FilterBar>
        <FilterSelect name="state" label={t("school.field.state")} value={stateCode} options={stateOptions(states)} allLabel={false} />
        <FilterText name="year" type="number" label={t("programme.field.year")} value={year} />
      </FilterBar>
      <ul className="stat-list" aria-label={t("coverage.summary")}>
        {COVERAGE_STATUSES.map((s) => (
          <li key={s}>
            <Link to={`?state=${stateCode}&year=${year}&status=${s}`}>
              <span className="stat-list__value">{totals[s]}</span> {labels.coverageStatus(t, s)}
            </Link>
          </li>
        ))}
        <li>
          <Link to={`?state=${stateCode}&year=${year}`}>
            <span className="stat-list__value">{all}</span> {t("coverage.allSchools")}
          </Link>
        </li>
      </ul>
      <section>
        <h2 id="districts-heading">{t("coverage.byDistrict")}</h2>
        <div className="table-wrap" role="region" aria-label={t("coverage.byDistrict")} tabIndex={0}>
          <table>
            <caption className="visually-hidden">{t("coverage.byDistrict")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("school.field.district")}</th>
                {COVERAGE_STATUSES.map((s) => (
                  <th scope="col" className="num" key={s}>
                    {labels.coverageStatus(t, s)}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t("registrations.total")}
                </th>
              </tr>
            </thead>
            <tbody>
              {byDistrict.map((d) => (
                <tr key={d.district}>
                  <th scope="row">{d.district}</th>
                  {COVERAGE_STATUSES.map((s) => (
                    <td className="num" key={s}>
                      {d[s]}
                    </td>
                  ))}
                  <td className="num">{d.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="schools-heading">
        <h2 id="schools-heading">{status ? labels.coverageStatus(t, status) : t("coverage.allSchools")}</h2>
        <div className="table-wrap" role="region" aria-label={t("coverage.schools")} tabIndex={0}>
          <table className="table--stack">
            <caption className="visually-hidden">{t("coverage.schools")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("school.field.name")}</th>
                <th scope="col">{t("school.field.district")}</th>
                <th scope="col">{t("event.field.status")}</th>
              </tr>
            </thead>
            <tbody>
              {schools.map((s) => (
                <tr key={s.id}>
                  <td data-label={t("school.field.name")}>
                    {s.name} <code>{s.code}</code>
                  </td>
                  <td data-label={t("school.field.district")}>{s.district.name}</td>
                  <td data-label={t("event.field.status")}>
                    <span className={`badge badge--cov-${s.status.toLowerCase()}`}>{labels.coverageStatus(t, s.status)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "coverage.heading");

export function ErrorBoundary() {
  return <RouteError />;
}
