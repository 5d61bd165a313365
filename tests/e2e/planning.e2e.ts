import Holidays from "date-holidays";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectNoHorizontalScroll, expectPage, launchBrowser, newContext, signIn } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const negeriSembilanHolidays = new Holidays("MY", "05");
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** A Saturday a few weeks ahead and a working Wednesday after it that is not a holiday. */
function testDates() {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + 21);
  while (day.getUTCDay() !== 6) day.setUTCDate(day.getUTCDate() + 1);
  const saturday = iso(day);
  day.setUTCDate(day.getUTCDate() + 4);
  while (negeriSembilanHolidays.isHoliday(new Date(`${iso(day)}T04:00:00Z`))) day.setUTCDate(day.getUTCDate() + 7);
  return { saturday, wednesday: iso(day) };
}

describe("a Negeri Sembilan coordinator plans a school visit", () => {
  it("sees the weekend warning on a Saturday, saves on a weekday, finds it in the calendar, switches language and signs out", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const { saturday, wednesday } = testDates();
    const title = `Sesi Advokasi SK Chembong ${wednesday}`;

    await signIn(page, "penyelaras.ns@kasih.test");
    await page.getByRole("heading", { level: 1, name: /Selamat datang/ }).waitFor();
    await expectAccessible(page);

    await page.getByRole("link", { name: "Jadualkan acara" }).first().click();
    await page.getByRole("heading", { name: "Jadualkan acara" }).waitFor();
    await expectAccessible(page);
    await page.getByLabel("Tajuk").fill(title);
    await page.getByLabel("Sekolah", { exact: true }).fill("NBA6001");
    await page.getByLabel("Lokasi (dewan, bilik)").fill("Dewan Terbuka");
    await page.getByLabel("Mula", { exact: true }).fill(`${saturday}T14:00`);
    await page.getByLabel("Tamat", { exact: true }).fill(`${saturday}T16:00`);
    await page.getByLabel("Kapasiti").fill("120");
    await page.getByRole("button", { name: "Simpan acara" }).click();

    const warning = page.getByRole("status").filter({ hasText: "hujung minggu" });
    await warning.waitFor();
    await expectPage(warning).toContainText("ialah hujung minggu di Negeri Sembilan (Sabtu–Ahad)");
    // Beside the date fields, where the coordinator is looking (it used to sit ~900 px below them).
    const dates = (await page.getByLabel("Tamat", { exact: true }).boundingBox())!;
    const shown = (await warning.boundingBox())!;
    expect(shown.y - (dates.y + dates.height)).toBeLessThan(120);
    expect(new URL(page.url()).pathname).toBe("/events/new");
    // What was typed is still there.
    await expectPage(page.getByLabel("Tajuk")).toHaveValue(title);

    await page.getByLabel("Mula", { exact: true }).fill(`${wednesday}T14:00`);
    await page.getByLabel("Tamat", { exact: true }).fill(`${wednesday}T16:00`);
    await Promise.all([
      page.waitForResponse((response) => response.request().method() === "POST"),
      page.getByRole("button", { name: "Simpan acara" }).click(),
    ]);
    // A weekday: no weekend warning. What the calendar data cannot tell yet (school breaks not
    // recorded that far, holidays not checked for the year) is said too, and saved once acknowledged.
    const saved = page.getByRole("heading", { level: 1, name: title });
    const acknowledge = page.getByLabel("Saya sudah menyemak amaran ini dan mahu menyimpan juga.");
    await page.waitForLoadState("networkidle");
    if (await acknowledge.isVisible()) {
      await expectPage(page.getByRole("status").filter({ hasText: "hujung minggu" })).toHaveCount(0);
      await acknowledge.check();
      await page.getByRole("button", { name: "Simpan acara" }).click();
    }
    await saved.waitFor();
    await page.getByRole("status").filter({ hasText: "Acara disimpan sebagai draf." }).waitFor();
    await expectPage(page.getByText("Draf", { exact: true }).first()).toBeAttached();
    await expectAccessible(page);

    await page.goto(`/events/calendar?month=${wednesday.slice(0, 7)}`);
    const link = page.getByRole("link", { name: new RegExp(title) });
    await link.waitFor();
    await expectAccessible(page);
    await link.click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor();

    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Events" }).waitFor();
    await page.getByRole("link", { name: "Download .ics" }).waitFor();
    // The choice persists to the next page.
    await page.goto("/events");
    await page.getByRole("heading", { level: 1, name: "Events" }).waitFor();

    // Back to Bahasa Melayu (the choice is also kept on the account for the next sign-in).
    await page.getByRole("button", { name: "Bahasa Melayu" }).click();
    await page.getByRole("heading", { level: 1, name: "Acara" }).waitFor();

    await page.getByRole("button", { name: "Log keluar" }).click();
    await page.getByRole("heading", { level: 1, name: "Log masuk" }).waitFor();
    await page.goto("/events");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await context.close();
  });
});

describe("forms without JavaScript (a weak connection)", () => {
  it("a bad programme form comes back with translated messages beside the fields and the typed values kept", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, "penyelaras.ns@kasih.test");
    await page.goto("/programmes/new");
    await page.getByLabel("Nama program").fill("   ");
    await page.getByLabel("Tahun").fill("");
    await page.getByLabel("Keterangan").fill("Program untuk daerah Jempol");
    await page.getByLabel("Sekolah", { exact: true }).fill("-20");
    await page.getByRole("button", { name: "Cipta program" }).click();
    await page.waitForLoadState("domcontentloaded");
    const titleField = page.getByLabel("Nama program");
    await expectPage(titleField).toHaveAttribute("aria-invalid", "true");
    const describedBy = (await titleField.getAttribute("aria-describedby"))!;
    await expectPage(page.locator(`[id="${describedBy}"]`)).toContainText("Sila isi ruangan ini.");
    await expectPage(page.getByLabel("Keterangan")).toHaveValue("Program untuk daerah Jempol");
    await expectPage(page.getByLabel("Sekolah", { exact: true })).toHaveValue("-20");
    await expectPage(page.getByText("Nilai paling kecil ialah 0.")).toHaveCount(1);
    await context.close();
  });
});

describe("phone width", () => {
  it("sign-in, dashboard, events and schools fit a phone screen and pass axe", async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await signIn(page, "guru.ampangan@kasih.test");
    for (const url of ["/dashboard", "/events?when=all", "/schools", "/events/calendar"]) {
      await page.goto(url);
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
    }
    await context.close();
  });
});
