import type { EventChange } from "../../../emails/templates/event-changed";
import type { Db } from "~/utils/db.server";
import { enqueueEmail, enqueueEmails } from "./outbox.server";

/**
 * The emails that follow from changes to registrations and events, written into the outbox inside
 * the transaction of the change itself.
 */

type RegistrationForNotice = {
  id: string;
  status: string;
  updatedAt: Date;
  eventId: string;
  person: { id: string; email: string | null; fullName: string; language: string };
};

const personSelect = { select: { id: true, email: true, fullName: true, language: true } } as const;

/**
 * Confirmation or waitlist notice for a new (or revived) registration. A caller that has just
 * written the registration may pass it (with its person) to save reading it back.
 */
export async function noticeRegistration(tx: Db, registrationId: string, written?: RegistrationForNotice & { source: string }) {
  const registration =
    written ??
    (await tx.registration.findUniqueOrThrow({
      where: { id: registrationId },
      select: { id: true, status: true, updatedAt: true, eventId: true, source: true, person: personSelect },
    }));
  if (!registration.person.email || registration.source === "WALK_IN") return;
  const template =
    registration.status === "WAITLISTED" ? "waitlisted" : registration.status === "REGISTERED" ? "registration-confirmation" : null;
  if (!template) return;
  await enqueueEmail(tx, toRegistrant(registration, template, `${template}:${registration.id}:${registration.updatedAt.getTime()}`));
}

/** "Your place is ready" to people moved up from the waitlist. */
export async function noticePromoted(tx: Db, registrationIds: string[]) {
  if (!registrationIds.length) return;
  const promoted = await tx.registration.findMany({
    where: { id: { in: registrationIds } },
    select: { id: true, status: true, updatedAt: true, eventId: true, person: personSelect },
  });
  await enqueueEmails(
    tx,
    promoted.filter((r) => r.person.email).map((r) => toRegistrant(r, "promoted", `promoted:${r.id}:${r.updatedAt.getTime()}`)),
  );
}

/**
 * Everyone registered or waiting hears that the session changed, was postponed, goes ahead after a
 * postponement, or was cancelled; the email carries the calendar update.
 */
export async function noticeEventChange(tx: Db, eventId: string, change: EventChange, reason: string | null, changeId: string) {
  const affected = await tx.registration.findMany({
    where: { eventId, status: { in: ["REGISTERED", "WAITLISTED"] }, person: { email: { not: null }, erasedAt: null } },
    select: { id: true, status: true, updatedAt: true, eventId: true, person: personSelect },
  });
  await enqueueEmails(
    tx,
    affected.map((r) => ({
      ...toRegistrant(r, "event-changed", `event-changed:${r.id}:${changeId}`),
      payload: { registrationId: r.id, change, ...(reason ? { reason } : {}) },
    })),
  );
}

/**
 * The person hears that their registration is cancelled, by themselves on their own page or by
 * staff, with the calendar cancellation. Walk-ins and people without email get nothing.
 */
export async function noticeRegistrationCancelled(tx: Db, registrationId: string, by: "self" | "staff") {
  const registration = await tx.registration.findUniqueOrThrow({
    where: { id: registrationId },
    select: { id: true, status: true, updatedAt: true, eventId: true, cancelledAt: true, person: personSelect },
  });
  if (!registration.person.email || registration.status !== "CANCELLED") return;
  const at = (registration.cancelledAt ?? registration.updatedAt).getTime();
  await enqueueEmail(tx, {
    ...toRegistrant(registration, "registration-cancelled", `registration-cancelled:${registration.id}:${at}`),
    payload: { registrationId: registration.id, by },
  });
}

/** The head teacher hears of a visit to their school when it is scheduled. */
export async function noticeSchoolVisit(tx: Db, event: { id: string; schoolId: string | null }) {
  if (!event.schoolId) return;
  const school = await tx.school.findUnique({ where: { id: event.schoolId }, select: { email: true, name: true, headTeacherName: true } });
  if (!school?.email) return;
  await enqueueEmail(tx, {
    idempotencyKey: `school-invitation:${event.id}`,
    template: "school-invitation",
    language: "ms",
    toEmail: school.email,
    toName: school.headTeacherName ?? school.name,
    payload: { eventId: event.id },
    eventId: event.id,
  });
}

function toRegistrant(
  r: RegistrationForNotice,
  template: "registration-confirmation" | "waitlisted" | "promoted" | "event-changed" | "registration-cancelled",
  idempotencyKey: string,
) {
  return {
    idempotencyKey,
    template,
    language: r.person.language,
    toEmail: r.person.email!,
    toName: r.person.fullName,
    payload: { registrationId: r.id },
    personId: r.person.id,
    eventId: r.eventId,
  };
}
