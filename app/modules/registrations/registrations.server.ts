import type { Prisma } from "@prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { getEvent } from "~/modules/events/events.server";
import { noticePromoted, noticeRegistration } from "~/modules/mail/notices.server";
import { changedDetails } from "~/modules/people/contact";
import { contactSearchText } from "~/modules/people/people.server";
import { db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { pageArgs, toPage } from "~/utils/pagination";
import { searchKey } from "~/utils/text";
import { attendanceRefusal } from "./check-in-window.server";
import { cancelRegistration } from "./manage.server";
import { createRegistration, withRegistrationRetry } from "./register.server";
import {
  registrationDetails,
  type EditRegistrationInput,
  type RegistrationFilters,
  type StaffRegistrationInput,
} from "./registration-schema";
import { lockEventSeats, promoteFromWaitlist, seatedCount } from "./seats.server";

/** The event, if the user may work with its participants; 404 outside their scope. */
export async function eventForRegistrations(
  user: ScopedUser,
  eventId: string,
  permission: "read:registration" | "write:registration" | "checkin:registration" | "export:registration",
) {
  requirePermission(user, permission);
  return getEvent(user, eventId);
}

/** The one where-clause for an event's registrations: the list, its counts and its export. */
export function registrationListWhere(eventId: string, filters: RegistrationFilters): Prisma.RegistrationWhereInput {
  const and: Prisma.RegistrationWhereInput[] = [{ eventId }];
  if (filters.category) and.push({ category: filters.category });
  if (filters.status) and.push({ status: filters.status });
  if (filters.source) and.push({ source: filters.source });
  if (filters.q) {
    for (const word of searchKey(filters.q).replace(/[-()]/g, "").split(" ").filter(Boolean).slice(0, 5)) {
      and.push({ OR: [{ searchText: { contains: word } }, { checkInCode: word.toUpperCase() }] });
    }
  }
  return { AND: and };
}

export const registrationRowSelect = {
  id: true,
  category: true,
  status: true,
  source: true,
  organisation: true,
  pibgRole: true,
  checkInCode: true,
  checkedInAt: true,
  waitlistedAt: true,
  createdAt: true,
  // The details given for this registration; never the person's from elsewhere.
  fullName: true,
  phoneE164: true,
  email: true,
  language: true,
} satisfies Prisma.RegistrationSelect;

export async function listRegistrations(user: ScopedUser, eventId: string, filters: RegistrationFilters, page: number) {
  await eventForRegistrations(user, eventId, "read:registration");
  const where = registrationListWhere(eventId, filters);
  const [items, total, grouped] = await Promise.all([
    db.registration.findMany({ where, select: registrationRowSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }], ...pageArgs(page) }),
    db.registration.count({ where }),
    db.registration.groupBy({ by: ["category", "status"], where: { eventId }, _count: { _all: true } }),
  ]);
  return {
    ...toPage(items, total, page),
    breakdown: grouped.map((g) => ({ category: g.category, status: g.status, count: g._count._all })),
  };
}

export async function getRegistration(user: ScopedUser, registrationId: string) {
  const registration = await db.registration.findUnique({
    where: { id: registrationId },
    select: { ...registrationRowSelect, eventId: true },
  });
  invariantResponse(registration, "Registration not found");
  await eventForRegistrations(user, registration.eventId, "read:registration");
  return registration;
}

export type StaffSaveResult = { ok: true; outcome: string } | { ok: false; errors: Record<string, string[]> };

/** A coordinator or liaison adds someone by hand. */
export async function addRegistration(user: ScopedUser, eventId: string, input: StaffRegistrationInput): Promise<StaffSaveResult> {
  const inScope = await eventForRegistrations(user, eventId, "write:registration");
  const refusal = input.status === "ATTENDED" ? attendanceRefusal(inScope) : null;
  if (refusal) return { ok: false, errors: { status: [refusal] } };
  const result = await withRegistrationRetry(() =>
    db.$transaction(async (tx) => {
      const event = await lockEventSeats(tx, eventId);
      return createRegistration(tx, event, {
        eventId,
        ...registrationDetails(input),
        source: "STAFF",
        wanted: input.status,
        consent: { noticeVersion: await latestNoticeVersion(), method: "STAFF" },
        actorId: user.id,
      });
    }),
  );
  if (result.outcome === "existing") return { ok: false, errors: { phone: ["errors.registration.duplicate"] } };
  return { ok: true, outcome: result.outcome };
}

