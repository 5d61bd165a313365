import { useEffect, useState } from "react";
import { useT } from "~/modules/i18n/i18n";

/** A print button once JavaScript is there; without it, the browser's own Print works the same. */
export function PrintButton() {
  const t = useT();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return <span className="muted small">{t("common.printHint")}</span>;
  return (
    <button type="button" className="button button--primary" onClick={() => window.print()}>
      {t("common.print")}
    </button>
  );
}
