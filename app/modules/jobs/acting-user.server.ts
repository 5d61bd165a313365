import { isRole } from "~/modules/auth/permissions";
import type { ScopedUser } from "~/modules/auth/scope.server";
import { db } from "~/utils/db.server";
import { JobError } from "./job-queue.server";

/**
 * The user a job works for, as they are now: a coordinator moved to another state imports and
 * exports for that state, and the job of someone no longer active stops with that reason.
 */
export async function actingUser(userId: string | null): Promise<ScopedUser> {
  const found = userId
    ? await db.user.findFirst({ where: { id: userId, active: true }, select: { id: true, role: true, stateCode: true, schoolId: true } })
    : null;
  if (!found || !isRole(found.role)) throw new JobError("errors.job.ownerInactive");
  return { ...found, role: found.role };
}
