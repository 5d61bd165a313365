import { addDays, format } from "date-fns";
import { stateByCode, weekendDays } from "~/modules/geography/states";
import { dayOfWeek, type DateKey } from "./malaysia-time";

/**
 * Replacement holidays (cuti ganti) for a holiday that falls on a weekly day of rest, as the
 * Holidays Act 1951 and the states' own orders set them:
 * - states with a Saturday–Sunday weekend: a holiday on a Sunday moves to the Monday;
 * - Kedah (Friday–Saturday weekend): a holiday on a Friday moves to the Sunday;
 * - Kelantan and Terengganu (Friday–Saturday weekend): a holiday on a Saturday moves to the Sunday;
 * and when that day is itself a holiday (or already a replacement), to the next working day.
 *
 * date-holidays applies only the first rule, to a few national holidays, in every state (Kedah,
 * Kelantan and Terengganu included, where a Sunday is a working day) and to none of the Islamic or
 * state holidays; its own replacement days are therefore dropped (`isLibrarySubstitute`) and these
 * rules applied to every holiday, after the official corrections.
 */

/** The day of the week (0 Sunday … 6 Saturday) whose holidays are replaced in a state, or null. */
export function replacedWeekday(stateCode: string): number | null {
  if (stateCode === "02") return 5;
  if (stateCode === "03" || stateCode === "11") return 6;
  return stateByCode(stateCode)?.weekend === "FRI_SAT" ? null : 0;
}

export function nextDateKey(key: DateKey, days = 1): DateKey {
  const [y, m, d] = key.split("-").map(Number);
  return format(addDays(new Date(y, m - 1, d), days), "yyyy-MM-dd");
}

/**
 * Adds the replacement days to a state's holidays (date → names, already corrected), in date order
 * so a replacement never lands on a day another replacement took. `replacementName` words one.
 */
export function withReplacementDays(
  holidays: ReadonlyMap<DateKey, readonly string[]>,
  stateCode: string,
  replacementName: (names: readonly string[]) => string,
): Map<DateKey, string[]> {
  const result = new Map<DateKey, string[]>([...holidays].map(([date, names]) => [date, [...names]]));
  const trigger = replacedWeekday(stateCode);
  const state = stateByCode(stateCode);
  if (trigger === null || !state) return result;
  const weekend = weekendDays(state.weekend);
  for (const date of [...holidays.keys()].sort()) {
    if (dayOfWeek(date) !== trigger) continue;
    let replacement = nextDateKey(date);
    while (weekend.includes(dayOfWeek(replacement)) || result.has(replacement)) replacement = nextDateKey(replacement);
    result.set(replacement, [replacementName(holidays.get(date)!)]);
  }
  return result;
}

/**
 * A replacement day date-holidays adds by itself: flagged as a substitute, or (for the years it
 * lists by date, such as Deepavali 2026) the same holiday again on the Monday after a Sunday.
 */
export function isLibrarySubstitute(
  holiday: { date: string; name: string; rule?: string; substitute?: boolean },
  namesOn: (date: DateKey) => readonly string[],
): boolean {
  if (holiday.substitute) return true;
  if (!holiday.rule || !/^\d{4}-\d{2}-\d{2}$/.test(holiday.rule)) return false;
  const date = holiday.date.slice(0, 10);
  const dayBefore = nextDateKey(date, -1);
  return dayOfWeek(dayBefore) === 0 && namesOn(dayBefore).includes(holiday.name);
}
