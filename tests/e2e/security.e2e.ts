/**
 * The built server's defences, over real HTTP and in Chromium: security headers with a
 * Content-Security-Policy nonce, the same-origin check on changes (cross-site request forgery),
 * and the rate limits on sign-in and public registration, keyed on the real client address.
 * Runs on servers of its own so using up rate limits cannot disturb the other browser tests.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTILE_REDIRECTS, staysOn } from "../support/hostile-redirects";
import { DEMO_PASSWORD, expectPage, launchBrowser, newContext, signIn } from "./support/browser";
import { startOwnServer, type OwnServer } from "./support/own-server";

let browser: Browser;
let server: OwnServer;
let direct: OwnServer;
let proxied: OwnServer;
const PUBLIC_URL = "https://kasih.example";
let publicCode: string;
let noticeVersion: string;

/** The demo's last session open for registration, on one server's database. */
function openEvent(on: OwnServer) {
  return on.db.event.findFirstOrThrow({
    where: { status: "SCHEDULED", startsAt: { gt: new Date() }, registrationClosesAt: null, registrationOpensAt: null },
    orderBy: { startsAt: "desc" },
  });
}

beforeAll(async () => {
  browser = await launchBrowser();
  // Behind a (pretend) proxy, so each test can be its own client address through X-Forwarded-For.
  server = await startOwnServer("security", { env: { TRUST_PROXY: "1", SIGN_IN_RATE_LIMIT: "5", REGISTRATION_RATE_LIMIT: "5" } });
  // Not behind a proxy: X-Forwarded-For is the client's own claim and must not be believed.
  direct = await startOwnServer("security-direct", { env: { REGISTRATION_RATE_LIMIT: "3" } });
  publicCode = (await openEvent(server)).publicCode;
  noticeVersion = (await server.db.privacyNotice.findFirstOrThrow({ orderBy: { publishedAt: "desc" } })).version;
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), direct?.stop()]);
});

let address = 10;
const nextAddress = () => `203.0.113.${address++}`;

