import type { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { db } from "~/utils/db.server";
import { calendarCoverage } from "./holidays.server";
import { malaysiaDateKey } from "./malaysia-time";
import type { HolidayOverrideSchema, SchoolBreakSchema } from "./calendar-schema";

export async function calendarTables(user: ScopedUser, year: number) {
  requirePermission(user, "manage:calendar");
  const [overrides, breaks] = await Promise.all([
    db.holidayOverride.findMany({
      where: { date: { gte: `${year}-01-01`, lte: `${year}-12-31` } },
      select: { id: true, date: true, name: true, action: true, source: true, state: { select: { name: true } } },
      orderBy: { date: "asc" },
    }),
    db.schoolBreak.findMany({
      where: { endDate: { gte: `${year}-01-01` }, startDate: { lte: `${year}-12-31` } },
      select: { id: true, calendarGroup: true, name: true, startDate: true, endDate: true, source: true },
      orderBy: [{ startDate: "asc" }, { calendarGroup: "asc" }],
    }),
  ]);
  return { overrides, breaks };
}

export async function addHolidayOverride(user: ScopedUser, input: z.infer<typeof HolidayOverrideSchema>) {
  requirePermission(user, "manage:calendar");
  await db.$transaction(async (tx) => {
    const row = await tx.holidayOverride.create({
      data: { date: input.date, stateCode: input.stateCode, name: input.name, action: input.action, source: input.source ?? null },
    });
    await recordAudit(tx, { actorId: user.id, action: "CREATE", entityType: "HolidayOverride", entityId: row.id, after: input });
  });
}

export async function addSchoolBreak(user: ScopedUser, input: z.infer<typeof SchoolBreakSchema>): Promise<{ ok: boolean }> {
  requirePermission(user, "manage:calendar");
  const clash = await db.schoolBreak.findUnique({
    where: { calendarGroup_startDate: { calendarGroup: input.calendarGroup, startDate: input.startDate } },
    select: { id: true },
  });
  if (clash) return { ok: false };
  await db.$transaction(async (tx) => {
    const row = await tx.schoolBreak.create({
      data: {
        calendarGroup: input.calendarGroup,
        name: input.name,
        startDate: input.startDate,
        endDate: input.endDate,
        source: input.source ?? null,
      },
    });
    await recordAudit(tx, { actorId: user.id, action: "CREATE", entityType: "SchoolBreak", entityId: row.id, after: input });
  });
  return { ok: true };
}

export async function deleteCalendarEntry(user: ScopedUser, kind: "holiday" | "break", id: string) {
  requirePermission(user, "manage:calendar");
  await db.$transaction(async (tx) => {
    if (kind === "holiday") {
      const before = await tx.holidayOverride.findUnique({ where: { id } });
      if (!before) return;
      await tx.holidayOverride.delete({ where: { id } });
      await recordAudit(tx, { actorId: user.id, action: "DELETE", entityType: "HolidayOverride", entityId: id, before });
    } else {
      const before = await tx.schoolBreak.findUnique({ where: { id } });
      if (!before) return;
      await tx.schoolBreak.delete({ where: { id } });
      await recordAudit(tx, { actorId: user.id, action: "DELETE", entityType: "SchoolBreak", entityId: id, before });
    }
  });
}

export type CalendarGap = {
  year: number;
  /** No official holiday correction recorded for the year: its holidays were never checked. */
  holidaysUnchecked: boolean;
  /** Calendar groups whose school breaks are not recorded to the end of the year, and how far they go. */
  breaks: { group: "A" | "B"; until: string | null }[];
};

/**
 * The years the administrator still has to fill in: this year, next year and any year with a
 * session planned, where the school breaks stop before the year ends or the holidays were never
 * checked against the official list. Scheduling warns on such dates; this says where to fix it.
 */
export async function calendarGaps(user: ScopedUser, now = new Date()): Promise<CalendarGap[]> {
  requirePermission(user, "manage:calendar");
  const thisYear = Number(malaysiaDateKey(now).slice(0, 4));
  const [coverage, planned] = await Promise.all([
    calendarCoverage(),
    db.event.findMany({
      where: { startsAt: { gte: now }, status: { in: ["DRAFT", "SCHEDULED", "POSTPONED"] } },
      select: { startsAt: true },
      distinct: ["startsAt"],
      take: 500,
    }),
  ]);
  const years = [...new Set([thisYear, thisYear + 1, ...planned.map((e) => Number(malaysiaDateKey(e.startsAt).slice(0, 4)))])].sort();
  return years
    .map((year) => ({
      year,
      holidaysUnchecked: !coverage.holidaysChecked(year),
      breaks: (["A", "B"] as const)
        .map((group) => ({ group, until: coverage.breaksKnownUntil(group) }))
        .filter((b) => !b.until || b.until < `${year}-12-31`),
    }))
    .filter((gap) => gap.holidaysUnchecked || gap.breaks.length > 0);
}
