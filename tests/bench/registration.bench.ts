/**
 * Public registration POST (/r/<code>) under load.
 *
 * 1. Throughput, latency and server CPU per registration: the built app beside a minimal plain-Node
 *    handler doing the same database work (support/minimal-registration-server.ts) on one SQLite
 *    file, run alternately (app, minimal, app, minimal…) at 50 and 200 clients so the machine's
 *    other work falls on both alike; then the app on PostgreSQL at the same loads.
 * 2. The rush: 300 people submitting at once for a 150-seat event, on SQLite, on PostgreSQL and on
 *    two servers sharing PostgreSQL, while a second process keeps a core busy. Everyone turned away
 *    with a 503 tries again after its Retry-After; in the end exactly 150 are seated and 150 wait.
 *    The servers get a short queue (REGISTRATION_QUEUE_SECONDS=1) so the 503 path is exercised.
 */
import { spawn } from "node:child_process";
import pg from "pg";
import { openDatabase, runFixture, seededDatabase, workCopy } from "./support/bench-database";
import { load, percentile, type LoadResult } from "./support/measure";
import { cpuSeconds, freePort, startApp, startProcess, type Started } from "./support/processes";
import { fmt, type BenchContext, type Figure } from "./support/report";

const CATEGORIES = ["TEACHER", "PIBG", "COMMUNITY"] as const;
type Fixture = { large: string; small: string; rushes: string[]; noticeVersion: string };

let personNumber = 0;
/** A form body as the public page posts it, each with its own name, phone number and email. */
function formBody(noticeVersion: string): string {
  const k = ++personNumber + Math.floor(Math.random() * 1e6) * 1000;
  return new URLSearchParams({
    fullName: `Cikgu Beban ${k}`,
    phone: `+6012${String(k % 10_000_000).padStart(7, "0")}`,
    email: `beban${k}@sekolah.test`,
    category: CATEGORIES[k % 3],
    organisation: "SMK Seri Ampangan",
    language: k % 4 === 0 ? "en" : "ms",
    noticeVersion,
    consent: "on",
    website: "",
  }).toString();
}

/** Reads the database a server writes to: SQLite file or PostgreSQL. */
type Database = {
  label: string;
  url: string;
  dataDir: string;
  registrations(): Promise<number>;
  statuses(publicCode: string): Promise<Record<string, number>>;
  close(): Promise<void>;
};

function sqliteDatabase(file: string, dataDir: string): Database {
  const read = () => openDatabase(file);
  return {
    label: "SQLite",
    url: `file:${file}`,
    dataDir,
    registrations: async () => {
      const sqlite = read();
      const { n } = sqlite.prepare(`SELECT count(*) AS n FROM "Registration"`).get() as { n: number };
      sqlite.close();
      return n;
    },
    statuses: async (code) => {
      const sqlite = read();
      const rows = sqlite
        .prepare(
          `SELECT r.status AS status, count(*) AS n FROM "Registration" r JOIN "Event" e ON e.id = r.eventId WHERE e.publicCode = ? GROUP BY r.status`,
        )
        .all(code) as { status: string; n: number }[];
      sqlite.close();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    close: async () => undefined,
  };
}

function postgresDatabase(url: string, dataDir: string, drop: () => Promise<void>): Database {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    label: "PostgreSQL",
    url,
    dataDir,
    registrations: async () => Number((await pool.query(`SELECT count(*) AS n FROM "Registration"`)).rows[0].n),
    statuses: async (code) => {
      const { rows } = await pool.query(
        `SELECT r.status, count(*) AS n FROM "Registration" r JOIN "Event" e ON e.id = r."eventId" WHERE e."publicCode" = $1 GROUP BY r.status`,
        [code],
      );
      return Object.fromEntries(rows.map((r: { status: string; n: string }) => [r.status, Number(r.n)]));
    },
    close: async () => {
      await pool.end();
      await drop();
    },
  };
}