/** Signs in over HTTP as the demo account, from `ip`, and returns the session cookie. */
async function sessionCookie(email: string, ip = nextAddress()): Promise<string> {
  const response = await fetch(`${server.baseURL}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.baseURL, "X-Forwarded-For": ip },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(302);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("kasih_session="));
  expect(cookie).toBeDefined();
  return cookie!.split(";")[0];
}

const registration = (n: number) =>
  new URLSearchParams({
    fullName: `Peserta Had ${n}`,
    phone: `+60113${String(n).padStart(7, "0")}`,
    category: "COMMUNITY",
    language: "ms",
    consent: "on",
    noticeVersion,
    website: "",
  });

describe("security headers", () => {
  it("every page carries a Content-Security-Policy with a fresh nonce that every script uses, and the other headers", async () => {
    const cookie = await sessionCookie("admin@kasih.test");
    const pages = [
      { path: "/sign-in", status: 200 },
      // Sent without scripts (docs/decisions/015-what-a-phone-downloads.md); still under the policy.
      { path: `/r/${publicCode}`, status: 200, scriptless: true },
      { path: "/dashboard", status: 200, cookie },
      { path: "/events", status: 200, cookie },
      { path: "/tiada-halaman-ini", status: 404 },
      { path: "/registration/bukanTokenSebenarYangSah12", status: 404 },
    ];
    const nonces = new Set<string>();
    for (const page of pages) {
      const response = await fetch(`${server.baseURL}${page.path}`, { headers: page.cookie ? { Cookie: page.cookie } : {} });
      expect(response.status, page.path).toBe(page.status);
      const csp = response.headers.get("content-security-policy") ?? "";
      const directives = Object.fromEntries(
        csp
          .split(";")
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values]),
      );
      expect(directives["default-src"], page.path).toEqual(["'self'"]);
      expect(directives["object-src"]).toEqual(["'none'"]);
      expect(directives["frame-ancestors"]).toEqual(["'none'"]);
      expect(directives["base-uri"]).toEqual(["'self'"]);
      expect(directives["form-action"]).toEqual(["'self'"]);
      const scriptSrc: string[] = directives["script-src"];
      expect(scriptSrc).toContain("'self'");
      expect(
        scriptSrc.filter((s) => /unsafe/.test(s)),
        `${page.path}: no unsafe script sources`,
      ).toEqual([]);
      const nonce = scriptSrc.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
      expect(nonce, page.path).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      nonces.add(nonce!);
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      if ("scriptless" in page) expect(scripts, `${page.path} has no scripts`).toEqual([]);
      else expect(scripts.length, `${page.path} has scripts`).toBeGreaterThan(0);
      expect(
        scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`)),
        `${page.path}: scripts without this response's nonce`,
      ).toEqual([]);

      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(response.headers.get("permissions-policy")).toContain("microphone=()");
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
    expect(nonces.size, "a new nonce for every response").toBe(pages.length);
  });

  it("an address with a NUL in it is a bad request, on any database", async () => {
    for (const path of [`/r/${publicCode}%00`, "/events/%00abc", "/feedback/x%00y?r=%00"]) {
      expect((await fetch(`${server.baseURL}${path}`, { redirect: "manual" })).status, path).toBe(400);
    }
  });

  it("pages load and hydrate in Chromium without a single policy violation", async () => {
    const context = await newContext(browser, { baseURL: server.baseURL, headers: { "X-Forwarded-For": nextAddress() } });
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    await page.goto(`/r/${publicCode}`);
    await page.getByRole("heading", { name: "Daftar untuk sesi ini" }).waitFor();
    // The public form is sent without scripts (docs/decisions/015-what-a-phone-downloads.md).
    expect(await page.locator("script").count()).toBe(0);
    expect(await violations()).toEqual([]);
    // Hydrated: client-side validation (zod, without eval) answers before anything is sent.
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Log masuk" }).click();
    await page.getByText("Sila isi ruangan ini.").first().waitFor();
    expect(await violations()).toEqual([]);
    await signIn(page, "penyelaras.ns@kasih.test");
    await page
      .getByRole("link", { name: /Acara|Events/ })
      .first()
      .click();
    await page.waitForLoadState("networkidle");
    expect(await violations()).toEqual([]);
    await context.close();
  });
});

