import type { ScopedUser } from "../../app/modules/auth/scope.server";
import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import {
  getRegistrationImport,
  previewRegistrationImport,
  startRegistrationImport,
  type ColumnMapping,
} from "../../app/modules/registrations/registration-import.server";
import { queueSchoolImport } from "../../app/modules/schools/school-import.server";

/** A KPM school list as the upload page takes it, read and planned by the worker: the job waits for confirmation. */
export async function uploadSchoolList(user: ScopedUser, fileName: string, bytes: Uint8Array) {
  const jobId = await queueSchoolImport(user, fileName, bytes);
  await runJobsUntilIdle({ kinds: ["SCHOOL_IMPORT"] });
  return jobId;
}

/**
 * A registration import as the pages make it, with the worker's part run in between: the upload is
 * read, the rows are previewed with a mapping, and the job waits for confirmation.
 */
export async function uploadRegistrationList(user: ScopedUser, eventId: string, bytes: Uint8Array, fileName: string) {
  const jobId = await startRegistrationImport(user, eventId, bytes, fileName);
  await runJobsUntilIdle({ kinds: ["REGISTRATION_IMPORT"] });
  return jobId;
}

export async function previewRegistrationList(user: ScopedUser, eventId: string, jobId: string, mapping: ColumnMapping) {
  await previewRegistrationImport(user, eventId, jobId, mapping);
  await runJobsUntilIdle({ kinds: ["REGISTRATION_IMPORT"] });
  const { report } = await getRegistrationImport(user, eventId, jobId);
  return report!;
}
