import type { Prisma } from "@prisma/client";
import { eventScope, type ScopedUser } from "~/modules/auth/scope.server";
import { parseMalaysiaDate } from "~/modules/calendar/malaysia-time";
import type { ReportFilters } from "./report-filters";

/** The events a report is about: the user's scope narrowed by the filters. */
export function reportEventWhere(user: ScopedUser, f: ReportFilters): Prisma.EventWhereInput {
  const from = f.from ? parseMalaysiaDate(f.from) : null;
  const to = f.to ? parseMalaysiaDate(f.to) : null;
  return {
    AND: [
      eventScope(user),
      f.programme ? { programmeId: f.programme } : {},
      f.state ? { stateCode: f.state } : {},
      f.district ? { districtId: f.district } : {},
      from ? { startsAt: { gte: from } } : {},
      to ? { startsAt: { lt: new Date(to.getTime() + 86_400_000) } } : {},
    ],
  };
}

/**
 * A session that took place: marked completed, or with attendance recorded (pupils counted or
 * adults checked in) even if nobody has marked it completed yet. Every "reached" figure uses it,
 * so schools, children and adults reached always agree.
 */
export const HELD_SESSION: Prisma.EventWhereInput = {
  OR: [{ status: "COMPLETED" }, { pupilCounts: { some: {} } }, { registrations: { some: { status: "ATTENDED" } } }],
};
