/**
 * The JavaScript a browser downloads for a page: the scripts its HTML names (script tags, module
 * preloads, the imports of inline module scripts) and, in turn, everything those import, static
 * or dynamic (a page's language catalogue is a dynamic import). Used by the bench and by
 * tests/e2e/public-page-weight.e2e.ts, which holds the public page to its budget.
 */
import zlib from "node:zlib";

/** The JavaScript budget of the public registration page (docs/decisions/015-what-a-phone-downloads.md). */
export const PUBLIC_PAGE_JS_BUDGET_GZIP = 90 * 1024;

/** The script files the HTML names: <script src>, <link rel="modulepreload"> and import "…" in inline modules. */
export function scriptUrls(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g)) found.add(match[1]);
  for (const match of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) found.add(match[1]);
  for (const match of html.matchAll(/<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="modulepreload"/g)) found.add(match[1]);
  for (const script of html.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g))
    for (const imported of importsOf(script[1])) found.add(imported);
  return [...found];
}

/** Imports inside a script, static and dynamic. */
export function importsOf(script: string): string[] {
  const found = new Set<string>();
  for (const match of script.matchAll(/\bimport\s*(?:[^"'();]*?\bfrom\s*)?["']([^"']+\.js)["']/g)) found.add(match[1]);
  for (const match of script.matchAll(/\bimport\(\s*["']([^"']+\.js)["']\s*\)/g)) found.add(match[1]);
  return [...found];
}

/** Every script of a page by address, fetched uncompressed, following imports. */
export async function pageScripts(pageUrl: string, html: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const queue = scriptUrls(html).map((u) => new URL(u, pageUrl).href);
  while (queue.length) {
    const url = queue.shift()!;
    if (files.has(url)) continue;
    const response = await fetch(url, { headers: { "accept-encoding": "identity" } });
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    files.set(url, body);
    for (const imported of importsOf(body.toString("utf8"))) queue.push(new URL(imported, url).href);
  }
  return files;
}

/** Sizes of a set of scripts: raw, and each gzip-compressed at level 6 (as a server would). */
export function weigh(files: Map<string, Buffer>) {
  let raw = 0;
  let gzip = 0;
  for (const file of files.values()) {
    raw += file.length;
    gzip += zlib.gzipSync(file, { level: 6 }).length;
  }
  return { files: files.size, raw, gzip };
}
