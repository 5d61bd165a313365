import { isUniqueViolation } from "~/utils/database-errors";
import { db, type Db } from "~/utils/db.server";
import { sqlInstant, sqlStatement } from "~/utils/driver-sql.server";
import { env } from "~/utils/env.server";
import type { JobKind, JobStatus } from "./job-types";

/** A job as a runner holds it. */
export type ClaimedJob = {
  id: string;
  kind: JobKind;
  input: string | null;
  report: string | null;
  total: number;
  processed: number;
  attempts: number;
  maxAttempts: number;
  createdById: string | null;
  workerId: string;
};

export type NewJob = {
  kind: JobKind;
  input?: unknown;
  report?: unknown;
  total?: number;
  createdById?: string | null;
  /** PENDING waits for the user to confirm (start); QUEUED (the default) runs as soon as a runner is free */
  status?: "PENDING" | "QUEUED";
  runAt?: Date;
  maxAttempts?: number;
  /** Recurring work's key: a second enqueue with the same key is a no-op (returns null) */
  dedupeKey?: string;
};

export type ProgressUpdate = { processed?: number; total?: number; report?: unknown; input?: unknown };

/** The runner no longer holds the job: it was cancelled, withdrawn, or its lease ran out and another runner took it. */
export class JobLostError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId} is no longer held by this runner`);
    this.name = "JobLostError";
  }
}

/**
 * A failure with a reason the user can read (a message key). Permanent failures are not retried:
 * the input itself is wrong, and running it again would fail the same way.
 */
export class JobError extends Error {
  constructor(
    public readonly reason: string,
    public readonly permanent = true,
  ) {
    super(reason);
    this.name = "JobError";
  }
}

/**
 * The queue as the runner and the pages see it. `tableJobQueue` keeps jobs in the Job table, which
 * works the same on SQLite and PostgreSQL; a PostgreSQL deployment could put pg-boss or
 * graphile-worker behind this interface without touching the handlers or the pages (decision 014).
 * Every write a runner makes is guarded by its lease, so a runner that lost a job cannot touch it.
 */
export interface JobQueue {
  /** Creates a job, inside the caller's transaction when given one. Null when its dedupe key is taken. */
  enqueue(job: NewJob, tx?: Db): Promise<string | null>;
  /** The user confirmed a PENDING job (a plan, a preview): it is queued to run. */
  start(jobId: string, update?: ProgressUpdate): Promise<boolean>;
  /** Takes the next due job (queued and due, or running under a lease that ran out), of the given kinds if any, or null. */
  claim(workerId: string, now?: Date, kinds?: readonly JobKind[]): Promise<ClaimedJob | null>;
  /** Records progress and renews the lease; throws JobLostError when the job is no longer this runner's. */
  progress(job: ClaimedJob, update: ProgressUpdate, tx?: Db): Promise<void>;
  /** Ends the job (DONE, or back to PENDING for the user). False when it was no longer this runner's. */
  complete(job: ClaimedJob, update: ProgressUpdate & { status?: "DONE" | "PENDING" }): Promise<boolean>;
  /** Records a failure: queued again after a pause while attempts remain and the error is not permanent, else FAILED. */
  fail(job: ClaimedJob, error: unknown, now?: Date): Promise<"retry" | "failed" | "lost">;
  /** Stops a job that has not finished: a runner holding it stops at its next progress write. */
  cancel(jobId: string): Promise<boolean>;
  /** Runs a FAILED or CANCELLED job again from where it stopped. */
  retry(jobId: string): Promise<boolean>;
}

const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));
const leaseMs = () => env.JOB_LEASE_SECONDS * 1000;
/** Retries wait 10 s, 20 s, 40 s…, at most 10 minutes. */
export const retryDelayMs = (attempts: number) => Math.min(600_000, 10_000 * 2 ** Math.max(0, attempts - 1));

/** What a failure is called on the job's page: our reason key, or the error's own words (never logged). */
export function describeJobError(error: unknown): string {
  if (error instanceof JobError) return error.reason;
  // A module's permission check throws a 403 Response: the job's owner may no longer do this.
  if (error instanceof Response) return error.status === 403 ? "errors.job.notAllowed" : "errors.job.notFound";
  if (error instanceof Error) return `${error.name}: ${error.message}`.replace(/\s+/g, " ").slice(0, 500);
  return String(error).slice(0, 500);
}

const FINISHED = { lockedBy: null, lockedUntil: null };

// As long as a Prisma query would wait for SQLite's lock (db.server.ts).
const LOOK_WAIT_MS = 10_000;

/**
 * The looks an idle runner takes every poll, on the driver (driver-sql.server.ts): through the
 * model an idle claim cost seven times the CPU (Prisma compiles each query again), and the worker
 * polls its slots and its schedule every WORKER_POLL_MS. The work itself (claiming, creating)
 * stays on the model.
 */
async function anyJobDue(now: Date, kinds: readonly JobKind[] | undefined): Promise<boolean> {
  const at = sqlInstant(now);
  const ofKinds = kinds ? ` AND "kind" IN (${kinds.map(() => "?").join(", ")})` : "";
  const row = await sqlStatement(
    (sql) =>
      sql.get(
        `SELECT 1 AS "due" FROM "Job"
        WHERE (("status" = 'QUEUED' AND "runAt" <= ?) OR ("status" = 'RUNNING' AND ("lockedUntil" < ? OR "lockedUntil" IS NULL)))${ofKinds}
        LIMIT 1`,
        [at, at, ...(kinds ?? [])],
      ),
    LOOK_WAIT_MS,
  );
  return row !== undefined;
}

async function dedupeKeyTaken(dedupeKey: string): Promise<boolean> {
  const row = await sqlStatement((sql) => sql.get(`SELECT 1 AS "taken" FROM "Job" WHERE "dedupeKey" = ?`, [dedupeKey]), LOOK_WAIT_MS);
  return row !== undefined;
}

const tableJobQueue: JobQueue = {
  async enqueue(job, tx = db) {
    // Recurring work is enqueued every poll and is nearly always there already: look before the
    // insert, which would fail on the key: an error through Prisma costs more than the insert, and
    // on PostgreSQL the pool closes the connection a query failed on.
    if (job.dedupeKey && tx === db && (await dedupeKeyTaken(job.dedupeKey))) return null;
    try {
      const created = await tx.job.create({
        data: {
          kind: job.kind,
          status: job.status ?? "QUEUED",
          input: json(job.input),
          report: json(job.report),
          total: job.total ?? 0,
          createdById: job.createdById ?? null,
          runAt: job.runAt ?? new Date(),
          maxAttempts: job.maxAttempts ?? 3,
          dedupeKey: job.dedupeKey ?? null,
        },
        select: { id: true },
      });
      return created.id;
    } catch (error) {
      // Only outside a transaction: inside one, the failed statement has already spoilt it (PostgreSQL).
      if (job.dedupeKey && tx === db && isUniqueViolation(error)) return null;
      throw error;
    }
  },

  async start(jobId, update = {}) {
    const started = await db.job.updateMany({
      where: { id: jobId, status: "PENDING" },
      data: {
        status: "QUEUED",
        runAt: new Date(),
        attempts: 0,
        error: null,
        processed: update.processed,
        total: update.total,
        input: json(update.input),
        report: json(update.report),
      },
    });
    return started.count === 1;
  },

  async claim(workerId, now = new Date(), kinds) {
    if (kinds?.length === 0 || !(await anyJobDue(now, kinds))) return null;
    const candidates = await db.job.findMany({
      where: {
        ...(kinds ? { kind: { in: [...kinds] } } : {}),
        OR: [
          { status: "QUEUED", runAt: { lte: now } },
          { status: "RUNNING", lockedUntil: { lt: now } },
          // Running before leases existed (the first runner's jobs): nobody holds them.
          { status: "RUNNING", lockedUntil: null },
        ],
      },
      orderBy: [{ runAt: "asc" }, { id: "asc" }],
      take: 5,
      select: { id: true, status: true, lockedUntil: true, attempts: true, maxAttempts: true },
    });
    for (const candidate of candidates) {
      const asRead = { id: candidate.id, status: candidate.status, lockedUntil: candidate.lockedUntil };
      // Taken this many times by runners that died holding it: the job itself may be what kills them.
      if (candidate.status === "RUNNING" && candidate.attempts >= candidate.maxAttempts) {
        await db.job.updateMany({ where: asRead, data: { status: "FAILED", error: "errors.job.workerStopped", ...FINISHED } });
        continue;
      }
      const taken = await db.job.updateMany({
        where: asRead,
        data: { status: "RUNNING", lockedBy: workerId, lockedUntil: new Date(now.getTime() + leaseMs()), attempts: { increment: 1 } },
      });
      if (taken.count !== 1) continue;
      const job = await db.job.findUniqueOrThrow({
        where: { id: candidate.id },
        select: {
          id: true,
          kind: true,
          input: true,
          report: true,
          total: true,
          processed: true,
          attempts: true,
          maxAttempts: true,
          createdById: true,
        },
      });
      return { ...job, kind: job.kind as JobKind, workerId };
    }
    return null;
  },

  async progress(job, update, tx = db) {
    const written = await tx.job.updateMany({
      where: { id: job.id, status: "RUNNING", lockedBy: job.workerId },
      data: {
        lockedUntil: new Date(Date.now() + leaseMs()),
        processed: update.processed,
        total: update.total,
        report: json(update.report),
        input: json(update.input),
      },
    });
    if (written.count !== 1) throw new JobLostError(job.id);
  },

  async complete(job, update) {
    const done = await db.job.updateMany({
      where: { id: job.id, status: "RUNNING", lockedBy: job.workerId },
      data: {
        status: update.status ?? "DONE",
        error: null,
        processed: update.processed,
        total: update.total,
        report: json(update.report),
        input: json(update.input),
        ...FINISHED,
      },
    });
    return done.count === 1;
  },

  async fail(job, error, now = new Date()) {
    if (error instanceof JobLostError) return "lost";
    const permanent = (error instanceof JobError && error.permanent) || error instanceof Response;
    const again = !permanent && job.attempts < job.maxAttempts;
    const failed = await db.job.updateMany({
      where: { id: job.id, status: "RUNNING", lockedBy: job.workerId },
      data: again
        ? {
            status: "QUEUED",
            error: describeJobError(error),
            runAt: new Date(now.getTime() + retryDelayMs(job.attempts)),
            lockedBy: null,
            lockedUntil: null,
          }
        : { status: "FAILED", error: describeJobError(error), ...FINISHED },
    });
    if (failed.count !== 1) return "lost";
    return again ? "retry" : "failed";
  },

  async cancel(jobId) {
    const cancelled = await db.job.updateMany({
      where: { id: jobId, status: { in: ["PENDING", "QUEUED", "RUNNING"] satisfies JobStatus[] } },
      data: { status: "CANCELLED", ...FINISHED },
    });
    return cancelled.count === 1;
  },

  async retry(jobId) {
    const queued = await db.job.updateMany({
      where: { id: jobId, status: { in: ["FAILED", "CANCELLED"] satisfies JobStatus[] } },
      data: { status: "QUEUED", runAt: new Date(), attempts: 0, lockedBy: null, lockedUntil: null },
    });
    return queued.count === 1;
  },
};

/** The one queue the app uses. */
export const jobQueue: JobQueue = tableJobQueue;
