import { beforeAll, describe, expect, it } from "vitest";
import * as checkInPage from "../../app/routes/_app.events.$eventId.check-in";
import * as checkInApi from "../../app/routes/api.events.$eventId.check-in";
import {
  applyResults,
  overlayQueue,
  parseCheckInBatch,
  resolveWalkIns,
  retryDelay,
  walkInPersonId,
  type CheckInPerson,
  type QueuedOp,
} from "../../app/modules/registrations/check-in-sync";
import { db } from "../../app/utils/db.server";
import { makeEvent, makeRegistration } from "../support/factories";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
let liaison: string;

beforeAll(async () => {
  world = await twoStates();
  liaison = await cookieFor(world.liaison.id);
});

const at0 = "2026-01-20T01:00:00.000Z";
const person = (id: string, name: string, fields: Partial<CheckInPerson> = {}): CheckInPerson => ({
  id,
  name,
  phone: "",
  phoneDigits: "",
  category: "TEACHER",
  status: "REGISTERED",
  organisation: null,
  code: `CODE${id.toUpperCase()}`,
  checkedInAt: null,
  ...fields,
});

describe("the phone's view of the list (shared with the server, no database)", () => {
  const people = [person("b", "Boon Hock"), person("a", "Aminah")];

  it("lays unsent check-ins, undos and walk-ins over the list, sorted by name", () => {
    const queue: QueuedOp[] = [
      { kind: "check-in", clientId: "op-000001", registrationId: "a", at: at0 },
      { kind: "check-in", clientId: "op-000002", code: "codeb", at: at0 },
      { kind: "undo", clientId: "op-000003", registrationId: "b", at: at0 },
      { kind: "walk-in", clientId: "walk-0001", fullName: "Chong Mei", phone: "019-333 4444", category: "COMMUNITY", at: at0 },
      { kind: "undo", clientId: "op-000004", walkInClientId: "walk-0001", at: at0 },
    ];
    const shown = overlayQueue(people, queue);
    expect(shown.map((p) => [p.name, p.status])).toEqual([
      ["Aminah", "ATTENDED"],
      ["Boon Hock", "REGISTERED"],
      ["Chong Mei", "REGISTERED"],
    ]);
    // A walk-in's number is shown masked, as the server shows everyone's.
    expect(shown[2]).toMatchObject({ id: walkInPersonId("walk-0001"), phone: "019-••••444", phoneDigits: "4444" });
    // The list itself is not changed.
    expect(people[1].status).toBe("REGISTERED");
  });

  it("takes the server's answers: a walk-in gets its registration id, one already on the list is not doubled", () => {
    const sent: QueuedOp[] = [
      { kind: "walk-in", clientId: "walk-0001", fullName: "Chong Mei", category: "COMMUNITY", at: at0 },
      { kind: "walk-in", clientId: "walk-0002", fullName: "Aminah", category: "TEACHER", at: at0 },
      { kind: "check-in", clientId: "op-000009", registrationId: "b", at: at0 },
    ];
    const results = [
      { clientId: "walk-0001", ok: true, registrationId: "c" },
      { clientId: "walk-0002", ok: true, registrationId: "a" },
      { clientId: "op-000009", ok: false, error: "errors.checkIn.cancelled" },
    ];
    const after = applyResults(people, sent, results);
    expect(after.map((p) => [p.id, p.status])).toEqual([
      ["a", "ATTENDED"],
      ["b", "REGISTERED"],
      ["c", "ATTENDED"],
    ]);
    const waiting: QueuedOp[] = [{ kind: "undo", clientId: "op-000010", walkInClientId: "walk-0001", at: at0 }];
    expect(resolveWalkIns(waiting, results)[0]).toMatchObject({ registrationId: "c", walkInClientId: "walk-0001" });
  });

  it("waits 2, 4, 8, 16, then at most 30 seconds between attempts, spread a little", () => {
    expect([1, 2, 3, 4, 5, 12].map((n) => retryDelay(n, () => 1))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(retryDelay(1, () => 0)).toBe(1_600);
  });

  it("answers an operation it cannot read on its own instead of refusing the whole batch", () => {
    const parsed = parseCheckInBatch({
      ops: [
        { kind: "check-in", clientId: "op-000001", registrationId: "a" },
        { kind: "teleport", clientId: "op-000002" },
      ],
    });
    expect(parsed!.ops).toHaveLength(1);
    expect(parsed!.invalid).toEqual([{ clientId: "op-000002", ok: false, error: "errors.invalid" }]);
    expect(parseCheckInBatch({ ops: [{ kind: "check-in" }] })).toBeNull();
    expect(parseCheckInBatch({ ops: [] })).toBeNull();
  });
});

describe("the check-in list route the phone polls", () => {
  it("sends the list with masked phones and a version, then only 'unchanged' until something changes", async () => {
    const day = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      startsAt: at("2026-02-10T09:00"),
      capacity: 50,
    });
    const aminah = await makeRegistration(db, {
      eventId: day.id,
      category: "TEACHER",
      person: { fullName: "Aminah", phoneE164: "+60123334444" },
    });
    const first = await callLoader(checkInApi.loader, { url: "/", cookie: liaison, params: { eventId: day.id } });
    expect(first.status).toBe(200);
    expect(first.headers.get("Cache-Control")).toBe("private, no-store");
    expect(first.data).toMatchObject({
      eventId: day.id,
      categories: expect.any(Array),
      version: expect.any(String),
      fetchedAt: expect.any(String),
    });
    expect(first.data.people).toEqual([
      expect.objectContaining({ id: aminah.id, name: "Aminah", phone: "012-••••444", phoneDigits: "4444", status: "REGISTERED" }),
    ]);

    const same = await callLoader(checkInApi.loader, {
      url: `/?since=${first.data.version}`,
      cookie: liaison,
      params: { eventId: day.id },
    });
    expect(same.data).toEqual({ eventId: day.id, unchanged: true, version: first.data.version, fetchedAt: expect.any(String) });

    await post(day.id, liaison, { ops: [{ kind: "check-in", clientId: "list-op-0001", registrationId: aminah.id }] });
    const changed = await callLoader(checkInApi.loader, {
      url: `/?since=${first.data.version}`,
      cookie: liaison,
      params: { eventId: day.id },
    });
    expect(changed.data.version).not.toBe(first.data.version);
    expect(changed.data.people[0].status).toBe("ATTENDED");
  });

  it("says 401 to a signed-out phone (not a redirect it would take for an answer) and 404 outside the user's scope", async () => {
    const signedOut = await callLoader(checkInApi.loader, { url: "/", params: { eventId: world.nsEvent.id } });
    expect(signedOut.status).toBe(401);
    expect((await postRaw(world.nsEvent.id, "", { ops: [] })).status).toBe(401);
    const selangor = await cookieFor(world.selCoordinator.id);
    expect((await callLoader(checkInApi.loader, { url: "/", cookie: selangor, params: { eventId: world.nsEvent.id } })).status).toBe(404);
  });
});