describe("cross-site request forgery", () => {
  it("a page on another origin of the same site cannot make a signed-in coordinator's browser change anything", async () => {
    const context = await newContext(browser, { baseURL: server.baseURL, headers: { "X-Forwarded-For": nextAddress() } });
    const page = await context.newPage();
    await signIn(page, "penyelaras.sel@kasih.test");
    const token = async () => (await server.db.user.findUniqueOrThrow({ where: { email: "penyelaras.sel@kasih.test" } })).calendarToken;
    const before = await token();

    // localhost on another port: another origin but the same site, so SameSite=Lax still sends the cookie.
    const attacker = http.createServer((_req, res) => {
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(
        `<!doctype html><title>Hadiah</title><form id="f" method="post" action="${server.baseURL}/account"><input type="hidden" name="intent" value="rotate-calendar"></form><script>document.getElementById("f").submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, resolve));
    try {
      await page.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
      await page.getByText("Request refused").waitFor();
      expect(await token()).toBe(before);
    } finally {
      attacker.close();
    }

    // The same change from the app's own page goes through: the cookie was there, the origin was not.
    await page.goto("/account");
    await page.getByRole("button", { name: "Jana pautan baharu" }).click();
    await page.waitForURL("**/account");
    await expect.poll(token).not.toBe(before);
    await context.close();
  });

  it("a change carrying the session cookie needs this site's Origin or Referer", async () => {
    const cookie = await sessionCookie("penyelaras.ns@kasih.test");
    const post = (headers: Record<string, string>) =>
      fetch(`${server.baseURL}/account`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookie, ...headers },
        body: new URLSearchParams({ intent: "rotate-calendar" }),
      });
    const refusals: Record<string, string>[] = [
      {},
      { Origin: "http://jahat.example" },
      { Origin: "null" },
      { Referer: "http://jahat.example/halaman" },
      { Origin: server.baseURL.replace("localhost", "127.0.0.1") },
    ];
    for (const headers of refusals) {
      const response = await post(headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.text()).toContain("Permintaan ditolak");
    }
    expect((await post({ Origin: server.baseURL })).status).toBe(302);
    expect((await post({ Referer: `${server.baseURL}/account` })).status).toBe(302);
    // Remix's own data requests (client-side navigation) go through with the Origin browsers send.
    expect((await post({ Origin: server.baseURL, "Content-Type": "application/x-www-form-urlencoded" })).status).toBe(302);
  });

  it("a sign-in or a registration posted from another site is refused with a clear 403, writing nothing", async () => {
    const forged = await fetch(`${server.baseURL}/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: "http://jahat.example", "X-Forwarded-For": nextAddress() },
      body: new URLSearchParams({ email: "pemerhati@kasih.test", password: DEMO_PASSWORD }),
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.getSetCookie().filter((c) => c.startsWith("kasih_session="))).toEqual([]);

    const before = await server.db.registration.count();
    for (const origin of ["https://jahat.example", "null"]) {
      const response = await fetch(`${server.baseURL}/r/${publicCode}`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: origin, "X-Forwarded-For": nextAddress() },
        body: registration(900),
      });
      // Remix alone would throw here and answer 500.
      expect(response.status, origin).toBe(403);
    }
    expect(await server.db.registration.count()).toBe(before);
    expect(server.log()).not.toMatch(/header does not match `origin`/);

    // Clients that are not browsers and hold no session (a mail program's one-click unsubscribe, a script) are not affected.
    const scripted = await fetch(`${server.baseURL}/r/${publicCode}`, {
      method: "POST",
      redirect: "manual",
      headers: { "X-Forwarded-For": nextAddress() },
      body: registration(901),
    });
    expect(scripted.status).toBe(302);
  });

  it("a participant without JavaScript registers and cancels from their own page, which keeps its address from other sites", async () => {
    const context = await newContext(browser, {
      baseURL: server.baseURL,
      javaScriptEnabled: false,
      headers: { "X-Forwarded-For": nextAddress() },
    });
    const page = await context.newPage();
    await page.goto(`/r/${publicCode}`);
    await page.getByLabel("Nama penuh").fill("Puan Tiada Skrip");
    await page.getByLabel("Nombor telefon bimbit").fill("017-555 0101");
    await page.getByRole("radio", { name: "Komuniti" }).check();
    await page.getByRole("checkbox", { name: /Saya telah membaca notis privasi/ }).check();
    await page.getByRole("button", { name: "Daftar", exact: true }).click();
    await page.getByText("Pendaftaran berjaya.", { exact: false }).waitFor();
    await expectPage(page.locator('meta[name="referrer"]')).toHaveAttribute("content", "same-origin");
    // Cancelling asks first, without JavaScript too: the first tap only asks.
    await page.getByRole("link", { name: "Batalkan pendaftaran saya" }).click();
    await page.getByRole("heading", { name: "Batalkan pendaftaran anda untuk acara ini?" }).waitFor();
    expect(await server.db.registration.count({ where: { person: { phoneE164: "+60175550101" }, status: "CANCELLED" } })).toBe(0);
    await page.getByRole("button", { name: "Ya, batalkan" }).click();
    await page.getByText("Dibatalkan.", { exact: true }).waitFor();
    expect(await server.db.registration.count({ where: { phoneE164: "+60175550101", status: "CANCELLED" } })).toBe(1);
    await context.close();
  });
});

