import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { requirePermission } from "~/modules/auth/scope.server";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { maskMobile } from "~/modules/people/contact";
import { searchPeople } from "~/modules/privacy/privacy.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "manage:personal-data");
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const people = await searchPeople(user, q);
  return {
    people: people.map((p) => ({
      id: p.id,
      fullName: p.fullName,
      phone: maskMobile(p.phoneE164),
      email: p.email,
      registrations: p._count.registrations,
    })),
    searched: q.length >= 2,
  };
}

export default function PeoplePage() {
  const { people, searched } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  return (
    <>
      <h1>{t("privacy.peopleTitle")}</h1>
      <p>{t("privacy.peopleIntro")}</p>
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="q">{t("privacy.search")}</label>
          <input id="q" name="q" type="search" defaultValue={params.get("q") ?? ""} />
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.search")}
        </button>
      </Form>
      {searched && people.length === 0 ? <p className="empty">{t("privacy.noPeople")}</p> : null}
      {people.length ? (
        <ul className="card-list">
          {people.map((p) => (
            <li key={p.id} className="card">
              <Link to={p.id}>{p.fullName}</Link>
              <p className="muted small">
                {[p.phone, p.email].filter(Boolean).join(" · ")} · {t("privacy.registrationsCount", { count: p.registrations })}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <Link to="/admin/privacy">{t("privacy.noticeTitle")}</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "privacy.peopleTitle");

export function ErrorBoundary() {
  return <RouteError />;
}
