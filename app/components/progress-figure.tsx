import { useT } from "~/modules/i18n/i18n";

/** A figure against its target: number, share and a bar (the text carries the meaning, not colour). */
export function ProgressFigure({ label, value, target }: { label: string; value: number; target?: number | null }) {
  const t = useT();
  const share = target ? Math.round((value / target) * 100) : null;
  return (
    <div className="figure">
      <p className="figure__label">{label}</p>
      <p className="figure__value">
        {value.toLocaleString("en-MY")}
        {target ? <span className="figure__target"> / {target.toLocaleString("en-MY")}</span> : null}
      </p>
      {target ? (
        <>
          <progress value={Math.min(value, target)} max={target} aria-label={`${label}: ${t("progress.share", { share: share ?? 0 })}`} />
          <p className="figure__share">{t("progress.share", { share: share ?? 0 })}</p>
        </>
      ) : null}
    </div>
  );
}
