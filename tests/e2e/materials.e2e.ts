import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectPage, launchBrowser, newContext, signIn } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("materials at a session", () => {
  it("the administrator adds a pamphlet to the national catalogue; the coordinator receives 500, delivers 120 to the school's PIBG with an acknowledgement, and sees 380 left", async () => {
    const code = `RIS-E2E-${Date.now().toString(36).toUpperCase()}`;
    const adminContext = await newContext(browser);
    const admin = await adminContext.newPage();
    await signIn(admin, "admin@kasih.test");
    await admin.goto("/materials/new");
    await admin.getByLabel("Kod", { exact: true }).fill(code);
    await admin.getByLabel("Jenis", { exact: true }).selectOption("PAMPHLET");
    await admin.getByLabel("Unit", { exact: true }).fill("naskhah");
    await admin.getByLabel("Tajuk (Bahasa Melayu)").fill(`Risalah ujian ${code}`);
    await admin.getByLabel("Tajuk (English)").fill(`Test pamphlet ${code}`);
    await admin.getByRole("button", { name: "Simpan bahan" }).click();
    await admin.getByText("Bahan ditambah.").waitFor();
    await adminContext.close();

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "penyelaras.ns@kasih.test");
    // The catalogue is national: a state coordinator sees it, without the controls to change it.
    await page.goto(`/materials?q=${code}`);
    await page.getByRole("heading", { level: 1, name: "Bahan advokasi" }).waitFor();
    await expectPage(page.getByRole("link", { name: "Bahan baharu" })).toHaveCount(0);
    await expectPage(page.getByRole("link", { name: `Risalah ujian ${code}` })).toHaveCount(0);
    await page.getByText(`Risalah ujian ${code}`).waitFor();

    await page.goto("/stock");
    await expectAccessible(page);
    await page.getByText("Terima stok", { exact: true }).first().click();
    const receive = page.locator("form#stock-receive");
    await receive.getByLabel("Bahan").selectOption({ label: `${code} · Risalah ujian ${code}` });
    await receive.getByLabel("Kuantiti").fill("500");
    await receive.getByLabel("Rujukan").fill("KPWKM/HQ/E2E");
    await receive.getByRole("button", { name: "Terima stok" }).click();
    await page.getByText("Stok diterima.").waitFor();
    const row = () => page.getByRole("region", { name: "Baki stok" }).getByRole("row", { name: new RegExp(code) });
    await expectPage(row()).toContainText("500");

    await page.goto("/events");
    await page
      .getByRole("link", { name: /SMK SERI AMPANGAN/ })
      .first()
      .click();
    await page.getByRole("link", { name: "Bahan di acara" }).click();
    await page.getByRole("heading", { level: 1, name: "Bahan di acara" }).waitFor();
    await expectAccessible(page);
    // Plan 150 for the state office to pack; the suggestion stays beside it.
    await page.getByLabel(`Kuantiti dirancang: Risalah ujian ${code}`).fill("150");
    await page.getByRole("button", { name: "Simpan rancangan" }).click();
    await page.getByText("Rancangan bahan disimpan.").waitFor();
    await page.getByText(/Rancangan disimpan .* oleh Puan Rohana Abdul Karim/).waitFor();
    await expectPage(page.getByLabel(`Kuantiti dirancang: Risalah ujian ${code}`)).toHaveValue("150");
    // The state office prints what to pack from the saved plan.
    await page.getByRole("link", { name: "Senarai bahan (cetak)" }).click();
    await page.getByRole("heading", { level: 1, name: "Senarai bahan untuk dibawa" }).waitFor();
    await expectPage(page.getByRole("row", { name: new RegExp(code) })).toContainText("150");
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "Bahan di acara" }).waitFor();

    const form = page.locator("form#deliver");
    await expectPage(form.getByLabel("Diserahkan oleh").locator("option:checked")).toContainText(/Puan Rohana Abdul Karim/);
    await form.getByLabel("Bahan").selectOption({ label: `${code} · Risalah ujian ${code}` });
    await form.getByLabel("Kuantiti").fill("120");
    await form.getByRole("radio", { name: "PIBG sekolah" }).check();
    await form.getByLabel("Diterima oleh").fill("Encik Lim Boon Hock");
    await form.getByLabel("Jawatan").fill("Yang Dipertua PIBG");
    await form.getByRole("button", { name: "Simpan penyerahan" }).click();
    await page.getByText("Penyerahan direkodkan dan stok dikurangkan.").waitFor();
    // The form starts empty again: a second tap cannot save the same delivery twice (issue 16).
    await page.waitForFunction(
      () => (document.querySelector("form#deliver input[name=quantity]") as HTMLInputElement | null)?.value === "",
    );
    await expectPage(form.getByLabel("Jawatan")).toHaveValue("");

    const plan = page.getByRole("region", { name: "Rancangan bahan" }).getByRole("row", { name: new RegExp(code) });
    const planText = await plan.textContent();
    expect(planText).toContain("120");
    expect(planText).toContain("380");
    expect(
      await page
        .getByText(/PIBG SMK SERI AMPANGAN/)
        .first()
        .textContent(),
    ).toContain("120");
    await expectPage(page.getByText(/diterima oleh Encik Lim Boon Hock, Yang Dipertua PIBG/)).toHaveCount(1);

    await page.goto("/stock");
    await expectPage(row()).toContainText("380");
    await context.close();
  });
});
