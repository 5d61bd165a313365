import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { STATE_CODES } from "~/modules/schools/school-schema";
import { db } from "~/utils/db.server";
import { requiredInt, requiredText } from "~/utils/zod";

/** Children needing care and protection in a year, as a ministry or JKM publication gives it. */
export const NeedSchema = z.object({
  intent: z.literal("save"),
  area: z.enum(["MY", ...STATE_CODES] as [string, ...string[]], { error: "errors.choose" }),
  year: requiredInt(2000, 2100),
  children: requiredInt(0, 10_000_000),
  source: requiredText(300),
});

export async function listNeed(user: ScopedUser) {
  requirePermission(user, "manage:calendar");
  return db.childProtectionNeed.findMany({
    select: { id: true, area: true, year: true, children: true, source: true, state: { select: { name: true } } },
    orderBy: [{ year: "desc" }, { area: "asc" }],
  });
}

/** One figure per area and year: saving again replaces it. */
export async function saveNeed(user: ScopedUser, input: z.infer<typeof NeedSchema>) {
  requirePermission(user, "manage:calendar");
  await db.$transaction(async (tx) => {
    const row = await tx.childProtectionNeed.upsert({
      where: { area_year: { area: input.area, year: input.year } },
      create: {
        area: input.area,
        stateCode: input.area === "MY" ? null : input.area,
        year: input.year,
        children: input.children,
        source: input.source,
      },
      update: { children: input.children, source: input.source },
    });
    await recordAudit(tx, { actorId: user.id, action: "UPDATE", entityType: "ChildProtectionNeed", entityId: row.id, after: input });
  });
}

export async function deleteNeed(user: ScopedUser, id: string) {
  requirePermission(user, "manage:calendar");
  await db.$transaction(async (tx) => {
    const before = await tx.childProtectionNeed.findUnique({ where: { id } });
    if (!before) return;
    await tx.childProtectionNeed.delete({ where: { id } });
    await recordAudit(tx, { actorId: user.id, action: "DELETE", entityType: "ChildProtectionNeed", entityId: id, before });
  });
}
