import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT } from "~/modules/i18n/i18n";

/** Error boundary for pages inside the app: says what happened in the reader's language. */
export function RouteError() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key =
    status === 404
      ? "errors.page.notFound"
      : status === 403
        ? "errors.page.forbidden"
        : status === 409
          ? "errors.page.conflict"
          : status === 400
            ? "errors.page.badRequest"
            : "errors.page.unexpected";
  return (
    <section className="panel panel--error" role="alert">
      <title>{`${t(key)} · KASIH Outreach`}</title>
      <h1>{t(key)}</h1>
      <p>
        <Link to="/dashboard">{t("nav.backToDashboard")}</Link>
      </p>
    </section>
  );
}