describe("a queue sent from a phone", () => {
  it("refuses a walk-in with a bad phone number with the reason and the field, writes nothing, and applies the rest", async () => {
    const day = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2026-02-11T09:00") });
    const boon = await makeRegistration(db, { eventId: day.id, category: "PIBG", person: { fullName: "Boon Hock" } });
    const { results } = await post(day.id, liaison, {
      ops: [
        { kind: "walk-in", clientId: "bad-walk-in-1", fullName: "Encik Nombor Salah", phone: "15999", category: "COMMUNITY" },
        { kind: "check-in", clientId: "bad-walk-in-2", walkInClientId: "bad-walk-in-1" },
        { kind: "teleport", clientId: "bad-walk-in-3" },
        { kind: "check-in", clientId: "bad-walk-in-4", registrationId: boon.id },
      ],
    });
    expect(results).toEqual([
      // 15999 is the helpline's own number: refused, saying so.
      { clientId: "bad-walk-in-1", ok: false, error: "errors.phoneIsHelpline", field: "phone" },
      { clientId: "bad-walk-in-2", ok: false, error: "errors.checkIn.notFound" },
      { clientId: "bad-walk-in-3", ok: false, error: "errors.invalid" },
      { clientId: "bad-walk-in-4", ok: true, registrationId: boon.id },
    ]);
    expect(await db.registration.count({ where: { eventId: day.id, source: "WALK_IN" } })).toBe(0);
    expect((await db.registration.findUniqueOrThrow({ where: { id: boon.id } })).status).toBe("ATTENDED");
  });

  it("finds a walk-in added in the same batch or an earlier one by its operation id, and a replay adds no one twice", async () => {
    const day = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2026-02-12T09:00") });
    const batch = {
      ops: [
        { kind: "walk-in", clientId: "walk-in-same-1", fullName: "Puan Rosnah", phone: "019-555 6666", category: "COMMUNITY" },
        { kind: "undo", clientId: "walk-in-same-2", walkInClientId: "walk-in-same-1" },
      ],
    };
    const first = await post(day.id, liaison, batch);
    expect(first.results.map((r) => r.ok)).toEqual([true, true]);
    const registrationId = first.results[0].registrationId!;
    expect(first.results[1].registrationId).toBe(registrationId);
    expect((await db.registration.findUniqueOrThrow({ where: { id: registrationId } })).status).toBe("REGISTERED");

    // The answer was lost on the way back; the phone sends the same batch again, then checks her in.
    const again = await post(day.id, liaison, batch);
    expect(again.results[0].registrationId).toBe(registrationId);
    await post(day.id, liaison, { ops: [{ kind: "check-in", clientId: "walk-in-same-3", walkInClientId: "walk-in-same-1" }] });
    const rows = await db.registration.findMany({ where: { eventId: day.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe("ATTENDED");
  });
});

describe("a code from another event", () => {
  it("gets the same 'not found' as a made-up code, on the phone and on the page, and checks no one in", async () => {
    const day = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2026-02-14T09:00") });
    const other = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2026-02-15T09:00") });
    const elsewhere = await makeRegistration(db, { eventId: other.id });
    const { results } = await post(day.id, liaison, {
      ops: [
        { kind: "check-in", clientId: "lain-acara-1", code: elsewhere.checkInCode },
        { kind: "check-in", clientId: "lain-acara-2", code: "ZZZZ9999" },
        { kind: "check-in", clientId: "lain-acara-3", registrationId: elsewhere.id },
        { kind: "check-in", clientId: "lain-acara-4", registrationId: "bukanidsebenar00000000000" },
        { kind: "undo", clientId: "lain-acara-5", registrationId: elsewhere.id },
      ],
    });
    expect(new Set(results.map((r) => JSON.stringify({ ok: r.ok, error: r.error })))).toEqual(
      new Set([JSON.stringify({ ok: false, error: "errors.checkIn.notFound" })]),
    );
    const page = (code: string) =>
      callAction(checkInPage.action, { url: "/", cookie: liaison, params: { eventId: day.id }, form: { intent: "check-in", code } });
    const [real, madeUp] = [await page(elsewhere.checkInCode), await page("ZZZZ9999")];
    expect(real.status).toBe(302);
    expect(real.headers.get("Set-Cookie")).toBe(madeUp.headers.get("Set-Cookie"));
    expect((await db.registration.findUniqueOrThrow({ where: { id: elsewhere.id } })).status).toBe("REGISTERED");
  });
});

describe("the check-in page without JavaScript", () => {
  it("answers a walk-in with a bad phone number with the message for that field and what was typed", async () => {
    const day = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2026-02-13T09:00") });
    const result = await callAction(checkInPage.action, {
      url: "/",
      cookie: liaison,
      params: { eventId: day.id },
      form: {
        intent: "walk-in",
        fullName: "Cik Tanpa Skrip",
        phone: "12345",
        category: "COMMUNITY",
        organisation: "PIBG",
        language: "ms",
        consent: "on",
      },
    });
    expect(result.status).toBe(400);
    expect(result.data.result.error).toEqual({ phone: ["errors.phone"] });
    expect(result.data.result.initialValue).toMatchObject({ fullName: "Cik Tanpa Skrip", phone: "12345", organisation: "PIBG" });
    expect(await db.registration.count({ where: { eventId: day.id } })).toBe(0);
  });
});

function postRaw(eventId: string, cookie: string, body: unknown): Promise<Response> {
  const request = new Request("http://localhost/api", {
    method: "POST",
    headers: { ...(cookie ? { Cookie: cookie } : {}), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return checkInApi.action({ request, params: { eventId }, context: { clientIp: "127.0.0.1", cspNonce: "" } }) as Promise<Response>;
}

async function post(eventId: string, cookie: string, body: unknown) {
  const response = await postRaw(eventId, cookie, body);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    results: { clientId: string; ok: boolean; registrationId?: string; error?: string; field?: string }[];
  };
}
