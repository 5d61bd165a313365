import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, newContext, signIn } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function registrationLink(page: Page): Promise<string> {
  await signIn(page, "guru.ampangan@kasih.test");
  await page
    .getByRole("link", { name: /SMK SERI AMPANGAN/ })
    .first()
    .click();
  await page.getByRole("heading", { level: 1, name: /SMK SERI AMPANGAN/ }).waitFor();
  const link = await page.getByRole("link", { name: /\/r\// }).getAttribute("href");
  return new URL(link!).pathname;
}

/** The message the "Save to WhatsApp" link opens WhatsApp with. */
async function savedText(page: Page, name: string): Promise<string> {
  const href = await page.getByRole("link", { name }).getAttribute("href");
  expect(href).toMatch(/^https:\/\/wa\.me\/\?text=/);
  return new URL(href!).searchParams.get("text")!;
}

describe("Save to WhatsApp, with no WhatsApp account configured", () => {
  // The waitlisted and cancelled wording: whatsapp.test.ts, on the page's loader.
  it("a parent with a phone only keeps her personal link by WhatsApp", async () => {
    const staffContext = await newContext(browser, { phone: true });
    const link = await registrationLink(await staffContext.newPage());
    await staffContext.close();

    const context = await newContext(browser, { phone: true });
    const parent = await context.newPage();
    await parent.goto(link);
    await parent.getByRole("heading", { name: "Daftar untuk sesi ini" }).waitFor();
    // The channel is not configured: the form does not ask about WhatsApp messages.
    await expect(parent.getByRole("checkbox", { name: /mesej WhatsApp/ }).count()).resolves.toBe(0);
    await parent.getByLabel("Nama penuh").fill("Puan Rosnah binti Ali");
    await parent.getByLabel("Nombor telefon bimbit").fill("013-456 7821");
    await parent.getByRole("radio", { name: "Ahli PIBG" }).check();
    await parent.getByRole("checkbox", { name: /Saya telah membaca notis privasi/ }).check();
    await parent.getByRole("button", { name: "Daftar" }).click();
    await parent.getByText("Pendaftaran berjaya.", { exact: false }).waitFor();

    const personalPath = new URL(parent.url()).pathname;
    expect(personalPath).toMatch(/^\/registration\/[\w-]+$/);
    const text = await savedText(parent, "Simpan ke WhatsApp");
    expect(text).toContain("Pendaftaran saya:");
    expect(text).toContain("SMK SERI AMPANGAN");
    expect(text).toMatch(new RegExp(`https?://[^\\s]+${personalPath}(\\s|$)`));
    expect(text).toContain("Talian Kasih 15999");
    await expectAccessible(parent);

    await context.close();
  });
});
