/** The kinds of background work the worker's job runner does (decision 014). */
export const JOB_KINDS = ["SCHOOL_IMPORT", "REGISTRATION_IMPORT", "EXPORT", "CAMPAIGN_EXPANSION", "RETENTION", "HOUSEKEEPING"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * PENDING: waiting for the user (a plan or a preview to confirm), never run as it is.
 * QUEUED: waiting for a runner. RUNNING: held by a runner under a lease.
 * DONE / FAILED (its reason kept in `error`) / CANCELLED by the user / WITHDRAWN by an erasure.
 */
export const JOB_STATUSES = ["PENDING", "QUEUED", "RUNNING", "DONE", "FAILED", "CANCELLED", "WITHDRAWN"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses in which a job still has work ahead of it (the page keeps following it). */
export const UNFINISHED_STATUSES: readonly JobStatus[] = ["QUEUED", "RUNNING"];

/** What a job's progress panel needs to say where the work stands. */
export type JobProgress = {
  status: string;
  total: number;
  processed: number;
  /** Why it failed (or, while QUEUED again, why the last attempt failed): a message key or the error's own words */
  error: string | null;
  /** When a QUEUED job became due (ISO) */
  waitingSince: string | null;
};

export function isUnfinished(status: string): boolean {
  return (UNFINISHED_STATUSES as readonly string[]).includes(status);
}

/** A queued job no runner has taken for this long: the page says the worker may not be running. */
export const NO_WORKER_AFTER_MS = 60_000;
