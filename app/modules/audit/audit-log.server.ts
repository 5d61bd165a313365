import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { parseMalaysiaDate } from "~/modules/calendar/malaysia-time";
import { db } from "~/utils/db.server";
import { AUDIT_ACTIONS } from "./audit-actions";
import { pageArgs, toPage } from "~/utils/pagination";

const dateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

export const AuditFilterSchema = z.object({
  entityType: z
    .string()
    .regex(/^[A-Za-z]{1,40}$/)
    .optional()
    .catch(undefined),
  entityId: z.string().max(40).optional().catch(undefined),
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  actor: z.string().max(40).optional().catch(undefined),
  from: dateOnly,
  to: dateOnly,
});
export type AuditFilters = z.infer<typeof AuditFilterSchema>;

/** The audit trail, read-only, for administrators. */
export async function auditLog(user: ScopedUser, filters: AuditFilters, page: number) {
  requirePermission(user, "read:audit");
  const from = filters.from ? parseMalaysiaDate(filters.from) : null;
  const to = filters.to ? parseMalaysiaDate(filters.to) : null;
  const where: Prisma.AuditEntryWhereInput = {
    ...(filters.entityType ? { entityType: filters.entityType } : {}),
    ...(filters.entityId ? { entityId: filters.entityId } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.actor ? { actorId: filters.actor } : {}),
    ...(from || to ? { createdAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: new Date(to.getTime() + 86_400_000) } : {}) } } : {}),
  };
  const [items, total, entityTypes, actors] = await Promise.all([
    db.auditEntry.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      include: { actor: { select: { name: true } } },
      ...pageArgs(page, 50),
    }),
    db.auditEntry.count({ where }),
    db.auditEntry.findMany({ distinct: ["entityType"], select: { entityType: true }, orderBy: { entityType: "asc" } }),
    db.user.findMany({ where: { auditEntries: { some: {} } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { ...toPage(items, total, page, 50), entityTypes: entityTypes.map((e) => e.entityType), actors };
}
