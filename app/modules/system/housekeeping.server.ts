import { pruneSignInThrottles } from "~/modules/auth/sign-in-throttle.server";
import { tidyExports } from "~/modules/exports/export-jobs.server";
import { runRetention } from "~/modules/privacy/erasure.server";
import { db } from "~/utils/db.server";
import { resolveDatabaseTarget } from "~/utils/database-url";
import { pruneRateLimits } from "~/utils/rate-limit.server";

const DAY_MS = 86_400_000;

/**
 * Anonymises participants past the retention period, once a day. Each run is a job row, so the
 * privacy page shows when it last ran and what it did. Two workers racing here both find the same
 * people; anonymising is idempotent, so the worst case is a second, empty run.
 */
export async function dailyRetention(now = new Date()) {
  const recent = await db.job.findFirst({
    where: { kind: "RETENTION", createdAt: { gt: new Date(now.getTime() - DAY_MS) } },
    select: { id: true },
  });
  if (recent) return null;
  const job = await db.job.create({ data: { kind: "RETENTION", status: "RUNNING" }, select: { id: true } });
  const result = await runRetention(null, { dryRun: false, now });
  await db.job.update({
    where: { id: job.id },
    data: { status: "DONE", total: result.count, processed: result.anonymised, report: JSON.stringify({ cutoff: result.cutoff }) },
  });
  return result;
}

export async function lastRetentionRun() {
  const job = await db.job.findFirst({
    where: { kind: "RETENTION", status: "DONE" },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, processed: true },
  });
  return job ? { at: job.createdAt, anonymised: job.processed } : null;
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

/** The worker's periodic chores: old rate-limit buckets and sign-in counts, stalled or expired exports, retention. */
export async function runHousekeeping(now = new Date()) {
  await optimizeDatabase();
  await pruneRateLimits();
  await pruneSignInThrottles(now);
  await tidyExports(now);
  await dailyRetention(now);
}
