import crypto from "node:crypto";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { jobQueue, JobLostError, type ClaimedJob, type JobQueue, type ProgressUpdate } from "./job-queue.server";
import type { JobKind } from "./job-types";

export type JobContext = {
  job: ClaimedJob;
  /**
   * Called before each chunk. Throws when the runner lost the job (cancelled, withdrawn, lease
   * taken over) or the worker is stopping; otherwise rests JOB_CHUNK_REST times as long as the
   * last chunk took, so a bulk job leaves the database and the CPU to people's requests between
   * its chunks (the worker's lower priority does not reach the PostgreSQL server process that
   * does its queries).
   */
  nextChunk: () => Promise<void>;
  /**
   * Records progress and renews the lease. Given a transaction, the progress commits with the
   * chunk it describes, so a crash never counts a chunk that was not written (or the reverse).
   */
  progress: (update: ProgressUpdate, tx?: Parameters<JobQueue["progress"]>[2]) => Promise<void>;
};

/** What a job's run leaves on its row; status PENDING hands the job back to the user (a plan to confirm). */
export type JobResult = (ProgressUpdate & { status?: "DONE" | "PENDING" }) | void;

export type JobHandler = {
  /**
   * Does the work in chunks, each with its progress, and must be safe to run again from the last
   * recorded progress: a runner that dies is followed by another that carries on from there.
   */
  run: (ctx: JobContext) => Promise<JobResult>;
  /** Called when the job was taken from the runner (cancelled, withdrawn) to remove what it left half-made. */
  abandoned?: (job: ClaimedJob) => Promise<void>;
};

export type JobHandlers = Record<JobKind, JobHandler>;

class WorkerStopping extends Error {
  constructor() {
    super("the worker is stopping");
    this.name = "WorkerStopping";
  }
}

/**
 * Runs one claimed job to its end. A timer renews the lease while the handler works (so a long
 * step such as writing a workbook is not mistaken for a dead runner) and aborts the handler when
 * the job is no longer ours. The outcome, and the reason of a failure, is recorded on the job.
 */
export async function runClaimedJob(handlers: JobHandlers, job: ClaimedJob, stop?: AbortSignal, queue: JobQueue = jobQueue) {
  const handler = handlers[job.kind];
  const controller = new AbortController();
  const onStop = () => controller.abort(new WorkerStopping());
  stop?.addEventListener("abort", onStop);
  const heartbeat = setInterval(
    () => {
      queue.progress(job, {}).catch((error: unknown) => controller.abort(error instanceof JobLostError ? error : new JobLostError(job.id)));
    },
    Math.max(200, (env.JOB_LEASE_SECONDS * 1000) / 3),
  );
  let chunkStarted: number | null = null;
  const ctx: JobContext = {
    job,
    nextChunk: async () => {
      controller.signal.throwIfAborted();
      if (chunkStarted !== null && env.JOB_CHUNK_REST > 0) {
        await sleep((performance.now() - chunkStarted) * env.JOB_CHUNK_REST, controller.signal);
        controller.signal.throwIfAborted();
      }
      chunkStarted = performance.now();
    },
    progress: async (update, tx) => {
      controller.signal.throwIfAborted();
      await queue.progress(job, update, tx);
    },
  };
  try {
    if (!handler) throw new Error(`no handler for jobs of kind ${job.kind}`);
    const result = await handler.run(ctx);
    controller.signal.throwIfAborted();
    if (await queue.complete(job, result ?? {})) return "done" as const;
    await handler.abandoned?.(job);
    return "lost" as const;
  } catch (error) {
    if (controller.signal.reason instanceof WorkerStopping) {
      // Handed back at once rather than left for the lease to run out; the attempt does not count.
      await db.job.updateMany({
        where: { id: job.id, status: "RUNNING", lockedBy: job.workerId },
        data: { status: "QUEUED", lockedBy: null, lockedUntil: null, attempts: { decrement: 1 } },
      });
      return "released" as const;
    }
    const cause = controller.signal.aborted ? controller.signal.reason : error;
    const outcome = await queue.fail(job, cause);
    // The kind and the error's name only: messages may quote rows, and personal data never goes to the
    // log. The reason itself is on the job, shown on its page: a warning here, not an error.
    const line = `[jobs] ${job.kind} ${job.id} ${outcome}: ${cause instanceof Error ? cause.name : "unknown error"}`;
    if (outcome === "lost") console.log(line);
    else console.warn(line);
    if (outcome === "lost") await handler?.abandoned?.(job);
    return outcome;
  } finally {
    clearInterval(heartbeat);
    stop?.removeEventListener("abort", onStop);
  }
}

/** Queues the recurring work due at `now` (only that of the given kinds, when given). */
export type Scheduler = (now: Date, kinds?: readonly JobKind[]) => Promise<void>;

export type RunOptions = { now?: Date; workerId?: string; kinds?: readonly JobKind[] };

/**
 * Runs every due job until none is left (tests, the seed, one-off scripts): schedules recurring
 * work as of `now`, then claims and runs jobs one at a time. Jobs waiting for a retry later than
 * `now` are left for later; `kinds` limits both to those kinds (a test of campaigns an hour ahead
 * does not want that day's retention run).
 */
export async function runJobsUntilIdle(handlers: JobHandlers, schedule: Scheduler, options: RunOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  const workerId = options.workerId ?? `jobs-${process.pid}`;
  await schedule(now, options.kinds);
  let ran = 0;
  const next = () => jobQueue.claim(workerId, now, options.kinds);
  for (let job = await next(); job; job = await next()) {
    await runClaimedJob(handlers, job);
    ran++;
  }
  return ran;
}

/** Waits `ms`, or less if the worker is stopping; the listener goes with the wait (the stop signal lives as long as the worker). */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", wake);
      resolve();
    }, ms);
    signal.addEventListener("abort", wake, { once: true });
  });

/**
 * The job loop of the worker process: a scheduler that queues recurring work, and
 * JOB_CONCURRENCY slots that each claim and run one job at a time. On the stop signal, jobs in
 * hand are handed back at their next chunk.
 */
export async function runJobWorker(handlers: JobHandlers, schedule: Scheduler, signal: AbortSignal, options: { workerId?: string } = {}) {
  const workerId = options.workerId ?? `jobs-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  const scheduler = async () => {
    while (!signal.aborted) {
      try {
        await schedule(new Date());
      } catch (error) {
        console.error(`[jobs] scheduling failed: ${error instanceof Error ? error.name : "unknown error"}`);
      }
      await sleep(env.WORKER_POLL_MS, signal);
    }
  };
  // Each slot claims under its own name: the lease guards tell the slots of one process apart too.
  const slot = async (index: number) => {
    while (!signal.aborted) {
      let job: ClaimedJob | null = null;
      try {
        job = await jobQueue.claim(`${workerId}/${index}`);
        if (job) await runClaimedJob(handlers, job, signal);
      } catch (error) {
        console.error(`[jobs] claim failed: ${error instanceof Error ? error.name : "unknown error"}`);
      }
      if (!job) await sleep(env.WORKER_POLL_MS, signal);
    }
  };
  console.log(`[jobs] ${workerId} running ${env.JOB_CONCURRENCY} at a time`);
  await Promise.all([scheduler(), ...Array.from({ length: env.JOB_CONCURRENCY }, (_, index) => slot(index))]);
}
