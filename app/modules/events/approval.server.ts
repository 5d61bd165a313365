import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, requireStateInScope, type ScopedUser } from "~/modules/auth/scope.server";
import { readStoredFile, removeStoredFile, storeUploadedFile } from "~/modules/files/stored-files.server";
import { db } from "~/utils/db.server";
import type { ApprovalInput } from "./approval-schema";
import { getEvent } from "./events.server";

export type ApprovalResult = { ok: true } | { ok: false; errors: Record<string, string[]> };

/** The JPN/PPD approval for a school visit: reference, date, issuing office, and the letter. */
export async function saveApproval(
  user: ScopedUser,
  eventId: string,
  input: ApprovalInput,
  letter: Uint8Array | null,
): Promise<ApprovalResult> {
  requirePermission(user, "write:event");
  const event = await getEvent(user, eventId);
  requireStateInScope(user, event.stateCode);
  let letterPath: string | undefined;
  if (letter) {
    const stored = await storeUploadedFile(letter, {
      folder: "approvals",
      allowed: ["application/pdf"],
      typeError: "errors.approval.fileType",
    });
    if ("error" in stored) return { ok: false, errors: { letter: [stored.error] } };
    letterPath = stored.relativePath;
  }
  await db.$transaction(async (tx) => {
    await tx.event.update({ where: { id: eventId }, data: { ...input, ...(letterPath ? { approvalLetterPath: letterPath } : {}) } });
    await recordAudit(tx, {
      actorId: user.id,
      action: "UPDATE",
      entityType: "Event",
      entityId: eventId,
      before: { approvalReference: event.approvalReference, approvalDate: event.approvalDate, approvalOffice: event.approvalOffice },
      after: { ...input, letter: Boolean(letterPath) },
    });
  });
  if (letterPath && event.approvalLetterPath) await removeStoredFile(event.approvalLetterPath);
  return { ok: true };
}

/** The approval letter, for staff who can see the event. */
export async function approvalLetter(user: ScopedUser, eventId: string) {
  const event = await getEvent(user, eventId);
  if (!event.approvalLetterPath) return null;
  return readStoredFile(event.approvalLetterPath);
}
