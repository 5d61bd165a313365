/**
 * Public registration POST (/r/<code>) under load: the built app beside a minimal plain-Node
 * handler doing the same database work (support/minimal-registration-server.ts), on one database.
 */
import { openDatabase, runFixture, seededDatabase, workCopy } from "./support/bench-database";
import { load, type LoadResult } from "./support/measure";
import { cpuSeconds, freePort, startApp, startProcess, type Started } from "./support/processes";
import { fmt, type BenchContext, type Figure } from "./support/report";

const CATEGORIES = ["TEACHER", "PIBG", "COMMUNITY"] as const;

/** Form bodies as the public page posts them, each with its own phone number and email. */
function formBodies(run: number, noticeVersion: string) {
  let n = 0;
  return () => {
    n++;
    const k = run * 200_000 + n;
    return new URLSearchParams({
      fullName: `Cikgu Beban ${k}`,
      phone: `+6012${String(3_000_000 + k).padStart(7, "0")}`,
      email: `beban${k}@sekolah.test`,
      category: CATEGORIES[k % 3],
      organisation: "SMK Seri Ampangan",
      language: k % 4 === 0 ? "en" : "ms",
      noticeVersion,
      consent: "on",
      website: "",
    }).toString();
  };
}

let runNumber = 0;

/** How many registrations the database holds. */
function registrationCount(file: string): number {
  const sqlite = openDatabase(file);
  const { n } = sqlite.prepare(`SELECT count(*) AS n FROM "Registration"`).get() as { n: number };
  sqlite.close();
  return n;
}

/**
 * Requests still queued in the server when a run stops would be served during the next run and
 * spoil its figures: wait until the registration count has stopped moving for a second.
 */
async function settle(file: string): Promise<number> {
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const now = registrationCount(file);
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 1000) return now;
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Run = LoadResult & { cpuPerRegistration: number };

/**
 * One load run. Besides autocannon's figures, the server's CPU time per registration written
 * (from before the run until its last queued request is done), which other work on the machine
 * disturbs far less than requests per second.
 */
async function post(
  server: Started,
  file: string,
  code: string,
  connections: number,
  seconds: number,
  noticeVersion: string,
): Promise<Run> {
  const body = formBodies(++runNumber, noticeVersion);
  const rowsBefore = await settle(file);
  const cpuBefore = cpuSeconds(server.child.pid);
  const result = await load({
    url: server.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: `/r/${code}`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  });
  const rowsAfter = await settle(file);
  return { ...result, cpuPerRegistration: ((cpuSeconds(server.child.pid) - cpuBefore) * 1000) / Math.max(1, rowsAfter - rowsBefore) };
}

function describe(result: Run): string {
  const statuses = Object.entries(result.statuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(" ");
  const problems = result.errors || result.timeouts ? `, ${result.errors} errors, ${result.timeouts} timeouts` : "";
  return `p50 ${fmt.ms(result.p50)} / p95 ${fmt.ms(result.p95)} / p99 ${fmt.ms(result.p99)} ms; server CPU ${fmt.ms(result.cpuPerRegistration)} ms per registration; ${result.requests} requests in ${result.seconds.toFixed(0)} s (${statuses}${problems})`;
}

export async function registrationBench(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  const database = workCopy(seededDatabase(ctx.log), "registration");
  const events = runFixture<{ large: string; small: string; noticeVersion: string }>(
    "registration-fixture.ts",
    database.file,
    database.dataDir,
  );

  const runs = async (label: string, server: Started) => {
    // Warm up the JIT and the database cache; these requests are not counted.
    await post(server, database.file, events.large, 50, Math.min(3, ctx.duration), events.noticeVersion);
    const results: Record<string, Run> = {};
    for (const connections of [50, 200]) {
      ctx.log(`registration: ${label}, ${connections} clients, ${ctx.duration} s`);
      const result = await post(server, database.file, events.large, connections, ctx.duration, events.noticeVersion);
      results[connections] = result;
      figures.push({
        part: "registration",
        what: `${label}: POST /r/<code>, ${connections} clients`,
        value: `${fmt.perSecond(result.perSecond)} req/s`,
        detail: describe(result),
      });
    }
    ctx.log(`registration: ${label}, 50 clients, 50-seat event (waitlist)`);
    const waitlist = await post(server, database.file, events.small, 50, ctx.duration, events.noticeVersion);
    results.waitlist = waitlist;
    figures.push({
      part: "registration",
      what: `${label}: 50 clients, 50-seat event (nearly all waitlisted)`,
      value: `${fmt.perSecond(waitlist.perSecond)} req/s`,
      detail: describe(waitlist),
    });
    return results;
  };

  const app = await startApp(database);
  let appResults;
  try {
    appResults = await runs("app", app);
  } finally {
    await app.stop();
  }

  const port = await freePort();
  const minimal = await startProcess(
    ["--import", "tsx", "tests/bench/support/minimal-registration-server.ts"],
    { ...process.env, DATABASE_URL: database.url, PORT: String(port) },
    port,
    "/healthz",
  );
  let minimalResults;
  try {
    minimalResults = await runs("minimal http handler", minimal);
  } finally {
    await minimal.stop();
  }

  for (const key of ["50", "200", "waitlist"]) {
    const a = appResults[key];
    const m = minimalResults[key];
    figures.push({
      part: "registration",
      what: `ratio app/minimal, ${key === "waitlist" ? "50 clients, waitlist" : `${key} clients`}`,
      value: `${fmt.ratio(a.perSecond / m.perSecond)}× throughput`,
      detail: `server CPU per registration ${fmt.ratio(a.cpuPerRegistration / m.cpuPerRegistration)}×; p50 latency ${fmt.ratio(a.p50 / m.p50)}×, p95 ${fmt.ratio(a.p95 / m.p95)}×`,
    });
  }

  // Every 302 must be one registration row: the load made real registrations, nothing was lost.
  const sqlite = openDatabase(database.file);
  const rows = (
    sqlite
      .prepare(`SELECT count(*) AS n FROM "Registration" r JOIN "Event" e ON e.id = r.eventId WHERE e.publicCode IN (?, ?)`)
      .get(events.large, events.small) as { n: number }
  ).n;
  sqlite.close();
  const redirects = [...Object.values(appResults), ...Object.values(minimalResults)].reduce((sum, r) => sum + (r.statuses["302"] ?? 0), 0);
  const warmups = rows - redirects;
  ctx.log(`registration: ${rows} registration rows written (${redirects} counted 302s, the rest from warm-up runs)`);
  if (warmups < 0) throw new Error(`Fewer registration rows (${rows}) than 302 answers (${redirects})`);
  return figures;
}
