import type { ReactNode } from "react";
import { formatMalaysiaRange } from "~/modules/calendar/malaysia-time";
import { useLanguage } from "~/modules/i18n/i18n";

/** What a printed sheet says about its event: the attendance sheet and the packing list share it. */
export type SheetEvent = {
  title: string;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  school: string | null;
  state: string;
  programme: string;
};

export function sheetEvent(event: {
  title: string;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  school: { name: string } | null;
  state: { name: string };
  programme: { title: string };
}): SheetEvent {
  return {
    title: event.title,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    venue: event.venue,
    school: event.school?.name ?? null,
    state: event.state.name,
    programme: event.programme.title,
  };
}

/** The sheet's heading: programme, what the sheet is, and the event's name, time and place. */
export function SheetHeader({ event, title, children }: { event: SheetEvent; title: string; children?: ReactNode }) {
  const language = useLanguage();
  return (
    <header className="sheet__header">
      <p className="sheet__programme">{event.programme}</p>
      <h1>{title}</h1>
      <p>
        <strong>{event.title}</strong>
      </p>
      <p>
        {formatMalaysiaRange(event.startsAt, event.endsAt, language)} ·{" "}
        {[event.venue, event.school, event.state].filter(Boolean).join(", ")}
      </p>
      {children}
    </header>
  );
}

/** The sheet's foot, ending with the helpline every printout carries. */
export function SheetFooter({ className, children }: { className?: string; children: ReactNode }) {
  return (
    <footer className={className ? `sheet__footer ${className}` : "sheet__footer"}>
      {children}
      <p>
        <strong>Talian Kasih 15999 · WhatsApp 019-2615999</strong>
      </p>
    </footer>
  );
}
