/**
 * What a phone downloads (docs/decisions/015-what-a-phone-downloads.md), seen by a real browser:
 * the public registration page within its JavaScript budget, a hydrated page with its own
 * language's messages only, and scripts sent as compressed at build time and cached as immutable.
 */
import zlib from "node:zlib";
import type { Browser, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_PAGE_JS_BUDGET_GZIP } from "../support/page-scripts";
import { launchBrowser, newContext } from "./support/browser";
import { startOwnServer, type OwnServer } from "./support/own-server";

let browser: Browser;
let server: OwnServer;
let publicCode: string;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startOwnServer("page-weight");
  publicCode = (
    await server.db.event.findFirstOrThrow({
      where: { status: "SCHEDULED", startsAt: { gt: new Date() }, registrationOpensAt: null },
      orderBy: { startsAt: "desc" },
    })
  ).publicCode;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every script the browser fetched while loading a page (and hydrating it), by address, as sent. */
async function scriptsLoaded(path: string, language?: "en") {
  const context = await newContext(browser, { baseURL: server.baseURL });
  const page = await context.newPage();
  let responses: Response[] = [];
  page.on("response", (response) => {
    if (/\.js(\?|$)/.test(response.url())) responses.push(response);
  });
  if (language) {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "English" }).click();
    // Switched in the page, without a new document: the English messages were fetched on the way.
    await page.locator('html[lang="en-MY"]').waitFor();
    await page.getByRole("button", { name: "Bahasa Melayu" }).waitFor();
    responses = [];
    await page.reload();
  } else {
    await page.goto(path);
  }
  await page.waitForLoadState("networkidle");
  const scripts = new Map<string, { body: Buffer; headers: Record<string, string> }>();
  for (const response of responses) scripts.set(response.url(), { body: await response.body(), headers: await response.allHeaders() });
  await context.close();
  return scripts;
}

const MALAY = '"nav.main":"Navigasi utama"';
const ENGLISH = '"nav.main":"Main navigation"';
const contains = (scripts: Map<string, { body: Buffer }>, text: string) => [...scripts.values()].some((s) => s.body.includes(text));

describe("what a phone downloads", () => {
  it(`keeps the public registration page's JavaScript within ${PUBLIC_PAGE_JS_BUDGET_GZIP / 1024} KiB gzip`, async () => {
    const scripts = await scriptsLoaded(`/r/${publicCode}`);
    const gzip = [...scripts.values()].reduce((sum, s) => sum + zlib.gzipSync(s.body, { level: 6 }).length, 0);
    expect(gzip).toBeLessThanOrEqual(PUBLIC_PAGE_JS_BUDGET_GZIP);
  });

  it("sends a hydrated page the messages of its own language only", async () => {
    const malay = await scriptsLoaded("/sign-in");
    expect(contains(malay, MALAY)).toBe(true);
    expect(contains(malay, ENGLISH)).toBe(false);
    const english = await scriptsLoaded("/sign-in", "en");
    expect(contains(english, ENGLISH)).toBe(true);
    expect(contains(english, MALAY)).toBe(false);
  });

  it("sends scripts compressed at build time, cached for a year as immutable", async () => {
    const scripts = await scriptsLoaded("/sign-in");
    const [url, largest] = [...scripts.entries()].sort((a, b) => b[1].body.length - a[1].body.length)[0];
    expect(largest.headers["content-encoding"]).toBe("br");
    expect(largest.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const gzip = await fetch(url, { headers: { "accept-encoding": "gzip" } });
    expect(gzip.headers.get("content-encoding")).toBe("gzip");
    expect(Buffer.from(await gzip.arrayBuffer()).equals(largest.body)).toBe(true);
  });
});