/** A PostgreSQL database from the test suite's template (migrated, reference data), dropped at the end. */
async function createPostgresDatabase(): Promise<{ url: string; dataDir: string; drop: () => Promise<void> } | null> {
  const previous = process.env.TEST_DATABASE;
  process.env.TEST_DATABASE = "postgresql";
  try {
    const support = await import("../support/test-database");
    if (!(await support.postgresAnswers())) return null;
    await support.ensureBaseDatabase();
    return await support.createTestDatabase("bench-registration");
  } finally {
    process.env.TEST_DATABASE = previous;
  }
}

/**
 * Requests still queued in the server when a run stops would be served during the next run and
 * spoil its figures: wait until the registration count has stopped moving for a second.
 */
async function settle(database: Database): Promise<number> {
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const now = await database.registrations();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 1000) return now;
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Run = LoadResult & { cpuPerRegistration: number };

/** One load run, with the server's CPU time per registration written (steadier than req/s on a busy machine). */
async function post(
  server: Started,
  database: Database,
  code: string,
  connections: number,
  seconds: number,
  noticeVersion: string,
): Promise<Run> {
  const rowsBefore = await settle(database);
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
        setupRequest: (request) => ({ ...request, body: formBody(noticeVersion) }),
      },
    ],
  });
  const rowsAfter = await settle(database);
  return { ...result, cpuPerRegistration: ((cpuSeconds(server.child.pid) - cpuBefore) * 1000) / Math.max(1, rowsAfter - rowsBefore) };
}

function describeRuns(runs: Run[]): string {
  const statuses: Record<string, number> = {};
  for (const run of runs) for (const [status, count] of Object.entries(run.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  const errors = runs.reduce((sum, r) => sum + r.errors + r.timeouts, 0);
  const p = (key: "p50" | "p95" | "p99") => runs.map((r) => fmt.ms(r[key])).join("/");
  return `p50 ${p("p50")} / p95 ${p("p95")} / p99 ${p("p99")} ms; server CPU ${runs.map((r) => fmt.ms(r.cpuPerRegistration)).join("/")} ms per registration; ${runs.map((r) => fmt.perSecond(r.perSecond)).join("/")} req/s (${Object.entries(
    statuses,
  )
    .map(([status, count]) => `${status}×${count}`)
    .join(" ")}${errors ? `, ${errors} errors or timeouts` : ""})`;
}

/** The middle of the runs (the mean of two): figures from alternated runs. */
const middle = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const summary = (runs: Run[]) => ({
  perSecond: middle(runs.map((r) => r.perSecond)),
  p95: middle(runs.map((r) => r.p95)),
  cpu: middle(runs.map((r) => r.cpuPerRegistration)),
});

/** A process that keeps one core busy, so the servers run on a loaded machine. */
function cpuBurner() {
  const child = spawn(process.execPath, ["-e", "for (;;) Math.sqrt(Math.random())"], { stdio: "ignore" });
  return () => child.kill("SIGKILL");
}

type RushResult = {
  first: Record<string, number>;
  retries: number;
  rounds: number;
  final: Record<string, number>;
  p95: number;
  fivexx: number;
  failures: number;
};

/**
 * 300 people press submit at the same moment (spread over the given servers, as a load balancer
 * would); each one answered 503 waits its Retry-After and submits the same form again.
 */
async function rush(servers: Started[], database: Database, code: string, noticeVersion: string): Promise<RushResult> {
  const people = Array.from({ length: 300 }, () => formBody(noticeVersion));
  const first: Record<string, number> = {};
  const latencies: number[] = [];
  let retries = 0;
  let rounds = 0;
  let fivexx = 0;
  let failures = 0;
  const send = async (i: number, attempt: number): Promise<void> => {
    rounds = Math.max(rounds, attempt);
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(`${servers[i % servers.length].url}/r/${code}`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: people[i],
        signal: AbortSignal.timeout(60_000),
      });
      await response.arrayBuffer();
    } catch {
      // No answer at all (a dropped connection, a minute without reply): counted, not retried.
      failures++;
      return;
    }
    latencies.push(performance.now() - started);
    if (attempt === 1) first[response.status] = (first[response.status] ?? 0) + 1;
    if (response.status >= 500 && response.status !== 503) fivexx++;
    if (response.status === 503 && attempt < 30) {
      retries++;
      await new Promise((r) => setTimeout(r, Number(response.headers.get("Retry-After") ?? 1) * 1000));
      return send(i, attempt + 1);
    }
  };
  await Promise.all(people.map((_, i) => send(i, 1)));
  latencies.sort((a, b) => a - b);
  return { first, retries, rounds, final: await database.statuses(code), p95: percentile(latencies, 95), fivexx, failures };
}

