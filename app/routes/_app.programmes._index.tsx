import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { FilterBar, FilterSelect, FilterText, stateOptions } from "~/components/filter-bar";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { ProgrammeFilterSchema } from "~/modules/programmes/programme-schema";
import { listProgrammes } from "~/modules/programmes/programmes.server";
import { stateChoices } from "~/modules/schools/schools.server";
import { pageTitle } from "~/utils/meta";
import { pageFromSearch } from "~/utils/pagination";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filters = ProgrammeFilterSchema.parse(Object.fromEntries(url.searchParams));
  const [programmes, states] = await Promise.all([listProgrammes(user, filters, pageFromSearch(url.searchParams)), stateChoices()]);
  return { programmes, states, canCreate: can(user, "write:programme") };
}

export default function ProgrammesPage() {
  const { programmes, states, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>{t("programme.listTitle")}</h1>
        {canCreate ? (
          <Link to="/programmes/new" className="button button--primary">
            {t("programme.new")}
          </Link>
        ) : null}
      </div>
      <FilterBar>
        <FilterText name="year" type="number" label={t("programme.field.year")} value={params.get("year")} />
        <FilterSelect name="state" label={t("programme.field.state")} value={params.get("state")} options={stateOptions(states)} />
      </FilterBar>
      {programmes.items.length === 0 ? (
        <p className="empty">{t("programme.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-label={t("programme.listTitle")} tabIndex={0}>
          <table>
            <caption className="visually-hidden">{t("programme.listTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("programme.field.title")}</th>
                <th scope="col">{t("programme.field.year")}</th>
                <th scope="col">{t("programme.field.state")}</th>
                <th scope="col" className="num">
                  {t("programme.events")}
                </th>
              </tr>
            </thead>
            <tbody>
              {programmes.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/programmes/${p.id}`}>{p.title}</Link>
                  </td>
                  <td>{p.year}</td>
                  <td>{p.state?.name ?? t("programme.national")}</td>
                  <td className="num">{p._count.events}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={programmes.page} pageCount={programmes.pageCount} total={programmes.total} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "programme.listTitle");

export function ErrorBoundary() {
  return <RouteError />;
}
