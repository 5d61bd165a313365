import { z } from "zod";
import { REGISTRATION_CATEGORIES } from "~/modules/events/event-rules";
import { maskMobile, normaliseMobile } from "~/modules/people/contact";
import { searchKey, storable } from "~/utils/text";

// The queue arrives as JSON, which can carry text the database cannot store (see storable).
const text = (min: number, max: number) => z.string().min(min).max(max).transform(storable);

/**
 * What the check-in screen queues on the phone and sends when there is signal, and the list it
 * keeps there. Shared by the server (api.events.$eventId.check-in) and the browser, so nothing
 * here may touch the database or the DOM.
 *
 * Each operation has an id made on the phone, so sending the queue twice changes nothing. A
 * check-in or undo of someone added as a walk-in on this phone, before the server has given them
 * a registration id, names the walk-in by its operation id (`walkInClientId`).
 */
const clientId = text(8, 64);
export const CheckInOpSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("check-in"),
    clientId,
    registrationId: text(0, 40).optional(),
    code: text(0, 40).optional(),
    walkInClientId: clientId.optional(),
  }),
  z.object({ kind: z.literal("undo"), clientId, registrationId: text(0, 40).optional(), walkInClientId: clientId.optional() }),
  z.object({
    kind: z.literal("walk-in"),
    clientId,
    fullName: text(0, 200),
    phone: text(0, 40).optional(),
    category: z.enum(REGISTRATION_CATEGORIES),
    organisation: text(0, 200).optional(),
  }),
]);
export type CheckInOp = z.infer<typeof CheckInOpSchema>;

export const MAX_OPS_PER_BATCH = 100;

/**
 * A batch from a phone. Operations are checked one by one (see parseCheckInBatch) so that one the
 * server cannot read, say queued by an older version of the screen, is answered on its own instead
 * of blocking everything queued after it.
 */
export const CheckInBatchSchema = z.object({ ops: z.array(z.object({ clientId }).passthrough()).min(1).max(500) });

export type CheckInOpResult = {
  clientId: string;
  ok: boolean;
  registrationId?: string;
  /** A message key (see i18n.translateError). */
  error?: string;
  /** The walk-in form field the error is about, so the phone can show it beside that field. */
  field?: string;
};

/** Splits a batch into operations to apply and answers for those that cannot be read. */
export function parseCheckInBatch(body: unknown): { ops: CheckInOp[]; invalid: CheckInOpResult[]; order: string[] } | null {
  const batch = CheckInBatchSchema.safeParse(body);
  if (!batch.success) return null;
  const ops: CheckInOp[] = [];
  const invalid: CheckInOpResult[] = [];
  for (const raw of batch.data.ops) {
    const op = CheckInOpSchema.safeParse(raw);
    if (op.success) ops.push(op.data);
    else invalid.push({ clientId: raw.clientId, ok: false, error: "errors.invalid" });
  }
  // The operation ids as read (cleaned like everything stored), in the order the phone sent them.
  return { ops, invalid, order: batch.data.ops.map((raw) => raw.clientId) };
}

/** One person on the check-in list, as the server sends it and the phone keeps it. */
export type CheckInPerson = {
  id: string;
  name: string;
  /** Masked: enough to tell people apart, not enough to call them. */
  phone: string;
  phoneDigits: string;
  category: string;
  status: string;
  organisation: string | null;
  code: string;
  checkedInAt: string | null;
};

/**
 * The list as the screen keeps it. `version` changes whenever a registration of the event or
 * one of its people changes, so a poll can ask "anything new since…?" and get a few bytes back.
 */
export type CheckInList = {
  eventId: string;
  people: CheckInPerson[];
  categories: string[];
  version: string;
  /** When the server produced this list (ISO). */
  fetchedAt: string;
};

/** The answer to a poll: the whole list, or only that nothing changed since `version`. */
export type CheckInListResponse = CheckInList | { eventId: string; unchanged: true; version: string; fetchedAt: string };

/** An operation as the phone keeps it: when it was made. */
export type QueuedOp = CheckInOp & { at: string };

/** An operation the server refused, kept on the phone until someone deals with it. */
export type RejectedOp = { op: QueuedOp; error: string; field?: string; rejectedAt: string };

export const walkInPersonId = (clientId: string) => `walk-in-${clientId}`;

export function normaliseCode(raw: string): string {
  return raw
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
}

/**
 * Applies one operation to the list the phone has. `walkInId` says which id a walk-in has: a
 * temporary one while it waits on the phone, its registration id once the server has answered.
 */
