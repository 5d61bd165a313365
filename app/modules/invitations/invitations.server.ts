import type { Prisma } from "@prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, requireStateInScope, schoolScope, type ScopedUser } from "~/modules/auth/scope.server";
import { malaysiaDateKey, parseMalaysiaDateTime, toMalaysiaInputValue } from "~/modules/calendar/malaysia-time";
import { newPublicCode } from "~/modules/events/events.server";
import { syncReminder } from "~/modules/mail/campaigns.server";
import { noticeEventChange } from "~/modules/mail/notices.server";
import { enqueueMessage } from "~/modules/mail/outbox.server";
import { getProgramme } from "~/modules/programmes/programmes.server";
import { heldSessions } from "~/modules/reports/report-filters.server";
import { db, type Db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { searchKey } from "~/utils/text";
import type { RespondInput } from "./invitation-schema";

async function programmeForInvitations(user: ScopedUser, programmeId: string) {
  requirePermission(user, "invite:school");
  const programme = await getProgramme(user, programmeId);
  return programme;
}

/** More checkboxes than this is no longer a list anyone can work through; filters narrow it. */
export const CANDIDATE_LIMIT = 1000;

/**
 * Schools that could still be invited to a programme: in its state and the user's scope, not yet
 * invited, with whether they were reached this year. At most CANDIDATE_LIMIT, with the full count.
 */
export async function invitationCandidates(
  user: ScopedUser,
  programmeId: string,
  filters: { district?: string; type?: string; notReached?: boolean },
) {
  const programme = await programmeForInvitations(user, programmeId);
  const yearStart = parseMalaysiaDateTime(`${programme.year}-01-01T00:00`)!;
  const yearEnd = parseMalaysiaDateTime(`${programme.year + 1}-01-01T00:00`)!;
  const heldThisYear: Prisma.EventWhereInput = { AND: [heldSessions(), { startsAt: { gte: yearStart, lt: yearEnd } }] };
  const reachedThisYear: Prisma.SchoolWhereInput = { events: { some: heldThisYear } };
  const where: Prisma.SchoolWhereInput = {
    AND: [
      schoolScope(user),
      programme.stateCode ? { stateCode: programme.stateCode } : {},
      { invitations: { none: { programmeId } } },
      filters.district ? { districtId: filters.district } : {},
      filters.type ? { type: filters.type } : {},
      filters.notReached ? { NOT: reachedThisYear } : {},
    ],
  };
  const [schools, total] = await Promise.all([
    db.school.findMany({
      where,
      select: {
        id: true,
        code: true,
        name: true,
        type: true,
        email: true,
        district: { select: { name: true } },
        events: { where: heldThisYear, select: { id: true }, take: 1 },
      },
      orderBy: [{ district: { name: "asc" } }, { name: "asc" }],
      take: CANDIDATE_LIMIT,
    }),
    db.school.count({ where }),
  ]);
  return { schools: schools.map(({ events, ...s }) => ({ ...s, reachedThisYear: events.length > 0 })), total };
}

/**
 * Invites head teachers: one invitation per school and programme. Schools with an email get it
 * through the outbox; the others appear with a printable letter.
 */
export async function inviteSchools(user: ScopedUser, programmeId: string, schoolIds: string[], proposedDates: string | undefined) {
  const programme = await programmeForInvitations(user, programmeId);
  const schools = await db.school.findMany({
    where: { AND: [{ id: { in: schoolIds } }, schoolScope(user), programme.stateCode ? { stateCode: programme.stateCode } : {}] },
    select: { id: true, name: true, email: true, headTeacherName: true },
  });
  return db.$transaction(async (tx) => {
    let invited = 0;
    let emailed = 0;
    for (const school of schools) {
      const existing = await tx.schoolInvitation.findUnique({
        where: { programmeId_schoolId: { programmeId, schoolId: school.id } },
        select: { id: true },
      });
      if (existing) continue;
      const invitation = await tx.schoolInvitation.create({
        data: { programmeId, schoolId: school.id, proposedDates: proposedDates ?? null, createdById: user.id },
      });
      await recordAudit(tx, {
        actorId: user.id,
        action: "CREATE",
        entityType: "SchoolInvitation",
        entityId: invitation.id,
        after: { programmeId, schoolId: school.id, proposedDates },
      });
      invited++;
      if (await emailInvitation(tx, invitation.id, `invitation:${invitation.id}`)) emailed++;
    }
    return { invited, emailed, letters: invited - emailed };
  });
}

async function emailInvitation(tx: Db, invitationId: string, idempotencyKey: string): Promise<boolean> {
  const invitation = await tx.schoolInvitation.findUniqueOrThrow({
    where: { id: invitationId },
    select: { school: { select: { email: true, name: true, headTeacherName: true } } },
  });
  if (!invitation.school.email) return false;
  await enqueueMessage(tx, {
    idempotencyKey,
    template: "school-invitation",
    language: "ms",
    toEmail: invitation.school.email,
    toName: invitation.school.headTeacherName ?? invitation.school.name,
    payload: { invitationId },
  });
  return true;
}

export async function listInvitations(user: ScopedUser, programmeId: string, status?: string) {
  await programmeForInvitations(user, programmeId);
  return db.schoolInvitation.findMany({
    where: { programmeId, ...(status ? { status } : {}), school: schoolScope(user) },
    select: {
      id: true,
      status: true,
      proposedDates: true,
      chosenDate: true,
      declineReason: true,
      invitedAt: true,
      respondedAt: true,
      eventId: true,
      school: { select: { id: true, code: true, name: true, email: true, district: { select: { name: true } } } },
      reminders: { select: { sentAt: true, sentBy: { select: { name: true } } }, orderBy: { sentAt: "desc" } },
    },
    orderBy: [{ status: "asc" }, { school: { name: "asc" } }],
  });
}

export async function getInvitation(user: ScopedUser, invitationId: string) {
  requirePermission(user, "invite:school");
  const invitation = await db.schoolInvitation.findUnique({
    where: { id: invitationId },
    include: { school: { include: { district: true, state: true } }, programme: true, createdBy: { select: { name: true, email: true } } },
  });
  invariantResponse(invitation, "Invitation not found");
  await getProgramme(user, invitation.programmeId);
  requireStateInScope(user, invitation.school.stateCode);
  return invitation;
}

/**
 * Records the school's answer. Accepting with a date creates the visit (or moves the one it
 * already created): scheduled, unless the programme needs JPN/PPD approval first.
 */
export async function respondToInvitation(user: ScopedUser, input: RespondInput, now = new Date()) {
  const invitation = await getInvitation(user, input.invitationId);
  return db.$transaction(async (tx) => {
    let eventId = invitation.eventId;
    const visit = eventId
      ? await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { id: true, status: true, startsAt: true, endsAt: true } })
      : null;
    const stillPlanned = visit !== null && ["DRAFT", "SCHEDULED", "POSTPONED"].includes(visit.status);
    if (input.status === "ACCEPTED" && input.chosenDate) {
      if (visit) {
        // A new date moves a visit still being planned, keeping its hours, and tells those registered;
        // answering again with the same date changes nothing.
        if (stillPlanned && input.chosenDate !== malaysiaDateKey(visit.startsAt)) {
          const startsAt = parseMalaysiaDateTime(`${input.chosenDate}T${toMalaysiaInputValue(visit.startsAt).slice(11)}`)!;
          const endsAt = new Date(startsAt.getTime() + (visit.endsAt.getTime() - visit.startsAt.getTime()));
          await tx.event.update({ where: { id: visit.id }, data: { startsAt, endsAt, calendarSequence: { increment: 1 } } });
          await syncReminder(tx, { id: visit.id, status: visit.status, startsAt });
          if (visit.status !== "DRAFT") await noticeEventChange(tx, visit.id, "CHANGED", null, `changed:${now.getTime()}`);
          await recordAudit(tx, {
            actorId: user.id,
            action: "UPDATE",
            entityType: "Event",
            entityId: visit.id,
            before: { startsAt: visit.startsAt },
            after: { startsAt, fromInvitation: invitation.id },
          });
        }
      } else {
        const startsAt = parseMalaysiaDateTime(`${input.chosenDate}T09:00`)!;
        const endsAt = parseMalaysiaDateTime(`${input.chosenDate}T12:00`)!;
        const status = invitation.programme.approvalRequired ? "DRAFT" : "SCHEDULED";
        const title = `Sesi Advokasi KASIH Kanak-Kanak: ${invitation.school.name}`;
        const event = await tx.event.create({
          data: {
            programmeId: invitation.programmeId,
            type: "SCHOOL_SESSION",
            title,
            schoolId: invitation.schoolId,
            stateCode: invitation.school.stateCode,
            districtId: invitation.school.districtId,
            startsAt,
            endsAt,
            capacity: 150,
            status,
            publicCode: newPublicCode(),
            leadCoordinatorId: user.role === "COORDINATOR" ? user.id : null,
            createdById: user.id,
            searchText: searchKey(`${title} ${invitation.school.code}`),
          },
        });
        eventId = event.id;
        await recordAudit(tx, {
          actorId: user.id,
          action: "CREATE",
          entityType: "Event",
          entityId: event.id,
          after: { fromInvitation: invitation.id, startsAt, status },
        });
        await syncReminder(tx, { id: event.id, status, startsAt });
      }
    }
    // A school that declines after accepting: the visit it had agreed to is called off.
    if (input.status === "DECLINED" && visit && stillPlanned) {
      const reason = input.declineReason ?? null;
      await tx.event.update({
        where: { id: visit.id },
        data: { status: "CANCELLED", statusReason: reason, calendarSequence: { increment: 1 } },
      });
      await syncReminder(tx, { id: visit.id, status: "CANCELLED", startsAt: visit.startsAt });
      await noticeEventChange(tx, visit.id, "CANCELLED", reason, `CANCELLED:${now.getTime()}`);
      await recordAudit(tx, {
        actorId: user.id,
        action: "STATUS",
        entityType: "Event",
        entityId: visit.id,
        before: { status: visit.status },
        after: { status: "CANCELLED", reason, fromInvitation: invitation.id },
      });
    }
    await tx.schoolInvitation.update({
      where: { id: invitation.id },
      data: {
        status: input.status,
        chosenDate: input.status === "ACCEPTED" ? (input.chosenDate ?? null) : invitation.chosenDate,
        declineReason: input.status === "DECLINED" ? (input.declineReason ?? null) : null,
        respondedAt: input.status === "INVITED" ? null : now,
        eventId,
      },
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: "UPDATE",
      entityType: "SchoolInvitation",
      entityId: invitation.id,
      before: { status: invitation.status },
      after: { status: input.status, chosenDate: input.chosenDate ?? null },
    });
    return { eventId };
  });
}

