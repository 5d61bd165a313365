import { housekeepingHandler, retentionHandler, scheduleHousekeeping, scheduleRetention } from "~/modules/system/housekeeping.server";
import { exportHandler } from "~/modules/exports/export-jobs.server";
import { registrationImportHandler } from "~/modules/registrations/registration-import.server";
import { schoolImportHandler } from "~/modules/schools/school-import.server";
import type { JobHandler, JobHandlers } from "./job-runner.server";

const notYet: JobHandler = {
  run: () => Promise.reject(new Error("not moved to the job runner yet")),
};

/** Every kind of job and the module that does it. */
export const JOB_HANDLERS: JobHandlers = {
  SCHOOL_IMPORT: schoolImportHandler,
  REGISTRATION_IMPORT: registrationImportHandler,
  EXPORT: exportHandler,
  CAMPAIGN_EXPANSION: notYet,
  RETENTION: retentionHandler,
  HOUSEKEEPING: housekeepingHandler,
};

/** Queues recurring work that has come due (each with a dedupe key, so two workers queue it once). */
export async function scheduleDueJobs(now: Date): Promise<void> {
  await scheduleHousekeeping(now);
  await scheduleRetention(now);
}
