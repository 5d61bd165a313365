import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { FilterBar, FilterSelect, FilterText } from "~/components/filter-bar";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { MATERIAL_KINDS } from "~/modules/materials/material-schema";
import { listMaterials } from "~/modules/materials/materials.server";
import { pageTitle } from "~/utils/meta";
import { pageFromSearch } from "~/utils/pagination";
import { cleanText } from "~/utils/text";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const kind = url.searchParams.get("kind");
  const active = url.searchParams.get("active");
  const materials = await listMaterials(
    user,
    {
      kind: (MATERIAL_KINDS as readonly string[]).includes(kind ?? "") ? kind! : undefined,
      active: active === "1" ? true : active === "0" ? false : undefined,
      q: cleanText(url.searchParams.get("q")).slice(0, 60) || undefined,
    },
    pageFromSearch(url.searchParams),
  );
  return { materials, canWrite: can(user, "write:material") };
}

export default function MaterialsPage() {
  const { materials, canWrite } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>{t("material.listTitle")}</h1>
        <div className="actions">
          <Link to="/stock" className="button button--secondary">
            {t("stock.title")}
          </Link>
          <Link to="/materials/totals" className="button button--secondary">
            {t("totals.title")}
          </Link>
          {canWrite ? (
            <Link to="/materials/new" className="button button--primary">
              {t("material.new")}
            </Link>
          ) : null}
        </div>
      </div>
      <FilterBar>
        <FilterText name="q" label={t("common.search")} value={params.get("q")} />
        <FilterSelect name="kind" label={t("material.field.kind")} value={params.get("kind")} options={labels.materialKind.options(t)} />
        <FilterSelect
          name="active"
          label={t("material.field.active")}
          value={params.get("active")}
          options={[
            { value: "1", label: t("material.active") },
            { value: "0", label: t("material.retired") },
          ]}
        />
      </FilterBar>
      {materials.items.length === 0 ? (
        <p className="empty">{t("material.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-label={t("material.listTitle")} tabIndex={0}>
          <table className="table--stack">
            <caption className="visually-hidden">{t("material.listTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("material.field.code")}</th>
                <th scope="col">{t("material.field.title")}</th>
                <th scope="col">{t("material.field.kind")}</th>
                <th scope="col">{t("material.field.languages")}</th>
                <th scope="col">{t("material.digital")}</th>
              </tr>
            </thead>
            <tbody>
              {materials.items.map((m) => (
                <tr key={m.id}>
                  <td data-label={t("material.field.code")}>
                    <code>{m.code}</code>
                    {!m.active ? <span className="badge badge--cancelled">{t("material.retired")}</span> : null}
                  </td>
                  <td data-label={t("material.field.title")}>
                    {canWrite ? (
                      <Link to={`/materials/${m.id}/edit`}>{language === "en" ? m.titleEn : m.titleMs}</Link>
                    ) : language === "en" ? (
                      m.titleEn
                    ) : (
                      m.titleMs
                    )}
                  </td>
                  <td data-label={t("material.field.kind")}>{labels.materialKind(t, m.kind)}</td>
                  <td data-label={t("material.field.languages")}>
                    {m.languages
                      .split(",")
                      .map((l) => labels.materialLanguage(t, l))
                      .join(", ")}
                  </td>
                  <td data-label={t("material.digital")}>
                    {m.filePath ? (
                      <a href={`/materials/${m.id}/file`}>{t("material.download")}</a>
                    ) : m.url ? (
                      <a href={m.url} rel="noopener noreferrer">
                        {t("material.openLink")}
                      </a>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={materials.page} pageCount={materials.pageCount} total={materials.total} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "material.listTitle");

export function ErrorBoundary() {
  return <RouteError />;
}
