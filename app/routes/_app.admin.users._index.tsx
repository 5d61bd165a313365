import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { FilterBar, FilterSelect, FilterText } from "~/components/filter-bar";
import { Pagination } from "~/components/pagination";
import { RouteError } from "~/components/route-error";
import { isRole } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { listUsers, slowedSignIns } from "~/modules/users/users.server";
import { pageTitle } from "~/utils/meta";
import { pageFromSearch } from "~/utils/pagination";
import { cleanText } from "~/utils/text";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUser(request);
  const url = new URL(request.url);
  const role = url.searchParams.get("role");
  const q = cleanText(url.searchParams.get("q")).slice(0, 100);
  const [users, slowed] = await Promise.all([
    listUsers(admin, { role: isRole(role) ? role : undefined, q: q || undefined }, pageFromSearch(url.searchParams)),
    slowedSignIns(admin),
  ]);
  return { users, slowed };
}

export default function UsersPage() {
  const { users, slowed } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>{t("user.listTitle")}</h1>
        <Link to="/admin/users/new" className="button button--primary">
          {t("user.new")}
        </Link>
      </div>
      {slowed.length ? (
        <section className="notice" aria-labelledby="slowed-heading">
          <h2 id="slowed-heading">{t("user.slowedTitle")}</h2>
          <p>{t("user.slowedHelp")}</p>
          <ul>
            {slowed.map((s) => (
              <li key={s.id}>
                <Link to={`/admin/users/${s.id}`}>{s.name}</Link>
                {s.until ? ` · ${t("user.slowedUntil", { time: formatMalaysia(s.until, "dateTime", language) })}` : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <FilterBar>
        <FilterText name="q" label={t("common.search")} value={params.get("q")} />
        <FilterSelect name="role" label={t("account.role")} value={params.get("role")} options={labels.role.options(t)} />
      </FilterBar>
      <div className="table-wrap" role="region" aria-label={t("user.listTitle")} tabIndex={0}>
        <table>
          <caption className="visually-hidden">{t("user.listTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("account.name")}</th>
              <th scope="col">{t("account.role")}</th>
              <th scope="col">{t("user.scope")}</th>
              <th scope="col">{t("user.lastSignIn")}</th>
            </tr>
          </thead>
          <tbody>
            {users.items.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                  <div className="muted small">{u.email}</div>
                  {!u.active ? <span className="badge badge--cancelled">{t("user.inactive")}</span> : null}
                  {u.signInSlowedUntil ? (
                    <span className="badge badge--warning">
                      {t("user.slowedUntil", { time: formatMalaysia(u.signInSlowedUntil, "dateTime", language) })}
                    </span>
                  ) : null}
                </td>
                <td>{labels.role(t, u.role)}</td>
                <td>{u.school ? `${u.school.name} (${u.school.code})` : (u.state?.name ?? t("account.national"))}</td>
                <td>{u.lastSignInAt ? formatMalaysia(u.lastSignInAt, "dateTime", language) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={users.page} pageCount={users.pageCount} total={users.total} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "user.listTitle");

export function ErrorBoundary() {
  return <RouteError />;
}
