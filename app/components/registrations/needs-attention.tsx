import { translateError, useLanguage, useT } from "~/modules/i18n/i18n";
import type { CheckInPerson, RejectedOp } from "~/modules/registrations/check-in-sync";

/**
 * Operations the server refused, with its reason: a walk-in can be corrected (back into the
 * walk-in form, with the message beside the field) or removed; a check-in can be removed.
 * Nothing the teacher entered disappears without her seeing why.
 */
export function NeedsAttention({
  rejected,
  people,
  onFix,
  onDiscard,
}: {
  rejected: RejectedOp[];
  people: CheckInPerson[];
  onFix: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}) {
  const t = useT();
  const language = useLanguage();
  if (rejected.length === 0) return null;
  const describe = ({ op }: RejectedOp): string => {
    if (op.kind === "walk-in") return t("checkIn.rejectedWalkIn", { name: op.fullName });
    const person = op.registrationId ? people.find((p) => p.id === op.registrationId) : undefined;
    const who = person?.name ?? op.registrationId ?? (op.kind === "check-in" ? op.code : undefined) ?? "";
    return t(op.kind === "check-in" ? "checkIn.rejectedCheckIn" : "checkIn.rejectedUndo", { name: who });
  };
  return (
    <section className="panel panel--error" aria-labelledby="attention-heading">
      <h2 id="attention-heading">{t("checkIn.needsAttention", { count: rejected.length })}</h2>
      <p className="small">{t("checkIn.needsAttentionHelp")}</p>
      <ul className="attention" aria-labelledby="attention-heading">
        {rejected.map((entry) => {
          const what = describe(entry);
          return (
            <li key={entry.op.clientId} className="attention__item">
              <div>
                <strong>{what}</strong>
                <span className="field__errors">{translateError(language, entry.error)}</span>
              </div>
              <div className="actions">
                {entry.op.kind === "walk-in" ? (
                  <button type="button" className="button button--secondary" onClick={() => onFix(entry.op.clientId)}>
                    {t("checkIn.fix")} <span className="visually-hidden">{what}</span>
                  </button>
                ) : null}
                <button type="button" className="button button--quiet" onClick={() => onDiscard(entry.op.clientId)}>
                  {t("checkIn.discard")} <span className="visually-hidden">{what}</span>
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
