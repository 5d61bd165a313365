import { requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { parseMalaysiaDateTime } from "~/modules/calendar/malaysia-time";
import { db } from "~/utils/db.server";
import { heldSessions } from "./report-filters.server";
import type { CoverageStatus } from "./coverage-statuses";

/**
 * Where a state's schools stand this year: reached (a session held), scheduled, invited, reached
 * only in earlier years, or never reached. One status per school, the furthest along.
 */
export async function coverage(user: ScopedUser, stateCode: string, year: number, now = new Date()) {
  requirePermission(user, "read:school");
  const from = parseMalaysiaDateTime(`${year}-01-01T00:00`)!;
  const to = parseMalaysiaDateTime(`${year + 1}-01-01T00:00`)!;
  const schoolWhere = { stateCode, ...(user.role === "LIAISON" ? { id: user.schoolId ?? "-" } : {}) };
  const [schools, planned] = await Promise.all([
    db.school.findMany({
      where: schoolWhere,
      select: {
        id: true,
        code: true,
        name: true,
        type: true,
        district: { select: { id: true, name: true } },
        // Sessions held, by the reports' one definition: a school nobody attended is not reached.
        events: { where: heldSessions(now), select: { startsAt: true } },
        invitations: { where: { programme: { year }, status: { in: ["INVITED", "ACCEPTED", "NO_RESPONSE"] } }, select: { status: true } },
      },
      orderBy: [{ district: { name: "asc" } }, { name: "asc" }],
    }),
    db.event.groupBy({ by: ["schoolId"], where: { school: schoolWhere, status: "SCHEDULED", startsAt: { gte: now } } }),
  ]);
  const scheduled = new Set(planned.map((p) => p.schoolId));
  const rows = schools.map((s) => {
    const held = s.events;
    const status: CoverageStatus = held.some((e) => e.startsAt >= from && e.startsAt < to)
      ? "REACHED"
      : scheduled.has(s.id)
        ? "SCHEDULED"
        : s.invitations.length
          ? "INVITED"
          : held.length
            ? "EARLIER"
            : "NEVER";
    return { id: s.id, code: s.code, name: s.name, type: s.type, district: s.district, status };
  });
  const districts = new Map<string, { district: string; total: number } & Record<CoverageStatus, number>>();
  for (const row of rows) {
    const d = districts.get(row.district.id) ?? {
      district: row.district.name,
      total: 0,
      REACHED: 0,
      SCHEDULED: 0,
      INVITED: 0,
      EARLIER: 0,
      NEVER: 0,
    };
    d.total++;
    d[row.status]++;
    districts.set(row.district.id, d);
  }
  return { schools: rows, byDistrict: [...districts.values()] };
}
