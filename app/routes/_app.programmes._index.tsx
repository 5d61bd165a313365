import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
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
      <Form method="get" className="filters" aria-label={t("common.filters")}>
        <div className="field">
          <label htmlFor="f-year">{t("programme.field.year")}</label>
          <input id="f-year" name="year" type="number" inputMode="numeric" defaultValue={params.get("year") ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-state">{t("programme.field.state")}</label>
          <select id="f-state" name="state" defaultValue={params.get("state") ?? ""}>
            <option value="">{t("common.all")}</option>
            {states.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.filter")}
        </button>
      </Form>
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
