/**
 * Server time of the pages that grow with the data, on 100,000 registrations and 2,000 schools
 * (support/generate-large.ts): each page requested BENCH_SAMPLES times one after another, signed
 * in as the demo administrator or the Negeri Sembilan coordinator; and the time a registrations
 * export job takes to write all 100,000 rows.
 */
import http from "node:http";
import { largeDatabase, openDatabase, workCopy } from "./support/bench-database";
import { sample } from "./support/measure";
import { spawnProcess, startApp, type Started } from "./support/processes";
import { fmt, type BenchContext, type Figure } from "./support/report";

const PASSWORD = "kasih-demo-2024";

async function signIn(app: Started, email: string): Promise<string> {
  const response = await fetch(`${app.url}/sign-in`, {
    method: "POST",
    // A browser's Origin: the server refuses a sign-in or a change that does not say where it comes from (decision 007).
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url },
    body: new URLSearchParams({ email, password: PASSWORD, redirectTo: "/dashboard" }),
    redirect: "manual",
  });
  await response.arrayBuffer();
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]);
  if (response.status !== 302 || !cookies.some((c) => c.startsWith("kasih_session=")))
    throw new Error(`Signing in as ${email} failed (${response.status})`);
  // Bahasa Melayu pages, as most users see them.
  return [...cookies.filter((c) => !c.startsWith("kasih_lang=")), "kasih_lang=ms"].join("; ");
}

