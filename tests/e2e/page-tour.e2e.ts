import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labels } from "../../app/modules/i18n/labels";
import { accessibilityProblems, expectPage, horizontalOverflow, launchBrowser, newContext, signIn } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The values of the enumerations that are not also words people use (PIBG, PDF are). */
const RAW_CODES = new RegExp(
  `\\b(${Object.values(labels)
    .flatMap((label) => label.values as readonly string[])
    .filter((value) => /^[A-Z][A-Z_]{3,}$/.test(value) && !["PIBG"].includes(value))
    .join("|")})\\b`,
  "g",
);

/** Opens a page, lets it hydrate, and checks what every page owes its users. */
async function visit(page: Page, url: string, problems: string[], check: "axe" | "width") {
  const errors: string[] = [];
  const onConsole = (m: { type(): string; text(): string }) => {
    if (m.type() === "error") errors.push(m.text().slice(0, 200));
  };
  const onPageError = (e: Error) => errors.push(e.message.slice(0, 200));
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  const response = await page.goto(url);
  await page.waitForLoadState("networkidle");
  page.off("console", onConsole);
  page.off("pageerror", onPageError);
  if (!response || response.status() >= 400) problems.push(`${url}: HTTP ${response?.status()}`);
  const title = await page.title();
  if (!/ · KASIH Outreach$/.test(title) || title.startsWith("Maaf")) problems.push(`${url}: title "${title}"`);
  if (await page.getByText("Maaf, berlaku ralat").count()) problems.push(`${url}: error page`);
  if (errors.length) problems.push(`${url}: ${errors.join(" | ")}`);
  if (check === "axe") {
    // Codes never reach the Malay interface ("(ATTENDED)", "(LINK)", "DAMAGED" did); the audit trail
    // shows what was stored, as stored.
    if (!url.startsWith("/admin/audit")) {
      const codes = (await page.locator("main").innerText()).match(RAW_CODES);
      if (codes) problems.push(`${url}: raw codes ${[...new Set(codes)].join(", ")}`);
    }
    const axe = await accessibilityProblems(page);
    if (axe.length) problems.push(`${url}: ${axe.join("; ")}`);
  } else {
    // No page wider than a 360 px phone (tables scroll inside their own frame).
    const { overflow, culprits } = await horizontalOverflow(page);
    if (overflow > 1) problems.push(`${url}: ${overflow} px wider than the screen: ${culprits.join(", ")}`);
  }
}

async function firstHref(page: Page, url: string, pattern: RegExp): Promise<string> {
  await page.goto(url);
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const found = hrefs.find((h) => pattern.test(h));
  if (!found) throw new Error(`no link matching ${pattern} on ${url}`);
  return found;
}

