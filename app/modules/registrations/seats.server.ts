import crypto from "node:crypto";
import { noticePromoted } from "~/modules/mail/notices.server";
import { db, type Db } from "~/utils/db.server";
import { SEATED } from "./registration-schema";

/**
 * Takes the event's row lock for the rest of the transaction. Every change to who holds a seat
 * starts here, so on PostgreSQL concurrent registrations for one event queue on this row, and on
 * SQLite the transaction takes the write lock before it counts. Capacity is then decided on a
 * count nobody else can change until commit.
 */
export async function lockEventSeats(tx: Db, eventId: string) {
  return tx.event.update({
    where: { id: eventId },
    data: { seatLock: { increment: 1 } },
    select: { id: true, capacity: true, stateCode: true, schoolId: true, status: true },
  });
}

export function seatedCount(tx: Db, eventId: string) {
  return tx.registration.count({ where: { eventId, status: { in: SEATED } } });
}

/**
 * Whether a new registration now would join the waitlist, and at which place: the public form says
 * so before anyone fills it in. (Capacity is still decided in the registration's transaction.)
 */
export async function waitlistAhead(event: { id: string; capacity: number | null }, client: Db = db): Promise<{ position: number } | null> {
  if (event.capacity === null || (await seatedCount(client, event.id)) < event.capacity) return null;
  return { position: (await client.registration.count({ where: { eventId: event.id, status: "WAITLISTED" } })) + 1 };
}

/** 1 for the first person waiting. */
export async function waitlistPosition(tx: Db, registration: { eventId: string; waitlistedAt: Date | null; id: string }) {
  if (!registration.waitlistedAt) return null;
  const ahead = await tx.registration.count({
    where: {
      eventId: registration.eventId,
      status: "WAITLISTED",
      OR: [{ waitlistedAt: { lt: registration.waitlistedAt } }, { waitlistedAt: registration.waitlistedAt, id: { lt: registration.id } }],
    },
  });
  return ahead + 1;
}

/**
 * Fills free seats from the waitlist, first come first served. Call it inside the transaction
 * that freed the seat, after lockEventSeats. `except`: someone staff have just put on the
 * waitlist on purpose, who must not be promoted straight back. Returns the promoted registrations.
 */
export async function promoteFromWaitlist(tx: Db, eventId: string, capacity: number | null, options: { except?: string } = {}) {
  const free = capacity === null ? Number.MAX_SAFE_INTEGER : capacity - (await seatedCount(tx, eventId));
  if (free <= 0) return [];
  const next = await tx.registration.findMany({
    where: { eventId, status: "WAITLISTED", ...(options.except ? { id: { not: options.except } } : {}) },
    // Spelled out: SQLite and PostgreSQL put nulls at opposite ends by default.
    orderBy: [{ waitlistedAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    take: Math.min(free, 500),
    select: { id: true, personId: true },
  });
  if (next.length === 0) return [];
  await tx.registration.updateMany({ where: { id: { in: next.map((r) => r.id) } }, data: { status: "REGISTERED", waitlistedAt: null } });
  await noticePromoted(
    tx,
    next.map((r) => r.id),
  );
  return next;
}

// Check-in codes are read aloud and typed on phones: no 0/O, 1/I/L.
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export function newCheckInCode(): string {
  return Array.from(crypto.randomBytes(8), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("");
}

export function newManageToken(): string {
  return crypto.randomBytes(18).toString("base64url");
}

export { isUniqueViolation } from "~/utils/database-errors";
