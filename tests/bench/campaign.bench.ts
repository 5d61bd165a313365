/**
 * A follow-up campaign of 10,000 emails (BENCH_EMAILS) through one worker process (server/worker.ts,
 * as `npm run start:worker` runs it) to a local SMTP server: how long the campaign takes to expand
 * into the outbox, and how many messages a second the worker then renders and sends.
 */
import { BENCH_SESSION_SECRET, openDatabase, runFixture, seededDatabase, workCopy } from "./support/bench-database";
import { APP_ROOT, cpuSeconds, spawnProcess } from "./support/processes";
import { fmt, type BenchContext, type Figure } from "./support/report";
import { startSmtpSink } from "./support/smtp-sink";

const TIMEOUT_MS = 30 * 60_000;

export async function campaignBench(ctx: BenchContext): Promise<Figure[]> {
  const size = Number(process.env.BENCH_EMAILS) || 10_000;
  const database = workCopy(seededDatabase(ctx.log), "campaign");
  ctx.log(`campaign: preparing a session with ${size} attendees and its follow-up`);
  const { campaignId } = runFixture<{ campaignId: string }>("campaign-fixture.ts", database.file, database.dataDir, [String(size)]);

  const smtp = await startSmtpSink();
  const sqlite = openDatabase(database.file);
  const byStatus = sqlite.prepare(`SELECT "status", count(*) AS n FROM "Message" WHERE "campaignId" = ? GROUP BY "status"`);
  const counts = () =>
    Object.fromEntries((byStatus.all(campaignId) as { status: string; n: number }[]).map((r) => [r.status, r.n])) as Record<string, number>;

  const spawned = performance.now();
  const worker = spawnProcess(
    ["--import", "tsx", "server/worker.ts"],
    {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      DATA_DIR: database.dataDir,
      SMTP_URL: smtp.url,
      APP_URL: "http://localhost:3000",
      SESSION_SECRET: BENCH_SESSION_SECRET,
      WORKER_POLL_MS: "100",
    },
    APP_ROOT,
  );
  let expanded = 0;
  let firstSent = 0;
  let done = 0;
  let lastLog = 0;
  let final: Record<string, number> = {};
  let cpuAtExpanded = NaN;
  let cpuAtDone = NaN;
  try {
    for (;;) {
      const now = performance.now();
      if (worker.child.exitCode !== null) throw new Error(`The worker stopped:\n${worker.output()}`);
      if (now - spawned > TIMEOUT_MS)
        throw new Error(`The campaign did not finish in ${TIMEOUT_MS / 60_000} minutes: ${JSON.stringify(counts())}`);
      const c = counts();
      const total = Object.values(c).reduce((s, n) => s + n, 0);
      if (!expanded && total >= size) {
        expanded = now;
        cpuAtExpanded = cpuSeconds(worker.child.pid);
      }
      if (!firstSent && (c.SENT ?? 0) > 0) firstSent = now;
      if ((c.SENT ?? 0) + (c.FAILED ?? 0) >= size) {
        done = now;
        cpuAtDone = cpuSeconds(worker.child.pid);
        break;
      }
      if (now - lastLog > 15_000) {
        lastLog = now;
        ctx.log(`campaign: ${JSON.stringify(c)}, ${smtp.received()} received`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    final = counts();
  } finally {
    await worker.stop();
    sqlite.close();
    await smtp.close();
  }
  if ((final.SENT ?? 0) !== size || smtp.received() !== size)
    throw new Error(`Sent ${final.SENT}, received ${smtp.received()}, expected ${size}`);
  if (!/List-Unsubscribe:/i.test(smtp.first())) throw new Error("The first message has no List-Unsubscribe header: not a follow-up?");
  const sending = (done - Math.max(expanded, firstSent - 1)) / 1000;
  return [
    {
      part: "campaign",
      what: `follow-up to ${size} attendees: worker → local SMTP`,
      value: `${fmt.perSecond(size / sending)} msg/s`,
      detail: `${sending.toFixed(1)} s from expanded to all sent, worker CPU ${fmt.ms(((cpuAtDone - cpuAtExpanded) * 1000) / size)} ms per message; 1 worker, default batch and concurrency`,
    },
    {
      part: "campaign",
      what: "campaign expansion into the outbox",
      value: `${((expanded - spawned) / 1000).toFixed(1)} s`,
      detail: `from worker spawn (includes its ~1–2 s start) to ${size} queued rows`,
    },
    {
      part: "campaign",
      what: "whole campaign, spawn → last message accepted",
      value: `${((done - spawned) / 1000).toFixed(1)} s`,
      detail: `${smtp.received()} messages received by the SMTP server`,
    },
  ];
}
