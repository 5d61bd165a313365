import type { Prisma } from "@prisma/client";
import { programmeScope, type ScopedUser } from "../../app/modules/auth/scope.server";
import { malaysiaDateKey } from "../../app/modules/calendar/malaysia-time";
import { KNOWLEDGE_QUESTIONS } from "../../app/modules/feedback/feedback-schema";
import { isCorrect } from "../../app/modules/reports/dashboard.server";
import type { ReportFilters } from "../../app/modules/reports/report-filters";
import { heldSessions, reportEventWhere } from "../../app/modules/reports/report-filters.server";
import { db } from "../../app/utils/db.server";

/**
 * The dashboard's figures as they were computed before they became plain statements (December
 * 2026, docs/decisions/019): some 25 Prisma model queries and the sums made from them. Kept here
 * only as the reference the statements are checked against (tests/integration/report-figures.test.ts).
 */
export async function figuresByModel(user: ScopedUser, filters: ReportFilters, now: Date) {
  const [figures, targets, need] = await Promise.all([
    computeDashboard(user, filters, now),
    computeProgrammeTargets(user, filters, now),
    computeReachAgainstNeed(user, filters, now),
  ]);
  return { figures, targets, need };
}

async function computeDashboard(user: ScopedUser, filters: ReportFilters, now: Date) {
  const events = reportEventWhere(user, filters);
  const held: Prisma.EventWhereInput = { AND: [events, heldSessions(now)] };
  // Attendance is counted at sessions held only: check-ins recorded at a session still to come
  // (or one nobody came to) reach nobody.
  const registrations: Prisma.RegistrationWhereInput = { event: held };
  const schoolWhere: Prisma.SchoolWhereInput = {
    ...(user.role === "ADMIN" || !user.stateCode ? {} : { stateCode: user.stateCode }),
    ...(filters.state ? { stateCode: filters.state } : {}),
    ...(filters.district ? { districtId: filters.district } : {}),
  };
  const [
    heldCount,
    upcoming,
    cancelled,
    reachedSchools,
    schoolCount,
    byCategory,
    children,
    materials,
    kinds,
    followUps,
    whatsAppDelivered,
    feedback,
    heldEvents,
    attendedByEvent,
    childrenByEvent,
  ] = await Promise.all([
    db.event.count({ where: held }),
    db.event.count({ where: { AND: [events, { status: "SCHEDULED" }, { startsAt: { gte: now } }] } }),
    db.event.count({ where: { AND: [events, { status: "CANCELLED" }] } }),
    db.event.groupBy({ by: ["schoolId"], where: { AND: [held, { schoolId: { not: null } }] } }),
    db.school.count({ where: schoolWhere }),
    db.registration.groupBy({ by: ["category", "status"], where: registrations, _count: { _all: true } }),
    db.pupilCount.aggregate({ where: { event: held }, _sum: { count: true } }),
    db.delivery.groupBy({ by: ["materialId"], where: { ...inEvents(events), reversedAt: null }, _sum: { quantity: true } }),
    db.material.findMany({ select: { id: true, kind: true } }),
    // Follow-ups by channel and status; WhatsApp's delivered ones (from the delivery webhook) apart.
    db.message.groupBy({
      by: ["status", "channel"],
      where: { ...(isEveryEvent(events) ? { eventId: { not: null } } : { event: events }), template: "follow-up" },
      _count: { _all: true },
    }),
    db.message.count({
      where: {
        ...(isEveryEvent(events) ? { eventId: { not: null } } : { event: events }),
        template: "follow-up",
        channel: "WHATSAPP",
        deliveredAt: { not: null },
      },
    }),
    db.feedback.groupBy({
      by: ["answerSigns", "answerReport", "answerHelpline"],
      where: inEvents(events),
      _count: { _all: true },
      _sum: { rating: true },
    }),
    db.event.findMany({
      where: held,
      select: {
        id: true,
        startsAt: true,
        schoolId: true,
        school: { select: { code: true, name: true } },
        district: { select: { id: true, name: true } },
        state: { select: { code: true, name: true } },
      },
    }),
    db.registration.groupBy({ by: ["eventId"], where: { event: held, status: "ATTENDED" }, _count: { _all: true } }),
    db.pupilCount.groupBy({ by: ["eventId"], where: { event: held }, _sum: { count: true } }),
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

  const kindOf = new Map(kinds.map((m) => [m.id, m.kind]));
  const byKind = new Map<string, number>();
  for (const d of materials) byKind.set(kindOf.get(d.materialId)!, (byKind.get(kindOf.get(d.materialId)!) ?? 0) + (d._sum.quantity ?? 0));

  // Adults who attended and children counted at each session held, for the figures over time and by area.
  const adultsAt = new Map(attendedByEvent.map((r) => [r.eventId, r._count._all]));
  const childrenAt = new Map(childrenByEvent.map((r) => [r.eventId, r._sum.count ?? 0]));
  const overTime = new Map<string, { month: string; adults: number; children: number }>();
  for (const e of heldEvents) {
    const month = malaysiaDateKey(e.startsAt).slice(0, 7);
    const m = overTime.get(month) ?? { month, adults: 0, children: 0 };
    m.adults += adultsAt.get(e.id) ?? 0;
    m.children += childrenAt.get(e.id) ?? 0;
    overTime.set(month, m);
  }

  const byArea = (key: (e: (typeof heldEvents)[number]) => { id: string; name: string } | null) => {
    const rows = new Map<string, { id: string; name: string; schools: Set<string>; adults: number; children: number; sessions: number }>();
    for (const e of heldEvents) {
      const area = key(e);
      if (!area) continue;
      const r = rows.get(area.id) ?? { ...area, schools: new Set<string>(), adults: 0, children: 0, sessions: 0 };
      if (e.schoolId) r.schools.add(e.schoolId);
      r.adults += adultsAt.get(e.id) ?? 0;
      r.children += childrenAt.get(e.id) ?? 0;
      r.sessions++;
      rows.set(area.id, r);
    }
    return [...rows.values()]
      .map(({ schools, ...r }) => ({ ...r, schools: schools.size }))
      .sort((a, b) => b.children + b.adults - (a.children + a.adults));
  };

  // One row per combination of answers: the count of responses and the sum of their ratings.
  const answered = feedback.reduce((s, f) => s + f._count._all, 0);
  const ratings = feedback.reduce((s, f) => s + (f._sum.rating ?? 0), 0);
  return {
    events: { held: heldCount, upcoming, cancelled },
    schools: {
      reached: reachedSchools.length,
      total: schoolCount,
      share: schoolCount ? Math.round((reachedSchools.length / schoolCount) * 1000) / 10 : 0,
    },
    participants: {
      byCategory: participants,
      registered,
      attended,
      attendanceRate: registered ? Math.round((attended / registered) * 1000) / 10 : 0,
    },
    children: children._sum.count ?? 0,
    materials: {
      byKind: [...byKind.entries()].map(([kind, quantity]) => ({ kind, quantity })).sort((a, b) => b.quantity - a.quantity),
      total: materials.reduce((s, d) => s + (d._sum.quantity ?? 0), 0),
    },
    emails: Object.fromEntries(followUps.filter((e) => e.channel === "EMAIL").map((e) => [e.status, e._count._all])) as Record<
      string,
      number
    >,
    whatsApp: {
      ...(Object.fromEntries(followUps.filter((e) => e.channel === "WHATSAPP").map((e) => [e.status, e._count._all])) as Record<
        string,
        number
      >),
      DELIVERED: whatsAppDelivered,
    } as Record<string, number>,
    feedback: {
      responses: answered,
      averageRating: answered ? Math.round((ratings / answered) * 10) / 10 : null,
      correct: KNOWLEDGE_QUESTIONS.map((question) => ({
        question,
        share: answered
          ? Math.round((feedback.filter((f) => isCorrect(question, f[question])).reduce((s, f) => s + f._count._all, 0) / answered) * 100)
          : null,
      })),
    },
    overTime: [...overTime.values()].sort((a, b) => a.month.localeCompare(b.month)),
    byDistrict: byArea((e) => e.district),
    byState: byArea((e) => ({ id: e.state.code, name: e.state.name })),
    bySchool: byArea((e) => e.school && { id: e.school.code, name: e.school.name }).slice(0, 15),
  };
}

/** True when the where-clause selects every event (an administrator's national view, no filters). */
function isEveryEvent(where: Prisma.EventWhereInput): boolean {
  const parts = Object.entries(where);
  return parts.every(([key, value]) => key === "AND" && Array.isArray(value) && value.every((part) => isEveryEvent(part)));
}

/**
 * Rows of a table whose event is required (registrations, pupil counts, deliveries, feedback) that
 * belong to the events in view. When that is every event, no join with the events is needed: the
 * foreign key already says each row has one.
 */
function inEvents(events: Prisma.EventWhereInput) {
  return isEveryEvent(events) ? {} : { event: events };
}

async function computeProgrammeTargets(user: ScopedUser, filters: ReportFilters, now: Date) {
  const programmes = await db.programme.findMany({
    where: {
      AND: [
        programmeScope(user),
        filters.programme ? { id: filters.programme } : {},
        filters.state ? { OR: [{ stateCode: filters.state }, { stateCode: null }] } : {},
      ],
    },
    select: {
      id: true,
      title: true,
      year: true,
      targetSchools: true,
      targetParticipants: true,
      targetChildren: true,
      targetMaterials: true,
    },
    orderBy: [{ year: "desc" }, { title: "asc" }],
    take: 12,
  });
  if (!programmes.length) return [];
  // The same events as reportEventWhere(user, { ...filters, programme: p.id }) for each programme p,
  // counted for all of them at once and grouped by event, rather than four queries per programme.
  const events: Prisma.EventWhereInput = {
    AND: [reportEventWhere(user, { ...filters, programme: undefined }), { programmeId: { in: programmes.map((p) => p.id) } }],
  };
  const held: Prisma.EventWhereInput = { AND: [events, heldSessions(now)] };
  const [inView, schools, adults, children, materials] = await Promise.all([
    db.event.findMany({ where: events, select: { id: true, programmeId: true } }),
    db.event.groupBy({ by: ["programmeId", "schoolId"], where: { AND: [held, { schoolId: { not: null } }] } }),
    db.registration.groupBy({ by: ["eventId"], where: { event: held, status: "ATTENDED" }, _count: { _all: true } }),
    db.pupilCount.groupBy({ by: ["eventId"], where: { event: held }, _sum: { count: true } }),
    db.delivery.groupBy({ by: ["eventId"], where: { event: events, reversedAt: null }, _sum: { quantity: true } }),
  ]);
  const programmeOf = new Map(inView.map((e) => [e.id, e.programmeId]));
  const total = (rows: { eventId: string; value: number }[], programmeId: string) =>
    rows.reduce((s, r) => s + (programmeOf.get(r.eventId) === programmeId ? r.value : 0), 0);
  const adultRows = adults.map((r) => ({ eventId: r.eventId, value: r._count._all }));
  const childRows = children.map((r) => ({ eventId: r.eventId, value: r._sum.count ?? 0 }));
  const materialRows = materials.map((r) => ({ eventId: r.eventId, value: r._sum.quantity ?? 0 }));
  return programmes.map((p) => ({
    ...p,
    schools: schools.filter((s) => s.programmeId === p.id).length,
    adults: total(adultRows, p.id),
    children: total(childRows, p.id),
    materials: total(materialRows, p.id),
  }));
}

async function computeReachAgainstNeed(user: ScopedUser, filters: ReportFilters, now: Date) {
  const need = await db.childProtectionNeed.findMany({
    where:
      user.role === "ADMIN" || !user.stateCode
        ? filters.state
          ? { OR: [{ stateCode: filters.state }, { area: "MY" }] }
          : {}
        : { OR: [{ stateCode: user.stateCode }, { area: "MY" }] },
    select: { area: true, year: true, children: true, source: true, state: { select: { name: true } } },
    orderBy: [{ year: "desc" }, { area: "asc" }],
  });
  // Children counted per event (summed by the database), then placed by the event's state and year.
  const events: Prisma.EventWhereInput = {
    AND: [reportEventWhere(user, { ...filters, from: undefined, to: undefined }), heldSessions(now)],
  };
  const [reached, inView] = await Promise.all([
    db.pupilCount.groupBy({ by: ["eventId"], where: { event: events }, _sum: { count: true } }),
    db.event.findMany({ where: events, select: { id: true, stateCode: true, startsAt: true } }),
  ]);
  const eventsById = new Map(inView.map((e) => [e.id, e]));
  const reachedBy = new Map<string, number>();
  for (const r of reached) {
    const event = eventsById.get(r.eventId);
    if (!event) continue;
    const year = Number(malaysiaDateKey(event.startsAt).slice(0, 4));
    for (const key of [`${event.stateCode}:${year}`, `MY:${year}`]) reachedBy.set(key, (reachedBy.get(key) ?? 0) + (r._sum.count ?? 0));
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
