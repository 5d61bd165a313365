import { z } from "zod";
import { parseMalaysiaDateTime } from "~/modules/calendar/malaysia-time";
import { errorMessage } from "~/modules/i18n/i18n";
import { cleanMultiline, cleanText } from "./text";

// A check a schema gives no message (a repeated field, a file where text was expected) reports
// errors.invalid, so no library text reaches a reader (docs/decisions/004-messages-are-keys.md).
// jitless in the browser only: zod would otherwise probe for eval there, which the CSP refuses and
// reports. On the server zod compiles each object schema's check once, which every form's answer uses.
z.config({ customError: () => "errors.invalid", jitless: typeof document !== "undefined" });

/**
 * Cleans a text value; anything that is not one piece of text (a file, a repeated field) is left
 * as it is for the schema to refuse, rather than stored as "[object File]" or "a,b".
 */
export function cleanInput(v: unknown, clean: (value: unknown) => string = cleanText): unknown {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" && typeof v !== "number") return v;
  const cleaned = clean(v);
  return cleaned === "" ? undefined : cleaned;
}

const missingOrInvalid = (issue: { input?: unknown }) => (issue.input === undefined ? "errors.required" : "errors.invalid");

/**
 * Field builders every form schema uses, so the same input gets the same treatment and the same
 * translated messages everywhere. Messages are catalogue keys (see i18n.translateError).
 */
export function requiredText(max: number) {
  return z.preprocess(
    (v) => cleanInput(v),
    z.string({ error: missingOrInvalid }).min(1, "errors.required").max(max, errorMessage("errors.tooLong", { max })),
  );
}

export function optionalText(max: number) {
  return z.preprocess((v) => cleanInput(v), z.string().max(max, errorMessage("errors.tooLong", { max })).optional());
}

export function optionalMultiline(max: number) {
  return z.preprocess((v) => cleanInput(v, cleanMultiline), z.string().max(max, errorMessage("errors.tooLong", { max })).optional());
}

/** "1,200" → 1200; "" → undefined; anything else stays text so the schema can say it is not a number. */
function readNumber(v: unknown) {
  if (typeof v === "number") return v;
  if (v !== undefined && v !== null && typeof v !== "string") return v;
  const cleaned = cleanText(v).replace(/[,\s]/g, "");
  if (cleaned === "") return undefined;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : cleaned;
}

function wholeNumber(min: number, max: number) {
  return z
    .number({ error: (issue) => (issue.input === undefined ? "errors.required" : "errors.notNumber") })
    .int("errors.notWholeNumber")
    .min(min, errorMessage("errors.tooSmall", { min }))
    .max(max, errorMessage("errors.tooLarge", { max }));
}

export function optionalInt(min: number, max: number) {
  return z.preprocess(readNumber, wholeNumber(min, max).optional());
}

export function requiredInt(min: number, max: number) {
  return z.preprocess(readNumber, wholeNumber(min, max));
}

export function optionalEmail() {
  return z.preprocess(
    (v) => {
      const cleaned = cleanInput(v);
      return typeof cleaned === "string" ? cleaned.toLowerCase() : cleaned;
    },
    z
      .string()
      .max(254, errorMessage("errors.tooLong", { max: 254 }))
      .email("errors.email")
      .optional(),
  );
}

export function requiredChoice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((v) => (v === "" || v === null ? undefined : v), z.enum(values, { error: "errors.choose" }));
}

/**
 * A single checkbox. Browsers send its field only when it is ticked, so a missing field is false,
 * always: a default of true here once made unticking "active" do nothing. There is deliberately no
 * way to give it another default; a form that starts ticked says so in its default values.
 */
export function checkbox() {
  return z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
}

/**
 * A group of checkboxes sharing one name, read as the list of ticked values: none ticked is an
 * empty list, one ticked a list of one. `list` says what may be in it (and how many).
 */
export function checkboxList<T extends z.ZodArray<z.ZodType>>(list: T) {
  return z.preprocess((v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]), list);
}

/** A datetime-local value read as Malaysian time. */
function readMalaysiaDateTime(v: unknown) {
  if (v instanceof Date) return v;
  if (typeof v !== "string" || v.trim() === "") return undefined;
  return parseMalaysiaDateTime(v) ?? "invalid";
}

export function requiredMalaysiaDateTime() {
  return z.preprocess(
    readMalaysiaDateTime,
    z.date({ error: (issue) => (issue.input === undefined ? "errors.required" : "errors.dateTime") }),
  );
}

export function optionalMalaysiaDateTime() {
  return z.preprocess(readMalaysiaDateTime, z.date({ error: "errors.dateTime" }).optional());
}