describe("rate limits, keyed on the real client address", () => {
  it("sign-in: the sixth attempt from one address is refused with a translated message; another address is not affected", async () => {
    const ip = nextAddress();
    const attempt = (from: string, password: string) =>
      fetch(`${server.baseURL}/sign-in`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: server.baseURL, "X-Forwarded-For": from },
        body: new URLSearchParams({ email: "penyelaras.ns@kasih.test", password }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt(ip, i === 4 ? DEMO_PASSWORD : `salah-${i}-${ip}`)).status).not.toBe(429);
    const refused = await attempt(ip, DEMO_PASSWORD);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("Terlalu banyak cubaan dari rangkaian ini");
    expect((await attempt(nextAddress(), DEMO_PASSWORD)).status).toBe(302);
  });

  it("public registration: the sixth from one address is refused with a translated message", async () => {
    const ip = nextAddress();
    const post = (n: number, from: string) =>
      fetch(`${server.baseURL}/r/${publicCode}`, {
        method: "POST",
        redirect: "manual",
        headers: { "X-Forwarded-For": from },
        body: registration(n),
      });
    for (let n = 0; n < 5; n++) expect((await post(n, ip)).status).toBe(302);
    const refused = await post(5, ip);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("Terlalu banyak pendaftaran dari rangkaian ini");
    expect((await post(6, nextAddress())).status).toBe(302);
  });

  it("without TRUST_PROXY, a made-up X-Forwarded-For does not get round the limit", async () => {
    // Each server has its own demo database: the same event under its own code.
    const code = (await openEvent(direct)).publicCode;
    const statuses: number[] = [];
    for (let n = 0; n < 4; n++) {
      const response = await fetch(`${direct.baseURL}/r/${code}`, {
        method: "POST",
        redirect: "manual",
        headers: { "X-Forwarded-For": `198.51.100.${n}` },
        body: registration(100 + n),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([302, 302, 302, 429]);
  });
});

describe("behind a proxy whose Host is not APP_URL's", () => {
  // Behind a proxy that passes its own Host (localhost:port) while the public address is https,
  // without TRUST_PROXY: the set-up that turned every form POST into a 500.
  beforeAll(async () => {
    proxied = await startOwnServer("security-proxy", { env: { APP_URL: PUBLIC_URL } });
  });
  afterAll(async () => {
    await proxied?.stop();
  });

  const signInThere = (origin: string, headers: Record<string, string> = {}) =>
    fetch(`${proxied.baseURL}/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: origin, ...headers },
      body: new URLSearchParams({ email: "penyelaras.ns@kasih.test", password: DEMO_PASSWORD }),
    });

  it("forms posted from APP_URL work (not a 500), every cookie is Secure, HSTS is sent; another origin gets a 403", async () => {
    const page = await fetch(`${proxied.baseURL}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");

    const signedIn = await signInThere(PUBLIC_URL);
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/dashboard");
    expect(signedIn.headers.get("strict-transport-security")).not.toBeNull();
    const cookies = signedIn.headers.getSetCookie();
    expect(cookies.map((c) => c.split("=")[0]).sort()).toEqual(["kasih_device", "kasih_lang", "kasih_session"]);
    for (const cookie of cookies) expect(cookie, cookie.split("=")[0]).toMatch(/;\s*Secure/i);
    const session = cookies.find((c) => c.startsWith("kasih_session="))!.split(";")[0];

    // A proxy that also says which host it was asked for, under another name.
    expect((await signInThere(PUBLIC_URL, { "X-Forwarded-Host": "web-1.internal:3000" })).status).toBe(302);

    const language = await fetch(`${proxied.baseURL}/language`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: PUBLIC_URL, Cookie: session },
      body: new URLSearchParams({ language: "en", redirectTo: "/events" }),
    });
    expect(language.status).toBe(302);
    expect(language.headers.get("location")).toBe("/events");
    expect(language.headers.getSetCookie()).toEqual([expect.stringMatching(/^kasih_lang=.*;\s*Secure/i)]);

    for (const origin of ["http://jahat.example", "https://kasih.example.jahat.example", "http://kasih.example", "null"]) {
      const forged = await signInThere(origin);
      expect(forged.status, origin).toBe(403);
      expect(forged.headers.getSetCookie(), origin).toEqual([]);
    }
    expect(proxied.log()).not.toMatch(/does not match `origin`|\[error\]/);
  });
});

