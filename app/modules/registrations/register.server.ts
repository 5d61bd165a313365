import { recordAudit } from "~/modules/audit/audit.server";
import { parseCategories } from "~/modules/events/event-rules";
import { noticeRegistration, resendPersonalLink } from "~/modules/mail/notices.server";
import { contactSearchText, resolvePerson } from "~/modules/people/people.server";
import { db, type Db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { registrationDetails, type PublicRegistrationInput, type RegistrationStatus } from "./registration-schema";
import { registrationWindow, type RegistrationWindow } from "./registration-window";
import { isUniqueViolation, lockEventSeats, newCheckInCode, newManageToken, seatedCount, waitlistPosition } from "./seats.server";

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

/** What the public form needs to decide on a registration: the window and the categories. */
function registrationEvent(publicCode: string) {
  if (!/^[a-z2-9]{6,16}$/.test(publicCode)) return null;
  return db.event.findUnique({
    where: { publicCode },
    select: {
      id: true,
      status: true,
      startsAt: true,
      endsAt: true,
      registrationOpensAt: true,
      registrationClosesAt: true,
      registrationCategories: true,
    },
  });
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

export type PublicRegistrationResult =
  | CreateOutcome
  | { outcome: "unavailable"; reason: Exclude<RegistrationWindow, { open: true }>["reason"] }
  | { outcome: "invalid"; field: "category" | "noticeVersion"; error: string };

/** The public form: open window, allowed category, the notice the person saw, then a seat or the waitlist. */
export async function registerPublicly(
  publicCode: string,
  input: PublicRegistrationInput,
  now = new Date(),
): Promise<PublicRegistrationResult> {
  const event = await registrationEvent(publicCode);
  invariantResponse(event, "Event not found");
  const window = registrationWindow(event, now);
  if (!window.open) return { outcome: "unavailable", reason: window.reason };
  if (!parseCategories(event.registrationCategories).includes(input.category)) {
    return { outcome: "invalid", field: "category", error: "errors.choose" };
  }
  const notice = await db.privacyNotice.findUnique({ where: { version: input.noticeVersion }, select: { version: true } });
  if (!notice) return { outcome: "invalid", field: "noticeVersion", error: "errors.noticeChanged" };

  return withRegistrationRetry(() =>
    db.$transaction(async (tx): Promise<PublicRegistrationResult> => {
      const locked = await lockEventSeats(tx, event.id);
      const result = await createRegistration(tx, locked, {
        eventId: event.id,
        ...registrationDetails(input),
        source: "ONLINE",
        wanted: "REGISTERED",
        consent: { noticeVersion: notice.version, method: "ONLINE_FORM" },
        actorId: null,
      });
      // Already registered: the personal link goes again to the email on file (at most once an
      // hour), never to this page, and the answer is the same whether or not there is one.
      if (result.outcome === "existing") await resendPersonalLink(tx, result.registrationId, now);
      return result;
    }),
  );
}
