import fs from "node:fs";
import { parse } from "csv-parse/sync";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, expectPage, launchBrowser, newContext, signIn } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("reach and personal data, as the administrator", () => {
  it("filters the national dashboard to Negeri Sembilan, downloads the registrations, and erases one participant", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "admin@kasih.test");

    await page.goto("/dashboard");
    await page.getByRole("heading", { name: "Capaian mengikut negeri" }).waitFor();
    await page.getByLabel("Negeri", { exact: true }).selectOption({ label: "Negeri Sembilan" });
    await page.getByRole("button", { name: "Tapis" }).click();
    await page.waitForURL(/state=05/);
    await expectAccessible(page);
    // The national breakdown is gone once the figures are one state's.
    await expectPage(page.getByRole("heading", { name: "Capaian mengikut negeri" })).toHaveCount(0);
    const programme2024 = page.locator(".panel", { has: page.getByRole("heading", { name: /Negeri Sembilan Tahun 2024/ }) });
    await expectPage(programme2024.getByText("Murid dijangkau").locator("..")).toContainText("2,454 / 12,000");
    expect(
      await page
        .getByRole("region", { name: "Capaian berbanding keperluan" })
        .getByRole("row", { name: /Negeri Sembilan 2023 405/ })
        .count(),
    ).toBe(1);

    await page.getByRole("link", { name: "Eksport data ini" }).click();
    await page.getByRole("heading", { level: 1, name: "Eksport data" }).waitFor();
    await expectAccessible(page);
    await page.getByRole("radio", { name: "Pendaftaran" }).check();
    await page.getByRole("radio", { name: "CSV" }).check();
    await page.getByRole("button", { name: "Mulakan eksport" }).click();
    await page.getByRole("heading", { name: "Sedia untuk dimuat turun" }).waitFor({ timeout: 30_000 });
    const rows = Number((await page.getByText(/\d+ baris/).textContent())!.match(/(\d+) baris/)![1]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Muat turun" }).click()]);
    const [header, ...records] = parse(fs.readFileSync((await download.path())!, "utf8"), { bom: true }) as string[][];
    expect(records).toHaveLength(rows);
    const column = (label: string) => header.indexOf(label);
    expect(records.every((r) => r[column("Negeri")] === "Negeri Sembilan")).toBe(true);
    // Phones are masked unless full contacts were asked for.
    expect(records.every((r) => r[column("Nombor telefon bimbit")] === "" || r[column("Nombor telefon bimbit")].includes("••••"))).toBe(
      true,
    );

    // The first participant of the export asks to be forgotten.
    const name = records[0][column("Nama penuh")];
    await page.getByRole("link", { name: "Data peribadi" }).click();
    await page.getByLabel("Nama, nombor telefon atau e-mel").fill(name);
    await page.getByRole("button", { name: "Cari" }).click();
    // Names repeat in a state; the search lists everyone of that name.
    const matches = page.getByRole("link", { name, exact: true });
    await matches.first().waitFor();
    const sameName = await matches.count();
    await matches.first().click();
    await page.getByRole("heading", { level: 1, name }).waitFor();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Padam data peribadi" }).click();
    await page.getByText("Tandakan kotak ini untuk mengesahkan pemadaman.").waitFor();
    await page.getByLabel(`Saya sahkan permintaan untuk memadam data ${name}.`).check();
    await page.getByRole("button", { name: "Padam data peribadi" }).click();
    await page.getByText("Data peribadi peserta telah dipadam.").waitFor();
    await page.getByLabel("Nama, nombor telefon atau e-mel").fill(name);
    await page.getByRole("button", { name: "Cari" }).click();
    await page.waitForURL(/\?q=/);
    if (sameName === 1) await page.getByText("Tiada peserta sepadan.").waitFor();
    await expect.poll(() => matches.count(), { timeout: 10_000 }).toBe(sameName - 1);

    // The dashboard's figures are the same after the erasure.
    await page.goto("/dashboard?state=05");
    await expectPage(programme2024.getByText("Murid dijangkau").locator("..")).toContainText("2,454 / 12,000");
    await page.getByRole("link", { name: "Jejak audit" }).click();
    await page.getByRole("heading", { level: 1, name: "Jejak audit" }).waitFor();
    await expectPage(page.getByRole("row", { name: /Padam data peribadi/ }).first()).toBeAttached();
    await expectPage(page.getByRole("row", { name: /Eksport/ }).first()).toBeAttached();

    // Nothing the server printed names the participant.
    expect(fs.readFileSync(inject("serverLog"), "utf8")).not.toContain(name);
    await context.close();
  });
});
