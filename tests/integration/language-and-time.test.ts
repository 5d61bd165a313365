import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatMalaysia, malaysiaDateKey, parseMalaysiaDateTime, toMalaysiaInputValue } from "../../app/modules/calendar/malaysia-time";
import { en } from "../../app/modules/i18n/catalogue.en";
import { labels } from "../../app/modules/i18n/labels";
import { ms } from "../../app/modules/i18n/catalogue.ms";
import { errorMessage, translate, translateError } from "../../app/modules/i18n/i18n";

/** `{name}` and `{name, plural, …}` in a message (the words inside a plural's branches are not placeholders). */
const placeholderNames = (message: string) =>
  [...message.replace(/(=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\}/g, "").matchAll(/\{(\w+)[},]/g)].map((m) => m[1]);

describe("catalogues", () => {
  it("have the same keys and no empty messages", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ms).sort());
    for (const [key, value] of [...Object.entries(ms), ...Object.entries(en)]) {
      expect(value.trim(), key).not.toBe("");
    }
  });

  it("use the same placeholders in both languages", () => {
    const placeholders = (s: string) => [...new Set(placeholderNames(s))].sort();
    for (const key of Object.keys(ms) as (keyof typeof ms)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(ms[key]));
    }
  });

  it("every message key used in the code exists, under every prefix the catalogue has", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    // Every first part of a key ("errors", "checkIn", "privacy" …), so a new prefix is covered the day it is added.
    const prefixes = [...new Set(Object.keys(ms).map((key) => key.split(".")[0]))];
    expect(prefixes.length).toBeGreaterThan(40);
    const quoted = new RegExp(`["'\`]((?:${prefixes.join("|")})\\.[A-Za-z0-9_.]+)["'\`|]`, "g");
    const used = new Map<string, string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.startsWith("catalogue.")) {
          for (const m of fs.readFileSync(full, "utf8").matchAll(quoted)) used.set(m[1], path.relative(root, full));
        }
      }
    };
    walk(path.join(root, "app"));
    walk(path.join(root, "emails"));
    // An enumeration's prefix (labels.ts: enumLabel("event.status", …)) is not a key; its values are checked in enum-labels.test.ts.
    const enumPrefixes = new Set<string>(Object.values(labels).map((l) => l.prefix));
    const missing = [...used].filter(([key]) => !(key in ms) && !key.endsWith(".") && !enumPrefixes.has(key));
    expect(missing).toEqual([]);
    // The scan sees keys of many prefixes, not just a few.
    expect(new Set([...used.keys()].map((key) => key.split(".")[0])).size).toBeGreaterThan(30);
  });

  it("says one and many in English by its plural rules, and needs no plural in Malay", () => {
    expect(translate("en", "pagination.summary", { page: 1, pageCount: 1, total: 1 })).toBe("Page 1 of 1 · 1 record");
    expect(translate("en", "pagination.summary", { page: 1, pageCount: 1, total: 0 })).toBe("Page 1 of 1 · 0 records");
    expect(translate("en", "checkIn.offlinePending", { count: 1 })).toMatch(/^No connection: 1 record is kept/);
    expect(translate("en", "checkIn.offlinePending", { count: 3 })).toMatch(/^No connection: 3 records are kept/);
    expect(translate("ms", "pagination.summary", { page: 1, pageCount: 1, total: 1 })).toBe("Halaman 1 daripada 1 · 1 rekod");
    // No English message says "1 records": every count-like placeholder set to 1, every plural chosen.
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const names = placeholderNames(en[key]);
      const text = translate("en", key, Object.fromEntries(names.map((name) => [name, 1])));
      expect(text, key).not.toMatch(
        /\b1 (records|rows|schools|participants|pupils|people|minutes|characters|places|stars|registrations|consents|months) /,
      );
      expect(text, key).not.toMatch(/\{\w+, plural/);
    }
  });

  it("fills parameters and falls back to a generic message for unknown keys", () => {
    expect(translateError("en", errorMessage("errors.tooLong", { max: 200 }))).toBe("Too long: at most 200 characters.");
    expect(translateError("ms", "Invalid input: expected string")).toBe(ms["errors.invalid"]);
    expect(translate("ms", "pagination.summary", { page: 2, pageCount: 5, total: 120 })).toBe("Halaman 2 daripada 5 · 120 rekod");
  });
});

describe("Malaysian time, on a server in New York", () => {
  it("runs these tests in another zone", () => {
    expect(new Date("2026-07-01T12:00:00Z").getTimezoneOffset()).not.toBe(-480);
  });

  it("reads form times as Malaysian time and shows them back the same", () => {
    const instant = parseMalaysiaDateTime("2024-04-23T08:30")!;
    expect(instant.toISOString()).toBe("2024-04-23T00:30:00.000Z");
    expect(toMalaysiaInputValue(instant)).toBe("2024-04-23T08:30");
    expect(formatMalaysia(instant, "weekdayDate", "ms")).toBe("Selasa, 23 April 2024");
    expect(formatMalaysia(instant, "weekdayDate", "en")).toBe("Tuesday, 23 April 2024");
  });

  it("puts 11 pm UTC on the next Malaysian day", () => {
    expect(malaysiaDateKey(new Date("2026-12-07T23:00:00Z"))).toBe("2026-12-08");
  });

  it("gives each instant the day the time zone's rules give it, before 1982's change of offset and after", () => {
    const rules = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kuala_Lumpur" });
    const byRules = (instant: Date) => rules.format(instant);
    // Every quarter hour across New Year 1982 (UTC+7:30, then UTC+8), then every 43 hours 7 minutes to 2100.
    const instants = [];
    for (let t = Date.UTC(1981, 11, 30); t < Date.UTC(1982, 0, 3); t += 15 * 60_000) instants.push(new Date(t));
    for (let t = Date.UTC(1982, 0, 3); t < Date.UTC(2100, 0, 1); t += 2587 * 60_000) instants.push(new Date(t));
    const wrong = instants.filter((instant) => malaysiaDateKey(instant) !== byRules(instant));
    expect(wrong).toEqual([]);
    expect(malaysiaDateKey(new Date("1981-12-31T16:15:00Z"))).toBe("1982-01-01");
    expect(malaysiaDateKey(new Date("1981-12-31T16:15:00Z").getTime() - 30 * 60_000)).toBe("1981-12-31");
  });

  it("rejects impossible dates", () => {
    expect(parseMalaysiaDateTime("2026-02-30T09:00")).toBeNull();
    expect(parseMalaysiaDateTime("2026-12-08 09:00")).toBeNull();
    expect(parseMalaysiaDateTime("")).toBeNull();
  });
});
