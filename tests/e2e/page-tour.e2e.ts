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

/** Opens a page, lets it hydrate, and checks what every page owes its users. */
async function visit(page: Page, url: string, problems: string[]) {
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
  await expectAccessible(page);
}

async function firstHref(page: Page, url: string, pattern: RegExp): Promise<string> {
  await page.goto(url);
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const found = hrefs.find((h) => pattern.test(h));
  if (!found) throw new Error(`no link matching ${pattern} on ${url}`);
  return found;
}

describe("every page, as the administrator", () => {
  it("loads, hydrates without errors, has a title and passes axe", async () => {
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
    const registration = await firstHref(page, `${event}/registrations`, new RegExp(`^${event}/registrations/[a-z0-9]{20,}$`)).catch(
      () => null,
    );
    const urls = [
      "/dashboard",
      "/programmes",
      "/programmes/new",
      programme,
      `${programme}/edit`,
      `${programme}/invitations`,
      "/events",
      "/events?when=past",
      "/events/calendar",
      "/events/new",
      event,
      `${event}/edit`,
      `${event}/registrations`,
      `${event}/registrations/new`,
      `${event}/registrations/import`,
      ...(registration ? [registration] : []),
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
    ];
    const problems: string[] = [];
    for (const url of urls) await visit(page, url, problems);
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);
});
