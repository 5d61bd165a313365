/**
 * What the state office prints and downloads from the demo, read with other software: each page
 * printed to PDF by Chromium (as "Print → Save as PDF" does) and its text read back with poppler's
 * pdftotext; the launch's attendance export opened with read-excel-file.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { readSheet } from "read-excel-file/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/test-database";
import { expectPage, launchBrowser, newContext, signIn } from "./support/browser";

const FOLDER = path.join(ROOT, "tests/.artifacts/printouts");

let browser: Browser;
let context: BrowserContext;
let page: Page;
let visit: string;
beforeAll(async () => {
  fs.rmSync(FOLDER, { recursive: true, force: true });
  fs.mkdirSync(FOLDER, { recursive: true });
  browser = await launchBrowser();
  context = await newContext(browser);
  page = await context.newPage();
  await signIn(page, "penyelaras.ns@kasih.test");
  // The next visit, at SMK Seri Ampangan, has 45 people registered and a materials plan's suggestion.
  await page.goto("/events?when=upcoming");
  visit = (await page.getByRole("link", { name: "Sesi Advokasi KASIH Kanak-Kanak: SMK SERI AMPANGAN" }).first().getAttribute("href"))!;
});
afterAll(async () => {
  await browser?.close();
});

/** Prints the page as the browser's print dialog would, and reads each PDF page's text with pdftotext. */
async function printed(name: string): Promise<string[]> {
  await page.emulateMedia({ media: "print" });
  const file = path.join(FOLDER, `${name}.pdf`);
  await page.pdf({ path: file, format: "A4", printBackground: true });
  await page.emulateMedia({ media: "screen" });
  // pdftotext ends every page with a form feed.
  const pages = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).split("\f").slice(0, -1);
  return pages.map((text) => text.replace(/\s+/g, " ").trim());
}

/** In print: white paper to the bottom of the page, and the table's last row closed by a rule. */
async function expectPrintStyles() {
  await page.emulateMedia({ media: "print" });
  const styles = await page.evaluate(() => {
    const lastRow = [...document.querySelectorAll(".sheet__table tbody tr")].at(-1);
    return {
      root: getComputedStyle(document.documentElement).backgroundColor,
      body: getComputedStyle(document.body).backgroundColor,
      lastRowBorders: [...(lastRow?.querySelectorAll("td") ?? [])].map((td) => getComputedStyle(td).borderBottomWidth),
    };
  });
  await page.emulateMedia({ media: "screen" });
  expect(styles.root).toBe("rgb(255, 255, 255)");
  expect(styles.body).toBe("rgb(255, 255, 255)");
  expect(styles.lastRowBorders.length).toBeGreaterThan(0);
  expect(new Set(styles.lastRowBorders)).toEqual(new Set(["1px"]));
}

describe("printouts, as PDF", () => {
  it("the invitation letter prints the letter, not the list of invitations", async () => {
    await page.goto("/programmes");
    await page
      .getByRole("link", { name: /Negeri Sembilan Tahun (?!2024)\d{4}$/ })
      .first()
      .click();
    await page.getByRole("link", { name: "Jemputan sekolah" }).click();
    const invitation = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("link", { name: "Cetak surat jemputan" }) })
      .first();
    const school = (await invitation.locator("strong").first().textContent())!.trim();
    await invitation.getByRole("link", { name: "Cetak surat jemputan" }).click();
    await page.getByRole("heading", { level: 1, name: /^JEMPUTAN MENGADAKAN SESI ADVOKASI PERLINDUNGAN KANAK-KANAK/ }).waitFor();
    await expectPage(page.getByRole("button", { name: "Hantar jemputan" })).toHaveCount(0);

    const pages = await printed("surat-jemputan");
    expect(pages).toHaveLength(1);
    for (const expected of [
      "Jabatan Kebajikan Masyarakat",
      school,
      "Tuan/Puan,",
      "JEMPUTAN MENGADAKAN SESI ADVOKASI PERLINDUNGAN KANAK-KANAK: PROGRAM ADVOKASI PERLINDUNGAN KANAK-KANAK",
      "Sekian, terima kasih.",
      "Puan Rohana Abdul Karim",
      "Talian Kasih 15999 · WhatsApp 019-2615999",
    ])
      expect(pages[0]).toContain(expected);
    // Nothing of the screen around it: no navigation, no invitation list, no print button.
    for (const absent of ["Hantar jemputan", "Rekod jawapan sekolah", "Cetak", "Log keluar"]) expect(pages[0]).not.toContain(absent);
  });

  it("the attendance sheet: every registered name, the blank rows, the header on each page, the helpline at the end", async () => {
    await page.goto(visit);
    await page.getByRole("link", { name: "Senarai kehadiran (cetak)" }).click();
    await page.getByRole("heading", { level: 1, name: "Senarai kehadiran" }).waitFor();
    const names = await page.locator(".sheet__table tbody tr:not(.sheet__blank) td:nth-child(2)").allTextContents();
    // 45 in the demo, and anyone other browser tests have registered since.
    expect(names.length).toBeGreaterThanOrEqual(45);
    await expectPrintStyles();

    const pages = await printed("senarai-kehadiran");
    expect(pages.length).toBeGreaterThan(1);
    const all = pages.join(" ");
    // A long name wraps in its narrow column, and the text of a table cell comes out a line at a time.
    const words = new Set(all.split(" "));
    for (const name of names) for (const word of name.trim().split(/\s+/)) expect(words, name).toContain(word);
    // The table's header on every page it runs over (the note and helpline may end on a page of their own).
    for (const [i, text] of pages.slice(0, -1).entries()) {
      expect(text, `page ${i + 1}`).toContain("Nama penuh");
      expect(text, `page ${i + 1}`).toContain("Tandatangan");
    }
    expect(pages[0]).toContain("Sesi Advokasi KASIH Kanak-Kanak: SMK SERI AMPANGAN");
    // Ten blank rows for walk-ins after the last person.
    expect(all).toMatch(new RegExp(`\\b${names.length + 10}\\b`));
    expect(pages.at(-1)).toContain("Talian Kasih 15999 · WhatsApp 019-2615999");
    expect(all).not.toContain("Log keluar");
  });

  it("the packing list: the plan's materials, the sign-off lines and the helpline on one page", async () => {
    await page.goto(`${visit}/packing-list`);
    await page.getByRole("heading", { level: 1, name: "Senarai bahan untuk dibawa" }).waitFor();
    const codes = await page.locator(".sheet__table tbody code").allTextContents();
    expect(codes.length).toBeGreaterThan(2);
    await expectPrintStyles();

    const pages = await printed("senarai-bahan");
    expect(pages).toHaveLength(1);
    for (const expected of [
      "Senarai bahan untuk dibawa",
      "Sesi Advokasi KASIH Kanak-Kanak: SMK SERI AMPANGAN",
      ...codes,
      "Disediakan oleh",
      "Diterima di acara oleh",
      "Talian Kasih 15999 · WhatsApp 019-2615999",
    ])
      expect(pages[0]).toContain(expected);
  });

  it("the poster: what, when, where, how to register and the helpline, on one page", async () => {
    await page.goto(`${visit}/poster`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    const url = (await page.locator(".poster__url").textContent())!;
    expect(url).toMatch(/\/r\/[a-z0-9]+$/);

    const pages = await printed("poster");
    expect(pages).toHaveLength(1);
    // The visit was moved to today for the check-in tests, so its hours are whatever now is; late in
    // the Malaysian evening it runs past midnight, and the end then carries its own date.
    expect(pages[0]).toMatch(
      /\d{1,2}\.\d{2} (pagi|tengah hari|petang|malam) – (\d{1,2} [A-Z][a-z]+ \d{4}, )?\d{1,2}\.\d{2} (pagi|tengah hari|petang|malam)/,
    );
    for (const expected of [
      "Sesi Advokasi KASIH Kanak-Kanak: SMK SERI AMPANGAN",
      "Imbas untuk mendaftar",
      url,
      "Talian Kasih 15999 · WhatsApp 019-2615999",
    ])
      expect(pages[0]).toContain(expected);
  });
});