/**
 * Reminds the schools that have not answered, invited (and last reminded) at least `olderThanDays`
 * ago: each gets one reminder per run, recorded with who sent it and when.
 */
export async function remindNonResponders(user: ScopedUser, programmeId: string, olderThanDays: number, now = new Date()) {
  await programmeForInvitations(user, programmeId);
  const cutoff = new Date(now.getTime() - olderThanDays * 24 * 3600 * 1000);
  const pending = await db.schoolInvitation.findMany({
    // Waiting that long since the invitation and since any earlier reminder: a daily run does not nag.
    where: {
      programmeId,
      status: { in: ["INVITED", "NO_RESPONSE"] },
      invitedAt: { lte: cutoff },
      reminders: { none: { sentAt: { gt: cutoff } } },
      school: schoolScope(user),
    },
    select: { id: true },
  });
  return db.$transaction(async (tx) => {
    let emailed = 0;
    for (const invitation of pending) {
      const reminder = await tx.invitationReminder.create({ data: { invitationId: invitation.id, sentById: user.id, sentAt: now } });
      if (await emailInvitation(tx, invitation.id, `invitation-reminder:${reminder.id}`)) emailed++;
    }
    if (pending.length)
      await recordAudit(tx, {
        actorId: user.id,
        action: "UPDATE",
        entityType: "Programme",
        entityId: programmeId,
        after: { reminded: pending.length, date: malaysiaDateKey(now) },
      });
    return { reminded: pending.length, emailed };
  });
}
