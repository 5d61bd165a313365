/**
 * The one place dates are parsed and shown. Everything displays and schedules in Malaysian time
 * (Asia/Kuala_Lumpur) whatever the server's zone; instants are stored in UTC.
 */
import { TZDate, tz } from "@date-fns/tz";
import { addDays, format, isValid, parse } from "date-fns";
import { enGB, ms as msLocale } from "date-fns/locale";
import type { Language } from "~/modules/i18n/i18n";

export const MALAYSIA_TIME_ZONE = "Asia/Kuala_Lumpur";
const inMalaysia = tz(MALAYSIA_TIME_ZONE);
const LOCALES = { ms: msLocale, en: enGB } as const;

/** YYYY-MM-DD, a calendar date in Malaysia. */
export type DateKey = string;

const PATTERNS = {
  date: { ms: "d MMMM yyyy", en: "d MMMM yyyy" },
  dateShort: { ms: "d MMM yyyy", en: "d MMM yyyy" },
  weekdayDate: { ms: "EEEE, d MMMM yyyy", en: "EEEE, d MMMM yyyy" },
  time: { ms: "h:mm a", en: "h:mm a" },
  dateTime: { ms: "d MMM yyyy, h:mm a", en: "d MMM yyyy, h:mm a" },
  monthYear: { ms: "MMMM yyyy", en: "MMMM yyyy" },
  weekdayShort: { ms: "EEE", en: "EEE" },
} as const;
export type DatePattern = keyof typeof PATTERNS;

/**
 * Dates already written, by instant, pattern and language. Each costs some 50 µs through the time
 * zone's rules, and pages write the same ones again and again (the dashboard's months and coming
 * events on every visit: a tenth of its server time). The bound only stops a slow leak.
 */
const written = new Map<string, string>();
const MAX_WRITTEN = 5_000;

export function formatMalaysia(instant: Date | string | number, pattern: DatePattern, language: Language): string {
  const date = new Date(instant);
  if (!isValid(date)) return "";
  const key = `${date.getTime()} ${pattern} ${language}`;
  const known = written.get(key);
  if (known !== undefined) return known;
  const formatted = format(date, PATTERNS[pattern][language], { in: inMalaysia, locale: LOCALES[language] });
  const text = language === "ms" ? formatted.replace(/(\d{1,2}):(\d{2}) (AM|PM)/, (_, h, m) => malayTime(Number(h), m, date)) : formatted;
  if (written.size >= MAX_WRITTEN) written.clear();
  written.set(key, text);
  return text;
}

/** "8.30 pagi", "2.00 petang": how times are written in Malay. */
function malayTime(hour12: number, minutes: string, date: Date): string {
  const hour24 = Number(format(date, "H", { in: inMalaysia }));
  const period = hour24 < 12 ? "pagi" : hour24 < 14 ? "tengah hari" : hour24 < 19 ? "petang" : "malam";
  return `${hour12}.${minutes} ${period}`;
}

/** "Selasa, 23 April 2024, 9:00 PG – 12:00 PTG", collapsing the date when start and end share it. */
export function formatMalaysiaRange(start: Date | string, end: Date | string, language: Language): string {
  const sameDay = malaysiaDateKey(start) === malaysiaDateKey(end);
  const from = `${formatMalaysia(start, "weekdayDate", language)}, ${formatMalaysia(start, "time", language)}`;
  const to = sameDay ? formatMalaysia(end, "time", language) : formatMalaysia(end, "dateTime", language);
  return `${from} – ${to}`;
}

/**
 * Malaysia has kept UTC+8, with no summer time, since 1 January 1982 (before that, the peninsula
 * was half an hour behind): from then on a Malaysian date is the UTC date eight hours later.
 */
const UTC_PLUS_8_SINCE = Date.UTC(1981, 11, 31, 16);
const EIGHT_HOURS = 8 * 3_600_000;

export function malaysiaDateKey(instant: Date | string | number): DateKey {
  const date = new Date(instant);
  const time = date.getTime();
  // The reports key hundreds of sessions by their day: the zone's rules through date-fns cost about
  // 30 µs a date, the arithmetic nothing.
  if (time >= UTC_PLUS_8_SINCE) return new Date(time + EIGHT_HOURS).toISOString().slice(0, 10);
  return format(date, "yyyy-MM-dd", { in: inMalaysia });
}

/** ISO 8601 with Malaysia's offset, e.g. 2024-04-23T08:30:00+08:00: a time any program reads exactly. */
export function toMalaysiaIso(instant: Date | string | number): string {
  return format(new Date(instant), "yyyy-MM-dd'T'HH:mm:ssXXX", { in: inMalaysia });
}

/**
 * The instant's Malaysian wall-clock time written as the same digits in UTC. Spreadsheet dates
 * have no time zone: a cell shows the digits it holds, so it must hold Malaysia's.
 */
export function malaysiaWallClock(instant: Date): Date {
  const local = new TZDate(instant.getTime(), MALAYSIA_TIME_ZONE);
  return new Date(
    Date.UTC(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes(), local.getSeconds()),
  );
}

/** The value for an `<input type="datetime-local">` showing this instant in Malaysian time. */
export function toMalaysiaInputValue(instant: Date | string | null | undefined): string {
  if (!instant) return "";
  return format(new Date(instant), "yyyy-MM-dd'T'HH:mm", { in: inMalaysia });
}

/** Reads "2024-04-23T09:00" (or with seconds) as Malaysian local time; null when it is not a real time. */
export function parseMalaysiaDateTime(value: string): Date | null {
  const trimmed = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(trimmed)) return null;
  const pattern = trimmed.length > 16 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm";
  const local = parse(trimmed, pattern, new TZDate(0, MALAYSIA_TIME_ZONE));
  if (!isValid(local)) return null;
  return new Date(local.getTime());
}

/** Reads "2024-04-23" as the start of that day in Malaysia. */
export function parseMalaysiaDate(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return null;
  return parseMalaysiaDateTime(`${value.trim()}T00:00`);
}

export function isDateKey(value: string): boolean {
  return parseMalaysiaDate(value) !== null && malaysiaDateKey(parseMalaysiaDate(value)!) === value;
}

/** Day of the week of a Malaysian calendar date: 0 Sunday … 6 Saturday. */
export function dayOfWeek(dateKey: DateKey): number {
  const [y, m, d] = dateKey.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Every Malaysian calendar date an interval touches, in order. */
export function dateKeysBetween(start: Date, end: Date): DateKey[] {
  const keys: DateKey[] = [];
  let cursor = new TZDate(start.getTime(), MALAYSIA_TIME_ZONE);
  const last = malaysiaDateKey(end);
  for (let i = 0; i < 366; i++) {
    const key = malaysiaDateKey(cursor);
    keys.push(key);
    if (key >= last) break;
    cursor = addDays(cursor, 1);
  }
  return keys;
}

/** A calendar date kept as YYYY-MM-DD, written the way people read dates, e.g. "20 November 2026". */
export function formatDateKey(dateKey: DateKey, language: Language): string {
  const date = parseMalaysiaDate(dateKey);
  return date ? formatMalaysia(date, "date", language) : dateKey;
}

export function weekdayName(dateKey: DateKey, language: Language): string {
  return formatMalaysia(parseMalaysiaDate(dateKey)!, "weekdayDate", language);
}
