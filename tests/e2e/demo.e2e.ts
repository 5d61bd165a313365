import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext, signIn } from "./support/browser";

/**
 * The demo is made through the app's own functions (prisma/seed.ts), so it behaves like real use:
 * visits coming up have their automatic reminder, schools have an email and so got their letters
 * and receipts, and people who registered got their confirmation.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the demo, as real use leaves it", () => {
  it("a visit coming up has its automatic reminder scheduled", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "penyelaras.ns@kasih.test");
    await page.goto("/events?q=Kuala+Klawang");
    await page
      .getByRole("link", { name: /SK KUALA KLAWANG/ })
      .first()
      .click();
    await page.getByRole("link", { name: "E-mel susulan" }).click();
    await page.getByRole("heading", { level: 1, name: "E-mel susulan" }).waitFor();
    await page.getByText(/Peringatan automatik · Dijadualkan/).waitFor();
    await context.close();
  });

  it("the outbox holds the schools' letters and receipts and the participants' confirmations, sent when they happened", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "admin@kasih.test");
    for (const [template, label] of [
      ["school-invitation", "Jemputan sekolah"],
      ["materials-receipt", "Rekod penerimaan bahan"],
      ["registration-confirmation", null],
      ["follow-up", null],
    ] as const) {
      await page.goto(`/outbox?template=${template}&status=SENT`);
      const table = page.getByRole("region", { name: "Peti keluar e-mel" });
      await table.getByRole("row").nth(1).waitFor();
      const rows = await table.getByRole("row").count();
      expect(rows, template).toBeGreaterThan(1);
      if (label) await table.getByRole("link", { name: label }).first().waitFor();
      expect(await table.getByText("Dihantar").count(), template).toBe(rows - 1);
    }
    await context.close();
  });
});
