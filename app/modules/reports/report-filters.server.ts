import type { Prisma } from "@prisma/client";
import { eventScope, eventScopeSql, type ScopedUser } from "~/modules/auth/scope.server";
import { parseMalaysiaDate } from "~/modules/calendar/malaysia-time";
import { sqlAnd, sqlInstant, type SqlFragment } from "~/utils/driver-sql.server";
import type { ReportFilters } from "./report-filters";

/** The filters' dates as instants: from the start of `from`, before the day after `to` (Malaysian days). */
export function reportDates(f: ReportFilters): { from: Date | null; before: Date | null } {
  const from = f.from ? parseMalaysiaDate(f.from) : null;
  const to = f.to ? parseMalaysiaDate(f.to) : null;
  return { from, before: to ? new Date(to.getTime() + 86_400_000) : null };
}

/** The events a report is about: the user's scope narrowed by the filters. */
export function reportEventWhere(user: ScopedUser, f: ReportFilters): Prisma.EventWhereInput {
  const { from, before } = reportDates(f);
  return {
    AND: [
      eventScope(user),
      f.programme ? { programmeId: f.programme } : {},
      f.state ? { stateCode: f.state } : {},
      f.district ? { districtId: f.district } : {},
      from ? { startsAt: { gte: from } } : {},
      before ? { startsAt: { lt: before } } : {},
    ],
  };
}

/**
 * reportEventWhere as SQL on the events table named `e`, for the dashboard's plain statements
 * (docs/decisions/019); null when it is every event. Only the conditions that apply are written,
 * so each combination is its own statement text, planned for what it asks.
 * tests/integration/report-figures.test.ts checks both forms against each other.
 */
export function reportEventSql(user: ScopedUser, f: ReportFilters): SqlFragment | null {
  const { from, before } = reportDates(f);
  const conditions = [
    eventScopeSql(user),
    f.programme ? { sql: `e."programmeId" = ?`, params: [f.programme] } : null,
    f.state ? { sql: `e."stateCode" = ?`, params: [f.state] } : null,
    f.district ? { sql: `e."districtId" = ?`, params: [f.district] } : null,
    from ? { sql: `e."startsAt" >= ?`, params: [sqlInstant(from)] } : null,
    before ? { sql: `e."startsAt" < ?`, params: [sqlInstant(before)] } : null,
  ];
  return conditions.some(Boolean) ? sqlAnd(conditions) : null;
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

/** heldSessions as SQL on the events table named `e` (see reportEventSql). */
export function heldSessionSql(now: Date): SqlFragment {
  return {
    sql: `e."status" IN ('SCHEDULED', 'COMPLETED') AND e."startsAt" <= ?
      AND (EXISTS (SELECT 1 FROM "Registration" hr WHERE hr."eventId" = e."id" AND hr."status" = 'ATTENDED')
        OR EXISTS (SELECT 1 FROM "PupilCount" hp WHERE hp."eventId" = e."id" AND hp."count" > 0))`,
    params: [sqlInstant(now)],
  };
}
