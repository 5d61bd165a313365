import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectNoHorizontalScroll, launchBrowser, newContext, signIn } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The registration link of the next visit at SMK Seri Ampangan, as the coordinator shares it. */
async function registrationLink(page: Page): Promise<{ link: string; eventPath: string }> {
  await signIn(page, "guru.ampangan@kasih.test");
  await page.getByRole("link", { name: /SMK SERI AMPANGAN/ }).first().click();
  await page.getByRole("heading", { level: 1, name: /SMK SERI AMPANGAN/ }).waitFor();
  const eventPath = new URL(page.url()).pathname;
  const link = await page.getByRole("link", { name: /\/r\// }).getAttribute("href");
  return { link: new URL(link!).pathname, eventPath };
}

describe("registration and attendance on phones", () => {
  it("a teacher registers in BM from the link, the liaison checks her in by search and adds a walk-in, and the sheet shows both", async () => {
    const staffContext = await newContext(browser, { phone: true });
    const staff = await staffContext.newPage();
    const { link, eventPath } = await registrationLink(staff);

    // The teacher, on her own phone, with no account.
    const teacherContext = await newContext(browser, { phone: true });
    const teacher = await teacherContext.newPage();
    await teacher.goto(link);
    await teacher.getByRole("heading", { name: "Daftar untuk sesi ini" }).waitFor();
    await expectNoHorizontalScroll(teacher);
    await expectAccessible(teacher);
    await teacher.getByRole("button", { name: "Daftar" }).click();
    await teacher.getByText("Sila isi ruangan ini.").first().waitFor();
    await teacher.getByLabel("Nama penuh").fill("Cikgu Norhayati binti Kassim");
    await teacher.getByLabel("Nombor telefon bimbit").fill("012-987 6543");
    await teacher.getByLabel("E-mel").fill("norhayati@contoh.my");
    await teacher.getByRole("radio", { name: "Guru" }).check();
    await teacher.getByLabel("Sekolah atau organisasi").fill("SMK Seri Ampangan");
    await teacher.getByRole("checkbox", { name: /Saya telah membaca notis privasi/ }).check();
    await teacher.getByRole("button", { name: "Daftar" }).click();
    await teacher.getByText("Pendaftaran berjaya.", { exact: false }).waitFor();
    await teacher.getByRole("img", { name: /^[2-9A-HJ-NP-Z]{8}$/ }).waitFor();
    expect(await teacher.getByText("Berdaftar: tempat anda disimpan.").count()).toBe(1);
    await expectAccessible(teacher);
    await teacherContext.close();

    // The liaison teacher at the door.
    await staff.goto(`${eventPath}/check-in`);
    await staff.getByRole("heading", { name: "Daftar kehadiran" }).waitFor();
    await expectNoHorizontalScroll(staff);
    await expectAccessible(staff);
    const total = staff.getByText(/^\d+ hadir$/);
    const before = Number((await total.textContent())!.split(" ")[0]);
    await staff.getByLabel("Cari nama, 4 digit akhir telefon, atau kod").fill("norhayati");
    await staff.getByRole("button", { name: "Hadir Cikgu Norhayati binti Kassim" }).click();
    await staff.getByRole("button", { name: "Batal hadir Cikgu Norhayati binti Kassim" }).waitFor();
    await staff.getByText(`${before + 1} hadir`, { exact: true }).waitFor();
    await staff.getByText("Semua rekod telah dihantar.").waitFor();

    await staff.getByLabel("Nama penuh").fill("Encik Walk In Rahman");
    await staff.getByLabel("Kategori", { exact: true }).selectOption("COMMUNITY");
    await staff.getByRole("button", { name: "Tambah dan tanda hadir" }).click();
    await staff.getByText(`${before + 2} hadir`, { exact: true }).waitFor();
    await staff.getByText("Semua rekod telah dihantar.").waitFor();

    await staff.goto(`${eventPath}/attendance`);
    await staff.getByRole("heading", { name: "Senarai kehadiran" }).waitFor();
    const sheet = staff.getByRole("table", { name: "Senarai kehadiran" });
    const norhayati = sheet.getByRole("row", { name: /Cikgu Norhayati binti Kassim/ });
    expect(await norhayati.textContent()).toContain("012-••••543");
    expect(await norhayati.textContent()).toContain("✓");
    expect(await sheet.getByRole("row", { name: /Encik Walk In Rahman/ }).textContent()).toContain("✓");
    await staffContext.close();
  });

  it("check-ins made with no signal are kept on the phone and sent when it returns", async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    const { eventPath } = await registrationLink(page);
    await page.goto(`${eventPath}/check-in`);
    await page.getByText("Semua rekod telah dihantar.").waitFor();
    const firstPending = page.getByRole("button", { name: /^Hadir / }).first();
    const name = (await firstPending.textContent())!.replace(/^Hadir\s*/, "").trim();

    await context.setOffline(true);
    await page.evaluate(() => window.dispatchEvent(new Event("offline")));
    await firstPending.click();
    await page.getByText(/Tiada talian: 1 rekod disimpan/).waitFor();
    await page.getByRole("button", { name: `Batal hadir ${name}` }).waitFor();

    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await page.getByText("Semua rekod telah dihantar.").waitFor({ timeout: 15_000 });
    await page.reload();
    await page.getByRole("button", { name: `Batal hadir ${name}` }).waitFor();
    await context.close();
  });
});
