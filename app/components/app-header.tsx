import { Form, NavLink, useLocation } from "@remix-run/react";
import { forgetOfflineCheckIn } from "~/components/registrations/offline-check-in";
import { can, type Permission } from "~/modules/auth/permissions";
import type { SessionUser } from "~/modules/auth/session.server";
import { useLanguage, useT, type MessageKey } from "~/modules/i18n/i18n";

const NAV: { to: string; label: MessageKey; permission: Permission }[] = [
  { to: "/dashboard", label: "nav.dashboard", permission: "read:event" },
  { to: "/programmes", label: "nav.programmes", permission: "read:programme" },
  { to: "/events", label: "nav.events", permission: "read:event" },
  { to: "/events/calendar", label: "nav.calendar", permission: "read:event" },
  { to: "/schools", label: "nav.schools", permission: "read:school" },
  { to: "/coverage", label: "nav.coverage", permission: "invite:school" },
  { to: "/materials", label: "nav.materials", permission: "read:material" },
  { to: "/outbox", label: "nav.outbox", permission: "read:outbox" },
  { to: "/exports", label: "nav.exports", permission: "read:report" },
  { to: "/admin/users", label: "nav.users", permission: "manage:user" },
  { to: "/admin/calendar", label: "nav.holidays", permission: "manage:calendar" },
  { to: "/admin/need", label: "nav.need", permission: "manage:calendar" },
  { to: "/admin/people", label: "nav.people", permission: "manage:personal-data" },
  { to: "/admin/audit", label: "nav.audit", permission: "read:audit" },
];

export function AppHeader({ user }: { user: SessionUser | null }) {
  const t = useT();
  const language = useLanguage();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <a href={user ? "/dashboard" : "/"} className="brand">
          <span className="brand__mark" aria-hidden="true">
            ♥
          </span>{" "}
          KASIH Outreach
        </a>
      </div>
      {user ? (
        <nav aria-label={t("nav.main")} className="app-nav">
          <ul>
            {NAV.filter((item) => can(user, item.permission)).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/events"}>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <div className="app-header__tools">
        <Form method="post" action="/language" className="inline-form">
          <input type="hidden" name="redirectTo" value={here} />
          <input type="hidden" name="language" value={language === "ms" ? "en" : "ms"} />
          <button type="submit" className="button button--quiet" lang={language === "ms" ? "en" : "ms"}>
            {language === "ms" ? "English" : "Bahasa Melayu"}
          </button>
        </Form>
        {user ? (
          <>
            <NavLink to="/account" className="app-header__user">
              {user.name}
            </NavLink>
            <Form method="post" action="/sign-out" className="inline-form" onSubmit={forgetOfflineCheckIn}>
              <button type="submit" className="button button--quiet">
                {t("nav.signOut")}
              </button>
            </Form>
          </>
        ) : null}
      </div>
    </header>
  );
}