describe("pages and downloads with personal data are kept by nobody", () => {
  it("the participant's page and calendar file, staff pages and their data answer Cache-Control: private, no-store", async () => {
    const registered = await fetch(`${server.baseURL}/r/${publicCode}`, {
      method: "POST",
      redirect: "manual",
      headers: { "X-Forwarded-For": nextAddress() },
      body: registration(950),
    });
    expect(registered.status).toBe(302);
    const own = registered.headers.get("location")!;
    expect(own).toMatch(/^\/registration\/[\w-]+/);
    const event = await openEvent(server);
    const cookie = await sessionCookie("admin@kasih.test");
    const answers = [
      { path: own },
      { path: `${new URL(own, server.baseURL).pathname}.ics` },
      { path: "/sign-in" },
      { path: `/events/${event.id}/registrations`, cookie },
      { path: `/events/${event.id}/registrations.data`, cookie },
      { path: `/events/${event.id}/check-in`, cookie },
      { path: `/events/${event.id}/registrations-export?format=csv&contacts=1`, cookie },
      { path: "/admin/people?q=Peserta", cookie },
    ];
    for (const answer of answers) {
      const response = await fetch(`${server.baseURL}${answer.path}`, {
        redirect: "manual",
        headers: answer.cookie ? { Cookie: answer.cookie } : {},
      });
      expect(response.status, answer.path).toBe(200);
      expect(response.headers.get("cache-control"), answer.path).toBe("private, no-store");
    }
  });
});

describe("redirects after sign-in and a language switch", () => {
  let n = 0;
  // Addresses of their own, so these sign-ins use up no other test's limits.
  const ownAddress = () => `198.18.${Math.floor(n / 200)}.${(n++ % 200) + 1}`;

  it("every hostile target, sent over HTTP to both routes, ends on this site", async () => {
    const cookie = await sessionCookie("pemerhati@kasih.test");
    for (const target of HOSTILE_REDIRECTS) {
      const signedIn = await fetch(`${server.baseURL}/sign-in`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: server.baseURL, "X-Forwarded-For": ownAddress() },
        body: new URLSearchParams({ email: "pemerhati@kasih.test", password: DEMO_PASSWORD, redirectTo: target }),
      });
      expect(signedIn.status, JSON.stringify(target)).toBe(302);
      expect(signedIn.headers.get("location"), JSON.stringify(target)).toBe("/dashboard");
      const switched = await fetch(`${server.baseURL}/language`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: server.baseURL, Cookie: cookie },
        body: new URLSearchParams({ language: "ms", redirectTo: target }),
      });
      expect(switched.status, JSON.stringify(target)).toBe(302);
      expect(staysOn(server.baseURL, switched.headers.get("location")), JSON.stringify(target)).toBe(true);
      expect(switched.headers.get("location")).toBe("/");
    }
  });

  it("in Chromium, /sign-in?redirectTo=/.//evil.test/x signs in and stays on the site", async () => {
    const context = await newContext(browser, { baseURL: server.baseURL, headers: { "X-Forwarded-For": ownAddress() } });
    const page = await context.newPage();
    for (const target of ["/.//evil.test/x", "/x/../..//evil.test"]) {
      await page.goto(`/sign-in?${new URLSearchParams({ redirectTo: target })}`);
      await page.getByLabel("E-mel").fill("pemerhati@kasih.test");
      await page.getByLabel("Kata laluan").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Log masuk" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
      expect(new URL(page.url()).origin, target).toBe(server.baseURL);
      expect(new URL(page.url()).pathname, target).toBe("/dashboard");
      await context.clearCookies();
    }
    await context.close();
  });
});
