import { malaysiaDateKey, parseMalaysiaDateTime } from "~/modules/calendar/malaysia-time";

/**
 * Whether people can be marked present at an event now. Shared by the server (every path that
 * sets ATTENDED) and the check-in screen, which works it out again on the phone so a screen
 * opened the evening before unlocks itself in the morning.
 */
export type CheckInWindow =
  { open: true } | { open: false; reason: "notYet"; opensAt: Date } | { open: false; reason: "draft" | "postponed" | "cancelled" };

export type CheckInRefusal =
  "errors.checkIn.notOpenYet" | "errors.checkIn.draft" | "errors.checkIn.postponed" | "errors.checkIn.eventCancelled";

/** `opensAtTime` (HH:MM, Malaysian time) on the session's own day, or the session's start if that is earlier. */
export function checkInOpensAt(startsAt: Date, opensAtTime: string): Date {
  const sameDay = parseMalaysiaDateTime(`${malaysiaDateKey(startsAt)}T${opensAtTime}`) ?? startsAt;
  return sameDay < startsAt ? sameDay : startsAt;
}

export function checkInWindow(event: { status: string; startsAt: Date | string }, opensAtTime: string, now = new Date()): CheckInWindow {
  if (event.status === "DRAFT") return { open: false, reason: "draft" };
  if (event.status === "POSTPONED") return { open: false, reason: "postponed" };
  if (event.status === "CANCELLED") return { open: false, reason: "cancelled" };
  const opensAt = checkInOpensAt(new Date(event.startsAt), opensAtTime);
  // Completed sessions stay open: attendance from a paper sheet is often entered afterwards.
  if (now < opensAt) return { open: false, reason: "notYet", opensAt };
  return { open: true };
}

/** The message key for a closed window (the screen shows the exact opening time beside it). */
export function checkInRefusal(window: CheckInWindow): CheckInRefusal | null {
  if (window.open) return null;
  switch (window.reason) {
    case "notYet":
      return "errors.checkIn.notOpenYet";
    case "draft":
      return "errors.checkIn.draft";
    case "postponed":
      return "errors.checkIn.postponed";
    case "cancelled":
      return "errors.checkIn.eventCancelled";
  }
}
