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
 * A session that was held: it has started, it is scheduled or completed (not a draft, postponed or
 * cancelled), and someone was there (an adult checked in or children counted). The one definition
 * every report uses (dashboard, coverage, programme progress, exports, invitations), so sessions
 * held, schools reached, children and adults reached always agree, and a session in the future or
 * one nobody came to never counts as reaching anyone.
 */
export function heldSessions(now = new Date()): Prisma.EventWhereInput {
  return {
    AND: [
      { status: { in: ["SCHEDULED", "COMPLETED"] } },
      { startsAt: { lte: now } },
      { OR: [{ registrations: { some: { status: "ATTENDED" } } }, { pupilCounts: { some: { count: { gt: 0 } } } }] },
    ],
  };
}
