import type { EventChange } from "../../../emails/templates/event-changed";
import type { Db } from "~/utils/db.server";
import { messagesForRegistrants, reachableWhere, type RegistrantMessage } from "~/modules/whatsapp/whatsapp-channel.server";
import { enqueueMessage, enqueueMessages } from "./outbox.server";

/**
 * The messages that follow from changes to registrations and events (emails, and WhatsApp messages
 * to people who agreed to them), written into the outbox inside the transaction of the change itself.
 */

/** A registration's own contact details are where its messages go (never the person's on file). */
const registrantSelect = {
  id: true,
  status: true,
  updatedAt: true,
  eventId: true,
  personId: true,
  email: true,
  phoneE164: true,
  fullName: true,
  language: true,
} as const;
type RegistrationForNotice = {
  id: string;
  status: string;
  updatedAt: Date;
  eventId: string;
  personId: string;
  email: string | null;
  phoneE164: string | null;
  fullName: string;
  language: string;
};

/** Each registrant's message on the channels that reach them. */
async function toRegistrants(tx: Db, items: { registration: RegistrationForNotice; message: RegistrantMessage }[]) {
  await enqueueMessages(tx, await messagesForRegistrants(tx, items));
}

/**
 * Confirmation or waitlist notice for a new (or revived) registration. A caller that has just
 * written the registration passes the row in hand; otherwise give its id.
 */
export async function noticeRegistration(tx: Db, written: string | (RegistrationForNotice & { source: string })) {
  const registration =
    typeof written === "string"
      ? await tx.registration.findUniqueOrThrow({ where: { id: written }, select: { ...registrantSelect, source: true } })
      : written;
  if ((!registration.email && !registration.phoneE164) || registration.source === "WALK_IN") return;
  const template = confirmationTemplate(registration.status);
  if (!template) return;
  await toRegistrants(tx, [
    { registration, message: toRegistrant(registration, template, `${template}:${registration.id}:${registration.updatedAt.getTime()}`) },
  ]);
}

function confirmationTemplate(status: string) {
  return status === "WAITLISTED" ? "waitlisted" : status === "REGISTERED" ? "registration-confirmation" : null;
}

/** "Your place is ready" to people moved up from the waitlist. */
export async function noticePromoted(tx: Db, registrationIds: string[]) {
  if (!registrationIds.length) return;
  const promoted = await tx.registration.findMany({
    where: { id: { in: registrationIds } },
    select: registrantSelect,
  });
  await toRegistrants(
    tx,
    promoted.map((r) => ({ registration: r, message: toRegistrant(r, "promoted", `promoted:${r.id}:${r.updatedAt.getTime()}`) })),
  );
}

/**
 * Everyone registered or waiting hears that the session changed, was postponed, goes ahead after a
 * postponement, or was cancelled; the email carries the calendar update.
 */
export async function noticeEventChange(tx: Db, eventId: string, change: EventChange, reason: string | null, changeId: string) {
  const affected = await tx.registration.findMany({
    where: { eventId, status: { in: ["REGISTERED", "WAITLISTED"] }, ...reachableWhere() },
    select: registrantSelect,
  });
  await toRegistrants(
    tx,
    affected.map((r) => ({
      registration: r,
      message: {
        ...toRegistrant(r, "event-changed", `event-changed:${r.id}:${changeId}`),
        payload: { registrationId: r.id, change, ...(reason ? { reason } : {}) },
      },
    })),
  );
}

/**
 * The person hears that their registration is cancelled, by themselves on their own page or by
 * staff, with the calendar cancellation. Walk-ins and people with neither email nor phone get nothing.
 */
export async function noticeRegistrationCancelled(tx: Db, registrationId: string, by: "self" | "staff") {
  const registration = await tx.registration.findUniqueOrThrow({
    where: { id: registrationId },
    select: { ...registrantSelect, cancelledAt: true, source: true },
  });
  if ((!registration.email && !registration.phoneE164) || registration.source === "WALK_IN" || registration.status !== "CANCELLED") return;
  const at = (registration.cancelledAt ?? registration.updatedAt).getTime();
  await toRegistrants(tx, [
    {
      registration,
      message: {
        ...toRegistrant(registration, "registration-cancelled", `registration-cancelled:${registration.id}:${at}`),
        payload: { registrationId: registration.id, by },
      },
    },
  ]);
}

/** The head teacher hears of a visit to their school when it is scheduled. */
export async function noticeSchoolVisit(tx: Db, event: { id: string; schoolId: string | null }) {
  if (!event.schoolId) return;
  const school = await tx.school.findUnique({ where: { id: event.schoolId }, select: { email: true, name: true, headTeacherName: true } });
  if (!school?.email) return;
  await enqueueMessage(tx, {
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
): RegistrantMessage {
  return {
    idempotencyKey,
    template,
    language: r.language,
    toName: r.fullName,
    payload: { registrationId: r.id },
    personId: r.personId,
    eventId: r.eventId,
  };
}
