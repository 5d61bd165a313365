import Holidays from "date-holidays";
import type { Language } from "~/modules/i18n/i18n";
import { db, type Db } from "~/utils/db.server";
import type { DateKey } from "./malaysia-time";

// Holiday data: date-holidays (CC-BY-3.0), corrected by the HolidayOverride table, because the
// library computes Islamic holidays (a day off in some years) and misses some one-off holidays.

const computedCache = new Map<string, Map<DateKey, string[]>>();

function computedHolidays(stateCode: string, year: number, language: Language): Map<DateKey, string[]> {
  const cacheKey = `${stateCode}:${year}:${language}`;
  const cached = computedCache.get(cacheKey);
  if (cached) return cached;
  const calendar = new Holidays("MY", stateCode, { languages: [language], types: ["public"] });
  const byDate = new Map<DateKey, string[]>();
  for (const holiday of calendar.getHolidays(year) || []) {
    const key = holiday.date.slice(0, 10);
    byDate.set(key, [...(byDate.get(key) ?? []), holiday.name]);
  }
  computedCache.set(cacheKey, byDate);
  return byDate;
}

/** Public and state holidays in a state on the given dates, after official corrections. */
export async function holidaysOn(
  stateCode: string,
  dateKeys: DateKey[],
  language: Language,
  client: Db = db,
): Promise<Map<DateKey, string[]>> {
  const result = new Map<DateKey, string[]>();
  for (const key of dateKeys) {
    const names = computedHolidays(stateCode, Number(key.slice(0, 4)), language).get(key);
    if (names?.length) result.set(key, [...names]);
  }
  const overrides = await client.holidayOverride.findMany({
    where: { date: { in: dateKeys }, OR: [{ stateCode: null }, { stateCode }] },
    select: { date: true, name: true, action: true },
  });
  for (const override of overrides) {
    if (override.action === "REMOVE") result.delete(override.date);
  }
  for (const override of overrides) {
    if (override.action === "ADD") result.set(override.date, [...(result.get(override.date) ?? []), override.name]);
  }
  return result;
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
