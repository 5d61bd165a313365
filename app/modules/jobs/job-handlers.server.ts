import { campaignExpansionHandler, scheduleDueCampaigns } from "~/modules/mail/campaigns.server";
import { housekeepingHandler, retentionHandler, scheduleHousekeeping, scheduleRetention } from "~/modules/system/housekeeping.server";
import { exportHandler } from "~/modules/exports/export-jobs.server";
import { registrationImportHandler } from "~/modules/registrations/registration-import.server";
import { schoolImportHandler } from "~/modules/schools/school-import.server";
import type { JobHandlers } from "./job-runner.server";
import type { JobKind } from "./job-types";

/** Every kind of job and the module that does it. */
export const JOB_HANDLERS: JobHandlers = {
  SCHOOL_IMPORT: schoolImportHandler,
  REGISTRATION_IMPORT: registrationImportHandler,
  EXPORT: exportHandler,
  CAMPAIGN_EXPANSION: campaignExpansionHandler,
  RETENTION: retentionHandler,
  HOUSEKEEPING: housekeepingHandler,
};

/** Queues recurring work that has come due (each with a dedupe key, so two workers queue it once). */
export async function scheduleDueJobs(now: Date, kinds?: readonly JobKind[]): Promise<void> {
  const wanted = (kind: JobKind) => !kinds || kinds.includes(kind);
  if (wanted("CAMPAIGN_EXPANSION")) await scheduleDueCampaigns(now);
  if (wanted("HOUSEKEEPING")) await scheduleHousekeeping(now);
  if (wanted("RETENTION")) await scheduleRetention(now);
}
