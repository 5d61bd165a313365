import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, requireStateInScope, type ScopedUser } from "~/modules/auth/scope.server";
import { isDateKey } from "~/modules/calendar/malaysia-time";
import { readStoredFile, removeStoredFile, storeUploadedFile } from "~/modules/files/stored-files.server";
import { db } from "~/utils/db.server";
import { requiredText } from "~/utils/zod";
import { getEvent } from "./events.server";

/** The JPN/PPD approval for a school visit: reference, date, issuing office, and the letter. */
export const ApprovalSchema = z.object({
  approvalReference: requiredText(120),
  approvalDate: z.string({ error: "errors.required" }).min(1, "errors.required").refine(isDateKey, "errors.date"),
  approvalOffice: requiredText(150),
});

export type ApprovalResult = { ok: true } | { ok: false; errors: Record<string, string[]> };

export async function saveApproval(
  user: ScopedUser,
  eventId: string,
  input: z.infer<typeof ApprovalSchema>,
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
