import { recordAudit } from "~/modules/audit/audit.server";
import { noticeRegistration } from "~/modules/mail/notices.server";
import { contactSearchText, resolvePerson } from "~/modules/people/people.server";
import { db, type Db } from "~/utils/db.server";
import { DatabaseSaturated } from "~/utils/driver-sql.server";
import { env } from "~/utils/env.server";
import { invariantResponse } from "~/utils/invariant";
import type { PublicRegistrationInput, RegistrationStatus } from "./registration-schema";
import { registerFromPublicForm, type PublicOutcome } from "./register-sql.server";
import { spreadRetry } from "./registration-limits.server";
import { isUniqueViolation, newCheckInCode, newManageToken, seatedCount, waitlistPosition } from "./seats.server";

export type NewRegistration = {
  eventId: string;
  fullName: string;
  phoneE164?: string | null;
  email?: string | null;
  language: string;
  category: string;
  organisation?: string | null;
  pibgRole?: string | null;
  source: "ONLINE" | "WALK_IN" | "IMPORT" | "STAFF";
  /** ATTENDED for walk-ins; otherwise the seat count decides between REGISTERED and WAITLISTED */
  wanted: RegistrationStatus;
  consent?: { noticeVersion: string; method: string };
  actorId: string | null;
  /** Client-made id of an offline walk-in, so a replay does not register twice */
  clientId?: string;
};

export type CreateOutcome =
  | { outcome: "registered" | "waitlisted" | "attended"; registrationId: string; manageToken: string; position: number | null }
  /** The person already has a live registration for the event: nothing of it is handed back. */
  | { outcome: "existing"; registrationId: string };

/**
 * Registers one person at one event inside the caller's transaction, after lockEventSeats. The
 * registration keeps the details as given here, and only those: whatever is on file for the person
 * stays where it is. The same person (the same name with the same phone or email) never gets a
 * second registration for the event.
 */
export async function createRegistration(
  tx: Db,
  event: { id: string; capacity: number | null },
  input: NewRegistration,
): Promise<CreateOutcome> {
  const contact = { fullName: input.fullName, phoneE164: input.phoneE164 ?? null, email: input.email ?? null };
  const { personId, created } = await resolvePerson(tx, contact);
  // Someone new cannot be registered already.
  const existing = created
    ? null
    : await tx.registration.findUnique({
        where: { eventId_personId: { eventId: event.id, personId } },
        select: { id: true, status: true },
      });
  if (existing && existing.status !== "CANCELLED") return { outcome: "existing", registrationId: existing.id };

  const now = new Date();
  // Seats are counted only when there is a limit to compare them with.
  const full = event.capacity !== null && (await seatedCount(tx, event.id)) >= event.capacity;
  const status: RegistrationStatus =
    input.wanted === "ATTENDED" ? "ATTENDED" : input.wanted === "WAITLISTED" || full ? "WAITLISTED" : "REGISTERED";
  const fields = {
    ...contact,
    language: input.language,
    searchText: contactSearchText(contact),
    category: input.category,
    status,
    source: input.source,
    organisation: input.organisation ?? null,
    pibgRole: input.category === "PIBG" ? (input.pibgRole ?? null) : null,
    waitlistedAt: status === "WAITLISTED" ? now : null,
    checkedInAt: status === "ATTENDED" ? now : null,
    checkedInById: status === "ATTENDED" ? input.actorId : null,
    checkInClientId: input.clientId ?? null,
    cancelledAt: null,
    createdById: input.actorId,
  };
  // A cancelled registration comes back to life (with the details given now) rather than
  // colliding with the unique (event, person).
  const registration = existing
    ? await tx.registration.update({ where: { id: existing.id }, data: fields })
    : await tx.registration.create({
        data: { ...fields, eventId: event.id, personId, checkInCode: newCheckInCode(), manageToken: newManageToken() },
      });
  // The confirmation (or waitlist notice) from what is in hand, without reading the rows back.
  await noticeRegistration(tx, registration);
  if (input.consent) {
    await tx.consent.create({
      data: { personId, noticeVersion: input.consent.noticeVersion, method: input.consent.method, eventId: event.id },
    });
  }
  await recordAudit(tx, {
    actorId: input.actorId,
    action: "CREATE",
    entityType: "Registration",
    entityId: registration.id,
    after: { eventId: event.id, personId, category: input.category, status, source: input.source },
  });
  return {
    outcome: status === "WAITLISTED" ? "waitlisted" : status === "ATTENDED" ? "attended" : "registered",
    registrationId: registration.id,
    manageToken: registration.manageToken,
    position: await waitlistPosition(tx, registration),
  };
}

/** Runs a registration transaction, once more if a concurrent one created the same person first. */
export async function withRegistrationRetry<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return work();
  }
}

export async function publicEvent(publicCode: string) {
  if (!/^[a-z2-9]{6,16}$/.test(publicCode)) return null;
  return db.event.findUnique({
    where: { publicCode },
    select: {
      id: true,
      title: true,
      type: true,
      status: true,
      statusReason: true,
      startsAt: true,
      endsAt: true,
      capacity: true,
      venue: true,
      publicCode: true,
      registrationOpensAt: true,
      registrationClosesAt: true,
      registrationCategories: true,
      school: { select: { name: true, address: true, postcode: true, town: true, latitude: true, longitude: true } },
      state: { select: { name: true } },
      programme: { select: { title: true } },
    },
  });
}

export async function currentNotice() {
  const notice = await db.privacyNotice.findFirst({ orderBy: { publishedAt: "desc" } });
  invariantResponse(notice, "No privacy notice configured", { status: 500 });
  return notice;
}

export type PublicRegistrationResult = Exclude<PublicOutcome, { outcome: "notFound" }> | { outcome: "busy"; retryAfterSeconds: number };

/**
 * The public form: open window, allowed category, the notice the person saw, then a seat or the
 * waitlist, in one short transaction of hand-written SQL (register-sql.server.ts, decision 013).
 * When the database cannot take it within REGISTRATION_QUEUE_SECONDS the answer is "busy" (503,
 * try again in a moment): nothing was written, so a retry is safe.
 */
export async function registerPublicly(
  publicCode: string,
  input: PublicRegistrationInput,
  now = new Date(),
  formToken: string | null = null,
  deadline = Date.now() + env.REGISTRATION_QUEUE_SECONDS * 1000,
): Promise<PublicRegistrationResult> {
  let result: PublicOutcome;
  try {
    result = await registerFromPublicForm(publicCode, input, { formToken, now, maxWaitMs: deadline - Date.now() });
  } catch (error) {
    if (!(error instanceof DatabaseSaturated)) throw error;
    return { outcome: "busy", retryAfterSeconds: spreadRetry() };
  }
  invariantResponse(result.outcome !== "notFound", "Event not found");
  return result;
}
