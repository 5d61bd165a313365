import fs from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect, inject } from "vitest";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const DEMO_PASSWORD = "kasih-demo-2024";
export const PHONE = { width: 390, height: 844 };

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
  options: { phone?: boolean; javaScriptEnabled?: boolean; baseURL?: string; headers?: Record<string, string> } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: options.baseURL ?? baseURL(),
    extraHTTPHeaders: options.headers,
    viewport: options.phone ? PHONE : { width: 1280, height: 900 },
    isMobile: options.phone ?? false,
    hasTouch: options.phone ?? false,
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

/** Runs axe-core on the page; serious and critical problems fail the test. */
export async function expectAccessible(page: Page) {
  // Evaluated through DevTools, so the app's Content-Security-Policy stays on while axe runs.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical")
      .map((v: { id: string; nodes: { target: string[] }[] }) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  expect(violations, `axe on ${page.url()}`).toEqual([]);
}

/** The page must not scroll sideways at phone width. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `horizontal overflow on ${page.url()}`).toBeLessThanOrEqual(1);
}
