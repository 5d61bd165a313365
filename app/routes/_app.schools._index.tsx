import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { SCHOOL_LEVELS, SCHOOL_TYPES, SchoolFilterSchema } from "~/modules/schools/school-schema";
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
      <Form method="get" className="filters" aria-label={t("common.filters")}>
        <div className="field">
          <label htmlFor="f-q">{t("school.search")}</label>
          <input id="f-q" name="q" type="search" defaultValue={params.get("q") ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-state">{t("school.field.state")}</label>
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
          <label htmlFor="f-district">{t("school.field.district")}</label>
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
          <label htmlFor="f-type">{t("school.field.type")}</label>
          <select id="f-type" name="type" defaultValue={filters.type ?? ""}>
            <option value="">{t("common.all")}</option>
            {SCHOOL_TYPES.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-level">{t("school.field.level")}</label>
          <select id="f-level" name="level" defaultValue={filters.level ?? ""}>
            <option value="">{t("common.all")}</option>
            {SCHOOL_LEVELS.map((v) => (
              <option key={v} value={v}>
                {labels.schoolLevel(t, v)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.filter")}
        </button>
      </Form>
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