async function latestNoticeVersion(): Promise<string> {
  const notice = await db.privacyNotice.findFirstOrThrow({ orderBy: { publishedAt: "desc" }, select: { version: true } });
  return notice.version;
}

/**
 * Corrects a registration: the person's details, category, and status (including moving between
 * registered and waitlisted, which respects capacity).
 */
export async function updateRegistration(user: ScopedUser, registrationId: string, input: EditRegistrationInput): Promise<StaffSaveResult> {
  const current = await getRegistration(user, registrationId);
  const inScope = await eventForRegistrations(user, current.eventId, "write:registration");
  // Marked present by hand: the same window as the check-in screen.
  const refusal = input.status === "ATTENDED" && current.status !== "ATTENDED" ? attendanceRefusal(inScope) : null;
  if (refusal) return { ok: false, errors: { status: [refusal] } };
  if (input.status === "CANCELLED" && current.status !== "CANCELLED") {
    await cancelRegistration(registrationId, user.id);
  }
  return db.$transaction(async (tx) => {
    const event = await lockEventSeats(tx, current.eventId);
    const fresh = await tx.registration.findUniqueOrThrow({ where: { id: registrationId }, select: { status: true } });
    const seatTaken = (s: string) => s === "REGISTERED" || s === "ATTENDED";
    if (
      seatTaken(input.status) &&
      !seatTaken(fresh.status) &&
      input.status === "REGISTERED" &&
      event.capacity !== null &&
      (await seatedCount(tx, current.eventId)) >= event.capacity
    ) {
      return { ok: false as const, errors: { status: ["errors.registration.full"] } };
    }
    const contact = { fullName: input.fullName, phoneE164: input.phone ?? null, email: input.email ?? null };
    const now = new Date();
    // The details are this registration's own: correcting them here changes nothing anyone
    // sees elsewhere (the person's other registrations keep theirs).
    await tx.registration.update({
      where: { id: registrationId },
      data: {
        ...contact,
        language: input.language,
        searchText: contactSearchText(contact),
        category: input.category,
        organisation: input.organisation ?? null,
        pibgRole: input.category === "PIBG" ? (input.pibgRole ?? null) : null,
        status: input.status,
        waitlistedAt: input.status === "WAITLISTED" ? (current.waitlistedAt ?? now) : null,
        checkedInAt: input.status === "ATTENDED" ? (current.checkedInAt ?? now) : null,
        checkedInById: input.status === "ATTENDED" ? user.id : null,
        cancelledAt: input.status === "CANCELLED" ? now : null,
      },
    });
    // Freeing a seat (registered → waitlisted or no-show) gives it to the next person waiting.
    if (seatTaken(fresh.status) && !seatTaken(input.status) && input.status !== "NO_SHOW")
      await promoteFromWaitlist(tx, current.eventId, event.capacity, { except: registrationId });
    // Moved between the lists by staff: the person hears of it as if it had happened by itself.
    if (fresh.status === "WAITLISTED" && input.status === "REGISTERED") await noticePromoted(tx, [registrationId]);
    if (fresh.status === "REGISTERED" && input.status === "WAITLISTED") await noticeRegistration(tx, registrationId);
    await recordAudit(tx, {
      actorId: user.id,
      action: "UPDATE",
      entityType: "Registration",
      entityId: registrationId,
      // Which details changed, never their values (the trail is not a copy of personal data).
      before: { status: fresh.status, category: current.category },
      after: {
        status: input.status,
        category: input.category,
        changedDetails: changedDetails(current, { ...contact, language: input.language }),
      },
    });
    return { ok: true as const, outcome: input.status };
  });
}

export async function cancelByStaff(user: ScopedUser, registrationId: string) {
  const current = await getRegistration(user, registrationId);
  await eventForRegistrations(user, current.eventId, "write:registration");
  return cancelRegistration(registrationId, user.id);
}
