import { useT } from "~/modules/i18n/i18n";
import type { SeatSummary } from "~/modules/registrations/seat-summary";

/** The seats of an event in one line: filled and free, or full (and by how many people over). */
export function SeatLine({ summary }: { summary: SeatSummary }) {
  const t = useT();
  const waiting = summary.kind !== "unlimited" && summary.waiting ? ` ${t("seats.waiting", { count: summary.waiting })}` : "";
  switch (summary.kind) {
    case "unlimited":
      return <>{t("seats.unlimited", { seated: summary.seated })}</>;
    case "free":
      return <>{t("seats.free", { seated: summary.seated, capacity: summary.capacity, free: summary.free }) + waiting}</>;
    case "full":
      return (
        <>
          {(summary.over
            ? t("seats.fullOver", { capacity: summary.capacity, over: summary.over })
            : t("seats.full", { capacity: summary.capacity })) + waiting}
        </>
      );
  }
}
