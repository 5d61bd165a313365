import { env } from "~/utils/env.server";
import { checkInRefusal, checkInWindow, type CheckInRefusal, type CheckInWindow } from "./check-in-window";

/** The event's check-in window with the installation's opening time (CHECK_IN_OPENS_AT). */
export function eventCheckInWindow(event: { status: string; startsAt: Date }, now = new Date()): CheckInWindow {
  return checkInWindow(event, env.CHECK_IN_OPENS_AT, now);
}

/** Why nobody can be marked present at the event now, or null when they can. */
export function attendanceRefusal(event: { status: string; startsAt: Date }, now = new Date()): CheckInRefusal | null {
  return checkInRefusal(eventCheckInWindow(event, now));
}
