import crypto from "node:crypto";
import type { Prisma } from "@prisma/client";
import { changedFields, recordAudit } from "~/modules/audit/audit.server";
import {
  coversState,
  eventScope,
  programmeScope,
  requirePermission,
  requireStateInScope,
  type ScopedUser,
} from "~/modules/auth/scope.server";
import { parseMalaysiaDate } from "~/modules/calendar/malaysia-time";
import { schedulingWarnings, type SchedulingWarning } from "~/modules/calendar/scheduling-warnings.server";
import type { Language } from "~/modules/i18n/i18n";
import { syncReminder } from "~/modules/mail/campaigns.server";
import { noticeEventChange, noticeSchoolVisit } from "~/modules/mail/notices.server";
import { coordinatorChoices } from "~/modules/programmes/programmes.server";
import { heldSessions } from "~/modules/reports/report-filters.server";
import { db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { pageArgs, toPage } from "~/utils/pagination";
import { searchKey } from "~/utils/text";
import { canTransition, REASON_REQUIRED, type EventStatus } from "./event-rules";
import type { EventFilters, EventInput } from "./event-schema";

const DAY = 24 * 60 * 60 * 1000;

/** The one where-clause for event lists: the list, its counts, the calendar and exports use it. */
export function eventListWhere(user: ScopedUser, filters: EventFilters, now = new Date()): Prisma.EventWhereInput {
  const and: Prisma.EventWhereInput[] = [eventScope(user)];
  if (filters.programme) and.push({ programmeId: filters.programme });
  if (filters.state) and.push({ stateCode: filters.state });
  if (filters.district) and.push({ districtId: filters.district });
  if (filters.status) and.push({ status: filters.status });
  const from = filters.from ? parseMalaysiaDate(filters.from) : null;
  const to = filters.to ? parseMalaysiaDate(filters.to) : null;
  if (from) and.push({ endsAt: { gte: from } });
  if (to) and.push({ startsAt: { lt: new Date(to.getTime() + DAY) } });
  if (!from && !to && filters.when === "upcoming") and.push({ endsAt: { gte: now } });
  if (!from && !to && filters.when === "past") and.push({ endsAt: { lt: now } });
  if (filters.when === "held") and.push(heldSessions(now));
  if (filters.q) {
    for (const word of searchKey(filters.q).split(" ").filter(Boolean).slice(0, 5)) {
      and.push({ searchText: { contains: word } });
    }
  }
  return { AND: and };
}

/** What every list and export of events shows of each: what, when, where, how many places. */
export const eventRowSelect = {
  id: true,
  title: true,
  type: true,
  status: true,
  startsAt: true,
  endsAt: true,
  capacity: true,
  venue: true,
  state: { select: { name: true } },
  district: { select: { name: true } },
} satisfies Prisma.EventSelect;

const listSelect = {
  ...eventRowSelect,
  updatedAt: true,
  calendarSequence: true,
  school: { select: { code: true, name: true, address: true, town: true } },
  programme: { select: { id: true, title: true } },
  _count: { select: { registrations: { where: { status: { in: ["REGISTERED", "ATTENDED"] } } } } },
} satisfies Prisma.EventSelect;

export async function listEvents(user: ScopedUser, filters: EventFilters, page: number) {
  requirePermission(user, "read:event");
  const where = eventListWhere(user, filters);
  const newestFirst = filters.when === "past" || filters.when === "held" || (filters.when === "all" && !filters.from);
  const [items, total] = await Promise.all([
    db.event.findMany({
      where,
      select: listSelect,
      orderBy: [{ startsAt: newestFirst ? "desc" : "asc" }, { id: "asc" }],
      ...pageArgs(page),
    }),
    db.event.count({ where }),
  ]);
  return toPage(items, total, page);
}

/** Events overlapping a period, for the month calendar and the iCal feed. */
export function eventsBetween(user: ScopedUser, from: Date, to: Date, filters: Partial<EventFilters> = {}) {
  requirePermission(user, "read:event");
  const where = eventListWhere(user, { when: "all", ...filters, from: undefined, to: undefined });
  return db.event.findMany({
    where: { AND: [where, { startsAt: { lt: to } }, { endsAt: { gte: from } }] },
    select: listSelect,
    orderBy: { startsAt: "asc" },
    take: 2000,
  });
}

export async function getEvent(user: ScopedUser, id: string) {
  requirePermission(user, "read:event");
  const event = await db.event.findFirst({
    where: { AND: [{ id }, eventScope(user)] },
    include: {
      programme: { select: { id: true, title: true, stateCode: true, approvalRequired: true } },
      school: { select: { id: true, code: true, name: true, address: true, postcode: true, town: true, enrolment: true, level: true } },
      state: { select: { code: true, name: true } },
      district: { select: { name: true } },
      leadCoordinator: { select: { id: true, name: true } },
    },
  });
  invariantResponse(event, "Event not found");
  return event;
}

export async function registrationCounts(eventId: string) {
  const rows = await db.registration.groupBy({ by: ["status"], where: { eventId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Record<string, number>;
}

// Crockford base32 without look-alike letters: short enough to type from a poster, 50 bits of secret.
const CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
export function newPublicCode(length = 10): string {
  const bytes = crypto.randomBytes(length);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("");
}

type Place = { schoolId: string | null; stateCode: string; districtId: string | null; schoolName: string | null };
type FieldErrors = Partial<Record<keyof EventInput, string[]>>;

async function resolvePlace(user: ScopedUser, input: EventInput): Promise<{ place?: Place; errors?: FieldErrors }> {
  if (input.schoolCode) {
    const school = await db.school.findUnique({
      where: { code: input.schoolCode },
      select: { id: true, name: true, stateCode: true, districtId: true },
    });
    if (!school) return { errors: { schoolCode: ["errors.event.schoolUnknown"] } };
    if (!coversState(user, school.stateCode)) return { errors: { schoolCode: ["errors.event.schoolOutOfScope"] } };
    return { place: { schoolId: school.id, stateCode: school.stateCode, districtId: school.districtId, schoolName: school.name } };
  }
  if (!coversState(user, input.stateCode ?? null)) return { errors: { stateCode: ["errors.event.stateOutOfScope"] } };
  return { place: { schoolId: null, stateCode: input.stateCode!, districtId: null, schoolName: null } };
}

export type SaveEventResult =
  { status: "saved"; id: string } | { status: "invalid"; errors: FieldErrors } | { status: "warnings"; warnings: SchedulingWarning[] };

/**
 * Creates or updates an event. Scheduling warnings come back first; the coordinator saves anyway
 * by acknowledging them (the form sends acknowledgeWarnings).
 */
export async function saveEvent(user: ScopedUser, input: EventInput, language: Language, eventId?: string): Promise<SaveEventResult> {
  requirePermission(user, "write:event");
  const existing = eventId ? await getEvent(user, eventId) : null;
  if (existing) requireStateInScope(user, existing.stateCode);

  const programme = await db.programme.findFirst({
    where: { AND: [{ id: input.programmeId }, programmeScope(user)] },
    select: { id: true, stateCode: true },
  });
  if (!programme) return { status: "invalid", errors: { programmeId: ["errors.choose"] } };

  const { place, errors } = await resolvePlace(user, input);
  if (!place) return { status: "invalid", errors: errors! };
  if (programme.stateCode && programme.stateCode !== place.stateCode) {
    return { status: "invalid", errors: { [input.schoolCode ? "schoolCode" : "stateCode"]: ["errors.event.stateNotInProgramme"] } };
  }
  if (input.leadCoordinatorId) {
    const lead = await db.user.findFirst({
      where: { id: input.leadCoordinatorId, role: { in: ["COORDINATOR", "ADMIN"] }, active: true },
      select: { stateCode: true, role: true },
    });
    if (!lead || (lead.role === "COORDINATOR" && lead.stateCode && lead.stateCode !== place.stateCode)) {
      return { status: "invalid", errors: { leadCoordinatorId: ["errors.event.leadOutOfScope"] } };
    }
  }

  if (!input.acknowledgeWarnings) {
    const warnings = await schedulingWarnings(
      {
        stateCode: place.stateCode,
        schoolId: place.schoolId,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        leadCoordinatorId: input.leadCoordinatorId,
        eventId,
        programmeId: programme.id,
      },
      language,
    );
    if (warnings.length) return { status: "warnings", warnings };
  }

  const data = {
    programmeId: programme.id,
    type: input.type,
    title: input.title,
    schoolId: place.schoolId,
    stateCode: place.stateCode,
    districtId: place.districtId,
    venue: input.venue ?? null,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    capacity: input.capacity ?? null,
    registrationOpensAt: input.registrationOpensAt ?? null,
    registrationClosesAt: input.registrationClosesAt ?? null,
    leadCoordinatorId: input.leadCoordinatorId ?? null,
    officials: input.officials ?? null,
    partnerAgencies: input.partnerAgencies ?? null,
    notes: input.notes ?? null,
    registrationCategories: input.registrationCategories.join(","),
    searchText: searchKey([input.title, input.venue ?? "", place.schoolName ?? "", input.schoolCode ?? ""].join(" ")),
  };

  const id = await db.$transaction(async (tx) => {
    if (existing) {
      const moved =
        existing.startsAt.getTime() !== data.startsAt.getTime() ||
        existing.endsAt.getTime() !== data.endsAt.getTime() ||
        existing.schoolId !== data.schoolId ||
        (existing.venue ?? null) !== data.venue;
      // A new time or place is a new version of every calendar copy of the event.
      await tx.event.update({ where: { id: existing.id }, data: moved ? { ...data, calendarSequence: { increment: 1 } } : data });
      if (moved && (existing.status === "SCHEDULED" || existing.status === "POSTPONED")) {
        await noticeEventChange(tx, existing.id, "CHANGED", null, `changed:${Date.now()}`);
        await syncReminder(tx, { id: existing.id, status: existing.status, startsAt: data.startsAt });
      }
      const diff = changedFields(existing as unknown as Record<string, unknown>, data);
      if (diff.changed) {
        await recordAudit(tx, {
          actorId: user.id,
          action: "UPDATE",
          entityType: "Event",
          entityId: existing.id,
          before: diff.before,
          after: diff.after,
        });
      }
      return existing.id;
    }
    const created = await tx.event.create({
      data: { ...data, status: "DRAFT", publicCode: newPublicCode(), createdById: user.id },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: user.id, action: "CREATE", entityType: "Event", entityId: created.id, after: data });
    return created.id;
  });
  return { status: "saved", id };
}

export type StatusChangeResult = { ok: true } | { ok: false; error: string };

export async function changeEventStatus(
  user: ScopedUser,
  eventId: string,
  to: EventStatus,
  reason: string | undefined,
  now = new Date(),
): Promise<StatusChangeResult> {
  requirePermission(user, "write:event");
  const event = await getEvent(user, eventId);
  requireStateInScope(user, event.stateCode);
  if (!canTransition(event.status, to)) return { ok: false, error: "errors.event.transition" };
  if (REASON_REQUIRED.includes(to) && !reason) return { ok: false, error: "errors.event.reasonRequired" };
  if (to === "COMPLETED" && event.startsAt > now) return { ok: false, error: "errors.event.notStartedYet" };
  if (to === "SCHEDULED" && event.programme.approvalRequired && event.schoolId && !event.approvalReference) {
    return { ok: false, error: "errors.event.approvalMissing" };
  }
  await db.$transaction(async (tx) => {
    // Guarded on the status read above, so two people changing it at once cannot both win.
    const updated = await tx.event.updateMany({
      where: { id: eventId, status: event.status },
      data: { status: to, statusReason: reason ?? null, calendarSequence: { increment: 1 } },
    });
    if (updated.count !== 1) throw new Response("Conflict", { status: 409 });
    await syncReminder(tx, { id: eventId, status: to, startsAt: event.startsAt });
    if (to === "SCHEDULED") await noticeSchoolVisit(tx, event);
    // Back on after a postponement: those registered hear it is on (their calendars said tentative).
    if (to === "SCHEDULED" && event.status === "POSTPONED")
      await noticeEventChange(tx, eventId, "RESCHEDULED", null, `RESCHEDULED:${Date.now()}`);
    if (to === "POSTPONED" || to === "CANCELLED") await noticeEventChange(tx, eventId, to, reason ?? null, `${to}:${Date.now()}`);
    await recordAudit(tx, {
      actorId: user.id,
      action: "STATUS",
      entityType: "Event",
      entityId: eventId,
      before: { status: event.status },
      after: { status: to, reason: reason ?? null },
    });
  });
  return { ok: true };
}

/** What the event form offers: programmes, lead coordinators, states and schools in scope. */
export async function eventFormChoices(user: ScopedUser) {
  const [programmes, coordinators, states] = await Promise.all([
    db.programme.findMany({
      where: programmeScope(user),
      select: { id: true, title: true, year: true },
      orderBy: [{ year: "desc" }, { title: "asc" }],
    }),
    coordinatorChoices(user),
    db.state.findMany({
      where: user.role !== "ADMIN" && user.stateCode ? { code: user.stateCode } : {},
      select: { code: true, name: true },
      orderBy: { code: "asc" },
    }),
  ]);
  return { programmes, coordinators, states };
}
