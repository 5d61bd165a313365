import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectAccessible, expectPage, launchBrowser, newContext, PHONE, signIn } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("inviting schools and counting the children reached", () => {
  it("the coordinator invites three schools, one accepts and its visit appears, the liaison records 212 pupils, and the programme shows them", async () => {
    const coordinatorContext = await newContext(browser);
    const coordinator = await coordinatorContext.newPage();
    await signIn(coordinator, "penyelaras.ns@kasih.test");
    const title = `KASIH Kanak-Kanak Jemputan E2E ${Date.now()}`;

    await coordinator.goto("/programmes/new");
    await coordinator.getByLabel("Nama program").fill(title);
    await coordinator.getByLabel("Tahun").fill("2026");
    await coordinator.getByRole("button", { name: "Cipta program" }).click();
    await coordinator.getByRole("heading", { level: 1, name: title }).waitFor();
    const programmePath = new URL(coordinator.url()).pathname;

    await coordinator.getByRole("link", { name: "Jemputan sekolah" }).click();
    await coordinator.getByRole("heading", { level: 1, name: "Jemputan sekolah" }).waitFor();
    await expectAccessible(coordinator);
    for (const name of ["SMK SERI AMPANGAN", "SMK RANTAU", "SK RAHANG"]) {
      await coordinator.getByRole("checkbox", { name: new RegExp(`^${name} `) }).check();
    }
    await coordinator.getByLabel("Tarikh yang dicadangkan").fill("Selasa atau Rabu minggu hadapan");
    await coordinator.getByRole("button", { name: "Hantar jemputan" }).click();
    await coordinator.getByText(/3 sekolah dijemput/).waitFor();

    const invitation = coordinator.getByRole("listitem").filter({ hasText: "SMK SERI AMPANGAN" }).filter({ hasText: "Dijemput" });
    await invitation.getByText("Rekod jawapan sekolah").click();
    await invitation.getByLabel("Jawapan").selectOption("ACCEPTED");
    await invitation.getByLabel("Tarikh dipersetujui").fill("2026-11-17");
    await invitation.getByRole("button", { name: "Simpan SMK SERI AMPANGAN" }).click();
    await coordinator.getByText("Jemputan diterima: acara telah dicipta.").waitFor();
    await coordinator.getByRole("listitem").filter({ hasText: "SMK SERI AMPANGAN" }).getByRole("link", { name: "Buka acara" }).click();
    await coordinator.getByRole("heading", { level: 1, name: "Sesi Advokasi KASIH Kanak-Kanak: SMK SERI AMPANGAN" }).waitFor();
    await expectPage(coordinator.getByText(/Selasa, 17 November 2026/).first()).toBeAttached();
    const eventPath = new URL(coordinator.url()).pathname;

    // The school's liaison teacher, on a phone after the session.
    const liaisonContext = await browser.newContext({
      baseURL: coordinator.url().replace(/\/events.*/, ""),
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      locale: "ms-MY",
    });
    const liaison = await liaisonContext.newPage();
    await signIn(liaison, "guru.ampangan@kasih.test");
    await liaison.goto(`${eventPath}/pupils`);
    await liaison.getByRole("heading", { level: 1, name: "Murid dijangkau" }).waitFor();
    await expectAccessible(liaison);
    const counts: [string, string][] = [
      ["Tingkatan 1, Lelaki", "38"],
      ["Tingkatan 1, Perempuan", "41"],
      ["Tingkatan 2, Lelaki", "35"],
      ["Tingkatan 2, Perempuan", "36"],
      ["Tingkatan 3, Lelaki", "30"],
      ["Tingkatan 3, Perempuan", "32"],
    ];
    for (const [label, value] of counts) await liaison.getByLabel(label, { exact: true }).fill(value);
    await liaison.getByText("Jumlah: 212 murid").waitFor();
    await liaison.getByRole("button", { name: "Simpan bilangan murid" }).click();
    await liaison.getByText("212 murid direkodkan.").waitFor();
    await liaisonContext.close();

    await coordinator.goto(programmePath);
    const children = coordinator.locator(".figure").filter({ hasText: "Murid dijangkau" });
    await expectPage(children.locator(".figure__value")).toHaveText("212");
    await coordinatorContext.close();
  });
});
