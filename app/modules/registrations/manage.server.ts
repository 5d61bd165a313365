import { recordAudit } from "~/modules/audit/audit.server";
import { noticeRegistration, noticeRegistrationCancelled } from "~/modules/mail/notices.server";
import { changedDetails } from "~/modules/people/contact";
import { contactSearchText } from "~/modules/people/people.server";
import { db } from "~/utils/db.server";
import type { OwnContactInput } from "./registration-schema";
import { lockEventSeats, promoteFromWaitlist, waitlistPosition } from "./seats.server";

/** The participant's own page, opened with the secret in their personal link. */
export async function registrationByToken(token: string) {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const registration = await db.registration.findUnique({
    where: { manageToken: token },
    select: {
      id: true,
      eventId: true,
      status: true,
      category: true,
      organisation: true,
      checkInCode: true,
      manageToken: true,
      waitlistedAt: true,
      createdAt: true,
      fullName: true,
      phoneE164: true,
      email: true,
      person: { select: { erasedAt: true } },
      event: {
        select: {
          id: true,
          title: true,
          status: true,
          statusReason: true,
          startsAt: true,
          endsAt: true,
          updatedAt: true,
          calendarSequence: true,
          venue: true,
          publicCode: true,
          school: { select: { name: true, address: true, postcode: true, town: true, latitude: true, longitude: true } },
          state: { select: { name: true } },
        },
      },
    },
  });
  if (!registration || registration.person.erasedAt) return null;
  return { ...registration, position: await waitlistPosition(db, registration) };
}

export type CancelResult = { cancelled: boolean; promotedIds: string[] };

/**
 * Cancels a registration and, if it held a seat, gives the seat to the first person waiting, in
 * one transaction.
 */
export async function cancelRegistration(registrationId: string, actorId: string | null): Promise<CancelResult> {
  return db.$transaction(async (tx) => {
    const current = await tx.registration.findUnique({ where: { id: registrationId }, select: { eventId: true, status: true } });
    if (!current || !["REGISTERED", "WAITLISTED"].includes(current.status)) return { cancelled: false, promotedIds: [] };
    const event = await lockEventSeats(tx, current.eventId);
    const updated = await tx.registration.updateMany({
      where: { id: registrationId, status: current.status },
      data: { status: "CANCELLED", cancelledAt: new Date(), waitlistedAt: null },
    });
    if (updated.count === 0) return { cancelled: false, promotedIds: [] };
    await recordAudit(tx, {
      actorId,
      action: "UPDATE",
      entityType: "Registration",
      entityId: registrationId,
      before: { status: current.status },
      after: { status: "CANCELLED" },
    });
    await noticeRegistrationCancelled(tx, registrationId, actorId ? "staff" : "self");
    const promoted = current.status === "REGISTERED" ? await promoteFromWaitlist(tx, current.eventId, event.capacity) : [];
    for (const p of promoted) {
      await recordAudit(tx, {
        actorId,
        action: "UPDATE",
        entityType: "Registration",
        entityId: p.id,
        before: { status: "WAITLISTED" },
        after: { status: "REGISTERED", reason: "promoted" },
      });
    }
    return { cancelled: true, promotedIds: promoted.map((p) => p.id) };
  });
}

/** A registration whose person may still change their details: not cancelled, and the session not over. */
export function canUpdateOwnContact(registration: { status: string; event: { endsAt: Date | string; status: string } }, now = new Date()) {
  return (
    (registration.status === "REGISTERED" || registration.status === "WAITLISTED") &&
    registration.event.status !== "CANCELLED" &&
    new Date(registration.event.endsAt) > now
  );
}

/**
 * The participant's own correction of their phone or email. It changes this registration's copy
 * only (decision 011): what other registrations hold stays theirs. A new email gets the
 * confirmation with the personal link, so the person has it where they now read their mail.
 */
export async function updateOwnContact(registrationId: string, input: OwnContactInput): Promise<{ changed: boolean }> {
  return db.$transaction(async (tx) => {
    const current = await tx.registration.findUniqueOrThrow({
      where: { id: registrationId },
      select: { fullName: true, phoneE164: true, email: true, language: true },
    });
    const next = { fullName: current.fullName, phoneE164: input.phone ?? null, email: input.email ?? null };
    const changed = changedDetails(current, { ...next, language: current.language });
    if (!changed.length) return { changed: false };
    await tx.registration.update({
      where: { id: registrationId },
      data: { phoneE164: next.phoneE164, email: next.email, searchText: contactSearchText(next) },
    });
    // Which fields changed, never their values: the audit trail is no second copy of personal data.
    await recordAudit(tx, {
      actorId: null,
      action: "UPDATE",
      entityType: "Registration",
      entityId: registrationId,
      after: { changedDetails: changed, by: "participant" },
    });
    if (next.email && next.email !== current.email) await noticeRegistration(tx, registrationId);
    return { changed: true };
  });
}