function applyOp(byId: Map<string, CheckInPerson>, op: QueuedOp, walkInId: (clientId: string) => string) {
  if (op.kind === "walk-in") {
    const id = walkInId(op.clientId);
    const known = byId.get(id);
    // A walk-in who was already registered is one person, not two.
    if (known) Object.assign(known, { status: "ATTENDED", checkedInAt: known.checkedInAt ?? op.at });
    else {
      // Shown as the server will show it: masked.
      const phone = op.phone ? normaliseMobile(op.phone) : null;
      byId.set(id, {
        id,
        name: op.fullName,
        phone: maskMobile(phone),
        phoneDigits: (phone ?? "").replace(/\D/g, "").slice(-4),
        category: op.category,
        status: "ATTENDED",
        organisation: op.organisation ?? null,
        code: "",
        checkedInAt: op.at,
      });
    }
    return;
  }
  let person: CheckInPerson | undefined;
  if (op.registrationId) person = byId.get(op.registrationId);
  else if (op.walkInClientId) person = byId.get(walkInId(op.walkInClientId));
  else if (op.kind === "check-in" && op.code) {
    const code = normaliseCode(op.code);
    person = [...byId.values()].find((p) => p.code === code);
  }
  if (!person) return;
  person.status = op.kind === "check-in" ? "ATTENDED" : "REGISTERED";
  person.checkedInAt = op.kind === "check-in" ? op.at : null;
}

function applyAll(people: CheckInPerson[], ops: QueuedOp[], walkInId: (clientId: string) => string): CheckInPerson[] {
  const byId = new Map<string, CheckInPerson>(people.map((p) => [p.id, { ...p }]));
  for (const op of ops) applyOp(byId, op, walkInId);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The server's list with this phone's unsent operations laid over it, sorted by name. */
export function overlayQueue(people: CheckInPerson[], queue: QueuedOp[]): CheckInPerson[] {
  return applyAll(people, queue, walkInPersonId);
}

/**
 * Lays the server's answers to a batch over the list the phone has, so the screen shows the
 * result at once instead of waiting for the next poll. Walk-ins get their registration id.
 */
export function applyResults(people: CheckInPerson[], sent: QueuedOp[], results: CheckInOpResult[]): CheckInPerson[] {
  const ok = new Map(results.filter((r) => r.ok).map((r) => [r.clientId, r]));
  return applyAll(
    people,
    sent.filter((op) => ok.has(op.clientId)),
    (clientId) => ok.get(clientId)?.registrationId ?? walkInPersonId(clientId),
  );
}

/**
 * Operations still waiting that name a walk-in the server has just registered now name their
 * registration instead (the server no longer needs the walk-in's operation id to find them).
 */
export function resolveWalkIns(queue: QueuedOp[], results: CheckInOpResult[]): QueuedOp[] {
  const registered = new Map(results.filter((r) => r.ok && r.registrationId).map((r) => [r.clientId, r.registrationId!]));
  return queue.map((op) => {
    if (op.kind === "walk-in" || op.registrationId || !op.walkInClientId) return op;
    const registrationId = registered.get(op.walkInClientId);
    return registrationId ? { ...op, registrationId } : op;
  });
}

/**
 * How long to wait before trying again after `failures` failed attempts in a row: 2, 4, 8, 16,
 * then every 30 seconds, each spread by up to a fifth so many phones in one hall do not all knock
 * at once when the signal returns.
 */
export function retryDelay(failures: number, random = Math.random): number {
  const base = Math.min(30_000, 2_000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.2 * random()));
}

/** How many names the check-in screen shows at once (rows on a phone, and in the page itself); a search narrows the rest. */
export const CHECK_IN_SHOWN = 100;

/** How often the screen asks for changes made by others while everything works. */
export const REFRESH_MS = 20_000;

/**
 * Who came and who is expected, per category: expected are the people holding a seat (registered
 * or already present). Someone on the waitlist is not expected until promoted, and a no-show no
 * longer is. Each row is one person, or `count` people (counted by the database).
 */
export function checkInTotals(people: (Pick<CheckInPerson, "category" | "status"> & { count?: number })[], categories: string[]) {
  const sum = (category: string, statuses: string[]) =>
    people.reduce((s, p) => s + (p.category === category && statuses.includes(p.status) ? (p.count ?? 1) : 0), 0);
  return categories.map((category) => ({
    category,
    attended: sum(category, ["ATTENDED"]),
    expected: sum(category, ["REGISTERED", "ATTENDED"]),
  }));
}

/** The check-in screen's search (on the phone, and on the server without JavaScript): every word found in the name, last digits, code or organisation. */
export function matchesSearch(person: Pick<CheckInPerson, "name" | "phoneDigits" | "code" | "organisation">, query: string): boolean {
  const words = searchKey(query).split(" ").filter(Boolean);
  const haystack = searchKey(`${person.name} ${person.phoneDigits} ${person.code} ${person.organisation ?? ""}`);
  return words.every((w) => haystack.includes(w));
}
