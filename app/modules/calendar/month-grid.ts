import { addDays } from "date-fns";
import { dayOfWeek, malaysiaDateKey, parseMalaysiaDate, type DateKey } from "./malaysia-time";

/** Reads ?month=YYYY-MM, falling back to the current Malaysian month. */
export function monthFromParam(value: string | null, now = new Date()): string {
  if (value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) && Number(value.slice(0, 4)) > 1999 && Number(value.slice(0, 4)) < 2101) return value;
  return malaysiaDateKey(now).slice(0, 7);
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Weeks (Monday first) covering the month, as Malaysian date keys, and the instants bounding them. */
export function monthGrid(month: string): { weeks: DateKey[][]; from: Date; to: Date } {
  const first = `${month}-01`;
  const offset = (dayOfWeek(first) + 6) % 7;
  const start = parseMalaysiaDate(first)!;
  const gridStart = addDays(start, -offset);
  const weeks: DateKey[][] = [];
  let cursor = gridStart;
  for (let w = 0; w < 6; w++) {
    const week: DateKey[] = [];
    for (let d = 0; d < 7; d++) {
      week.push(malaysiaDateKey(cursor));
      cursor = addDays(cursor, 1);
    }
    weeks.push(week);
    if (malaysiaDateKey(cursor).slice(0, 7) !== month && w >= 3) break;
  }
  return { weeks, from: gridStart, to: cursor };
}
