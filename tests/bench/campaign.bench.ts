/**
 * A follow-up campaign of 10,000 emails (BENCH_EMAILS) through one worker process (server/worker.ts,
 * as `npm run start:worker` runs it) to a local SMTP server: how long the campaign takes to expand
 * into the outbox, and how many messages a second the worker then renders and sends.
 * BENCH_CAMPAIGN_POSTGRES (worker counts, e.g. `2` or `1,2`) adds the same campaign on PostgreSQL,
 * sent by that many worker processes sharing it, each count on a fresh database.
 * The SMTP server counts deliveries by recipient: a message delivered twice is reported, and the
 * part fails.
 */
import pg from "pg";
import { BENCH_SESSION_SECRET, openDatabase, runFixture, seededDatabase, workCopy } from "./support/bench-database";
import { APP_ROOT, cpuSeconds, spawnProcess, type Spawned } from "./support/processes";
import { createPostgresDatabase } from "./support/registration-databases";
import { fmt, type BenchContext, type Figure } from "./support/report";
import { startSmtpSink } from "./support/smtp-sink";

const TIMEOUT_MS = 30 * 60_000;

type Outbox = {
  label: string;
  url: string;
  dataDir: string;
  campaignId: string;
  /** The campaign's messages by status */
  counts: () => Promise<Record<string, number>>;
  /** CPU seconds so far of each database server process serving the workers (PostgreSQL's backends), by process id */
  serverCpu?: () => Promise<Map<number, number>>;
  /**
   * Connections opened to the database so far. A backend that came and went inside the window is
   * missing from serverCpu: many connections opened mean its figure is too low.
   */
  serverSessions?: () => Promise<number>;
};

