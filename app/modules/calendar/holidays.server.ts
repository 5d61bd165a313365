import Holidays from "date-holidays";
import { translate, type Language } from "~/modules/i18n/i18n";
import { db, type Db } from "~/utils/db.server";
import { isLibrarySubstitute, nextDateKey, withReplacementDays } from "./holiday-rules";
import type { DateKey } from "./malaysia-time";

// Holiday data: date-holidays (CC-BY-3.0), corrected by the HolidayOverride table, because the
// library computes Islamic holidays (a day off in some years) and misses some one-off holidays;
// then the replacement days for holidays on a day of rest (holiday-rules.ts).

const computedCache = new Map<string, Map<DateKey, string[]>>();

/** The library's holidays for a state and year, without its own replacement days. */
function computedHolidays(stateCode: string, year: number, language: Language): Map<DateKey, string[]> {
  const cacheKey = `${stateCode}:${year}:${language}`;
  const cached = computedCache.get(cacheKey);
  if (cached) return cached;
  const calendar = new Holidays("MY", stateCode, { languages: [language], types: ["public"] });
  const all = calendar.getHolidays(year) || [];
  const namesOn = (date: DateKey) => all.filter((h) => h.date.startsWith(date)).map((h) => h.name);
  const byDate = new Map<DateKey, string[]>();
  for (const holiday of all) {
    if (isLibrarySubstitute(holiday, namesOn)) continue;
    const key = holiday.date.slice(0, 10);
    byDate.set(key, [...(byDate.get(key) ?? []), holiday.name]);
  }
  computedCache.set(cacheKey, byDate);
  return byDate;
}

// A replacement day can follow its holiday by several days (a Sunday holiday followed by more
// holidays), so holidays from this far back are looked at too.
const LOOK_BACK_DAYS = 14;

/** Public and state holidays in a state on the given dates: computed, corrected, with replacement days. */
export async function holidaysOn(
  stateCode: string,
  dateKeys: DateKey[],
  language: Language,
  client: Db = db,
): Promise<Map<DateKey, string[]>> {
  if (dateKeys.length === 0) return new Map();
  const sorted = [...dateKeys].sort();
  const from = nextDateKey(sorted[0], -LOOK_BACK_DAYS);
  const to = sorted[sorted.length - 1];
  const base = new Map<DateKey, string[]>();
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const [date, names] of computedHolidays(stateCode, year, language)) {
      if (date >= from && date <= to) base.set(date, [...names]);
    }
  }
  const overrides = await client.holidayOverride.findMany({
    where: { date: { gte: from, lte: to }, OR: [{ stateCode: null }, { stateCode }] },
    select: { date: true, name: true, action: true },
  });
  for (const override of overrides) {
    if (override.action === "REMOVE") base.delete(override.date);
  }
  for (const override of overrides) {
    if (override.action === "ADD") base.set(override.date, [...(base.get(override.date) ?? []), override.name]);
  }
  const all = withReplacementDays(base, stateCode, (names) => translate(language, "holidays.replacement", { names: names.join(", ") }));
  const wanted = new Set(dateKeys);
  return new Map([...all].filter(([date]) => wanted.has(date)));
}

/** School breaks of a calendar group that overlap the given dates. */
export async function schoolBreaksOn(calendarGroup: string, dateKeys: DateKey[], client: Db = db) {
  if (dateKeys.length === 0) return [];
  const first = dateKeys[0];
  const last = dateKeys[dateKeys.length - 1];
  return client.schoolBreak.findMany({
    where: { calendarGroup, startDate: { lte: last }, endDate: { gte: first } },
    select: { name: true, startDate: true, endDate: true },
    orderBy: { startDate: "asc" },
  });
}

/**
 * How far the calendar data an administrator keeps reaches: the last school break recorded per
 * calendar group (breaks after it are unknown), and the years with official holiday corrections
 * (a year without any was never checked against the official list; date-holidays alone is a day
 * off for some Islamic holidays).
 */
export async function calendarCoverage(client: Db = db) {
  const [breaks, overrideYears] = await Promise.all([
    client.schoolBreak.groupBy({ by: ["calendarGroup"], _max: { endDate: true } }),
    client.holidayOverride.findMany({ select: { date: true, stateCode: true }, distinct: ["date", "stateCode"] }),
  ]);
  const lastBreak = new Map(breaks.map((b) => [b.calendarGroup, b._max.endDate]));
  return {
    /** The end of the last school break recorded for the group, or null when none is. */
    breaksKnownUntil: (group: string): DateKey | null => lastBreak.get(group) ?? null,
    /** Whether an official holiday correction is recorded for the year: nationwide, or for the state when one is named. */
    holidaysChecked: (year: number, stateCode?: string) =>
      overrideYears.some((o) => o.date.startsWith(`${year}-`) && (o.stateCode === null || o.stateCode === stateCode)),
  };
}
