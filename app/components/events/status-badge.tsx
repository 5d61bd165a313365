import { useT, type MessageKey } from "~/modules/i18n/i18n";

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge badge--${status.toLowerCase()}`}>{t(`event.status.${status}` as MessageKey)}</span>;
}
