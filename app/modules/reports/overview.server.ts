import { eventScopeSql, type ScopedUser } from "~/modules/auth/scope.server";
import type { EventRow } from "~/components/events/event-table";
import { readInstant, sqlInstant, sqlReads } from "~/utils/driver-sql.server";

type UpcomingRow = {
  id: string;
  title: string;
  type: string;
  status: string;
  startsAt: string;
  capacity: number | null;
  venue: string | null;
  schoolCode: string | null;
  schoolName: string | null;
  stateName: string;
  districtName: string | null;
  taken: number;
};

/**
 * The first screen after sign-in: the next events coming up in the user's scope.
 *
 * One plain statement on the driver, run on every visit to the dashboard: as model queries (with
 * counts and programmes the page never showed) it cost about 40 ms of server time, nearly all of it
 * Prisma compiling each query again, and the seats counted by `_count` were those of every event in
 * the country (docs/decisions/019). The scope is eventScope's, in SQL.
 */
export async function overview(user: ScopedUser, now = new Date()): Promise<{ upcoming: EventRow[] }> {
  const scope = eventScopeSql(user);
  const upcoming = await sqlReads((sql) =>
    sql.all<UpcomingRow>(
      `SELECT e."id", e."title", e."type", e."status", e."startsAt", e."capacity", e."venue",
        sc."code" AS "schoolCode", sc."name" AS "schoolName", st."name" AS "stateName", d."name" AS "districtName",
        (SELECT CAST(count(*) AS INTEGER) FROM "Registration" r WHERE r."eventId" = e."id" AND r."status" IN ('REGISTERED', 'ATTENDED')) AS "taken"
      FROM "Event" e
      JOIN "State" st ON st."code" = e."stateCode"
      LEFT JOIN "School" sc ON sc."id" = e."schoolId"
      LEFT JOIN "District" d ON d."id" = e."districtId"
      WHERE ${scope ? `(${scope.sql}) AND ` : ""}e."endsAt" >= ? AND e."status" IN ('SCHEDULED', 'DRAFT', 'POSTPONED')
      ORDER BY e."startsAt", e."id"
      LIMIT 8`,
      [...(scope?.params ?? []), sqlInstant(now)],
    ),
  );
  return {
    upcoming: upcoming.map((e): EventRow => ({
      id: e.id,
      title: e.title,
      type: e.type,
      status: e.status,
      startsAt: readInstant(e.startsAt)!,
      capacity: e.capacity === null ? null : Number(e.capacity),
      venue: e.venue,
      school: e.schoolCode === null ? null : { code: e.schoolCode, name: e.schoolName ?? "" },
      state: { name: e.stateName },
      district: e.districtName === null ? null : { name: e.districtName },
      _count: { registrations: Number(e.taken) },
    })),
  };
}
