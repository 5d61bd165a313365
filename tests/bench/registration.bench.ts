/**
 * Public registration POST (/r/<code>) under load.
 *
 * 1. Throughput, latency and server CPU per registration: the built app beside a minimal plain-Node
 *    handler doing the same database work (support/minimal-registration-server.ts) on one SQLite
 *    file, run alternately (app, minimal, app, minimal…) at 50 and 200 clients so the machine's
 *    other work falls on both alike; then the app on PostgreSQL at the same loads.
 * The rush of 300 people for 150 seats is its own part (rush.bench.ts).
 */
import { runFixture, seededDatabase, workCopy } from "./support/bench-database";
import { load, type LoadResult } from "./support/measure";
import {
  createPostgresDatabase,
  formBody,
  postgresDatabase,
  serverCpuBetween,
  sqliteDatabase,
  type Database,
  type Fixture,
} from "./support/registration-databases";
import { cpuSeconds, freePort, startApp, startProcess, type Started } from "./support/processes";
import { fmt, type BenchContext, type Figure } from "./support/report";

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

/** CPU per registration: the app's, and the database server's where it is a process of its own (PostgreSQL). */
type Run = LoadResult & { cpuPerRegistration: number; databaseCpuPerRegistration: number };

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
  const databaseCpuBefore = await database.serverCpu();
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
  const registered = Math.max(1, rowsAfter - rowsBefore);
  return {
    ...result,
    cpuPerRegistration: ((cpuSeconds(server.child.pid) - cpuBefore) * 1000) / registered,
    databaseCpuPerRegistration: (serverCpuBetween(databaseCpuBefore, await database.serverCpu()) * 1000) / registered,
  };
}

function describeRuns(runs: Run[]): string {
  const statuses: Record<string, number> = {};
  for (const run of runs) for (const [status, count] of Object.entries(run.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  const errors = runs.reduce((sum, r) => sum + r.errors + r.timeouts, 0);
  const p = (key: "p50" | "p95" | "p99") => runs.map((r) => fmt.ms(r[key])).join("/");
  const databaseCpu = runs.every((r) => Number.isFinite(r.databaseCpuPerRegistration))
    ? `; database server CPU ${runs.map((r) => fmt.ms(r.databaseCpuPerRegistration)).join("/")} ms per registration`
    : "";
  return `p50 ${p("p50")} / p95 ${p("p95")} / p99 ${p("p99")} ms; server CPU ${runs.map((r) => fmt.ms(r.cpuPerRegistration)).join("/")} ms per registration${databaseCpu}; ${runs.map((r) => fmt.perSecond(r.perSecond)).join("/")} req/s (${Object.entries(
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

  // ---- 2. PostgreSQL: load at 50 and 200 clients
  const created = await createPostgresDatabase("bench-registration");
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
  } finally {
    await postgres.close();
  }
  return figures;
}
