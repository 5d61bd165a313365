/**
 * Malaysia's 13 states and 3 federal territories (ISO 3166-2:MY), their weekends and KPM
 * school-calendar groups. Reference data: seeded with idempotent upserts and used by the
 * calendar rules.
 */
export type WeekendPattern = "FRI_SAT" | "SAT_SUN";
export type CalendarGroup = "A" | "B";

export type StateInfo = {
  code: string;
  name: string;
  kind: "STATE" | "FEDERAL_TERRITORY";
  weekend: WeekendPattern;
  calendarGroup: CalendarGroup;
  /** The letter KPM school codes start with */
  schoolCodePrefix: string;
};

export const STATES: readonly StateInfo[] = [
  { code: "01", name: "Johor", kind: "STATE", weekend: "SAT_SUN", calendarGroup: "B", schoolCodePrefix: "J" },
  { code: "02", name: "Kedah", kind: "STATE", weekend: "FRI_SAT", calendarGroup: "A", schoolCodePrefix: "K" },
  { code: "03", name: "Kelantan", kind: "STATE", weekend: "FRI_SAT", calendarGroup: "A", schoolCodePrefix: "D" },
  { code: "04", name: "Melaka", kind: "STATE", weekend: "SAT_SUN", calendarGroup: "B", schoolCodePrefix: "M" },
  { code: "05", name: "Negeri Sembilan", kind: "STATE", weekend: "SAT_SUN", calendarGroup: "B", schoolCodePrefix: "N" },
  { code: "06", name: "Pahang", kind: "STATE", weekend: "SAT_SUN", calendarGroup: "B", schoolCodePrefix: "C" },
  { code: "07", name: "Pulau Pinang", kind: "STATE", weekend: "SAT_SUN", calendarGroup: "B", schoolCodePrefix: "P" },
  { code: "08", name: "Perak", kind: "STATE", weekend: "SAT_SUN", calendarGroup: "B", schoolCodePrefix: "A" },
  { code: "09", name: "Perlis", kind: "STATE", weekend: "SAT_SUN", calendarGroup: "B", schoolCodePrefix: "R" },
  { code: "10", name: "Selangor", kind: "STATE", weekend: "SAT_SUN", calendarGroup: "B", schoolCodePrefix: "B" },
  { code: "11", name: "Terengganu", kind: "STATE", weekend: "FRI_SAT", calendarGroup: "A", schoolCodePrefix: "T" },
  { code: "12", name: "Sabah", kind: "STATE", weekend: "SAT_SUN", calendarGroup: "B", schoolCodePrefix: "X" },
  { code: "13", name: "Sarawak", kind: "STATE", weekend: "SAT_SUN", calendarGroup: "B", schoolCodePrefix: "Y" },
  { code: "14", name: "W.P. Kuala Lumpur", kind: "FEDERAL_TERRITORY", weekend: "SAT_SUN", calendarGroup: "B", schoolCodePrefix: "W" },
  { code: "15", name: "W.P. Labuan", kind: "FEDERAL_TERRITORY", weekend: "SAT_SUN", calendarGroup: "B", schoolCodePrefix: "L" },
  { code: "16", name: "W.P. Putrajaya", kind: "FEDERAL_TERRITORY", weekend: "SAT_SUN", calendarGroup: "B", schoolCodePrefix: "W" },
];

const BY_CODE = new Map(STATES.map((s) => [s.code, s]));

export function stateByCode(code: string): StateInfo | undefined {
  return BY_CODE.get(code);
}

/** Weekend days (0 Sunday … 6 Saturday) of a state's working week. */
export function weekendDays(pattern: WeekendPattern): readonly number[] {
  return pattern === "FRI_SAT" ? [5, 6] : [6, 0];
}

function normaliseStateName(name: string): string {
  return name
    .toUpperCase()
    .replace(/WILAYAH PERSEKUTUAN|W\.\s*P\.?/g, "")
    .replace(/[^A-Z]/g, "");
}

const NAME_ALIASES: Record<string, string> = {
  PULAUPINANG: "07",
  PENANG: "07",
  MALACCA: "04",
  MELAKA: "04",
  KUALALUMPUR: "14",
  LABUAN: "15",
  PUTRAJAYA: "16",
  NEGERISEMBILAN: "05",
};

/** Finds a state from how KPM's list or a person writes it ("NEGERI SEMBILAN", "WP KUALA LUMPUR", "05"). */
export function stateCodeFromName(value: string): string | undefined {
  const trimmed = value.trim();
  if (BY_CODE.has(trimmed)) return trimmed;
  if (/^\d$/.test(trimmed) && BY_CODE.has(`0${trimmed}`)) return `0${trimmed}`;
  const key = normaliseStateName(trimmed);
  if (!key) return undefined;
  if (NAME_ALIASES[key]) return NAME_ALIASES[key];
  return STATES.find((s) => normaliseStateName(s.name) === key)?.code;
}
