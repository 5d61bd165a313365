import fs from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect, inject } from "vitest";

/**
 * Playwright's assertions on locators (`toHaveCount`, `toContainText`, `toHaveValue` …): they retry
 * until the page agrees or the timeout passes, where `expect(await locator.count())` reads once and
 * fails on a page still settling. Vitest's `expect` stays for plain values.
 */
export { expect as expectPage } from "@playwright/test";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const DEMO_PASSWORD = "kasih-demo-2024";
export const PHONE = { width: 390, height: 844 };
/** The narrowest phone the pages are made for (issue 16: no page wider than this). */
export const NARROW_PHONE = { width: 360, height: 740 };

export function baseURL(): string {
  return inject("baseURL");
}

/**
 * Debian's Chromium, never a downloaded browser (CHROMIUM_PATH overrides the location). Playwright
 * gives each launch a fresh, empty profile.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function newContext(
  browser: Browser,
  options: { phone?: boolean; narrow?: boolean; javaScriptEnabled?: boolean; baseURL?: string; headers?: Record<string, string> } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: options.baseURL ?? baseURL(),
    extraHTTPHeaders: options.headers,
    viewport: options.narrow ? NARROW_PHONE : options.phone ? PHONE : { width: 1280, height: 900 },
    isMobile: Boolean(options.phone || options.narrow),
    hasTouch: Boolean(options.phone || options.narrow),
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: "ms-MY",
    timezoneId: "Asia/Kuala_Lumpur",
  });
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mel").fill(email);
  await page.getByLabel("Kata laluan").fill(password);
  await page.getByRole("button", { name: "Log masuk" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/**
 * Moderate problems that fail as well: two landmarks with the same name (a section and the table
 * region inside it, both called "Mengikut negeri") leave a screen reader's landmark list ambiguous.
 */
const FAILING_MODERATE = ["landmark-unique"];

/** axe-core's serious and critical problems on the page (and the moderate ones above). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through DevTools, so the app's Content-Security-Policy stays on while axe runs.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (moderate) => {
    // @ts-expect-error axe is injected above
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v: { id: string; impact: string }) => v.impact === "serious" || v.impact === "critical" || moderate.includes(v.id))
      .map((v: { id: string; nodes: { target: string[] }[] }) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }, FAILING_MODERATE);
}

/** Runs axe-core on the page; serious and critical problems (and landmark-unique) fail the test. */
export async function expectAccessible(page: Page) {
  expect(await accessibilityProblems(page), `axe on ${page.url()}`).toEqual([]);
}

/**
 * How far the page is wider than the viewport (0 when it is not), with the widest elements that
 * stick out, so a failure says what to fix.
 */
export async function horizontalOverflow(page: Page): Promise<{ overflow: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflow = document.documentElement.scrollWidth - width;
    if (overflow <= 1) return { overflow: 0, culprits: [] };
    // What sticks out: not what scrolls inside its own frame (a table in .table-wrap), unless it is
    // placed absolutely and so escapes the frame (a visually hidden label, say).
    const scrolled = (el: Element) => {
      for (let a = el.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== "visible") return true;
      return false;
    };
    const culprits = [...document.body.querySelectorAll<HTMLElement>("*")]
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter(({ el, right }) => right > width + 1 && (!scrolled(el) || ["absolute", "fixed"].includes(getComputedStyle(el).position)))
      .sort((a, b) => b.right - a.right)
      .slice(0, 3)
      .map(
        ({ el, right }) =>
          `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(" ").join(".")}` : ""} (${Math.round(right)} px)`,
      );
    return { overflow, culprits };
  });
}

/** The page must not scroll sideways at phone width. */
export async function expectNoHorizontalScroll(page: Page) {
  const { overflow, culprits } = await horizontalOverflow(page);
  expect(overflow, `horizontal overflow on ${page.url()}: ${culprits.join(", ")}`).toBeLessThanOrEqual(1);
}
