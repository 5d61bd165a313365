/**
 * The built server is killed (SIGKILL: no chance to finish anything) while a school hall is
 * registering, then started again. Every registration that got a success answer is in the
 * database, nobody is registered twice, even when people submit again after the crash, and each
 * has exactly one confirmation queued.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOwnServer, type OwnServer } from "./support/own-server";

const TOTAL = 400;
const CONCURRENCY = 40;
const KILL_AFTER_SUCCESSES = 120;
const EXTRA_SEATS = 100;

let server: OwnServer;
let event: { id: string; publicCode: string; capacity: number };
let noticeVersion: string;

beforeAll(async () => {
  server = await startOwnServer("crash", {
    // One address for the whole hall; the limit is not what this test is about.
    env: { REGISTRATION_RATE_LIMIT: "100000" },
    prepare: async (db) => {
      const open = await db.event.findFirstOrThrow({
        where: { status: "SCHEDULED", startsAt: { gt: new Date() }, registrationClosesAt: null, registrationOpensAt: null },
        orderBy: { startsAt: "desc" },
      });
      const seated = await db.registration.count({ where: { eventId: open.id, status: { in: ["REGISTERED", "ATTENDED"] } } });
      // Room for some of the hall; the rest goes on the waitlist.
      const updated = await db.event.update({
        where: { id: open.id },
        data: { capacity: seated + EXTRA_SEATS, registrationCategories: "TEACHER,PIBG,COMMUNITY" },
      });
      event = { id: updated.id, publicCode: updated.publicCode, capacity: updated.capacity! };
      noticeVersion = (await db.privacyNotice.findFirstOrThrow({ orderBy: { publishedAt: "desc" } })).version;
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

const phoneOf = (n: number) => `+60112${String(n).padStart(7, "0")}`;

type Outcome = { n: number; answer: "registered" | "existing" | "refused" | "none"; token?: string; status?: number };

async function submit(n: number): Promise<Outcome> {
  const body = new URLSearchParams({
    fullName: `Peserta Dewan ${n}`,
    phone: phoneOf(n),
    email: `dewan${n}@contoh.my`,
    category: "COMMUNITY",
    language: "ms",
    consent: "on",
    noticeVersion,
    website: "",
  });
  try {
    const response = await fetch(`${server.baseURL}/r/${event.publicCode}`, {
      method: "POST",
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(30_000),
    });
    const page = await response.text();
    const match = /^\/registration\/([\w-]+)\?new=1$/.exec(response.headers.get("location") ?? "");
    if (response.status === 302 && match) return { n, answer: "registered", token: match[1] };
    // Registered already (a retry of a submission committed before the crash): the form says so.
    if (response.status === 200 && page.includes("sudah didaftarkan untuk sesi ini")) return { n, answer: "existing" };
    return { n, answer: "refused", status: response.status };
  } catch {
    // The connection died with the server: no answer, as a phone in the hall would see it.
    return { n, answer: "none" };
  }
}

describe("a server crash in the middle of registrations", () => {
  it("keeps every answered registration exactly once, and a retry after the restart registers nobody twice", async () => {
    const outcomes: Outcome[] = [];
    let next = 0;
    let inFlight = 0;
    let inFlightAtKill = -1;
    let killing: Promise<void> | null = null;
    let successes = 0;

    async function worker() {
      while (!killing && next < TOTAL) {
        const n = next++;
        inFlight++;
        const outcome = await submit(n);
        inFlight--;
        outcomes.push(outcome);
        if (outcome.answer === "registered") successes++;
        if (successes >= KILL_AFTER_SUCCESSES && !killing) {
          inFlightAtKill = inFlight;
          killing = server.kill("SIGKILL");
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await killing;

    // The kill really happened mid-load: requests were in flight, and some got no answer.
    expect(inFlightAtKill, "requests in flight when the server was killed").toBeGreaterThan(0);
    const unanswered = outcomes.filter((o) => o.answer === "none");
    expect(unanswered.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.answer === "refused")).toEqual([]);
    const answered = outcomes.filter((o) => o.answer === "registered");
    expect(answered.length).toBeGreaterThanOrEqual(KILL_AFTER_SUCCESSES);

    await server.restart();

    // Every success answer is in the database, under the token the person was given.
    const tokens = answered.map((o) => o.token!);
    const stored = await server.db.registration.findMany({ where: { manageToken: { in: tokens } } });
    expect(stored).toHaveLength(answered.length);
    const byToken = new Map(stored.map((r) => [r.manageToken, r]));
    for (const o of answered) {
      const registration = byToken.get(o.token!)!;
      expect(registration.eventId).toBe(event.id);
      expect(registration.phoneE164).toBe(phoneOf(o.n));
    }
    // Their personal pages open on the restarted server.
    for (const o of answered.slice(0, 10)) {
      expect((await fetch(`${server.baseURL}/registration/${o.token}`)).status).toBe(200);
    }

    // The people who got no answer submit again: each ends up registered once, whether or not
    // their first attempt was committed before the crash.
    const retried = await Promise.all(unanswered.map((o) => submit(o.n)));
    expect(retried.map((r) => r.answer).filter((a) => a !== "registered" && a !== "existing")).toEqual([]);
    const committedBeforeCrash = retried.filter((r) => r.answer === "existing").length;

    const everyone = [...answered, ...retried];
    const phones = everyone.map((o) => phoneOf(o.n));
    const people = await server.db.person.findMany({
      where: { phoneE164: { in: phones } },
      include: { registrations: { where: { eventId: event.id } } },
    });
    expect(people).toHaveLength(phones.length);
    expect(people.every((p) => p.registrations.length === 1)).toBe(true);
    // One confirmation (or waitlist notice) each: queued in the registration's own transaction
    // (someone told they were registered already also gets their link again, apart from it).
    const messages = await server.db.message.groupBy({
      by: ["personId"],
      where: { eventId: event.id, personId: { in: people.map((p) => p.id) }, NOT: { idempotencyKey: { contains: ":again:" } } },
      _count: true,
    });
    expect(messages).toHaveLength(people.length);
    expect(messages.every((m) => m._count === 1)).toBe(true);
    // And the seats were never overbooked.
    const seated = await server.db.registration.count({ where: { eventId: event.id, status: { in: ["REGISTERED", "ATTENDED"] } } });
    expect(seated).toBeLessThanOrEqual(event.capacity);
    expect(
      await server.db.registration.count({ where: { eventId: event.id, status: "WAITLISTED", phoneE164: { in: phones } } }),
    ).toBeGreaterThan(0);

    console.log(
      `crash test: ${answered.length} answered before the kill, ${inFlightAtKill} in flight, ${unanswered.length} unanswered (${committedBeforeCrash} of them committed before the crash), ${TOTAL - outcomes.length} never sent`,
    );
  });
});