export async function campaignBench(ctx: BenchContext): Promise<Figure[]> {
  const size = Number(process.env.BENCH_EMAILS) || 10_000;
  const database = workCopy(seededDatabase(ctx.log), "campaign");
  ctx.log(`campaign: preparing a session with ${size} attendees and its follow-up`);
  const { campaignId } = runFixture<{ campaignId: string }>("campaign-fixture.ts", database.file, database.dataDir, [String(size)]);
  const sqlite = openDatabase(database.file);
  const byStatus = sqlite.prepare(`SELECT "status", count(*) AS n FROM "Message" WHERE "campaignId" = ? GROUP BY "status"`);
  const figures: Figure[] = [];
  try {
    figures.push(
      ...(await sendCampaign(ctx, size, 1, {
        label: "SQLite",
        url: database.url,
        dataDir: database.dataDir,
        campaignId,
        counts: async () => Object.fromEntries((byStatus.all(campaignId) as { status: string; n: number }[]).map((r) => [r.status, r.n])),
      })),
    );
  } finally {
    sqlite.close();
  }

  const postgresWorkers = (process.env.BENCH_CAMPAIGN_POSTGRES ?? "")
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  for (const workers of postgresWorkers) {
    const created = await createPostgresDatabase(`bench-campaign-${workers}`, "demo");
    if (!created) {
      ctx.log("campaign: no PostgreSQL server answers; its figures are left out");
      break;
    }
    const pool = new pg.Pool({ connectionString: created.url, max: 1 });
    try {
      ctx.log(`campaign (PostgreSQL, ${workers} workers): preparing the same session and follow-up`);
      const fixture = runFixture<{ campaignId: string }>("campaign-fixture.ts", "", created.dataDir, [String(size)], {
        DATABASE_URL: created.url,
      });
      figures.push(
        ...(await sendCampaign(ctx, size, workers, {
          label: "PostgreSQL",
          url: created.url,
          dataDir: created.dataDir,
          campaignId: fixture.campaignId,
          counts: async () => {
            const { rows } = await pool.query<{ status: string; n: string }>(
              `SELECT "status", count(*) AS n FROM "Message" WHERE "campaignId" = $1 GROUP BY "status"`,
              [fixture.campaignId],
            );
            return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
          },
          serverCpu: async () => {
            const { rows } = await pool.query<{ pid: number }>(
              `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
            );
            return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
          },
          serverSessions: async () =>
            Number((await pool.query(`SELECT sessions FROM pg_stat_database WHERE datname = current_database()`)).rows[0].sessions),
        })),
      );
    } finally {
      await pool.end();
      await created.drop();
    }
  }
  return figures;
}

/**
 * Starts `workers` worker processes on the outbox's database, all sending to one SMTP server, and
 * measures from the campaign's last message queued (or its first sent, if later) to its last sent.
 */
async function sendCampaign(ctx: BenchContext, size: number, workers: number, outbox: Outbox): Promise<Figure[]> {
  const smtp = await startSmtpSink();
  const label = `${outbox.label}, ${workers} worker${workers > 1 ? "s" : ""}`;
  const spawned = performance.now();
  const processes: Spawned[] = Array.from({ length: workers }, () =>
    spawnProcess(
      ["--import", "tsx", "server/worker.ts"],
      {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: outbox.url,
        DATA_DIR: outbox.dataDir,
        SMTP_URL: smtp.url,
        APP_URL: "http://localhost:3000",
        SESSION_SECRET: BENCH_SESSION_SECRET,
        WORKER_POLL_MS: "100",
      },
      APP_ROOT,
    ),
  );
  const cpu = () => processes.reduce((sum, p) => sum + cpuSeconds(p.child.pid), 0);
  let expanded = 0;
  let firstSent = 0;
  let done = 0;
  let lastLog = 0;
  let final: Record<string, number> = {};
  let cpuAtExpanded = NaN;
  let cpuAtDone = NaN;
  let benchAtExpanded = process.cpuUsage();
  let benchAtDone = process.cpuUsage();
  let serverAtExpanded = new Map<number, number>();
  let serverAtDone = new Map<number, number>();
  let sessionsAtExpanded = 0;
  let sessionsAtDone = 0;
  // Sent while the campaign was still expanding: outside the measured window, in time and CPU alike.
  let sentBefore = 0;
  try {
    for (;;) {
      const now = performance.now();
      const stopped = processes.find((p) => p.child.exitCode !== null);
      if (stopped) throw new Error(`A worker stopped:\n${stopped.output()}`);
      if (now - spawned > TIMEOUT_MS)
        throw new Error(`The campaign did not finish in ${TIMEOUT_MS / 60_000} minutes: ${JSON.stringify(await outbox.counts())}`);
      const c = await outbox.counts();
      const total = Object.values(c).reduce((s, n) => s + n, 0);
      if (!expanded && total >= size) {
        expanded = now;
        cpuAtExpanded = cpu();
        benchAtExpanded = process.cpuUsage();
        serverAtExpanded = (await outbox.serverCpu?.()) ?? serverAtExpanded;
        sessionsAtExpanded = (await outbox.serverSessions?.()) ?? 0;
        sentBefore = (c.SENT ?? 0) + (c.FAILED ?? 0);
      }
      if (!firstSent && (c.SENT ?? 0) > 0) firstSent = now;
      if ((c.SENT ?? 0) + (c.FAILED ?? 0) >= size) {
        done = now;
        cpuAtDone = cpu();
        benchAtDone = process.cpuUsage(benchAtExpanded);
        serverAtDone = (await outbox.serverCpu?.()) ?? serverAtDone;
        sessionsAtDone = (await outbox.serverSessions?.()) ?? 0;
        break;
      }
      if (now - lastLog > 15_000) {
        lastLog = now;
        ctx.log(`campaign (${label}): ${JSON.stringify(c)}, ${smtp.received()} received`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    final = await outbox.counts();
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    await smtp.close();
  }
  const duplicates = smtp.duplicates();
  if ((final.SENT ?? 0) !== size || smtp.received() - duplicates.extra !== size)
    throw new Error(`${label}: sent ${final.SENT}, received ${smtp.received()} (${duplicates.extra} twice), expected ${size}`);
  if (!/List-Unsubscribe:/i.test(smtp.first())) throw new Error("The first message has no List-Unsubscribe header: not a follow-up?");
  const sending = (done - Math.max(expanded, firstSent - 1)) / 1000;
  const measured = size - sentBefore;
  // A backend that started during the window counts whole.
  const serverCpu = [...serverAtDone].reduce((sum, [pid, seconds]) => sum + seconds - (serverAtExpanded.get(pid) ?? 0), 0);
  const figures: Figure[] = [
    {
      part: "campaign",
      what: `${label}: follow-up to ${size} attendees → local SMTP`,
      value: `${fmt.perSecond(measured / sending)} msg/s`,
      detail:
        `${measured} sent in ${sending.toFixed(1)} s from expanded to all sent (${sentBefore} before), ` +
        `worker CPU ${fmt.ms(((cpuAtDone - cpuAtExpanded) * 1000) / measured)} ms per message` +
        `${workers > 1 ? " (all workers together)" : ""}${outbox.serverCpu ? `, the database server's backends ${fmt.ms((serverCpu * 1000) / measured)} ms more (${sessionsAtDone - sessionsAtExpanded} connections opened meanwhile)` : ""}` +
        `, the SMTP server and this bench ${fmt.ms((benchAtDone.user + benchAtDone.system) / 1000 / measured)} ms; ` +
        `default batch and concurrency; ` +
        `${duplicates.extra ? `**${duplicates.extra} DELIVERED TWICE** (${duplicates.recipients} recipients)` : "none delivered twice"}`,
    },
    {
      part: "campaign",
      what: `${label}: campaign expansion into the outbox`,
      value: `${((expanded - spawned) / 1000).toFixed(1)} s`,
      detail: `from worker spawn (includes its ~1–2 s start) to ${size} queued rows`,
    },
    {
      part: "campaign",
      what: `${label}: whole campaign, spawn → last message accepted`,
      value: `${((done - spawned) / 1000).toFixed(1)} s`,
      detail: `${smtp.received()} messages received by the SMTP server`,
    },
  ];
  if (duplicates.extra) {
    figures[0].value += " — DELIVERED TWICE";
    process.exitCode = 1;
  }
  return figures;
}
