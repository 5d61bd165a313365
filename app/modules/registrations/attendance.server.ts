import { recordAudit } from "~/modules/audit/audit.server";
import type { ScopedUser } from "~/modules/auth/scope.server";
import { parseCategories } from "~/modules/events/event-rules";
import { maskMobile } from "~/modules/people/contact";
import { db } from "~/utils/db.server";
import type { CheckInRefusal } from "./check-in-window";
import { attendanceRefusal } from "./check-in-window.server";
import { createRegistration, withRegistrationRetry } from "./register.server";
import { CHECK_IN_SHOWN, checkInTotals, matchesSearch, type CheckInOp, type CheckInOpResult, type CheckInPerson } from "./check-in-sync";
import { registrationDetails, StaffRegistrationSchema, type StaffRegistrationInput } from "./registration-schema";
import { eventForRegistrations } from "./registrations.server";
import { lockEventSeats } from "./seats.server";

type CheckInRow = {
  id: string;
  category: string;
  status: string;
  organisation: string | null;
  checkInCode: string;
  checkedInAt: Date | string | number | null;
  fullName: string;
  phoneE164: string | null;
};

/** A time read by plain SQL: a Date from PostgreSQL, milliseconds or text from SQLite. */
function instant(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

function toCheckInPerson(r: CheckInRow): CheckInPerson {
  return {
    id: r.id,
    name: r.fullName,
    phone: maskMobile(r.phoneE164),
    // Last digits let staff search by the number a person reads out, without revealing it.
    phoneDigits: (r.phoneE164 ?? "").replace(/\D/g, "").slice(-4),
    category: r.category,
    status: r.status,
    organisation: r.organisation,
    code: r.checkInCode,
    checkedInAt: r.checkedInAt === null ? null : instant(r.checkedInAt).toISOString(),
  };
}

/**
 * Everyone expected at the event, for the check-in screen. The screen keeps this list on the
 * phone so search and check-in work when the hall has no signal; phone numbers are masked.
 */
export async function checkInList(user: ScopedUser, eventId: string) {
  const event = await eventForRegistrations(user, eventId, "checkin:registration");
  // Read the version first: a change made while the list is read then shows up on the next poll.
  const version = await checkInListVersion(eventId);
  // Everyone, however many (a state launch has 10,000): a list that stopped short would leave
  // people at the door unfound with no signal. One plain query: Prisma's row mapping cost four
  // times the query itself at that size. The list for 10,000 is about 1.9 MB, 0.25 MB compressed.
  const rows = await db.$queryRaw<CheckInRow[]>`
    SELECT "id", "category", "status", "organisation", "checkInCode", "checkedInAt", "fullName", "phoneE164"
    FROM "Registration"
    WHERE "eventId" = ${eventId} AND "status" IN ('REGISTERED', 'WAITLISTED', 'ATTENDED', 'NO_SHOW')
    ORDER BY "fullName", "id"`;
  return { event, people: rows.map(toCheckInPerson), version };
}

/**
 * What the check-in page itself carries: the totals and the first CHECK_IN_SHOWN names matching
 * `query`, never the whole list. The whole list (10,000 names at a launch) comes once, compressed,
 * from the list route the screen polls, and stays on the phone; without JavaScript the server
 * searches. `matched` is how many names match in all.
 */
export async function checkInFirstScreen(user: ScopedUser, eventId: string, query: string) {
  if (query.trim()) {
    // A search without JavaScript, on the whole list, with the phone's own matching.
    const { event, people } = await checkInList(user, eventId);
    const found = people.filter((p) => matchesSearch(p, query));
    const categories = parseCategories(event.registrationCategories);
    return { event, people: found.slice(0, CHECK_IN_SHOWN), matched: found.length, totals: checkInTotals(people, categories) };
  }
  const event = await eventForRegistrations(user, eventId, "checkin:registration");
  const [counts, rows] = await Promise.all([
    db.registration.groupBy({
      by: ["category", "status"],
      where: { eventId, status: { in: ["REGISTERED", "WAITLISTED", "ATTENDED", "NO_SHOW"] } },
      _count: { _all: true },
    }),
    db.$queryRaw<CheckInRow[]>`
      SELECT "id", "category", "status", "organisation", "checkInCode", "checkedInAt", "fullName", "phoneE164"
      FROM "Registration"
      WHERE "eventId" = ${eventId} AND "status" IN ('REGISTERED', 'WAITLISTED', 'ATTENDED', 'NO_SHOW')
      ORDER BY "fullName", "id"
      LIMIT ${CHECK_IN_SHOWN}`,
  ]);
  const grouped = counts.map((c) => ({ category: c.category, status: c.status, count: c._count._all }));
  return {
    event,
    people: rows.map(toCheckInPerson),
    matched: grouped.reduce((s, c) => s + c.count, 0),
    totals: checkInTotals(grouped, parseCategories(event.registrationCategories)),
  };
}

/**
 * Changes whenever a registration of the event changes (names and phones included: they are the
 * registration's own): how many there are and the latest change. One small aggregate query, so a
 * phone polling every 20 seconds costs the server (and the hall's signal) almost nothing when
 * nothing changed.
 */
export async function checkInListVersion(eventId: string): Promise<string> {
  const registrations = await db.registration.aggregate({ where: { eventId }, _count: { _all: true }, _max: { updatedAt: true } });
  return [registrations._count._all, registrations._max.updatedAt?.getTime() ?? 0].join("-");
}

export type CheckInError = "errors.checkIn.notFound" | "errors.checkIn.cancelled" | CheckInRefusal;
export type CheckInResult = { ok: true; registrationId: string; already: boolean; name: string } | { ok: false; error: CheckInError };

/**
 * Marks someone present, by registration id or by the code on their QR. Safe to repeat: a second
 * check-in (another phone, or a replay after the signal came back) changes nothing.
 */
export async function checkIn(
  user: ScopedUser,
  eventId: string,
  target: { registrationId?: string; code?: string },
  clientId?: string,
): Promise<CheckInResult> {
  const event = await eventForRegistrations(user, eventId, "checkin:registration");
  // Nobody is present before the session's day, whichever way the check-in arrives.
  const refusal = attendanceRefusal(event);
  if (refusal) return { ok: false, error: refusal };
  const code = target.code
    ?.trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
  // Looked up within this event only: a code or id of another event is "not found", the same
  // answer as a code that does not exist, so the screen never confirms that a code is real.
  const select = { id: true, status: true, fullName: true } as const;
  const registration = target.registrationId
    ? await db.registration.findFirst({ where: { id: target.registrationId, eventId }, select })
    : code
      ? await db.registration.findFirst({ where: { checkInCode: code, eventId }, select })
      : null;
  if (!registration) return { ok: false, error: "errors.checkIn.notFound" };
  if (registration.status === "CANCELLED") return { ok: false, error: "errors.checkIn.cancelled" };
  if (registration.status === "ATTENDED") return { ok: true, registrationId: registration.id, already: true, name: registration.fullName };
  await db.$transaction(async (tx) => {
    const changed = await tx.registration.updateMany({
      where: { id: registration.id, status: { in: ["REGISTERED", "WAITLISTED", "NO_SHOW"] } },
      data: { status: "ATTENDED", checkedInAt: new Date(), checkedInById: user.id, waitlistedAt: null },
    });
    if (changed.count) {
      await recordAudit(tx, {
        actorId: user.id,
        action: "UPDATE",
        entityType: "Registration",
        entityId: registration.id,
        before: { status: registration.status },
        after: { status: "ATTENDED", clientId: clientId ?? null },
      });
    }
  });
  return { ok: true, registrationId: registration.id, already: false, name: registration.fullName };
}

/** Undo a check-in made by mistake: back to registered. */
export async function undoCheckIn(user: ScopedUser, eventId: string, registrationId: string): Promise<boolean> {
  await eventForRegistrations(user, eventId, "checkin:registration");
  return db.$transaction(async (tx) => {
    const changed = await tx.registration.updateMany({
      where: { id: registrationId, eventId, status: "ATTENDED" },
      data: { status: "REGISTERED", checkedInAt: null, checkedInById: null },
    });
    if (changed.count) {
      await recordAudit(tx, {
        actorId: user.id,
        action: "UPDATE",
        entityType: "Registration",
        entityId: registrationId,
        before: { status: "ATTENDED" },
        after: { status: "REGISTERED" },
      });
    }
    return changed.count === 1;
  });
}

export type WalkInResult =
  { ok: true; outcome: "registered" | "waitlisted" | "attended"; registrationId: string } | { ok: false; error: CheckInError };

/**
 * Someone who turns up without registering: registered and checked in at once. Seats do not limit
 * them (they are in the hall). `clientId` makes an offline walk-in safe to send twice.
 */
export async function walkIn(user: ScopedUser, eventId: string, input: StaffRegistrationInput, clientId?: string): Promise<WalkInResult> {
  const event = await eventForRegistrations(user, eventId, "checkin:registration");
  if (clientId) {
    const replay = await db.registration.findUnique({ where: { checkInClientId: clientId }, select: { id: true } });
    if (replay) return { ok: true, outcome: "attended", registrationId: replay.id };
  }
  const refusal = attendanceRefusal(event);
  if (refusal) return { ok: false, error: refusal };
  const notice = await db.privacyNotice.findFirstOrThrow({ orderBy: { publishedAt: "desc" }, select: { version: true } });
  const result = await withRegistrationRetry(() =>
    db.$transaction(async (tx) => {
      const event = await lockEventSeats(tx, eventId);
      return createRegistration(tx, event, {
        eventId,
        ...registrationDetails(input),
        source: "WALK_IN",
        wanted: "ATTENDED",
        consent: { noticeVersion: notice.version, method: "WALK_IN" },
        actorId: user.id,
        clientId,
      });
    }),
  );
  // Already registered (this name with this phone or email): a walk-in is just their check-in.
  if (result.outcome === "existing") {
    const checkedIn = await checkIn(user, eventId, { registrationId: result.registrationId }, clientId);
    if (!checkedIn.ok) return checkedIn;
    return { ok: true, outcome: "attended", registrationId: result.registrationId };
  }
  return { ok: true, outcome: result.outcome, registrationId: result.registrationId };
}

/** After the session: everyone still only "registered" did not come. */
export async function markNoShows(user: ScopedUser, eventId: string, now = new Date()): Promise<{ ok: boolean; count: number }> {
  const event = await eventForRegistrations(user, eventId, "write:registration");
  if (event.startsAt > now) return { ok: false, count: 0 };
  return db.$transaction(async (tx) => {
    await lockEventSeats(tx, eventId);
    const result = await tx.registration.updateMany({ where: { eventId, status: "REGISTERED" }, data: { status: "NO_SHOW" } });
    await recordAudit(tx, {
      actorId: user.id,
      action: "UPDATE",
      entityType: "Event",
      entityId: eventId,
      after: { markedNoShow: result.count },
    });
    return { ok: true, count: result.count };
  });
}

/**
 * Rows of the attendance sheet per page. A launch has 10,000 names: on one page that was 2 MB of
 * HTML and half a second of server time to render, and no browser prints it comfortably. A page
 * is about ten printed sheets; the numbers carry on from one page to the next.
 */
export const SHEET_PAGE_SIZE = 250;

/**
 * One page of the printable attendance sheet (senarai kehadiran): phone numbers masked, a column
 * to sign. Ordered by category, name and id, a total order, so the pages together hold everyone
 * once (while nobody registers or cancels in between).
 */
export async function attendanceSheet(user: ScopedUser, eventId: string, page = 1) {
  const event = await eventForRegistrations(user, eventId, "read:registration");
  const total = await db.registration.count({ where: { eventId, status: { in: ["REGISTERED", "ATTENDED", "NO_SHOW"] } } });
  const pageCount = Math.max(1, Math.ceil(total / SHEET_PAGE_SIZE));
  // A page past the end (the list got shorter since the link was made) shows the last one.
  const current = Math.min(page, pageCount);
  const offset = (current - 1) * SHEET_PAGE_SIZE;
  // One plain query (see checkInList).
  const rows = await db.$queryRaw<
    { status: string; category: string; organisation: string | null; fullName: string; phoneE164: string | null }[]
  >`
    SELECT "status", "category", "organisation", "fullName", "phoneE164"
    FROM "Registration"
    WHERE "eventId" = ${eventId} AND "status" IN ('REGISTERED', 'ATTENDED', 'NO_SHOW')
    ORDER BY "category", "fullName", "id"
    LIMIT ${SHEET_PAGE_SIZE} OFFSET ${offset}`;
  return {
    event,
    rows: rows.map((r, i) => ({
      number: offset + i + 1,
      name: r.fullName,
      category: r.category,
      organisation: r.organisation,
      phone: maskMobile(r.phoneE164),
      attended: r.status === "ATTENDED",
    })),
    total,
    page: current,
    pageCount,
  };
}

/**
 * Applies a queue of check-in operations from a phone, in order; each one independently. A
 * check-in or undo of a walk-in queued in the same batch finds them by the walk-in's operation id.
 */
export async function applyCheckInOps(user: ScopedUser, eventId: string, ops: CheckInOp[]): Promise<CheckInOpResult[]> {
  await eventForRegistrations(user, eventId, "checkin:registration");
  const results: CheckInOpResult[] = [];
  const walkIns = new Map<string, string>();
  for (const op of ops) {
    if (op.kind === "walk-in") {
      const parsed = StaffRegistrationSchema.safeParse({ ...op, language: "ms", status: "ATTENDED", consent: "on" });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        results.push({
          clientId: op.clientId,
          ok: false,
          error: String(issue?.message ?? "errors.invalid"),
          field: typeof issue?.path[0] === "string" ? issue.path[0] : undefined,
        });
        continue;
      }
      const created = await walkIn(user, eventId, parsed.data, op.clientId);
      if (!created.ok) {
        results.push({ clientId: op.clientId, ok: false, error: created.error });
        continue;
      }
      walkIns.set(op.clientId, created.registrationId);
      results.push({ clientId: op.clientId, ok: true, registrationId: created.registrationId });
      continue;
    }
    const registrationId =
      op.registrationId ??
      (op.walkInClientId ? (walkIns.get(op.walkInClientId) ?? (await walkInRegistrationId(op.walkInClientId))) : undefined);
    if (op.kind === "check-in") {
      const result = await checkIn(user, eventId, { registrationId, code: registrationId ? undefined : op.code }, op.clientId);
      results.push(
        result.ok
          ? { clientId: op.clientId, ok: true, registrationId: result.registrationId }
          : { clientId: op.clientId, ok: false, error: result.error },
      );
    } else if (!registrationId) {
      results.push({ clientId: op.clientId, ok: false, error: "errors.checkIn.notFound" });
    } else {
      // Undoing twice is fine (a replayed queue); undoing someone who is not at this event is not.
      const known =
        (await undoCheckIn(user, eventId, registrationId)) || (await db.registration.count({ where: { id: registrationId, eventId } })) > 0;
      results.push(
        known
          ? { clientId: op.clientId, ok: true, registrationId }
          : { clientId: op.clientId, ok: false, error: "errors.checkIn.notFound" },
      );
    }
  }
  return results;
}

/** The registration a walk-in queued on a phone became (sent in an earlier batch). */
async function walkInRegistrationId(clientId: string): Promise<string | undefined> {
  const registration = await db.registration.findUnique({ where: { checkInClientId: clientId }, select: { id: true } });
  return registration?.id;
}
