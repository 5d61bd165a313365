/**
 * The app keeps answering while heavy work runs (issue 14): on the large database (100,000
 * registrations), a 10,000-row KPM school import is uploaded, planned and saved, and a
 * registrations export of every row is written, by the worker at the same time, while a signed-in
 * page (/events) and /healthz are requested one after another the whole time; on SQLite, then on
 * PostgreSQL. Figures: p95 and worst answer of each, the time the worker took to plan the import,
 * to save its 10,000 schools and to write the export's rows.
 */
import pg from "pg";
import { addLargeData, largeDatabase, openDatabase, workCopy } from "./support/bench-database";
import { percentile } from "./support/measure";
import { spawnProcess, startApp, type Started } from "./support/processes";
import { createPostgresDatabase } from "./support/registration-databases";
import { fmt, type BenchContext, type Figure } from "./support/report";

const PASSWORD = "kasih-demo-2024";
const SCHOOLS = 10_000;

async function signIn(app: Started, email: string): Promise<string> {
  const response = await fetch(`${app.url}/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url },
    body: new URLSearchParams({ email, password: PASSWORD, redirectTo: "/dashboard" }),
    redirect: "manual",
  });
  await response.arrayBuffer();
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]);
  if (response.status !== 302) throw new Error(`Signing in as ${email} failed (${response.status})`);
  return cookies.join("; ");
}

/** KPM's columns, 10,000 schools spread over the states' names as KPM writes them. */
function kpmList(): string {
  const states = ["JOHOR", "KEDAH", "KELANTAN", "MELAKA", "NEGERI SEMBILAN", "PAHANG", "PULAU PINANG", "PERAK", "SELANGOR"];
  const lines = ["NEGERI,PPD,JENIS/LABEL,KODSEKOLAH,NAMASEKOLAH,ALAMATSURAT,POSKODSURAT,BANDARSURAT,ENROLMEN,GURU"];
  for (let i = 0; i < SCHOOLS; i++) {
    const state = states[i % states.length];
    lines.push(
      `${state},PPD BENCH ${i % 40},SK,ZZB${String(i).padStart(4, "0")},SK BENCH ${i},JALAN ${i},${String(10000 + i).slice(0, 5)},BANDAR ${i % 90},${300 + (i % 900)},${20 + (i % 60)}`,
    );
  }
  return lines.join("\n");
}

async function post(app: Started, path: string, cookie: string, body: FormData | URLSearchParams) {
  const response = await fetch(`${app.url}${path}`, { method: "POST", headers: { cookie, origin: app.url }, body, redirect: "manual" });
  await response.arrayBuffer();
  if (response.status !== 302) throw new Error(`POST ${path} answered ${response.status}`);
  return response.headers.get("location") ?? "";
}

type Latencies = { label: string; times: number[]; failures: number };

/** Requests `path` one after another until `stop` resolves. */
async function keepAsking(app: Started, path: string, cookie: string, label: string, stop: { done: boolean }): Promise<Latencies> {
  const result: Latencies = { label, times: [], failures: 0 };
  while (!stop.done) {
    const started = performance.now();
    try {
      const response = await fetch(`${app.url}${path}`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) });
      await response.arrayBuffer();
      if (response.status !== 200) result.failures++;
    } catch {
      result.failures++;
    }
    result.times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 50));
  }
  return result;
}

type JobState = { status: string; processed: number; total: number; error: string | null };
/** The large database one run works on, and how the bench reads its jobs' state. */
type HeavyDatabase = {
  label: string;
  url: string;
  dataDir: string;
  jobState: (id: string) => Promise<JobState>;
  close: () => Promise<void>;
};

export async function jobsBench(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  const copy = workCopy(largeDatabase(ctx.log), "jobs");
  const sqlite = openDatabase(copy.file);
  const status = sqlite.prepare(`SELECT "status", "processed", "total", "error" FROM "Job" WHERE "id" = ?`);
  figures.push(
    ...(await heavyWork(ctx, {
      label: "SQLite",
      url: copy.url,
      dataDir: copy.dataDir,
      jobState: async (id) => status.get(id) as JobState,
      close: async () => void sqlite.close(),
    })),
  );

  ctx.log("jobs: the demo and a national year of data on PostgreSQL (a few minutes)");
  const created = await createPostgresDatabase("bench-jobs", "demo");
  if (!created) {
    ctx.log("jobs: no PostgreSQL server answers; its figures are left out");
    return figures;
  }
  const pool = new pg.Pool({ connectionString: created.url, max: 1 });
  try {
    addLargeData(created.url);
    figures.push(
      ...(await heavyWork(ctx, {
        label: "PostgreSQL",
        url: created.url,
        dataDir: created.dataDir,
        jobState: async (id) =>
          (await pool.query(`SELECT "status", "processed", "total", "error" FROM "Job" WHERE "id" = $1`, [id])).rows[0] as JobState,
        close: () => pool.end(),
      })),
    );
  } finally {
    await created.drop();
  }
  return figures;
}

async function heavyWork(ctx: BenchContext, database: HeavyDatabase): Promise<Figure[]> {
  const app = await startApp(database);
  const worker = spawnProcess(["--import", "tsx", "server/worker.ts"], {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    DATA_DIR: database.dataDir,
  });
  const jobState = database.jobState;
  const figures: Figure[] = [];
  try {
    const admin = await signIn(app, "admin@kasih.test");
    const stop = { done: false };
    const asking = [keepAsking(app, "/events", admin, "/events (signed in)", stop), keepAsking(app, "/healthz", "", "/healthz", stop)];
    // The worker reads and plans the file (the dry run), then the import is confirmed and saved while an export is written.
    ctx.log(`jobs (${database.label}): uploading the 10,000-row import; the worker plans it`);
    const upload = new FormData();
    upload.append("file", new File([kpmList()], "senarai-kpm.csv", { type: "text/csv" }));
    const uploadStarted = performance.now();
    const importPage = await post(app, "/schools/import", admin, upload);
    const uploadAnswered = performance.now() - uploadStarted;
    const importId = importPage.split("/").pop()!;
    for (;;) {
      const state = await jobState(importId);
      if (state.status === "PENDING") break;
      if (state.status === "FAILED") throw new Error(`The import's plan failed: ${state.error}\n${worker.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const planned = performance.now() - uploadStarted;

    const started = performance.now();
    await post(app, importPage, admin, new URLSearchParams());
    const exportPage = await post(app, "/exports", admin, new URLSearchParams({ dataset: "registrations", format: "csv" }));
    const exportId = exportPage.split("/").pop()!;
    ctx.log(`jobs (${database.label}): import saving and export writing`);
    const finished: Record<string, number> = {};
    while (Object.keys(finished).length < 2) {
      for (const [name, id] of [
        ["import", importId],
        ["export", exportId],
      ] as const) {
        if (finished[name]) continue;
        const state = await jobState(id);
        if (state.status === "DONE") finished[name] = performance.now() - started;
        if (state.status === "FAILED") throw new Error(`The ${name} failed: ${state.error}\n${worker.output()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    stop.done = true;
    for (const result of await Promise.all(asking)) {
      const sorted = [...result.times].sort((a, b) => a - b);
      figures.push({
        part: "jobs",
        what: `${database.label}: ${result.label} during the import (plan and save) and the export`,
        value: `p95 ${fmt.ms(percentile(sorted, 95))} ms`,
        detail: `worst ${fmt.ms(sorted[sorted.length - 1] ?? 0)} ms, p50 ${fmt.ms(percentile(sorted, 50))} ms; ${sorted.length} requests, ${result.failures} not 200`,
      });
    }
    figures.push({
      part: "jobs",
      what: `${database.label}: school import, upload answered, then planned by the worker (10,000 rows)`,
      value: `${(planned / 1000).toFixed(1)} s`,
      detail: `the upload's request answered in ${fmt.ms(uploadAnswered)} ms; the plan (reading the file, comparing with the schools on file) in the worker`,
    });
    const imported = await jobState(importId);
    const exported = await jobState(exportId);
    figures.push({
      part: "jobs",
      what: `${database.label}: school import, ${imported.processed} schools saved by the worker`,
      value: `${(finished.import / 1000).toFixed(1)} s`,
      detail: `from the confirmation to DONE, beside the export`,
    });
    figures.push({
      part: "jobs",
      what: `${database.label}: registrations export, ${exported.processed} rows written by the worker`,
      value: `${(finished.export / 1000).toFixed(1)} s`,
      detail: `from the request to DONE, beside the import`,
    });
  } finally {
    await database.close();
    await worker.stop();
    await app.stop();
  }
  return figures;
}
