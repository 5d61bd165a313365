import type { Db } from "~/utils/db.server";
import type { AuditAction } from "./audit-actions";
import { formTokenForEntry, rememberTokenEntry } from "./form-once.server";

/**
 * Records who changed what. Call it with the transaction client of the change itself, so the
 * change and its audit entry commit together or not at all.
 */
export async function recordAudit(
  tx: Db,
  entry: {
    actorId: string | null;
    action: AuditAction;
    entityType: string;
    entityId: string;
    before?: unknown;
    after?: unknown;
  },
): Promise<void> {
  // Inside a form submission (submitOnce), the transaction's first entry carries the form's token.
  const formToken = await formTokenForEntry(tx);
  const created = await tx.auditEntry.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      formToken,
    },
    select: { id: true },
  });
  if (formToken) rememberTokenEntry(created.id);
}

/** Only the fields that changed, for a compact before/after pair. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const from: Record<string, unknown> = {};
  const to: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    const a = before[key];
    const b = after[key];
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
    if (!same) {
      from[key] = a;
      to[key] = b;
    }
  }
  return { before: from, after: to, changed: Object.keys(to).length > 0 };
}
