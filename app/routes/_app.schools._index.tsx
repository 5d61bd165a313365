import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { districtOptions, FilterBar, FilterSelect, FilterText, plainOptions, stateOptions } from "~/components/filter-bar";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { SCHOOL_TYPES, SchoolFilterSchema } from "~/modules/schools/school-schema";
import { districtChoices, listSchools, stateChoices } from "~/modules/schools/schools.server";
import { pageTitle } from "~/utils/meta";
import { pageFromSearch } from "~/utils/pagination";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filters = SchoolFilterSchema.parse(Object.fromEntries(url.searchParams));
  const scopeState = user.role === "ADMIN" ? undefined : (user.stateCode ?? undefined);
  const [schools, states, districts] = await Promise.all([
    listSchools(user, filters, pageFromSearch(url.searchParams)),
    stateChoices(),
    districtChoices(filters.state ?? scopeState),
  ]);
  return {
    schools,
    filters,
    states: scopeState ? states.filter((s) => s.code === scopeState) : states,
    districts,
    canWrite: can(user, "write:school"),
    canImport: can(user, "import:school"),
  };
}

export default function SchoolsPage() {
  const { schools, filters, states, districts, canWrite, canImport } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>{t("school.listTitle")}</h1>
        <div className="actions">
          {canImport ? (
            <Link to="/schools/import" className="button button--secondary">
              {t("school.import")}
            </Link>
          ) : null}
          {canWrite ? (
            <Link to="/schools/new" className="button button--primary">
              {t("school.new")}
            </Link>
          ) : null}
        </div>
      </div>
      <FilterBar>
        <FilterText name="q" label={t("school.search")} value={params.get("q")} />
        <FilterSelect name="state" label={t("school.field.state")} value={filters.state} options={stateOptions(states)} />
        <FilterSelect name="district" label={t("school.field.district")} value={filters.district} options={districtOptions(districts)} />
        <FilterSelect name="type" label={t("school.field.type")} value={filters.type} options={plainOptions(SCHOOL_TYPES)} />
        <FilterSelect name="level" label={t("school.field.level")} value={filters.level} options={labels.schoolLevel.options(t)} />
      </FilterBar>
      {schools.items.length === 0 ? (
        <p className="empty">{t("school.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-label={t("school.listTitle")} tabIndex={0}>
          <table>
            <caption className="visually-hidden">{t("school.listTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("school.field.code")}</th>
                <th scope="col">{t("school.field.name")}</th>
                <th scope="col">{t("school.field.type")}</th>
                <th scope="col">{t("school.field.district")}</th>
                <th scope="col" className="num">
                  {t("school.field.enrolment")}
                </th>
                <th scope="col" className="num">
                  {t("school.sessionsHeld")}
                </th>
              </tr>
            </thead>
            <tbody>
              {schools.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <code>{s.code}</code>
                  </td>
                  <td>{canWrite ? <Link to={`/schools/${s.id}/edit`}>{s.name}</Link> : s.name}</td>
                  <td>{s.type}</td>
                  <td>
                    {s.district.name}
                    <div className="muted small">{s.state.name}</div>
                  </td>
                  <td className="num">{s.enrolment ?? "—"}</td>
                  <td className="num">{s._count.events}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={schools.page} pageCount={schools.pageCount} total={schools.total} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "school.listTitle");

export function ErrorBoundary() {
  return <RouteError />;
}
