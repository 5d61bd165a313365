import { useT } from "~/modules/i18n/i18n";

/**
 * The answer to a submission the server was too busy to take (503): nothing was saved, and the
 * same answers go back with one press, as hidden fields of a plain form (this page has no script).
 * It is drawn without reading the database, so it stays cheap while hundreds are turned away.
 */
export function BusyRetry({ values }: { values: [string, string][] }) {
  const t = useT();
  return (
    <div className="public-page">
      <section className="panel panel--notice" role="alert">
        <title>{`${t("register.busyTitle")} · KASIH Outreach`}</title>
        <h1>{t("register.busyTitle")}</h1>
        <p>{t("errors.busy")}</p>
        <form method="post">
          {values.map(([name, value], i) => (
            <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
          ))}
          <button type="submit" className="button button--primary">
            {t("register.tryAgain")}
          </button>
        </form>
      </section>
    </div>
  );
}