/** A date about two months ahead, a Wednesday, as YYYY-MM-DD in Malaysia. */
function wednesdayAhead(): string {
  const date = new Date(Date.now() + 60 * 86_400_000);
  while (date.getUTCDay() !== 3) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Registers someone on the public form; answers the personal page they land on. */
async function register(page: Page, link: string, name: string, phone: string): Promise<string> {
  await page.goto(link);
  await page.getByLabel("Nama penuh").fill(name);
  await page.getByLabel("Nombor telefon bimbit").fill(phone);
  await page.getByRole("radio", { name: "Komuniti" }).check();
  await page.getByRole("checkbox", { name: /Saya telah membaca notis privasi/ }).check();
  await page.getByRole("button", { name: /^(Daftar|Sertai senarai menunggu)$/ }).click();
  await page.waitForURL(/\/registration\//);
  return new URL(page.url()).pathname;
}

/** Every page the tour visits, the states issue 16 asked for included; filled in by the first test. */
const urls: string[] = [];

describe("every page, as the administrator", () => {
  it("makes the states worth seeing: a draft, a full event, a waitlisted and a cancelled registration", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "admin@kasih.test");

    // A draft community session with one place.
    await page.goto("/events/new");
    const programme = page.getByLabel("Program", { exact: true });
    const nsNow = (await programme.locator("option").allTextContents()).find((o) => /Negeri Sembilan Tahun (?!2024)\d{4}/.test(o))!;
    await programme.selectOption({ label: nsNow });
    await page.getByLabel("Jenis acara").selectOption({ label: "Sesi komuniti" });
    await page.getByLabel("Tajuk").fill("Sesi komuniti lawatan halaman");
    await page.getByLabel("Negeri", { exact: true }).selectOption({ label: "Negeri Sembilan" });
    await page.getByLabel("Lokasi (dewan, bilik)").fill("Dewan Orang Ramai Rahang");
    const day = wednesdayAhead();
    await page.getByLabel("Mula", { exact: true }).fill(`${day}T09:00`);
    await page.getByLabel("Tamat", { exact: true }).fill(`${day}T12:00`);
    await page.getByLabel("Kapasiti").fill("1");
    await page.getByRole("button", { name: "Simpan acara" }).click();
    const acknowledge = page.getByLabel("Saya sudah menyemak amaran ini dan mahu menyimpan juga.");
    const saved = page.getByRole("heading", { level: 1, name: "Sesi komuniti lawatan halaman" });
    await Promise.race([saved.waitFor(), acknowledge.waitFor()]);
    if (await acknowledge.isVisible()) {
      await acknowledge.check();
      await page.getByRole("button", { name: "Simpan acara" }).click();
    }
    await saved.waitFor();
    const draft = new URL(page.url()).pathname;
    // A draft's page says when its link opens and offers nothing to share ("Dibuka sekarang" was untrue).
    await page.getByText("Belum dibuka: pendaftaran dibuka apabila acara dijadualkan.").waitFor();
    await expectPage(page.getByText("Dibuka sekarang")).toHaveCount(0);
    await expectPage(page.getByRole("link", { name: "Kongsi di WhatsApp" })).toHaveCount(0);
    const link = new URL((await page.locator("code.share__url").textContent())!).pathname;
    urls.push(draft, `${draft}/poster`);

    // Scheduled: the link to share, by copy or on WhatsApp with the invitation in both languages.
    await page.getByRole("button", { name: "Jadualkan", exact: true }).click();
    await page.getByRole("link", { name: "Kongsi di WhatsApp" }).waitFor();
    const whatsApp = new URL((await page.getByRole("link", { name: "Kongsi di WhatsApp" }).getAttribute("href"))!);
    expect(whatsApp.origin + whatsApp.pathname).toBe("https://wa.me/");
    const message = whatsApp.searchParams.get("text")!;
    expect(message).toContain(`Jemputan: Sesi komuniti lawatan halaman`);
    expect(message).toContain(`Invitation: Sesi komuniti lawatan halaman`);
    expect(message).toContain(link);
    await page.getByRole("button", { name: "Salin pautan" }).waitFor();

    // The public: one place, then the waiting list (said on the form before it is filled in).
    const publicContext = await newContext(browser);
    const visitor = await publicContext.newPage();
    const registered = await register(visitor, link, "Puan Pertama Tempat", "012-555 0101");
    await visitor.goto(link);
    await visitor.getByText("Acara ini sudah penuh.").waitFor();
    await visitor.getByText(/senarai menunggu \(nombor 1\)/).waitFor();
    const waiting = await register(visitor, link, "Encik Kedua Menunggu", "012-555 0102");
    // Waitlisted: the place and what happens next; no QR, no calendar, no green "registered" banner.
    await visitor.getByText("Senarai menunggu: nombor 1.").waitFor();
    await visitor.getByText(/Apa seterusnya:/).waitFor();
    await expectPage(visitor.locator(".toast--success")).toHaveCount(0);
    await expectPage(visitor.getByRole("link", { name: "Tambah ke kalendar" })).toHaveCount(0);
    await expectPage(visitor.locator(".check-in-code")).toHaveCount(0);
    const leaving = await register(visitor, link, "Cik Ketiga Beredar", "012-555 0103");
    // Leaving the waiting list asks first.
    await visitor.getByRole("link", { name: "Keluar daripada senarai menunggu" }).click();
    await visitor.getByRole("heading", { name: "Keluar daripada senarai menunggu untuk acara ini?" }).waitFor();
    const confirming = `${leaving}?cancel=1`;
    await visitor.getByRole("button", { name: "Ya, keluarkan saya" }).click();
    await visitor.getByText("Dibatalkan.", { exact: true }).waitFor();
    // Cancelled: no QR, no calendar, and a way back in.
    await expectPage(visitor.locator(".check-in-code")).toHaveCount(0);
    await expectPage(visitor.getByRole("link", { name: "Tambah ke kalendar" })).toHaveCount(0);
    await visitor.getByRole("link", { name: "Daftar semula" }).waitFor();
    await publicContext.close();
    urls.push(new URL(page.url()).pathname, link, registered, waiting, `${waiting}?cancel=1`, confirming.replace("?cancel=1", ""));
    await context.close();
  }, 120_000);

  it("loads, hydrates without errors, has a title and passes axe (landmark-unique included)", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, "admin@kasih.test");
    const event = await firstHref(page, "/events?when=upcoming", /^\/events\/[a-z0-9]{20,}$/);
    const programme = await firstHref(page, "/programmes", /^\/programmes\/[a-z0-9]{20,}$/);
    const school = await firstHref(page, "/schools", /^\/schools\/[a-z0-9]{20,}\/edit$/);
    const user = await firstHref(page, "/admin/users", /^\/admin\/users\/[a-z0-9]{20,}$/);
    const material = await firstHref(page, "/materials", /^\/materials\/[a-z0-9]{20,}\/edit$/);
    // This year's Negeri Sembilan programme has seeded invitations, some to schools without email.
    await page.goto("/programmes");
    const current = await page
      .getByRole("link", { name: /Negeri Sembilan Tahun (?!2024)\d{4}$/ })
      .first()
      .getAttribute("href");
    const letter = await firstHref(page, `${current}/invitations`, /\/invitations\/[a-z0-9]{20,}\/letter$/);
    const person = await firstHref(page, "/admin/people?q=bin", /^\/admin\/people\/[a-z0-9]{20,}$/);
    await page.goto(event);
    const publicCode = (await page
      .getByText(/\/r\/[A-Za-z0-9]+/)
      .first()
      .textContent())!.match(/\/r\/([A-Za-z0-9]+)/)![1];
    // A registration's own page, from a session already held (the seed gives each people who came):
    // the next session may have nobody registered yet, and the tour must not leave this page out.
    const held = await firstHref(page, "/events?when=held", /^\/events\/[a-z0-9]{20,}$/);
    const registration = await firstHref(page, `${held}/registrations`, new RegExp(`^${held}/registrations/[a-z0-9]{20,}$`));
    urls.push(
      "/dashboard",
      "/programmes",
      "/programmes/new",
      programme,
      `${programme}/edit`,
      `${programme}/invitations`,
      "/events",
      "/events?when=past",
      "/events?when=held",
      "/events/calendar",
      "/events/new",
      event,
      `${event}/edit`,
      `${event}/registrations`,
      `${event}/registrations/new`,
      `${event}/registrations/import`,
      registration,
      letter,
      `${event}/check-in`,
      `${event}/attendance`,
      `${event}/poster`,
      `${event}/materials`,
      `${event}/packing-list`,
      `${event}/follow-up`,
      `${event}/pupils`,
      `${event}/approval`,
      `${event}/feedback`,
      `/feedback/${publicCode}`,
      `/r/${publicCode}`,
      "/schools",
      "/schools/new",
      "/schools/import",
      school,
      "/materials",
      "/materials/new",
      material,
      "/materials/totals",
      "/stock",
      "/coverage",
      "/outbox",
      "/admin/users",
      "/admin/users/new",
      user,
      "/admin/calendar",
      "/admin/need",
      "/admin/people",
      person,
      "/admin/privacy",
      "/admin/audit",
      "/exports",
      "/account",
    );
    const problems: string[] = [];
    for (const url of urls) await visit(page, url, problems, "axe");
    expect(problems).toEqual([]);
    await context.close();
  }, 300_000);

  it("fits a 360 px phone: no page is wider than the screen", async () => {
    const context = await newContext(browser, { narrow: true });
    const page = await context.newPage();
    await signIn(page, "admin@kasih.test");
    const problems: string[] = [];
    for (const url of ["/sign-in", ...urls]) await visit(page, url, problems, "width");
    expect(problems).toEqual([]);
    await context.close();
  }, 300_000);
});
