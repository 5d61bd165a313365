import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectNoHorizontalScroll, expectPage, launchBrowser, newContext, signIn } from "./support/browser";

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
  await page
    .getByRole("link", { name: /SMK SERI AMPANGAN/ })
    .first()
    .click();
  await page.getByRole("heading", { level: 1, name: /SMK SERI AMPANGAN/ }).waitFor();
  const eventPath = new URL(page.url()).pathname;
  const link = await page.getByRole("link", { name: /\/r\// }).getAttribute("href");
  return { link: new URL(link!).pathname, eventPath };
}

/** "12/25 Guru" in the totals by category: present and expected. */
async function categoryTotal(page: Page, label: string): Promise<{ attended: number; expected: number }> {
  const item = page.getByRole("list", { name: "Kehadiran mengikut kategori" }).getByRole("listitem").filter({ hasText: label });
  const [, attended, expected] = (await item.textContent())!.match(/(\d+)\s*\/\s*(\d+)/)!;
  return { attended: Number(attended), expected: Number(expected) };
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
    await expectPage(teacher.getByText("Berdaftar: tempat anda disimpan.")).toHaveCount(1);
    await expectAccessible(teacher);
    await teacherContext.close();

    // The liaison teacher at the door.
    await staff.goto(`${eventPath}/check-in`);
    await staff.getByRole("heading", { name: "Daftar kehadiran" }).waitFor();
    await expectNoHorizontalScroll(staff);
    await expectAccessible(staff);
    const total = staff.getByText(/^\d+ hadir$/);
    const before = Number((await total.textContent())!.split(" ")[0]);
    const teachers = await categoryTotal(staff, "Guru");
    const community = await categoryTotal(staff, "Komuniti");
    await staff.getByLabel("Cari nama, 4 digit akhir telefon, atau kod").fill("norhayati");
    await staff.getByRole("button", { name: "Hadir Cikgu Norhayati binti Kassim" }).click();
    await staff.getByRole("button", { name: "Batal hadir Cikgu Norhayati binti Kassim" }).waitFor();
    await staff.getByText(`${before + 1} hadir`, { exact: true }).waitFor();
    await staff.getByText("Semua rekod telah dihantar.").waitFor();
    // She registered as a teacher: one more teacher present, as many expected as before.
    await expect.poll(() => categoryTotal(staff, "Guru")).toEqual({ attended: teachers.attended + 1, expected: teachers.expected });
    await expect.poll(() => categoryTotal(staff, "Komuniti")).toEqual(community);

    await staff.getByLabel("Nama penuh").fill("Encik Walk In Rahman");
    await staff.getByLabel("Kategori", { exact: true }).selectOption("COMMUNITY");
    await staff.getByRole("button", { name: "Tambah dan tanda hadir" }).click();
    await staff.getByText(`${before + 2} hadir`, { exact: true }).waitFor();
    await staff.getByText("Semua rekod telah dihantar.").waitFor();
    // A walk-in is both expected and present.
    await expect
      .poll(() => categoryTotal(staff, "Komuniti"))
      .toEqual({ attended: community.attended + 1, expected: community.expected + 1 });
    await expect.poll(() => categoryTotal(staff, "Guru")).toEqual({ attended: teachers.attended + 1, expected: teachers.expected });
    // The server agrees: the totals are the same after a reload.
    await staff.reload();
    await staff.getByText("Semua rekod telah dihantar.").waitFor();
    await expect
      .poll(() => categoryTotal(staff, "Komuniti"))
      .toEqual({ attended: community.attended + 1, expected: community.expected + 1 });
    await expect.poll(() => categoryTotal(staff, "Guru")).toEqual({ attended: teachers.attended + 1, expected: teachers.expected });

    await staff.goto(`${eventPath}/attendance`);
    await staff.getByRole("heading", { name: "Senarai kehadiran" }).waitFor();
    const sheet = staff.getByRole("table", { name: "Senarai kehadiran" });
    const norhayati = sheet.getByRole("row", { name: /Cikgu Norhayati binti Kassim/ });
    await expectPage(norhayati).toContainText("012-••••543");
    await expectPage(norhayati).toContainText("✓");
    await expectPage(sheet.getByRole("row", { name: /Encik Walk In Rahman/ })).toContainText("✓");
    await staffContext.close();
  });

  it("check-ins made with no signal are kept on the phone, survive a reload without signal, and are sent when it returns", async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    const { eventPath } = await registrationLink(page);
    await page.goto(`${eventPath}/check-in`);
    await page.getByText("Semua rekod telah dihantar.").waitFor();
    // The service worker has kept the page and its files.
    await page.getByText("Halaman ini boleh dibuka semula tanpa talian.", { exact: false }).waitFor({ timeout: 20_000 });
    const kept = await page.evaluate(async () =>
      (await (await caches.open("kasih-check-in-v1")).keys()).map((r) => new URL(r.url).pathname),
    );
    expect(kept).toContain(`${eventPath}/check-in`);
    expect(kept.some((path) => path.startsWith("/build/entry.client-"))).toBe(true);
    expect(kept.some((path) => path.startsWith("/build/routes/_app.events.$eventId.check-in-"))).toBe(true);
    expect(kept.some((path) => path.endsWith(".css"))).toBe(true);
    const firstPending = page.getByRole("button", { name: /^Hadir / }).first();
    const name = (await firstPending.textContent())!.replace(/^Hadir\s*/, "").trim();

    await context.setOffline(true);
    await page.evaluate(() => window.dispatchEvent(new Event("offline")));
    await firstPending.click();
    await page.getByText(/Tiada talian: 1 rekod disimpan/).waitFor();
    await page.getByRole("button", { name: `Batal hadir ${name}` }).waitFor();

    // Reloaded with no signal at all: the same screen, the list, and the check-in still waiting.
    await page.reload();
    await page.getByRole("heading", { name: "Daftar kehadiran" }).waitFor();
    await page.getByText(/Tiada talian: 1 rekod disimpan/).waitFor();
    await page.getByRole("button", { name: `Batal hadir ${name}` }).waitFor();
    await expectPage(page.getByRole("button", { name: /^Hadir / }).first()).toBeAttached();
    await expectPage(page.getByText("belum dihantar")).toHaveCount(1);

    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await page.getByText("Semua rekod telah dihantar.").waitFor({ timeout: 15_000 });
    await page.reload();
    await page.getByRole("button", { name: `Batal hadir ${name}` }).waitFor();
    await context.close();
  });

  it("when the server cannot be reached while the phone believes it is online, the screen stays, says so, keeps check-ins and sends each once", async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    const { eventPath } = await registrationLink(page);
    // Everything the page sends from now on passes here: refused while `reachable` is false (wifi
    // without internet, or the server down), otherwise recorded and passed on.
    let reachable = true;
    let refusedSends = 0;
    const sent: { kind: string; clientId: string; registrationId?: string; fullName?: string }[] = [];
    await context.route("**/*", async (route) => {
      const request = route.request();
      if (!reachable) {
        if (request.method() === "POST" && request.url().includes("/api/events/")) refusedSends++;
        return route.abort("internetdisconnected");
      }
      if (request.method() === "POST" && request.url().includes("/api/events/"))
        sent.push(...(JSON.parse(request.postData() ?? "{}").ops ?? []));
      return route.continue();
    });
    await page.goto(`${eventPath}/check-in`);
    await page.getByText("Semua rekod telah dihantar.").waitFor();
    const before = Number((await page.getByText(/^\d+ hadir$/).textContent())!.split(" ")[0]);
    const firstPending = page.getByRole("button", { name: /^Hadir / }).first();
    const name = (await firstPending.textContent())!.replace(/^Hadir\s*/, "").trim();

    reachable = false;
    expect(await page.evaluate(() => navigator.onLine)).toBe(true);
    // The next refresh (every 20 seconds) fails: the screen says so and keeps its list.
    await page.getByText("Tiada talian. Rekod baharu akan disimpan dalam telefon ini", { exact: false }).waitFor({ timeout: 30_000 });
    await expectPage(page.getByText("Maaf, berlaku ralat")).toHaveCount(0);
    await page.getByRole("heading", { name: "Daftar kehadiran" }).waitFor();
    await page.getByText(/^Senarai terakhir dikemas kini pada /).waitFor();
    await page.getByRole("button", { name: `Hadir ${name}` }).waitFor();

    await page.getByRole("button", { name: `Hadir ${name}` }).click();
    await page.getByRole("button", { name: `Batal hadir ${name}` }).waitFor();
    await page.getByText(/Tiada talian: 1 rekod disimpan/).waitFor();
    await page.getByLabel("Nama penuh").fill("Puan Tanpa Talian Zainab");
    await page.getByLabel("Nombor telefon bimbit").fill("017-202 3030");
    await page.getByRole("button", { name: "Tambah dan tanda hadir" }).click();
    await page.getByText(/Tiada talian: 2 rekod disimpan/).waitFor();
    await expectPage(page.getByText("belum dihantar")).toHaveCount(2);
    await page.getByText(`${before + 2} hadir`, { exact: true }).waitFor();
    // A few attempts fail while the server is unreachable (the phone retries after 2, 4, 8 … seconds).
    await expect.poll(() => refusedSends, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(sent).toEqual([]);

    reachable = true;
    await page.getByText("Semua rekod telah dihantar.").waitFor({ timeout: 30_000 });
    expect(sent.filter((op) => op.kind === "check-in")).toHaveLength(1);
    expect(sent.filter((op) => op.kind === "walk-in")).toEqual([expect.objectContaining({ fullName: "Puan Tanpa Talian Zainab" })]);
    await expectPage(page.getByText("belum dihantar")).toHaveCount(0);

    // The server has each of them once.
    await page.reload();
    await page.getByRole("button", { name: `Batal hadir ${name}` }).waitFor();
    await page.getByText(`${before + 2} hadir`, { exact: true }).waitFor();
    await page.goto(`${eventPath}/attendance`);
    const sheet = page.getByRole("table", { name: "Senarai kehadiran" });
    await expectPage(sheet.getByRole("row", { name: /Puan Tanpa Talian Zainab/ })).toHaveCount(1);
    expect(
      await sheet
        .getByRole("row", { name: new RegExp(name) })
        .first()
        .textContent(),
    ).toContain("✓");
    await context.close();
  }, 90_000);

  it("an answer lost on the way back is sent again and counted once", async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    const { eventPath } = await registrationLink(page);
    let dropNextAnswer = false;
    let posts = 0;
    await context.route("**/api/events/**", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      posts += 1;
      if (!dropNextAnswer) return route.continue();
      // The server receives the queue and applies it; its answer never reaches the phone.
      dropNextAnswer = false;
      await route.fetch();
      return route.abort("connectionreset");
    });
    await page.goto(`${eventPath}/check-in`);
    await page.getByText("Semua rekod telah dihantar.").waitFor();
    const before = Number((await page.getByText(/^\d+ hadir$/).textContent())!.split(" ")[0]);
    dropNextAnswer = true;
    await page.getByLabel("Nama penuh").fill("Encik Jawapan Hilang");
    await page.getByRole("button", { name: "Tambah dan tanda hadir" }).click();
    await page.getByText(/Tiada talian: 1 rekod disimpan/).waitFor();
    await page.getByText("Semua rekod telah dihantar.").waitFor({ timeout: 20_000 });
    expect(posts).toBe(2);
    await page.reload();
    await page.getByText(`${before + 1} hadir`, { exact: true }).waitFor();
    await page.goto(`${eventPath}/attendance`);
    expect(
      await page
        .getByRole("table", { name: "Senarai kehadiran" })
        .getByRole("row", { name: /Encik Jawapan Hilang/ })
        .count(),
    ).toBe(1);
    await context.close();
  });

  it("a walk-in with a bad phone number is stopped beside the field on the phone; one the server refuses waits under Perlu perhatian until corrected", async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    const { eventPath } = await registrationLink(page);
    await page.goto(`${eventPath}/check-in`);
    await page.getByText("Semua rekod telah dihantar.").waitFor();

    await page.getByLabel("Nama penuh").fill("Puan Nombor Pendek");
    await page.getByLabel("Nombor telefon bimbit").fill("15999");
    await page.getByLabel("Sekolah atau organisasi").fill("PIBG SMK Seri Ampangan");
    await page.getByRole("button", { name: "Tambah dan tanda hadir" }).click();
    // The helpline's own number, copied from the poster: refused, with the reason (issue 16).
    await page.getByText("Ini nombor Talian Kasih (15999 / WhatsApp 019-2615999), bukan nombor peserta.", { exact: false }).waitFor();
    await expectPage(page.getByLabel("Nama penuh")).toHaveValue("Puan Nombor Pendek");
    await expectPage(page.getByLabel("Sekolah atau organisasi")).toHaveValue("PIBG SMK Seri Ampangan");
    await expectPage(page.getByText("Semua rekod telah dihantar.")).toHaveCount(1);
    await page.getByLabel("Nombor telefon bimbit").fill("");
    await page.getByLabel("Nama penuh").fill("");

    // A walk-in queued by an older version of the screen, which the server now refuses.
    const eventId = eventPath.split("/")[2];
    await page.evaluate((id) => {
      const op = {
        kind: "walk-in",
        clientId: "queued-before-update-1",
        fullName: "Encik Nombor Lama",
        phone: "15999",
        category: "COMMUNITY",
        organisation: "Taman Seri",
        at: new Date().toISOString(),
      };
      localStorage.setItem(`kasih-check-in:${id}`, JSON.stringify([op]));
    }, eventId);
    await page.reload();
    await page.getByRole("heading", { name: "Perlu perhatian (1)" }).waitFor();
    await page.getByText("1 rekod tidak diterima oleh pelayan.", { exact: false }).waitFor();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Betulkan Peserta hadir terus: Encik Nombor Lama" }).click();
    await expectPage(page.getByRole("heading", { name: /Perlu perhatian/ })).toHaveCount(0);
    await expectPage(page.getByLabel("Nama penuh")).toHaveValue("Encik Nombor Lama");
    await expectPage(page.getByLabel("Sekolah atau organisasi")).toHaveValue("Taman Seri");
    const phone = page.getByLabel("Nombor telefon bimbit");
    await expectPage(phone).toHaveValue("15999");
    await expectPage(phone).toHaveAttribute("aria-invalid", "true");
    // The helpline's own number, copied from the poster: refused, with the reason (issue 16).
    await page.getByText("Ini nombor Talian Kasih (15999 / WhatsApp 019-2615999), bukan nombor peserta.", { exact: false }).waitFor();
    await phone.fill("013-777 8888");
    await page.getByRole("button", { name: "Tambah dan tanda hadir" }).click();
    await page.getByText("Semua rekod telah dihantar.").waitFor();
    await page.reload();
    await page.getByRole("button", { name: "Batal hadir Encik Nombor Lama" }).waitFor();
    await context.close();
  });

  it("without JavaScript, a walk-in with a bad phone number comes back with the message and what was typed", async () => {
    const staffContext = await newContext(browser, { phone: true });
    const { eventPath } = await registrationLink(await staffContext.newPage());
    const cookies = await staffContext.cookies();
    await staffContext.close();
    const context = await newContext(browser, { phone: true, javaScriptEnabled: false });
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.goto(`${eventPath}/check-in`);
    await page.getByLabel("Nama penuh").fill("Cik Tanpa Skrip");
    await page.getByLabel("Nombor telefon bimbit").fill("12345");
    await page.getByLabel("Sekolah atau organisasi").fill("PIBG");
    await page.getByRole("button", { name: "Tambah dan tanda hadir" }).click();
    await page.getByText("Masukkan nombor telefon bimbit yang sah, contohnya 012-345 6789.").waitFor();
    await expectPage(page.getByLabel("Nama penuh")).toHaveValue("Cik Tanpa Skrip");
    await expectPage(page.getByLabel("Nombor telefon bimbit")).toHaveValue("12345");
    await page.getByLabel("Nombor telefon bimbit").fill("");
    await page.getByRole("button", { name: "Tambah dan tanda hadir" }).click();
    await page.getByText("Cik Tanpa Skrip ditambah dan hadir.").waitFor();
    await context.close();
  });
});