function rushFigure(label: string, result: RushResult): Figure {
  const ok =
    result.final.REGISTERED === 150 &&
    result.final.WAITLISTED === 150 &&
    Object.keys(result.final).length === 2 &&
    result.fivexx === 0 &&
    result.failures === 0;
  return {
    part: "registration",
    what: `rush: 300 at once for 150 seats, ${label}, one core kept busy`,
    value: `${result.final.REGISTERED ?? 0} seated, ${result.final.WAITLISTED ?? 0} waitlisted${ok ? "" : " — WRONG"}`,
    detail: `first answers ${Object.entries(result.first)
      .map(([s, n]) => `${s}×${n}`)
      .join(
        " ",
      )}; ${result.retries} retries after a 503 (at most ${result.rounds - 1} per person); other 5xx: ${result.fivexx}; no answer: ${result.failures}; p95 of all answers ${fmt.ms(result.p95)} ms`,
  };
}

export async function registrationBench(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  // Each figure is printed as soon as it is known, so a run cut short keeps what it measured.
  const push = figures.push.bind(figures);
  figures.push = (...added: Figure[]) => {
    for (const f of added) ctx.log(`registration figure | ${f.what} | ${f.value} | ${f.detail ?? ""}`);
    return push(...added);
  };
  const copy = workCopy(seededDatabase(ctx.log), "registration");
  const sqlite = sqliteDatabase(copy.file, copy.dataDir);
  const events = runFixture<Fixture>("registration-fixture.ts", copy.file, copy.dataDir);
  // The rush runs with a short queue so some people are asked to try again.
  const rushEnv = { REGISTRATION_QUEUE_SECONDS: "1" };

  // ---- 1. app and minimal handler, alternated, on SQLite
  const app = await startApp(sqlite);
  const port = await freePort();
  const minimal = await startProcess(
    ["--import", "tsx", "tests/bench/support/minimal-registration-server.ts"],
    { ...process.env, DATABASE_URL: sqlite.url, PORT: String(port) },
    port,
    "/healthz",
  );
  const results: Record<string, Run[]> = {};
  const record = (key: string, run: Run) => (results[key] ??= []).push(run);
  try {
    // Warm up the JIT and the database cache; not counted.
    await post(app, sqlite, events.large, 50, Math.min(3, ctx.duration), events.noticeVersion);
    await post(minimal, sqlite, events.large, 50, Math.min(3, ctx.duration), events.noticeVersion);
    for (let round = 1; round <= 2; round++) {
      for (const connections of [50, 200]) {
        for (const [label, server] of [
          ["app", app],
          ["minimal", minimal],
        ] as const) {
          ctx.log(`registration: ${label} on SQLite, ${connections} clients, round ${round}, ${ctx.duration} s`);
          record(`${label} ${connections}`, await post(server, sqlite, events.large, connections, ctx.duration, events.noticeVersion));
        }
      }
    }
    ctx.log(`registration: app, 50 clients, 50-seat event (waitlist)`);
    record("app waitlist", await post(app, sqlite, events.small, 50, ctx.duration, events.noticeVersion));
  } finally {
    await app.stop();
    await minimal.stop();
  }

  for (const connections of [50, 200]) {
    for (const label of ["app", "minimal"]) {
      figures.push({
        part: "registration",
        what: `${label === "app" ? "app" : "minimal http handler"} on SQLite: POST /r/<code>, ${connections} clients (2 runs, alternated)`,
        value: `${fmt.perSecond(summary(results[`${label} ${connections}`]).perSecond)} req/s`,
        detail: describeRuns(results[`${label} ${connections}`]),
      });
    }
    const a = summary(results[`app ${connections}`]);
    const m = summary(results[`minimal ${connections}`]);
    figures.push({
      part: "registration",
      what: `ratio app/minimal on SQLite, ${connections} clients`,
      value: `${fmt.ratio(a.perSecond / m.perSecond)}× throughput`,
      detail: `p95 ${fmt.ratio(a.p95 / m.p95)}× the minimal handler's; server CPU per registration ${fmt.ms(a.cpu)} vs ${fmt.ms(m.cpu)} ms (${fmt.ratio(a.cpu / m.cpu)}×)`,
    });
  }
  figures.push({
    part: "registration",
    what: "app on SQLite: 50 clients, 50-seat event (nearly all waitlisted)",
    value: `${fmt.perSecond(summary(results["app waitlist"]).perSecond)} req/s`,
    detail: describeRuns(results["app waitlist"]),
  });

  // ---- 2. the rush on SQLite (BENCH_RUSH=0 leaves the rushes out, for a quicker before/after of the load runs)
  const rushes = process.env.BENCH_RUSH !== "0";
  if (rushes) {
    const server = await startApp(sqlite, rushEnv);
    const stopBurner = cpuBurner();
    try {
      ctx.log("registration: rush of 300 for 150 seats on SQLite");
      figures.push(rushFigure("SQLite", await rush([server], sqlite, events.rushes[0], events.noticeVersion)));
    } finally {
      stopBurner();
      await server.stop();
    }
  }

  // ---- 3. PostgreSQL: load at 50 and 200 clients, the rush on one and on two servers
  const created = await createPostgresDatabase();
  if (!created) {
    ctx.log("registration: no PostgreSQL server answers; its figures are left out");
    return figures;
  }
  const postgres = postgresDatabase(created.url, created.dataDir, created.drop);
  try {
    const pgEvents = runFixture<Fixture>("registration-fixture.ts", "unused", created.dataDir, [], { DATABASE_URL: created.url });
    const server = await startApp(postgres);
    try {
      await post(server, postgres, pgEvents.large, 50, Math.min(3, ctx.duration), pgEvents.noticeVersion);
      for (const connections of [50, 200]) {
        ctx.log(`registration: app on PostgreSQL, ${connections} clients, ${ctx.duration} s`);
        const run = await post(server, postgres, pgEvents.large, connections, ctx.duration, pgEvents.noticeVersion);
        const onSqlite = summary(results[`app ${connections}`]);
        figures.push({
          part: "registration",
          what: `app on PostgreSQL: POST /r/<code>, ${connections} clients`,
          value: `${fmt.perSecond(run.perSecond)} req/s`,
          detail: `${describeRuns([run])}; ${fmt.ratio(run.perSecond / onSqlite.perSecond)}× the app's throughput on SQLite`,
        });
      }
    } finally {
      await server.stop();
    }
    const stopBurner = rushes ? cpuBurner() : () => undefined;
    try {
      if (!rushes) return figures;
      const one = await startApp(postgres, rushEnv);
      try {
        ctx.log("registration: rush of 300 for 150 seats on PostgreSQL");
        figures.push(rushFigure("PostgreSQL", await rush([one], postgres, pgEvents.rushes[0], pgEvents.noticeVersion)));
      } finally {
        await one.stop();
      }
      const two = [await startApp(postgres, rushEnv), await startApp(postgres, rushEnv)];
      try {
        ctx.log("registration: rush of 300 for 150 seats on two servers sharing PostgreSQL");
        figures.push(rushFigure("two servers sharing PostgreSQL", await rush(two, postgres, pgEvents.rushes[1], pgEvents.noticeVersion)));
      } finally {
        await Promise.all(two.map((s) => s.stop()));
      }
    } finally {
      stopBurner();
    }
  } finally {
    await postgres.close();
  }
  return figures;
}
