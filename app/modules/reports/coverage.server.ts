import { requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { parseMalaysiaDateTime } from "~/modules/calendar/malaysia-time";
import { db } from "~/utils/db.server";
import { HELD_SESSION } from "./report-filters.server";
import type { CoverageStatus } from "./coverage-statuses";

/**
 * Where a state's schools stand this year: reached (a session held), scheduled, invited, reached
 * only in earlier years, or never reached. One status per school, the furthest along.
 */
export async function coverage(user: ScopedUser, stateCode: string, year: number, now = new Date()) {
  requirePermission(user, "read:school");
  const from = parseMalaysiaDateTime(`${year}-01-01T00:00`)!;
  const to = parseMalaysiaDateTime(`${year + 1}-01-01T00:00`)!;
  const schools = await db.school.findMany({
    where: { stateCode, ...(user.role === "LIAISON" ? { id: user.schoolId ?? "-" } : {}) },
    select: {
      id: true,
      code: true,
      name: true,
      type: true,
      district: { select: { id: true, name: true } },
      events: {
        where: { OR: [HELD_SESSION, { status: "SCHEDULED" }] },
        select: {
          status: true,
          startsAt: true,
          _count: { select: { pupilCounts: true, registrations: { where: { status: "ATTENDED" } } } },
        },
      },
      invitations: { where: { programme: { year }, status: { in: ["INVITED", "ACCEPTED", "NO_RESPONSE"] } }, select: { status: true } },
    },
    orderBy: [{ district: { name: "asc" } }, { name: "asc" }],
  });
  const rows = schools.map((s) => {
    // The same rule as HELD_SESSION, on the rows already loaded.
    const held = s.events.filter((e) => e.status === "COMPLETED" || e._count.pupilCounts > 0 || e._count.registrations > 0);
    const status: CoverageStatus = held.some((e) => e.startsAt >= from && e.startsAt < to)
      ? "REACHED"
      : s.events.some((e) => e.status === "SCHEDULED" && e.startsAt >= now && !held.includes(e))
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
