import { useT } from "~/modules/i18n/i18n";
import { labels } from "~/modules/i18n/labels";

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge badge--${status.toLowerCase()}`}>{labels.eventStatus(t, status)}</span>;
}