describe("dates people read", () => {
  it("the event page writes the approval date the Malaysian way", async () => {
    await page.goto(visit);
    await page.getByRole("link", { name: "Rekod kelulusan" }).click();
    // Checked in the browser as each field is left (this once crashed and sent the half-filled form).
    await page.getByLabel("Nombor rujukan").fill("JPNNS.600-1/2/3 Jld.2(15)");
    await page.getByLabel("Tarikh kelulusan").fill("2026-11-20");
    await page.getByLabel("Pejabat yang meluluskan").fill("PPD Seremban");
    await page.getByRole("button", { name: "Simpan", exact: true }).click();
    await page.getByText("Kelulusan disimpan.").waitFor();
    const approval = page.getByRole("definition").filter({ hasText: "JPNNS.600-1/2/3" });
    await expectPage(approval).toContainText("JPNNS.600-1/2/3 Jld.2(15), PPD Seremban, 20 November 2026");
    await expectPage(page.locator("main")).not.toContainText("2026-11-20");
  });

  it("the launch's attendance export, opened in another reader, has the real check-in times", async () => {
    await page.goto("/exports");
    await page.getByRole("radio", { name: "Kehadiran" }).check();
    await page.getByRole("radio", { name: "Excel (.xlsx)" }).check();
    await page
      .getByLabel("Program")
      .selectOption({ label: "Program Advokasi Perlindungan Kanak-Kanak: KASIH Kanak-Kanak Peringkat Negeri Sembilan Tahun 2024" });
    await page.getByRole("button", { name: "Mulakan eksport" }).click();
    await page.getByRole("heading", { name: "Sedia untuk dimuat turun" }).waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Muat turun" }).click()]);
    const [header, ...rows] = (await readSheet((await download.path())!)) as (string | number | Date | null)[][];
    const launch = rows.filter((r) => r[header.indexOf("Tajuk")] === "Pelancaran KASIH Kanak-Kanak Peringkat Negeri Sembilan 2024");
    const attended = launch.filter((r) => r[header.indexOf("Hadir")] === "Ya");
    expect(attended.length).toBeGreaterThan(100);
    for (const row of attended) {
      const checkedIn = row[header.indexOf("Masa hadir")];
      const registered = row[header.indexOf("Didaftarkan")];
      // Date cells in Malaysian time: people arrived between 8.00 and 8.30 on the launch morning.
      expect(checkedIn).toBeInstanceOf(Date);
      // Excel keeps a date as a fraction of days: read back it can be a millisecond off.
      const local = new Date(Math.round((checkedIn as Date).getTime() / 1000) * 1000).toISOString();
      expect(local.slice(0, 10)).toBe("2024-04-23");
      expect(local.slice(11, 16) >= "08:00" && local.slice(11, 16) <= "08:30").toBe(true);
      expect(registered).toBeInstanceOf(Date);
      expect((registered as Date).getTime()).toBeLessThan((checkedIn as Date).getTime());
    }
  });
});
