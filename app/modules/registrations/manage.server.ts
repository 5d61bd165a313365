import { recordAudit } from "~/modules/audit/audit.server";
import { noticeRegistrationCancelled } from "~/modules/mail/notices.server";
import { db } from "~/utils/db.server";
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
