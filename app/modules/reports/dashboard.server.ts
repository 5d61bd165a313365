import { KNOWLEDGE_QUESTIONS } from "~/modules/feedback/feedback-schema";
import { programmeScopeSql, requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { malaysiaDateKey } from "~/modules/calendar/malaysia-time";
import { readInstant, sqlAnd, sqlInstant, sqlReads, type SqlFragment } from "~/utils/driver-sql.server";
import type { ReportFilters } from "./report-filters";
import { keptFigures, NATIONAL_FIGURES_SECONDS, STATE_FIGURES_SECONDS } from "./figures-cache.server";
import { heldSessionSql, reportDates, reportEventSql } from "./report-filters.server";

/**
 * Every figure of the dashboard: the reach (dashboard), progress against each programme's targets
 * (programmeTargets) and the children reached beside the published need (reachAgainstNeed).
 *
 * Computed from the rows themselves with the report's where-clause (reportEventWhere, in SQL), so
 * each figure can link to the rows behind it, counted and summed by the database, never by loading
 * the rows they count. Three plain statements on the driver (docs/decisions/019): through Prisma
 * these were some 25 model queries, each costing 2–8 ms of server time to compile whatever its
 * size, about 300 ms for the national figures.
 */
export async function reportFigures(user: ScopedUser, filters: ReportFilters, now?: Date) {
  requirePermission(user, "read:report");
  // Kept a minute for a national view, 20 seconds for a state's or a school's (figures-cache.server.ts).
  if (!now) return keptFigures(["report", scopeKey(user), filters], () => computeFigures(user, filters, new Date()), keptFor(user));
  return computeFigures(user, filters, now);
}

export async function dashboard(user: ScopedUser, filters: ReportFilters, now?: Date) {
  return (await reportFigures(user, filters, now)).figures;
}

/** Progress of each programme in view against its targets. */
export async function programmeTargets(user: ScopedUser, filters: ReportFilters, now?: Date) {
  return (await reportFigures(user, filters, now)).targets;
}

/** Children needing care and protection (as published) beside the children the programme reached, per state and year. */
export async function reachAgainstNeed(user: ScopedUser, filters: ReportFilters, now?: Date) {
  return (await reportFigures(user, filters, now)).need;
}

/** What decides which rows a user's figures come from (every scope rule reads only these). */
function scopeKey(user: ScopedUser) {
  return [user.role, user.stateCode, user.schoolId];
}

/** How long a user's figures are kept: a view over every state longer than one state's (figures-cache.server.ts). */
function keptFor(user: ScopedUser) {
  return user.role === "ADMIN" || !user.stateCode ? NATIONAL_FIGURES_SECONDS : STATE_FIGURES_SECONDS;
}

/** A session held, with the adults who attended it and the children counted there. */
type SessionRow = {
  id: string;
  startsAt: string;
  programmeId: string;
  schoolId: string | null;
  schoolCode: string | null;
  schoolName: string | null;
  districtId: string | null;
  districtName: string | null;
  stateCode: string;
  stateName: string;
  adults: number;
  children: number;
};

/** One row of the totals statement: which figure, up to three keys, up to two numbers. */
type TotalRow = { figure: string; a: string | null; b: string | null; c: string | null; n: number | null; m: number | null };

type ProgrammeRow = {
  id: string;
  title: string;
  year: number;
  targetSchools: number | null;
  targetParticipants: number | null;
  targetChildren: number | null;
  targetMaterials: number | null;
  materials: number;
};

/**
 * `column` holds the id of an event in view. Null when every event is in view: no join with the
 * events is needed, the foreign key already says each row has one.
 */
function ofEventsIn(events: SqlFragment | null, column: string): SqlFragment | null {
  return events && { sql: `${column} IN (SELECT e."id" FROM "Event" e WHERE ${events.sql})`, params: events.params };
}

const where = (conditions: (SqlFragment | null)[]) => {
  const all = sqlAnd(conditions);
  return { sql: `WHERE ${all.sql}`, params: all.params };
};

async function computeFigures(user: ScopedUser, filters: ReportFilters, now: Date) {
  const national = user.role === "ADMIN" || !user.stateCode;
  const nowText = sqlInstant(now);
  const events = reportEventSql(user, filters);
  // The need is set against a whole year's reach, whatever dates the figures are for.
  const everyDate = reportEventSql(user, { ...filters, from: undefined, to: undefined });
  const held = heldSessionSql(now);
  const heldInView = sqlAnd([events, held]);

  // 1. Every session held in view, in any date range (the reach by month, area and school, the
  // programmes' progress and the reach beside the need are summed from these rows below).
  const sessionsWhere = where([everyDate, held]);
  const sessionsSql = {
    sql: `SELECT e."id", e."startsAt", e."programmeId", e."schoolId", sc."code" AS "schoolCode", sc."name" AS "schoolName",
        e."districtId", d."name" AS "districtName", e."stateCode", st."name" AS "stateName",
        (SELECT CAST(count(*) AS INTEGER) FROM "Registration" r WHERE r."eventId" = e."id" AND r."status" = 'ATTENDED') AS "adults",
        (SELECT CAST(coalesce(sum(pc."count"), 0) AS INTEGER) FROM "PupilCount" pc WHERE pc."eventId" = e."id") AS "children"
      FROM "Event" e
      JOIN "State" st ON st."code" = e."stateCode"
      LEFT JOIN "School" sc ON sc."id" = e."schoolId"
      LEFT JOIN "District" d ON d."id" = e."districtId"
      ${sessionsWhere.sql}
      ORDER BY e."startsAt", e."id"`,
    params: sessionsWhere.params,
  };

  // 2. The totals, one kind of figure per part (the first part names the columns and their types:
  // PostgreSQL settles a column's type from the first parts that give one).
  const schools = where([
    national ? null : { sql: `s."stateCode" = ?`, params: [user.stateCode] },
    filters.state ? { sql: `s."stateCode" = ?`, params: [filters.state] } : null,
    filters.district ? { sql: `s."districtId" = ?`, params: [filters.district] } : null,
  ]);
  const needWhere = where([
    national
      ? filters.state
        ? { sql: `n."stateCode" = ? OR n."area" = 'MY'`, params: [filters.state] }
        : null
      : { sql: `n."stateCode" = ? OR n."area" = 'MY'`, params: [user.stateCode] },
  ]);
  // A message's event is optional: one with none belongs to no figure.
  const followUps = ofEventsIn(events, `ms."eventId"`) ?? { sql: `ms."eventId" IS NOT NULL`, params: [] };
  // The event asked of each message rather than the messages of each event: so SQLite finds the
  // few WhatsApp ones in the follow-ups' index and reads only those from the table (the other way
  // it read every follow-up of the events in view, 40,000 rows nationally).
  const delivered = events
    ? { sql: `EXISTS (SELECT 1 FROM "Event" e WHERE e."id" = ms."eventId" AND ${events.sql})`, params: events.params }
    : followUps;
  const deliveries = where([{ sql: `d."reversedAt" IS NULL`, params: [] }, ofEventsIn(events, `d."eventId"`)]);
  const feedback = where([ofEventsIn(events, `f."eventId"`)]);
  const upcoming = where([events, { sql: `e."status" = 'SCHEDULED' AND e."startsAt" >= ?`, params: [nowText] }]);
  const cancelled = where([events, { sql: `e."status" = 'CANCELLED'`, params: [] }]);
  const registrations = where([
    { sql: `r."eventId" IN (SELECT e."id" FROM "Event" e WHERE ${heldInView.sql})`, params: heldInView.params },
  ]);
  const parts: SqlFragment[] = [
    // Attendance is counted at sessions held only: check-ins recorded at a session still to come
    // (or one nobody came to) reach nobody.
    {
      sql: `SELECT CAST('registrations' AS TEXT) AS "figure", r."category" AS "a", r."status" AS "b", CAST(NULL AS TEXT) AS "c",
          CAST(count(*) AS INTEGER) AS "n", CAST(NULL AS INTEGER) AS "m"
        FROM "Registration" r ${registrations.sql} GROUP BY r."category", r."status"`,
      params: registrations.params,
    },
    {
      sql: `SELECT 'materials', mt."kind", NULL, NULL, CAST(coalesce(sum(d."quantity"), 0) AS INTEGER), NULL
        FROM "Delivery" d JOIN "Material" mt ON mt."id" = d."materialId" ${deliveries.sql} GROUP BY mt."kind"`,
      params: deliveries.params,
    },
    // Follow-ups by channel and status (from the index alone); WhatsApp's delivered ones (from the delivery webhook) apart.
    {
      sql: `SELECT 'followUps', ms."status", ms."channel", NULL, CAST(count(*) AS INTEGER), NULL
        FROM "Message" ms WHERE ms."template" = 'follow-up' AND ${followUps.sql} GROUP BY ms."status", ms."channel"`,
      params: followUps.params,
    },
    {
      sql: `SELECT 'whatsAppDelivered', NULL, NULL, NULL, CAST(count(*) AS INTEGER), NULL
        FROM "Message" ms WHERE ms."template" = 'follow-up' AND ms."channel" = 'WHATSAPP' AND ms."deliveredAt" IS NOT NULL AND ${delivered.sql}`,
      params: delivered.params,
    },
    // One row per combination of answers: the count of responses and the sum of their ratings.
    {
      sql: `SELECT 'feedback', f."answerSigns", f."answerReport", f."answerHelpline", CAST(count(*) AS INTEGER),
          CAST(coalesce(sum(f."rating"), 0) AS INTEGER)
        FROM "Feedback" f ${feedback.sql} GROUP BY f."answerSigns", f."answerReport", f."answerHelpline"`,
      params: feedback.params,
    },
    { sql: `SELECT 'upcoming', NULL, NULL, NULL, CAST(count(*) AS INTEGER), NULL FROM "Event" e ${upcoming.sql}`, params: upcoming.params },
    {
      sql: `SELECT 'cancelled', NULL, NULL, NULL, CAST(count(*) AS INTEGER), NULL FROM "Event" e ${cancelled.sql}`,
      params: cancelled.params,
    },
    { sql: `SELECT 'schools', NULL, NULL, NULL, CAST(count(*) AS INTEGER), NULL FROM "School" s ${schools.sql}`, params: schools.params },
    // The published need: area, source, the state's name, year, children.
    {
      sql: `SELECT 'need', n."area", n."source", st."name", n."year", n."children"
        FROM "ChildProtectionNeed" n LEFT JOIN "State" st ON st."code" = n."stateCode" ${needWhere.sql}`,
      params: needWhere.params,
    },
  ];
  const totalsSql = { sql: parts.map((p) => p.sql).join("\nUNION ALL\n"), params: parts.flatMap((p) => p.params) };

  // 3. The programmes in view (the latest twelve) with their targets and the materials delivered
  // at their events in view. The same events as reportEventWhere(user, { ...filters, programme: p.id }).
  const deliveredFor = sqlAnd([reportEventSql(user, { ...filters, programme: undefined }), { sql: `d."reversedAt" IS NULL`, params: [] }]);
  const programmesWhere = where([
    programmeScopeSql(user),
    filters.programme ? { sql: `p."id" = ?`, params: [filters.programme] } : null,
    filters.state ? { sql: `p."stateCode" = ? OR p."stateCode" IS NULL`, params: [filters.state] } : null,
  ]);
  const programmesSql = {
    sql: `SELECT p."id", p."title", p."year", p."targetSchools", p."targetParticipants", p."targetChildren", p."targetMaterials",
        (SELECT CAST(coalesce(sum(d."quantity"), 0) AS INTEGER) FROM "Delivery" d JOIN "Event" e ON e."id" = d."eventId"
          WHERE e."programmeId" = p."id" AND ${deliveredFor.sql}) AS "materials"
      FROM "Programme" p ${programmesWhere.sql}
      ORDER BY p."year" DESC, p."title" ASC
      LIMIT 12`,
    params: [...deliveredFor.params, ...programmesWhere.params],
  };

  const [sessions, totals, programmes] = await sqlReads(async (sql) => [
    await sql.all<SessionRow>(sessionsSql.sql, sessionsSql.params),
    await sql.all<TotalRow>(totalsSql.sql, totalsSql.params),
    await sql.all<ProgrammeRow>(programmesSql.sql, programmesSql.params),
  ]);
  const everyHeld = dated(sessions, filters);
  const heldInDates = everyHeld.filter((s) => s.inDates);
  return {
    figures: reach(heldInDates, totals),
    targets: progress(heldInDates, programmes),
    need: beside(everyHeld, totals, national && !filters.state),
  };
}

/** The sessions as the figures use them: their Malaysian day, and whether the filters' dates hold them. */
function dated(sessions: SessionRow[], filters: ReportFilters) {
  const { from, before } = reportDates(filters);
  return sessions.map((s) => {
    const startsAt = readInstant(s.startsAt)!;
    const inDates = (!from || startsAt >= from) && (!before || startsAt < before);
    return { ...s, day: malaysiaDateKey(startsAt), inDates };
  });
}

type DatedSession = ReturnType<typeof dated>[number];

/** The reach of the sessions held in the filters' dates. */
function reach(heldEvents: DatedSession[], totals: TotalRow[]) {
  const rows = (figure: string) => totals.filter((t) => t.figure === figure);
  const count = (figure: string) => Number(rows(figure)[0]?.n ?? 0);

  const categories = new Map<string, { category: string; registered: number; attended: number }>();
  for (const row of rows("registrations").sort((x, y) => compare(x.a!, y.a!) || compare(x.b!, y.b!))) {
    const c = categories.get(row.a!) ?? { category: row.a!, registered: 0, attended: 0 };
    if (["REGISTERED", "ATTENDED", "NO_SHOW"].includes(row.b!)) c.registered += Number(row.n);
    if (row.b === "ATTENDED") c.attended += Number(row.n);
    categories.set(row.a!, c);
  }
  const participants = [...categories.values()];
  const registered = participants.reduce((s, c) => s + c.registered, 0);
  const attended = participants.reduce((s, c) => s + c.attended, 0);

  const byKind = rows("materials")
    .map((m) => ({ kind: m.a!, quantity: Number(m.n) }))
    .sort((x, y) => y.quantity - x.quantity || compare(x.kind, y.kind));

  // Adults who attended and children counted at each session held, for the figures over time and by area.
  const overTime = new Map<string, { month: string; adults: number; children: number }>();
  for (const e of heldEvents) {
    const month = e.day.slice(0, 7);
    const m = overTime.get(month) ?? { month, adults: 0, children: 0 };
    m.adults += e.adults;
    m.children += e.children;
    overTime.set(month, m);
  }
  const byArea = (key: (e: (typeof heldEvents)[number]) => { id: string; name: string } | null) => {
    const areas = new Map<string, { id: string; name: string; schools: Set<string>; adults: number; children: number; sessions: number }>();
    for (const e of heldEvents) {
      const area = key(e);
      if (!area) continue;
      const r = areas.get(area.id) ?? { ...area, schools: new Set<string>(), adults: 0, children: 0, sessions: 0 };
      if (e.schoolId) r.schools.add(e.schoolId);
      r.adults += e.adults;
      r.children += e.children;
      r.sessions++;
      areas.set(area.id, r);
    }
    return [...areas.values()]
      .map(({ schools, ...r }) => ({ ...r, schools: schools.size }))
      .sort((a, b) => b.children + b.adults - (a.children + a.adults));
  };

  const reachedSchools = new Set(heldEvents.flatMap((e) => (e.schoolId ? [e.schoolId] : []))).size;
  const schoolCount = count("schools");
  const followUps = rows("followUps");
  const byStatus = (channel: string) =>
    Object.fromEntries(followUps.filter((f) => f.b === channel).map((f) => [f.a!, Number(f.n)])) as Record<string, number>;
  const feedback = rows("feedback");
  const answered = feedback.reduce((s, f) => s + Number(f.n), 0);
  const ratings = feedback.reduce((s, f) => s + Number(f.m), 0);
  const answerOf = { answerSigns: "a", answerReport: "b", answerHelpline: "c" } as const;
  return {
    events: { held: heldEvents.length, upcoming: count("upcoming"), cancelled: count("cancelled") },
    schools: {
      reached: reachedSchools,
      total: schoolCount,
      share: schoolCount ? Math.round((reachedSchools / schoolCount) * 1000) / 10 : 0,
    },
    participants: {
      byCategory: participants,
      registered,
      attended,
      attendanceRate: registered ? Math.round((attended / registered) * 1000) / 10 : 0,
    },
    children: heldEvents.reduce((s, e) => s + e.children, 0),
    materials: { byKind, total: byKind.reduce((s, m) => s + m.quantity, 0) },
    emails: byStatus("EMAIL"),
    whatsApp: { ...byStatus("WHATSAPP"), DELIVERED: count("whatsAppDelivered") } as Record<string, number>,
    feedback: {
      responses: answered,
      averageRating: answered ? Math.round((ratings / answered) * 10) / 10 : null,
      correct: KNOWLEDGE_QUESTIONS.map((question) => ({
        question,
        share: answered
          ? Math.round(
              (feedback.filter((f) => isCorrect(question, f[answerOf[question]])).reduce((s, f) => s + Number(f.n), 0) / answered) * 100,
            )
          : null,
      })),
    },
    overTime: [...overTime.values()].sort((a, b) => compare(a.month, b.month)),
    byDistrict: byArea((e) => (e.districtId ? { id: e.districtId, name: e.districtName ?? "" } : null)),
    byState: byArea((e) => ({ id: e.stateCode, name: e.stateName })),
    bySchool: byArea((e) => (e.schoolCode ? { id: e.schoolCode, name: e.schoolName ?? "" } : null)).slice(0, 15),
  };
}

/** Each programme's schools reached, adults and children at its sessions held, and materials, beside its targets. */
function progress(held: DatedSession[], programmes: ProgrammeRow[]) {
  return programmes.map(({ materials, ...p }) => {
    const mine = held.filter((s) => s.programmeId === p.id);
    return {
      ...p,
      schools: new Set(mine.flatMap((s) => (s.schoolId ? [s.schoolId] : []))).size,
      adults: mine.reduce((sum, s) => sum + s.adults, 0),
      children: mine.reduce((sum, s) => sum + s.children, 0),
      materials: Number(materials),
    };
  });
}

/** The published need beside the children reached the year after, by the sessions' state and Malaysian year. */
function beside(allSessions: DatedSession[], totals: TotalRow[], national: boolean) {
  const reachedBy = new Map<string, number>();
  for (const s of allSessions) {
    const year = Number(s.day.slice(0, 4));
    for (const key of [`${s.stateCode}:${year}`, `MY:${year}`]) reachedBy.set(key, (reachedBy.get(key) ?? 0) + s.children);
  }
  return totals
    .filter((t) => t.figure === "need")
    .map((t) => ({ area: t.a!, year: Number(t.n), children: Number(t.m), source: t.b!, name: t.c }))
    .sort((x, y) => y.year - x.year || compare(x.area, y.area))
    .map((n) => ({
      ...n,
      // A year's need is published the following year, and the programme answers it that year.
      responseYear: n.year + 1,
      // Reach beside the national need only when the figures are national, not one state's.
      reached: n.area === "MY" && !national ? null : (reachedBy.get(`${n.area}:${n.year + 1}`) ?? 0),
    }));
}

/** Codes and month keys (plain ASCII) in the order the database sorts them. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The right answers to the three knowledge questions on the feedback form. */
export const CORRECT_ANSWERS: Record<(typeof KNOWLEDGE_QUESTIONS)[number], string> = {
  answerSigns: "ALL",
  answerReport: "REPORT",
  answerHelpline: "15999",
};

export function isCorrect(question: (typeof KNOWLEDGE_QUESTIONS)[number], answer: string | null): boolean {
  return answer === CORRECT_ANSWERS[question];
}
