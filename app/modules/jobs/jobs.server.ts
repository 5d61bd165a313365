import { JOB_HANDLERS, scheduleDueJobs } from "./job-handlers.server";
import { runJobsUntilIdle as runUntilIdle, runJobWorker as runWorkerLoop, type RunOptions } from "./job-runner.server";

/** The worker's job loop (server/worker.ts). */
export function runJobWorker(signal: AbortSignal, options: { workerId?: string } = {}) {
  return runWorkerLoop(JOB_HANDLERS, scheduleDueJobs, signal, options);
}

/** Runs every job due at `now` to its end, in this process (tests, the seed, scripts). */
export function runJobsUntilIdle(options: RunOptions = {}) {
  return runUntilIdle(JOB_HANDLERS, scheduleDueJobs, options);
}
