/**
 * Property-based test of the check-in sync endpoint: the queue a phone sends when signal returns.
 * Whatever the body, the answer is a result per operation or a 4xx, never a server error, and
 * nothing changes unless an operation says it succeeded.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as checkInApi from "../../app/routes/api.events.$eventId.check-in";
import { db } from "../../app/utils/db.server";
import { storable } from "../../app/utils/text";
import { makeEvent, makeRegistration } from "../support/factories";
import { FUZZ_RUNS, FUZZ_TIMEOUT, hostileString, untranslatableMessages } from "../support/hostile-input";
import { callAction, cookieFor } from "../support/route-calls";
import { countChanges, rowCounts } from "../support/row-counts";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
let event: Awaited<ReturnType<typeof makeEvent>>;
let registrations: Awaited<ReturnType<typeof makeRegistration>>[];
let otherEventRegistration: Awaited<ReturnType<typeof makeRegistration>>;
let cookies: { liaison: string; selangor: string; viewer: string };

beforeAll(async () => {
  world = await twoStates();
  event = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    startsAt: at("2026-01-15T09:00"),
    capacity: 50,
  });
  registrations = [];
  for (let i = 0; i < 30; i++)
    registrations.push(await makeRegistration(db, { eventId: event.id, status: i % 5 === 0 ? "CANCELLED" : "REGISTERED" }));
  otherEventRegistration = await makeRegistration(db, { eventId: world.nsEvent.id });
  cookies = {
    liaison: await cookieFor(world.liaison.id),
    selangor: await cookieFor(world.selCoordinator.id),
    viewer: await cookieFor(world.viewer.id),
  };
});

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

const clientId = fc.oneof({ weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9-]{8,20}$/) }, { weight: 1, arbitrary: hostileString });
const text = (valid: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 8, arbitrary: valid }, { weight: 2, arbitrary: hostileString }, { weight: 1, arbitrary: fc.jsonValue() });
const registrationId = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...registrations.map((r) => r.id)) },
    fc.constant(otherEventRegistration.id),
    hostileString.map((s) => s.slice(0, 40)),
  );
const code = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...registrations.map((r) => r.checkInCode)).map((c) => c.toLowerCase()) },
    fc.constant(otherEventRegistration.checkInCode),
    hostileString.map((s) => s.slice(0, 40)),
  );

const operation = () =>
  fc.oneof(
    {
      arbitrary: fc.record(
        { kind: fc.constant("check-in"), clientId, registrationId: registrationId() },
        { requiredKeys: ["kind", "clientId"] },
      ),
      weight: 4,
    },
    { arbitrary: fc.record({ kind: fc.constant("check-in"), clientId, code: code() }, { requiredKeys: ["kind", "clientId"] }), weight: 4 },
    { arbitrary: fc.record({ kind: fc.constant("undo"), clientId, registrationId: registrationId() }), weight: 4 },
    {
      weight: 4,
      arbitrary: fc.record(
        {
          kind: fc.constant("walk-in"),
          clientId,
          fullName: text(fc.constantFrom("Encik Rahman", "Puan Lee Mei Ling", "K. Muthusamy")),
          phone: text(fc.integer({ min: 0, max: 9_999_999 }).map((n) => `019-${String(n).padStart(7, "0")}`)),
          category: text(fc.constantFrom("TEACHER", "PIBG", "COMMUNITY")),
          organisation: text(fc.constant("PIBG SK Ampangan")),
        },
        { requiredKeys: ["kind", "clientId", "fullName", "category"] },
      ),
    },
    {
      arbitrary: fc.record({ kind: fc.oneof(hostileString, fc.constantFrom("delete", "check-in", "walk-in")), clientId: fc.jsonValue() }),
      weight: 1,
    },
  );

const body = () =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ ops: fc.array(operation(), { maxLength: 6 }) }).map((b) => ({ json: b as unknown, raw: JSON.stringify(b) })),
    },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ json: v as unknown, raw: JSON.stringify(v) })) },
    { weight: 1, arbitrary: hostileString.map((s) => ({ json: undefined as unknown, raw: s })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('{"ops":', '{"ops":[{"kind":"check-in"', "\u0000", '{"ops":[]}'.repeat(3), '{"__proto__":{"polluted":1},"ops":[]}')
        .map((raw) => ({ json: undefined as unknown, raw })),
    },
  );

const who = fc.constantFrom("liaison", "liaison", "liaison", "selangor", "viewer", "nobody") as fc.Arbitrary<
  keyof typeof cookies | "nobody"
>;

describe("the check-in sync endpoint under hostile queues", () => {
  it(
    "answers 1,000 hostile bodies with a result per operation or a 4xx, and changes only what it reports",
    async () => {
      let applied = 0;
      await fc.assert(
        fc.asyncProperty(
          who,
          body(),
          fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded"),
          async (user, { raw }, type) => {
            const statuses = async () =>
              JSON.stringify(await db.registration.groupBy({ by: ["status"], _count: true, orderBy: { status: "asc" } }));
            const before = await rowCounts();
            const statusesBefore = await statuses();
            const result = await callAction(checkInApi.action, {
              url: `/api/events/${event.id}/check-in`,
              cookie: user === "nobody" ? undefined : cookies[user],
              params: { eventId: event.id },
              body: raw,
              headers: { "Content-Type": type },
            });
            const changes = countChanges(before, await rowCounts());
            expect(result.status).toBeLessThan(500);
            expect("polluted" in {}).toBe(false);
            if (result.status !== 200) {
              // Signed out: 401 (the screen keeps its list and says so). Another state's coordinator: not found. A viewer: forbidden. A body
              // that is not a queue is refused before anyone's access is looked at.
              expect(user === "nobody" ? [401] : user === "selangor" ? [400, 404] : user === "viewer" ? [400, 403] : [400]).toContain(
                result.status,
              );
              expect(changes).toEqual({});
              expect(await statuses()).toBe(statusesBefore);
              if (result.status === 400) expect(untranslatableMessages({ body: result.data.error })).toEqual([]);
              return;
            }
            expect(user).toBe("liaison");
            applied++;
            const ops = (JSON.parse(raw) as { ops: { kind: string; clientId: string }[] }).ops;
            const results = result.data.results as { clientId: string; ok: boolean; registrationId?: string; error?: string }[];
            // Echoed as stored: half a surrogate pair comes back as U+FFFD, a NUL not at all.
            expect(results.map((r) => r.clientId)).toEqual(ops.map((o) => storable(o.clientId)));
            expect(untranslatableMessages({ ops: results.filter((r) => !r.ok).map((r) => r.error) })).toEqual([]);
            for (const [i, r] of results.entries()) {
              if (!r.ok) continue;
              // Nothing reported done for this event touches another event's registration.
              const done = await db.registration.findUniqueOrThrow({ where: { id: r.registrationId! } });
              if (ops[i].kind !== "undo") expect(done.eventId).toBe(event.id);
            }
            const newWalkIns = results.filter((r, i) => r.ok && ops[i].kind === "walk-in").length;
            expect(changes.registration ?? 0).toBeLessThanOrEqual(newWalkIns);
            if (!results.some((r) => r.ok)) {
              expect(changes).toEqual({});
              expect(await statuses()).toBe(statusesBefore);
            }
            const walkInIds = results.filter((r, i) => r.ok && ops[i].kind === "walk-in").map((r) => r.registrationId!);
            for (const w of await db.registration.findMany({
              where: { id: { in: walkInIds } },
              select: { person: { select: { fullName: true } } },
            })) {
              expect(w.person.fullName).not.toMatch(CONTROL);
              expect(w.person.fullName.length).toBeLessThanOrEqual(120);
            }
          },
        ),
        FUZZ_RUNS,
      );
      expect(applied).toBeGreaterThan(100);
      expect(await db.registration.count({ where: { id: otherEventRegistration.id, status: "ATTENDED" } })).toBe(0);
    },
    FUZZ_TIMEOUT,
  );
});
