import { pruneSignInThrottles } from "~/modules/auth/sign-in-throttle.server";
import { deleteOldExportFiles } from "~/modules/exports/export-jobs.server";
import { jobQueue } from "~/modules/jobs/job-queue.server";
import type { JobHandler } from "~/modules/jobs/job-runner.server";
import { runRetention } from "~/modules/privacy/erasure.server";
import { db } from "~/utils/db.server";
import { sqlInstant, sqlStatement } from "~/utils/driver-sql.server";
import { resolveDatabaseTarget } from "~/utils/database-url";
import { pruneRateLimits } from "~/utils/rate-limit.server";

const DAY_MS = 86_400_000;
const HOUSEKEEPING_EVERY_MS = 10 * 60_000;
/** Finished jobs of the worker's own routine are kept this long (retention runs stay: the privacy page reports them). */
const ROUTINE_JOBS_KEPT_MS = 30 * DAY_MS;

/**
 * Queues the retention run once a day. Each run is a job row, so the privacy page shows when it
 * last ran and what it did. The dedupe key (the day) makes two workers queue it once; were both
 * to run, anonymising is idempotent and the second would find nobody.
 */
export async function scheduleRetention(now: Date) {
  // Asked on the driver: the worker asks every WORKER_POLL_MS (through the model, thirty times the CPU).
  const recent = await sqlStatement(
    (sql) =>
      sql.get(`SELECT 1 AS "recent" FROM "Job" WHERE "kind" = 'RETENTION' AND "createdAt" > ? LIMIT 1`, [
        sqlInstant(new Date(now.getTime() - DAY_MS)),
      ]),
    10_000,
  );
  if (recent) return null;
  return jobQueue.enqueue({
    kind: "RETENTION",
    input: { asOf: now.toISOString() },
    runAt: now,
    dedupeKey: `retention:${now.toISOString().slice(0, 10)}`,
  });
}

/** Anonymises participants past the retention period as of the day it was queued. */
export const retentionHandler: JobHandler = {
  async run({ job }) {
    const { asOf } = JSON.parse(job.input ?? "{}") as { asOf?: string };
    const result = await runRetention(null, { dryRun: false, now: asOf ? new Date(asOf) : new Date() });
    return { total: result.count, processed: result.anonymised, report: { cutoff: result.cutoff } };
  },
};

export async function lastRetentionRun() {
  const job = await db.job.findFirst({
    where: { kind: "RETENTION", status: "DONE" },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, processed: true },
  });
  return job ? { at: job.createdAt, anonymised: job.processed } : null;
}

/** Queues the routine chores every ten minutes (one job per ten-minute slot, whatever the number of workers). */
export function scheduleHousekeeping(now: Date) {
  const slot = Math.floor(now.getTime() / HOUSEKEEPING_EVERY_MS);
  return jobQueue.enqueue({ kind: "HOUSEKEEPING", runAt: now, maxAttempts: 1, dedupeKey: `housekeeping:${slot}` });
}

/**
 * Keeps SQLite's planner statistics current, so its plans stay good as the data grows (without
 * them, a new index can be chosen where it is slower, as seen on the dashboard). `PRAGMA
 * optimize` analyses only the tables whose statistics are missing or out of date, reading at most
 * `analysis_limit` rows of each index: milliseconds on 100,000 registrations. Run when the web
 * server starts and with the worker's chores. On PostgreSQL, autovacuum's ANALYZE does this.
 */
export async function optimizeDatabase() {
  if (resolveDatabaseTarget().provider !== "sqlite") return;
  await db.$queryRawUnsafe("PRAGMA analysis_limit = 1000");
  await db.$queryRawUnsafe("PRAGMA optimize = 0x10002");
}

/** The worker's routine chores: old rate-limit buckets and sign-in counts, expired export files, old routine jobs. */
export const housekeepingHandler: JobHandler = {
  async run() {
    const now = new Date();
    await optimizeDatabase();
    await pruneRateLimits();
    await pruneSignInThrottles(now);
    const files = deleteOldExportFiles(now);
    const jobs = await db.job.deleteMany({
      where: {
        kind: { in: ["HOUSEKEEPING", "CAMPAIGN_EXPANSION"] },
        status: { in: ["DONE", "FAILED", "CANCELLED"] },
        updatedAt: { lt: new Date(now.getTime() - ROUTINE_JOBS_KEPT_MS) },
      },
    });
    return { report: { exportFilesDeleted: files, jobsDeleted: jobs.count } };
  },
};
