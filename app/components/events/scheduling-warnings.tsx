import type { MessageKey, MessageParams } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/i18n";

export type WarningView = { code: string; key: MessageKey; params: MessageParams };

/** Scheduling warnings, announced to screen readers as they appear. */
export function SchedulingWarnings({ warnings, askToConfirm }: { warnings: WarningView[]; askToConfirm: boolean }) {
  const t = useT();
  return (
    <div className="warnings" role="status" aria-live="polite">
      {warnings.length ? (
        <>
          <h2 className="warnings__title">{t("warnings.title")}</h2>
          <ul>
            {warnings.map((w, i) => (
              <li key={`${w.code}-${i}`} data-code={w.code}>
                {t(w.key, w.params)}
              </li>
            ))}
          </ul>
          {askToConfirm ? (
            <div className="field field--checkbox">
              <input type="checkbox" id="acknowledgeWarnings" name="acknowledgeWarnings" value="on" />
              <label htmlFor="acknowledgeWarnings">{t("warnings.acknowledge")}</label>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
