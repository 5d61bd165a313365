import type { Prisma } from "@prisma/client";
import { programmeScope, requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { malaysiaDateKey } from "~/modules/calendar/malaysia-time";
import { db } from "~/utils/db.server";
import type { ReportFilters } from "./report-filters";
import { HELD_SESSION, reportEventWhere } from "./report-filters.server";

const KNOWLEDGE = ["answerSigns", "answerReport", "answerHelpline"] as const;

/**
 * Every figure on the dashboard, computed from the rows themselves with the same where-clause,
 * so each figure can link to the rows behind it.
 */
export async function dashboard(user: ScopedUser, filters: ReportFilters, now = new Date()) {
  requirePermission(user, "read:report");
  const events = reportEventWhere(user, filters);
  const registrations: Prisma.RegistrationWhereInput = { event: events };
  const schoolWhere: Prisma.SchoolWhereInput = {
    ...(user.role === "ADMIN" || !user.stateCode ? {} : { stateCode: user.stateCode }),
    ...(filters.state ? { stateCode: filters.state } : {}),
    ...(filters.district ? { districtId: filters.district } : {}),
  };
  const [held, upcoming, cancelled, reachedSchools, schoolCount, byCategory, children, materials, emails, feedback, heldSessions] = await Promise.all([
    db.event.count({ where: { AND: [events, HELD_SESSION] } }),
    db.event.count({ where: { AND: [events, { status: "SCHEDULED" }, { startsAt: { gte: now } }] } }),
    db.event.count({ where: { AND: [events, { status: "CANCELLED" }] } }),
    db.event.findMany({ where: { AND: [events, HELD_SESSION, { schoolId: { not: null } }] }, distinct: ["schoolId"], select: { schoolId: true } }),
    db.school.count({ where: schoolWhere }),
    db.registration.groupBy({ by: ["category", "status"], where: registrations, _count: { _all: true } }),
    db.pupilCount.aggregate({ where: { event: events }, _sum: { count: true } }),
    db.delivery.findMany({ where: { event: events, reversedAt: null }, select: { quantity: true, material: { select: { kind: true } } } }),
    db.message.groupBy({ by: ["status"], where: { event: events, template: "follow-up" }, _count: { _all: true } }),
    db.feedback.findMany({ where: { event: events }, select: { rating: true, score: true, answerSigns: true, answerReport: true, answerHelpline: true } }),
    db.event.findMany({
      where: { AND: [events, HELD_SESSION] },
      select: {
        startsAt: true,
        schoolId: true,
        school: { select: { code: true, name: true } },
        district: { select: { id: true, name: true } },
        state: { select: { code: true, name: true } },
        _count: { select: { registrations: { where: { status: "ATTENDED" } } } },
        pupilCounts: { select: { count: true } },
      },
    }),
  ]);

  const categories = new Map<string, { category: string; registered: number; attended: number }>();
  for (const row of byCategory) {
    const c = categories.get(row.category) ?? { category: row.category, registered: 0, attended: 0 };
    if (["REGISTERED", "ATTENDED", "NO_SHOW"].includes(row.status)) c.registered += row._count._all;
    if (row.status === "ATTENDED") c.attended += row._count._all;
    categories.set(row.category, c);
  }
  const participants = [...categories.values()];
  const registered = participants.reduce((s, c) => s + c.registered, 0);
  const attended = participants.reduce((s, c) => s + c.attended, 0);

  const byKind = new Map<string, number>();
  for (const d of materials) byKind.set(d.material.kind, (byKind.get(d.material.kind) ?? 0) + d.quantity);

  const overTime = new Map<string, { month: string; adults: number; children: number }>();
  for (const e of heldSessions) {
    const month = malaysiaDateKey(e.startsAt).slice(0, 7);
    const m = overTime.get(month) ?? { month, adults: 0, children: 0 };
    m.adults += e._count.registrations;
    m.children += e.pupilCounts.reduce((s, p) => s + p.count, 0);
    overTime.set(month, m);
  }

  const byArea = (key: (e: (typeof heldSessions)[number]) => { id: string; name: string } | null) => {
    const rows = new Map<string, { id: string; name: string; schools: Set<string>; adults: number; children: number; sessions: number }>();
    for (const e of heldSessions) {
      const area = key(e);
      if (!area) continue;
      const r = rows.get(area.id) ?? { ...area, schools: new Set<string>(), adults: 0, children: 0, sessions: 0 };
      if (e.schoolId) r.schools.add(e.schoolId);
      r.adults += e._count.registrations;
      r.children += e.pupilCounts.reduce((s, p) => s + p.count, 0);
      r.sessions++;
      rows.set(area.id, r);
    }
    return [...rows.values()].map(({ schools, ...r }) => ({ ...r, schools: schools.size })).sort((a, b) => b.children + b.adults - (a.children + a.adults));
  };

  const answered = feedback.length;
  return {
    events: { held, upcoming, cancelled },
    schools: { reached: reachedSchools.length, total: schoolCount, share: schoolCount ? Math.round((reachedSchools.length / schoolCount) * 1000) / 10 : 0 },
    participants: { byCategory: participants, registered, attended, attendanceRate: registered ? Math.round((attended / registered) * 1000) / 10 : 0 },
    children: children._sum.count ?? 0,
    materials: { byKind: [...byKind.entries()].map(([kind, quantity]) => ({ kind, quantity })).sort((a, b) => b.quantity - a.quantity), total: materials.reduce((s, d) => s + d.quantity, 0) },
    emails: Object.fromEntries(emails.map((e) => [e.status, e._count._all])) as Record<string, number>,
    feedback: {
      responses: answered,
      averageRating: answered ? Math.round((feedback.reduce((s, f) => s + f.rating, 0) / answered) * 10) / 10 : null,
      correct: KNOWLEDGE.map((question) => ({ question, share: answered ? Math.round((feedback.filter((f) => isCorrect(question, f[question])).length / answered) * 100) : null })),
    },
    overTime: [...overTime.values()].sort((a, b) => a.month.localeCompare(b.month)),
    byDistrict: byArea((e) => e.district),
    byState: byArea((e) => ({ id: e.state.code, name: e.state.name })),
    bySchool: byArea((e) => e.school && { id: e.school.code, name: e.school.name }).slice(0, 15),
  };
}

/** The right answers to the three knowledge questions on the feedback form. */
export const CORRECT_ANSWERS: Record<(typeof KNOWLEDGE)[number], string> = { answerSigns: "ALL", answerReport: "REPORT", answerHelpline: "15999" };

export function isCorrect(question: (typeof KNOWLEDGE)[number], answer: string | null): boolean {
  return answer === CORRECT_ANSWERS[question];
}

/** Progress of each programme in view against its targets. */
export async function programmeTargets(user: ScopedUser, filters: ReportFilters) {
  const programmes = await db.programme.findMany({
    where: { AND: [programmeScope(user), filters.programme ? { id: filters.programme } : {}, filters.state ? { OR: [{ stateCode: filters.state }, { stateCode: null }] } : {}] },
    select: { id: true, title: true, year: true, targetSchools: true, targetParticipants: true, targetChildren: true, targetMaterials: true },
    orderBy: [{ year: "desc" }, { title: "asc" }],
    take: 12,
  });
  return Promise.all(
    programmes.map(async (p) => {
      const events = reportEventWhere(user, { ...filters, programme: p.id });
      const [schools, adults, children, materials] = await Promise.all([
        db.event.findMany({ where: { AND: [events, HELD_SESSION, { schoolId: { not: null } }] }, distinct: ["schoolId"], select: { schoolId: true } }),
        db.registration.count({ where: { event: events, status: "ATTENDED" } }),
        db.pupilCount.aggregate({ where: { event: events }, _sum: { count: true } }),
        db.delivery.aggregate({ where: { event: events, reversedAt: null }, _sum: { quantity: true } }),
      ]);
      return { ...p, schools: schools.length, adults, children: children._sum.count ?? 0, materials: materials._sum.quantity ?? 0 };
    }),
  );
}

/** Children needing care and protection (as published) beside the children the programme reached, per state and year. */
export async function reachAgainstNeed(user: ScopedUser, filters: ReportFilters) {
  const need = await db.childProtectionNeed.findMany({
    where: user.role === "ADMIN" || !user.stateCode ? (filters.state ? { OR: [{ stateCode: filters.state }, { area: "MY" }] } : {}) : { OR: [{ stateCode: user.stateCode }, { area: "MY" }] },
    select: { area: true, year: true, children: true, source: true, state: { select: { name: true } } },
    orderBy: [{ year: "desc" }, { area: "asc" }],
  });
  const reached = await db.pupilCount.findMany({
    where: { event: reportEventWhere(user, { ...filters, from: undefined, to: undefined }) },
    select: { count: true, event: { select: { stateCode: true, startsAt: true } } },
  });
  const reachedBy = new Map<string, number>();
  for (const r of reached) {
    const year = Number(malaysiaDateKey(r.event.startsAt).slice(0, 4));
    for (const key of [`${r.event.stateCode}:${year}`, `MY:${year}`]) reachedBy.set(key, (reachedBy.get(key) ?? 0) + r.count);
  }
  // Reach beside the national need only when the figures are national, not one state's.
  const national = (user.role === "ADMIN" || !user.stateCode) && !filters.state;
  // A year's need is published the following year, and the programme answers it that year.
  return need.map((n) => ({
    ...n,
    name: n.state?.name ?? null,
    responseYear: n.year + 1,
    reached: n.area === "MY" && !national ? null : (reachedBy.get(`${n.area}:${n.year + 1}`) ?? 0),
  }));
}