/** Creates a registrations export as the exports page does and waits for the job to finish writing the file. */
async function timeExport(app: Started, cookie: string, file: string, format: "csv" | "xlsx") {
  const started = performance.now();
  const response = await fetch(`${app.url}/exports`, {
    method: "POST",
    // A browser sends its Origin with every POST; the server refuses a signed-in change without one.
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin: app.url },
    body: new URLSearchParams({ dataset: "registrations", format }),
    redirect: "manual",
  });
  await response.arrayBuffer();
  const location = response.headers.get("location") ?? "";
  const jobId = /\/exports\/([^/?]+)/.exec(location)?.[1];
  if (response.status !== 302 || !jobId) throw new Error(`Creating the export answered ${response.status}`);
  const created = performance.now() - started;
  const sqlite = openDatabase(file);
  const job = sqlite.prepare(`SELECT "status", "processed" FROM "Job" WHERE "id" = ?`);
  try {
    for (;;) {
      const row = job.get(jobId) as { status: string; processed: number };
      if (row.status === "DONE") return { created, finished: performance.now() - started, rows: row.processed };
      if (row.status === "FAILED") throw new Error(`The ${format} export failed:\n${app.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    sqlite.close();
  }
}

/** Bytes of a response body as sent (compressed when the server compresses it for `encoding`). */
function transferSize(url: string, cookie: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { cookie, "accept-encoding": encoding } }, (response) => {
        let bytes = 0;
        response.on("data", (chunk: Buffer) => (bytes += chunk.length));
        response.on("end", () => resolve(bytes));
      })
      .on("error", reject);
  });
}

export async function pagesBench(ctx: BenchContext): Promise<Figure[]> {
  const database = workCopy(largeDatabase(ctx.log), "pages");
  const sqlite = openDatabase(database.file);
  const launch = sqlite.prepare(`SELECT "id" FROM "Event" WHERE "publicCode" = 'benchlaunch'`).get() as { id: string };
  const nsEvent = sqlite
    .prepare(
      `SELECT e."id" AS id, count(r."id") AS n FROM "Event" e JOIN "Registration" r ON r."eventId" = e."id" WHERE e."stateCode" = '05' AND e."status" = 'COMPLETED' GROUP BY e."id" ORDER BY n DESC LIMIT 1`,
    )
    .get() as { id: string; n: number };
  const totals = sqlite
    .prepare(
      `SELECT (SELECT count(*) FROM "Registration") AS registrations, (SELECT count(*) FROM "School") AS schools, (SELECT count(*) FROM "Event") AS events`,
    )
    .get() as Record<string, number>;
  sqlite.close();
  ctx.log(`pages: ${totals.registrations} registrations, ${totals.schools} schools, ${totals.events} events`);

  const app = await startApp(database);
  // The worker writes the exports (decision 014).
  const worker = spawnProcess(["--import", "tsx", "server/worker.ts"], {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    DATA_DIR: database.dataDir,
  });
  const figures: Figure[] = [];
  try {
    const admin = await signIn(app, "admin@kasih.test");
    const coordinator = await signIn(app, "penyelaras.ns@kasih.test");
    // The dashboards' figures are kept a minute (national) or 20 s (a state): the pages above are
    // served from them after the first request. Each request of these asks for figures to a
    // different end date far ahead (the same figures, but not yet kept), so each computes them, as
    // the first request after the minute does.
    const computed = (request: number) => `/dashboard?to=${new Date(Date.UTC(2099, 0, 1 + request)).toISOString().slice(0, 10)}`;
    const pages: [string, string | ((request: number) => string), string][] = [
      ["/dashboard (administrator, national)", "/dashboard", admin],
      ["/dashboard (administrator, national), figures computed each time", computed, admin],
      ["/dashboard (coordinator, Negeri Sembilan)", "/dashboard", coordinator],
      ["/dashboard (coordinator, Negeri Sembilan), figures computed each time", computed, coordinator],
      ["/events (upcoming, administrator)", "/events", admin],
      ["/events?when=past (administrator)", "/events?when=past", admin],
      ["/events/<launch>/registrations (10,000 registrations)", `/events/${launch.id}/registrations`, admin],
      ["… ?q=aminah (name search)", `/events/${launch.id}/registrations?q=aminah`, admin],
      ["… ?q=0131009 (phone search)", `/events/${launch.id}/registrations?q=0131009`, admin],
      ["… ?status=WAITLISTED&page=10", `/events/${launch.id}/registrations?status=WAITLISTED&page=10`, admin],
      // Everyone at the launch on one page: the printed sheet, and the check-in list a phone keeps offline.
      ["/events/<launch>/attendance (sheet of 10,000)", `/events/${launch.id}/attendance`, admin],
      ["/events/<launch>/check-in (offline list of 10,000)", `/events/${launch.id}/check-in`, admin],
      // The whole list the check-in screen fetches once and keeps on the phone (JSON).
      ["/api/events/<launch>/check-in (the check-in list, JSON)", `/api/events/${launch.id}/check-in`, admin],
      [`/events/<session>/registrations (${nsEvent.n}, coordinator)`, `/events/${nsEvent.id}/registrations`, coordinator],
      ["/schools (all 2,038)", "/schools", admin],
      ["/schools?state=10&level=RENDAH", "/schools?state=10&level=RENDAH", admin],
      ["/schools?q=seri+indah", "/schools?q=seri+indah", admin],
    ];
    // BENCH_PAGES=national,check-in measures only the pages whose label holds one of the words (and no export).
    const only = process.env.BENCH_PAGES?.split(",").filter(Boolean);
    for (const [label, path, cookie] of pages.filter(([label]) => !only || only.some((word) => label.includes(word)))) {
      ctx.log(`pages: ${label}`);
      const url = typeof path === "string" ? `${app.url}${path}` : (request: number) => `${app.url}${path(request)}`;
      const result = await sample(url, { headers: { cookie } }, ctx.samples, app.child.pid);
      figures.push({
        part: "pages",
        what: label,
        value: `p95 ${fmt.ms(result.p95)} ms`,
        detail: `p50 ${fmt.ms(result.p50)} ms, server CPU ${fmt.ms(result.cpuPerRequest)} ms per request; ${result.samples} requests, ${fmt.kb(result.bytes)} KiB HTML`,
      });
    }
    // What the check-in list costs a phone on the wire, as the server compresses it.
    if (!only || only.some((word) => "check-in".includes(word))) {
      const url = `${app.url}/api/events/${launch.id}/check-in`;
      const sizes = await Promise.all(["identity", "gzip", "br"].map((encoding) => transferSize(url, admin, encoding)));
      figures.push({
        part: "pages",
        what: "check-in list of the launch on the wire",
        value: `${fmt.kb(sizes[1])} KiB gzip`,
        detail: `${fmt.kb(sizes[0])} KiB raw, ${fmt.kb(sizes[2])} KiB brotli`,
      });
    }
    for (const format of only ? [] : (["csv", "xlsx"] as const)) {
      ctx.log(`pages: registrations export, ${format}`);
      const result = await timeExport(app, admin, database.file, format);
      figures.push({
        part: "pages",
        what: `/exports: registrations, ${format}, all ${result.rows} rows`,
        value: `${(result.finished / 1000).toFixed(1)} s`,
        detail: `job created in ${fmt.ms(result.created)} ms; ${Math.round(result.rows / (result.finished / 1000))} rows/s`,
      });
    }
  } finally {
    await worker.stop();
    await app.stop();
  }
  return figures;
}
