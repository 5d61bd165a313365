import { Link, useLocation } from "@remix-run/react";
import { useT } from "~/modules/i18n/i18n";

export function Pagination({ page, pageCount, total }: { page: number; pageCount: number; total: number }) {
  const t = useT();
  const location = useLocation();
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(target));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      <p className="muted">{t("pagination.summary", { page, pageCount, total })}</p>
      <ul>
        <li>
          {page > 1 ? (
            <Link to={hrefFor(page - 1)} rel="prev">
              {t("pagination.previous")}
            </Link>
          ) : (
            <span aria-disabled="true">{t("pagination.previous")}</span>
          )}
        </li>
        <li>
          {page < pageCount ? (
            <Link to={hrefFor(page + 1)} rel="next">
              {t("pagination.next")}
            </Link>
          ) : (
            <span aria-disabled="true">{t("pagination.next")}</span>
          )}
        </li>
      </ul>
    </nav>
  );
}
