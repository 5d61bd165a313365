import type { Prisma } from "@prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { eventScope, requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { getEvent } from "~/modules/events/events.server";
import { heldSessions } from "~/modules/reports/report-filters.server";
import { db } from "~/utils/db.server";
import { fieldName, GRADES, SEXES } from "./pupil-schema";

export type PupilEntry = { grade: string; sex: string; count: number };

/** The counts recorded for a session: never names, only how many pupils of each year and sex. */
export async function pupilCounts(user: ScopedUser, eventId: string) {
  const event = await getEvent(user, eventId);
  const rows = await db.pupilCount.findMany({
    where: { eventId },
    select: { grade: true, sex: true, count: true, updatedAt: true, updatedBy: { select: { name: true } } },
  });
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return { event, rows, total, specialNeeds: event.pupilsWithSpecialNeeds };
}

export type SavePupilsResult = { status: "saved"; total: number } | { status: "warning"; total: number; enrolment: number };

/**
 * Replaces a session's pupil counts (the liaison enters them, a coordinator may correct them).
 * More pupils than the school's enrolment is allowed only once the warning was seen.
 */
export async function savePupilCounts(
  user: ScopedUser,
  eventId: string,
  values: Record<string, unknown>,
  acknowledged: boolean,
): Promise<SavePupilsResult> {
  requirePermission(user, "record:pupils");
  const event = await getEvent(user, eventId);
  const entries: PupilEntry[] = GRADES.flatMap((grade) =>
    SEXES.map((sex) => ({ grade, sex, count: Number(values[fieldName(grade, sex)] ?? 0) })).filter((e) => e.count > 0),
  );
  const total = entries.reduce((sum, e) => sum + e.count, 0);
  const enrolment = event.school?.enrolment ?? null;
  if (enrolment !== null && total > enrolment && !acknowledged) return { status: "warning", total, enrolment };
  const specialNeeds = values.specialNeeds === undefined ? null : Number(values.specialNeeds);
  await db.$transaction(async (tx) => {
    const before = await tx.pupilCount.findMany({ where: { eventId }, select: { grade: true, sex: true, count: true } });
    await tx.pupilCount.deleteMany({ where: { eventId } });
    if (entries.length) await tx.pupilCount.createMany({ data: entries.map((e) => ({ ...e, eventId, updatedById: user.id })) });
    await tx.event.update({ where: { id: eventId }, data: { pupilsWithSpecialNeeds: specialNeeds } });
    await recordAudit(tx, {
      actorId: user.id,
      action: "UPDATE",
      entityType: "PupilCount",
      entityId: eventId,
      before,
      after: { entries, specialNeeds },
    });
  });
  return { status: "saved", total };
}

export type ReachFilters = { programmeId?: string; stateCode?: string; districtId?: string; from?: Date; to?: Date };

/** Sessions held (the reports' one definition) in the user's scope, narrowed by the filters. */
function eventWhere(user: ScopedUser, filters: ReachFilters): Prisma.EventWhereInput {
  return {
    AND: [
      eventScope(user),
      heldSessions(),
      filters.programmeId ? { programmeId: filters.programmeId } : {},
      filters.stateCode ? { stateCode: filters.stateCode } : {},
      filters.districtId ? { districtId: filters.districtId } : {},
      filters.from || filters.to
        ? { startsAt: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } }
        : {},
    ],
  };
}

/**
 * Children reached and adults reached, side by side and never added together: children are counts
 * entered after a session, adults are the named participants who attended.
 */
export async function reach(user: ScopedUser, filters: ReachFilters = {}) {
  const where = eventWhere(user, filters);
  const [children, adults, byGrade] = await Promise.all([
    db.pupilCount.aggregate({ where: { event: where }, _sum: { count: true } }),
    db.registration.count({ where: { event: where, status: "ATTENDED" } }),
    db.pupilCount.groupBy({ by: ["grade", "sex"], where: { event: where }, _sum: { count: true } }),
  ]);
  return {
    children: children._sum.count ?? 0,
    adults,
    byGrade: byGrade.map((g) => ({ grade: g.grade, sex: g.sex, count: g._sum.count ?? 0 })),
  };
}

/** Children reached grouped by school, district, state or programme. */
export async function childrenBy(user: ScopedUser, groupBy: "school" | "district" | "state" | "programme", filters: ReachFilters = {}) {
  const rows = await db.pupilCount.findMany({
    where: { event: eventWhere(user, filters) },
    select: {
      count: true,
      event: {
        select: {
          programme: { select: { id: true, title: true } },
          school: { select: { id: true, name: true } },
          district: { select: { id: true, name: true } },
          state: { select: { code: true, name: true } },
        },
      },
    },
  });
  const totals = new Map<string, { key: string; label: string; children: number }>();
  for (const row of rows) {
    const [key, label] =
      groupBy === "school"
        ? [row.event.school?.id ?? "-", row.event.school?.name ?? "—"]
        : groupBy === "district"
          ? [row.event.district?.id ?? "-", row.event.district?.name ?? "—"]
          : groupBy === "state"
            ? [row.event.state.code, row.event.state.name]
            : [row.event.programme.id, row.event.programme.title];
    const current = totals.get(key) ?? { key, label, children: 0 };
    current.children += row.count;
    totals.set(key, current);
  }
  return [...totals.values()].sort((a, b) => b.children - a.children);
}
