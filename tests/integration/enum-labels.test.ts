import { describe, expect, it } from "vitest";
import { adjustStock, receiveStock, stockLedgerTable } from "../../app/modules/materials/stock.server";
import { db } from "../../app/utils/db.server";
import { makeUser } from "../support/factories";
import { en } from "../../app/modules/i18n/catalogue.en";
import { ms } from "../../app/modules/i18n/catalogue.ms";
import { labels } from "../../app/modules/i18n/labels";
import { LANGUAGES, translator } from "../../app/modules/i18n/translate";

/** A value for every placeholder a label may have (a participant's status names their place in the queue). */
const ANY_PARAMS = new Proxy({}, { has: () => true, get: () => 1 }) as Record<string, number>;

/** Codes that are also the word people use, in both languages. */
const SAME_AS_CODE = new Set(["registration.category.PIBG", "material.audience.PIBG", "delivery.recipient.PIBG", "material.kind.PDF"]);

describe("every value of every enumeration has words in both languages", () => {
  for (const [name, label] of Object.entries(labels)) {
    it(`${name}: each value, in Malay and English, is a label and never the raw code`, () => {
      expect(label.values.length).toBeGreaterThan(0);
      for (const language of LANGUAGES) {
        const t = translator(language);
        for (const value of label.values) {
          const text = label(t, value, ANY_PARAMS);
          const key = `${label.prefix}.${value}`;
          expect(text, `${language} ${key}`).toBeTruthy();
          expect(text, `${language} ${key}`).not.toBe(key);
          expect(text, `${language} ${key}`).not.toMatch(/[{}]/);
          if (!SAME_AS_CODE.has(key) && /[A-Z_]{3,}/.test(value)) expect(text, `${language} ${key}`).not.toBe(value);
        }
        // The options a select offers are the same words.
        expect(label.options(t).map((o) => o.label)).toEqual(label.values.map((v) => label(t, v)));
      }
      // Both catalogues carry exactly these keys under the prefix: none missing, none left over.
      for (const catalogue of [ms, en]) {
        const keys = Object.keys(catalogue).filter((k) => k.startsWith(`${label.prefix}.`));
        expect(keys.sort(), `${name} keys`).toEqual(label.values.map((v) => `${label.prefix}.${v}`).sort());
      }
    });
  }

  it("shows free text and unknown codes as they are, and nothing for no value", () => {
    const t = translator("ms");
    expect(labels.stockReason(t, "DAMAGED")).toBe("Rosak");
    expect(labels.stockReason(t, "Dipulangkan oleh sekolah")).toBe("Dipulangkan oleh sekolah");
    expect(labels.registrationStatus(t, null)).toBe("");
  });
});

describe("no raw code where people read", () => {
  it("writes the stock ledger's reasons in words, in the export as on the page (it said DAMAGED)", async () => {
    const coordinator = await makeUser(db, { role: "COORDINATOR", stateCode: "05" });
    const material = await db.material.create({ data: { code: "RIS-9", titleMs: "Risalah", titleEn: "Pamphlet", kind: "PAMPHLET" } });
    await receiveStock(coordinator, { intent: "receive", stateCode: "05", materialId: material.id, quantity: 50, reference: "DO-1" });
    await adjustStock(coordinator, { intent: "adjust", stateCode: "05", materialId: material.id, quantity: -3, reason: "DAMAGED" });
    for (const [language, damaged, received] of [
      ["ms", "Rosak", "Diterima"],
      ["en", "Damaged", "Received"],
    ] as const) {
      const table = await stockLedgerTable(coordinator, {}, language);
      const reasonColumn = table.headers.indexOf(language === "ms" ? "Sebab" : "Reason");
      expect(table.rows.map((r) => r[reasonColumn])).toContain(damaged);
      expect(table.rows.flat()).not.toContain("DAMAGED");
      expect(table.rows.flat().join(" ")).toContain(received);
    }
  });
});
