/**
 * Cold start of the built server (spawn → first 200 on /healthz) and the JavaScript the public
 * registration page makes a phone download: every /build/*.js file its HTML references (module
 * preloads, scripts and the imports of its inline module script), raw and gzip-compressed.
 */
import zlib from "node:zlib";
import { openDatabase, seededDatabase, workCopy } from "./support/bench-database";
import { percentile } from "./support/measure";
import { startApp } from "./support/processes";
import { fmt, type BenchContext, type Figure } from "./support/report";

const STARTS = 5;

/** The script files the HTML names: <script src>, <link rel="modulepreload"> and import "…" in inline modules. */
export function scriptUrls(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g)) found.add(match[1]);
  for (const match of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) found.add(match[1]);
  for (const match of html.matchAll(/<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="modulepreload"/g)) found.add(match[1]);
  for (const script of html.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const match of script[1].matchAll(/import\s*(?:[^"';]*?from\s*)?["']([^"']+\.js)["']/g)) found.add(match[1]);
    for (const match of script[1].matchAll(/import\(\s*["']([^"']+\.js)["']\s*\)/g)) found.add(match[1]);
  }
  return [...found];
}

export async function startupBench(ctx: BenchContext): Promise<Figure[]> {
  const database = workCopy(seededDatabase(ctx.log), "startup");
  const sqlite = openDatabase(database.file);
  const open = sqlite
    .prepare(`SELECT "publicCode" FROM "Event" WHERE "status" = 'SCHEDULED' AND "startsAt" > ? ORDER BY "startsAt" LIMIT 1`)
    .get(new Date().toISOString()) as { publicCode: string } | undefined;
  sqlite.close();
  if (!open) throw new Error("The demo has no upcoming event with an open registration page");

  const times: number[] = [];
  let page: Figure[] = [];
  for (let i = 0; i < STARTS; i++) {
    const app = await startApp(database);
    times.push(app.startupMs);
    try {
      if (i === 0) page = await publicPageScripts(app.url, open.publicCode);
    } finally {
      await app.stop();
    }
  }
  times.sort((a, b) => a - b);
  ctx.log(`startup: ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
  return [
    {
      part: "startup",
      what: "cold start: spawn → first 200 on /healthz",
      value: `${fmt.ms(percentile(times, 50))} ms`,
      detail: `median of ${STARTS} starts; fastest ${fmt.ms(times[0])} ms, slowest ${fmt.ms(times.at(-1)!)} ms`,
    },
    ...page,
  ];
}

async function publicPageScripts(base: string, code: string): Promise<Figure[]> {
  const response = await fetch(`${base}/r/${code}`);
  const html = await response.text();
  if (response.status !== 200) throw new Error(`/r/${code} answered ${response.status}`);
  const urls = scriptUrls(html);
  let raw = 0;
  let gzip = 0;
  for (const url of urls) {
    const file = Buffer.from(await (await fetch(new URL(url, base), { headers: { "accept-encoding": "identity" } })).arrayBuffer());
    raw += file.length;
    gzip += zlib.gzipSync(file, { level: 6 }).length;
  }
  const htmlGzip = zlib.gzipSync(Buffer.from(html), { level: 6 }).length;
  return [
    {
      part: "startup",
      what: "JavaScript for /r/<code> (sum of referenced scripts)",
      value: `${fmt.kb(gzip)} KiB gzip`,
      detail: `${urls.length} files, ${fmt.kb(raw)} KiB raw`,
    },
    {
      part: "startup",
      what: "HTML of /r/<code>",
      value: `${fmt.kb(htmlGzip)} KiB gzip`,
      detail: `${fmt.kb(Buffer.byteLength(html))} KiB raw`,
    },
  ];
}
