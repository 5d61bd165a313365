/**
 * Every email as other software reads it, not as our own code does: the Nu HTML Checker (the W3C
 * validator, from the vnu-jar package, run once on every file) and Chromium at three phone and
 * desktop widths (one browser for all of them). Every template, in both languages, with its
 * variants (each kind of change, a test send, an invitation without a date).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEMPLATE_NAMES } from "../../app/modules/mail/template-names";
import { renderEverySample, type RenderedSample } from "../support/email-samples";
import { ROOT } from "../support/test-database";
import { launchBrowser } from "./support/browser";

const FOLDER = path.join(ROOT, "tests/.artifacts/emails");
const VNU = path.join(ROOT, "node_modules/vnu-jar/build/dist/vnu.jar");
const WIDTHS = [320, 375, 600];

let samples: RenderedSample[];
let browser: Browser;
beforeAll(async () => {
  samples = await renderEverySample();
  fs.rmSync(FOLDER, { recursive: true, force: true });
  fs.mkdirSync(FOLDER, { recursive: true });
  for (const sample of samples) fs.writeFileSync(path.join(FOLDER, sample.file), sample.html);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type VnuMessage = { type: string; subType?: string; url: string; message: string; extract?: string };

describe("emails in other software", () => {
  it("covers every template in both languages", () => {
    for (const name of TEMPLATE_NAMES)
      for (const language of ["ms", "en"]) expect(samples.some((s) => s.name === name && s.language === language)).toBe(true);
  });

  it("every email passes the Nu HTML Checker with no errors", async () => {
    const files = samples.map((s) => path.join(FOLDER, s.file));
    // The checker exits 1 when it finds errors; its report (JSON, on stderr) says which.
    const result = await promisify(execFile)("java", ["-jar", VNU, "--format", "json", "--errors-only", ...files], {
      maxBuffer: 32 * 1024 * 1024,
    }).catch((error: { stdout: string; stderr: string; code: number }) => error);
    const report = JSON.parse(result.stderr) as { messages: VnuMessage[] };
    const errors = report.messages
      .filter((m) => m.type === "error" || m.subType === "fatal")
      .map((m) => `${path.basename(m.url)}: ${m.message} [${m.extract ?? ""}]`);
    expect(errors).toEqual([]);
    // It really read them: a file that is not HTML at all would be an error, not silence.
    expect(samples.length).toBeGreaterThanOrEqual(TEMPLATE_NAMES.length * 2);
  }, 120_000);

  it("every email opens in standards mode with a title, a viewport and nothing between head and body", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    for (const sample of samples) {
      if (!sample.html.startsWith("<!DOCTYPE html>")) problems.push(`${sample.file}: doctype ${sample.html.slice(0, 40)}`);
      if (!/<\/head><body[ >]/.test(sample.html)) problems.push(`${sample.file}: something between </head> and <body>`);
      await page.setContent(sample.html);
      const seen = await page.evaluate(() => ({
        mode: document.compatMode,
        title: document.title,
        heading: document.querySelector("h1")?.textContent ?? "",
        viewport: document.querySelector('meta[name="viewport"]')?.getAttribute("content") ?? "",
        language: document.documentElement.lang,
      }));
      if (seen.mode !== "CSS1Compat") problems.push(`${sample.file}: ${seen.mode}`);
      if (!seen.title || seen.title !== seen.heading) problems.push(`${sample.file}: title "${seen.title}", heading "${seen.heading}"`);
      if (!seen.viewport.includes("width=device-width")) problems.push(`${sample.file}: viewport "${seen.viewport}"`);
      if (seen.language !== sample.language) problems.push(`${sample.file}: lang ${seen.language}`);
    }
    await page.close();
    expect(problems).toEqual([]);
  });

  it("fits 320, 375 and 600 px screens: no sideways scroll, the helpline inside the card, the numbers unbroken", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const sample of samples) {
        await page.setContent(sample.html);
        const layout = await page.evaluate(() => {
          const box = (element: Element | null | undefined) => {
            const r = element?.getBoundingClientRect();
            return r ? { left: Math.round(r.left), right: Math.round(r.right) } : null;
          };
          const links = [...document.querySelectorAll("a")];
          const link = (text: string) => links.find((a) => a.textContent?.includes(text));
          const whatsapp = link("019-2615999");
          // The card is the 560 px container; the helpline box is the table holding the numbers.
          const card = [...document.querySelectorAll("table")].find((t) => t.style.maxWidth === "560px");
          return {
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            card: box(card),
            helpline: box(whatsapp?.closest("table")),
            rule: box(document.querySelector("hr")),
            // A number split over two lines has two boxes.
            whatsappLines: whatsapp?.getClientRects().length ?? 0,
            hotlineLines: link("Talian Kasih 15999")?.getClientRects().length ?? 0,
          };
        });
        const at = `${sample.file} at ${width}px`;
        if (layout.overflow > 0) problems.push(`${at}: ${layout.overflow}px wider than the screen`);
        if (!layout.card || layout.card.right > width) problems.push(`${at}: card ${JSON.stringify(layout.card)}`);
        for (const part of ["helpline", "rule"] as const) {
          const b = layout[part];
          if (!b || !layout.card || b.left < layout.card.left || b.right > layout.card.right)
            problems.push(`${at}: ${part} ${JSON.stringify(b)} outside the card ${JSON.stringify(layout.card)}`);
        }
        if (layout.whatsappLines !== 1) problems.push(`${at}: WhatsApp 019-2615999 over ${layout.whatsappLines} lines`);
        if (layout.hotlineLines !== 1) problems.push(`${at}: Talian Kasih 15999 over ${layout.hotlineLines} lines`);
      }
    }
    await page.close();
    expect(problems).toEqual([]);
  });
});
