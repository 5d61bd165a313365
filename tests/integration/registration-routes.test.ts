import { beforeAll, describe, expect, it } from "vitest";
import * as checkInApi from "../../app/routes/api.events.$eventId.check-in";
import * as attendancePage from "../../app/routes/_app.events.$eventId.attendance";
import * as checkInPage from "../../app/routes/_app.events.$eventId.check-in";
import * as editRegistration from "../../app/routes/_app.events.$eventId.registrations.$registrationId";
import * as registrationsPage from "../../app/routes/_app.events.$eventId.registrations._index";
import * as newRegistration from "../../app/routes/_app.events.$eventId.registrations.new";
import * as exportRoute from "../../app/routes/events.$eventId.registrations-export";
import * as publicForm from "../../app/routes/r.$code";
import * as mine from "../../app/routes/registration.$token";
import { db } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { makeEvent, makeRegistration } from "../support/factories";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
let event: Awaited<ReturnType<typeof makeEvent>>;
let coordinator: string;
let liaison: string;

beforeAll(async () => {
  world = await twoStates();
  event = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    startsAt: at("2030-05-07T09:00"),
    capacity: 3,
  });
  coordinator = await cookieFor(world.nsCoordinator.id);
  liaison = await cookieFor(world.liaison.id);
});

const form = (overrides: Record<string, string> = {}) => ({
  fullName: "Cikgu Rohaya binti Ismail",
  phone: "012-345 6789",
  email: "Rohaya@Contoh.MY",
  category: "TEACHER",
  organisation: "SMK Seri Ampangan",
  language: "ms",
  consent: "on",
  noticeVersion: "2024-04-v1",
  website: "",
  ...overrides,
});

describe("the public form", () => {
  it("shows the event and the current notice", async () => {
    const result = await callLoader(publicForm.loader, { url: `/r/${event.publicCode}`, params: { code: event.publicCode } });
    expect(result.data.event.title).toBe(event.title);
    expect(result.data.unavailable).toBeNull();
    expect(result.data.notice.version).toBe("2024-04-v1");
  });

  it("registers, storing the phone as E.164 and the email lower-cased, and opens the personal page", async () => {
    const result = await callAction(publicForm.action, { url: "/", params: { code: event.publicCode }, form: form() });
    expect(result.status).toBe(302);
    expect(result.location).toMatch(/^\/registration\/[\w-]+\?new=1$/);
    const registration = await db.registration.findFirstOrThrow({ where: { phoneE164: "+60123456789" } });
    expect(registration.email).toBe("rohaya@contoh.my");
    const token = result.location!.split("/")[2].split("?")[0];
    const page = await callLoader(mine.loader, { url: "/", params: { token } });
    expect(page.data.registration).toMatchObject({ status: "REGISTERED", name: "Cikgu Rohaya binti Ismail", phone: "012-345 6789" });
    expect(page.data.qr).toContain("<svg");
  });

  it("answers the same person again without their registration, whatever else is typed", async () => {
    const answers = [];
    for (const overrides of [
      { phone: "+60 12-345 6789" },
      { fullName: "CIKGU ROHAYA BINTI ISMAIL", email: "" },
      { email: "lain@contoh.my" },
    ] as Record<string, string>[]) {
      const again = await callAction(publicForm.action, { url: "/", params: { code: event.publicCode }, form: form(overrides) });
      expect(again.status).toBe(200);
      expect(again.location).toBeFalsy();
      expect(JSON.stringify(again.data)).not.toMatch(/registration\/|rohaya@|345 6789|\+60123456789/);
      answers.push(again.data);
    }
    expect(answers.every((a) => a.alreadyRegistered === true)).toBe(true);
    // Someone else with her phone is someone else: registered, shown only what they typed.
    const other = await callAction(publicForm.action, {
      url: "/",
      params: { code: event.publicCode },
      form: form({ fullName: "Orang Lain", email: "" }),
    });
    expect(other.status).toBe(302);
    const page = await callLoader(mine.loader, { url: "/", params: { token: other.location!.split("/")[2].split("?")[0] } });
    expect(page.data.registration).toMatchObject({ name: "Orang Lain", email: null, phone: "012-345 6789" });
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(2);
    // The tests below count this event's registrations from Rohaya's alone.
    await db.registration.deleteMany({ where: { eventId: event.id, fullName: "Orang Lain" } });
  });

  it("answers a body that is not a form with 400, never a 500", async () => {
    const before = await db.registration.count();
    const bodies: [string, string][] = [
      ['{"fullName":"x"}', "application/json"],
      ['--cut\r\nContent-Disposition: form-data; name="fullName"\r\n\r\nAli', "multipart/form-data; boundary=cut"],
      ["\u0000\u0001", "multipart/form-data"],
    ];
    for (const [body, type] of bodies) {
      const request = new Request(`http://localhost/r/${event.publicCode}`, { method: "POST", body, headers: { "Content-Type": type } });
      const outcome = await Promise.resolve(
        publicForm.action({ request, params: { code: event.publicCode }, context: { clientIp: "10.9.9.9", cspNonce: "test" } }),
      ).catch((thrown: unknown) => thrown);
      expect(outcome).toBeInstanceOf(Response);
      expect((outcome as Response).status).toBe(400);
    }
    expect(await db.registration.count()).toBe(before);
  });

  it("explains each wrong, missing or oversized field, keeps the input and writes nothing", async () => {
    const before = await db.person.count();
    const result = await callAction(publicForm.action, {
      url: "/",
      params: { code: event.publicCode },
      form: form({ fullName: "", phone: "15999", email: "bukan-emel", category: "PRESIDENT", consent: "", organisation: "x".repeat(400) }),
    });
    expect(result.status).toBe(400);
    expect(result.data.result.error).toMatchObject({
      fullName: ["errors.required"],
      // 15999 is the helpline's own number, printed on the poster: said so, not "not a valid number".
      phone: ["errors.phoneIsHelpline"],
      email: ["errors.email"],
      category: ["errors.choose"],
      consent: ["errors.consentRequired"],
      organisation: [expect.stringMatching(/^errors.tooLong/)],
    });
    expect(result.data.result.initialValue).toMatchObject({ phone: "15999", email: "bukan-emel" });
    expect(await db.person.count()).toBe(before);
  });

  it("answers hostile input with messages, never a server error", async () => {
    const hostile = [
      "<img src=x onerror=alert(1)>",
      "' OR 1=1; --",
      "=cmd|' /C calc'!A0",
      "\u0000\u202e",
      "👩‍🏫".repeat(200),
      "%00%0d%0a",
      "a".repeat(10_000),
    ];
    for (const value of hostile) {
      const result = await callAction(publicForm.action, {
        url: "/",
        params: { code: event.publicCode },
        form: form({ fullName: value, phone: value, email: value, category: value, language: value, noticeVersion: value.slice(0, 30) }),
      });
      expect([400, 409]).toContain(result.status);
    }
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(1);
  });

  it("a bot that fills the honeypot is turned away", async () => {
    const result = await callAction(publicForm.action, {
      url: "/",
      params: { code: event.publicCode },
      form: form({ phone: "019-777 1234", email: "bot@contoh.my", website: "http://spam.example" }),
    });
    expect(result.status).toBe(400);
    expect(await db.person.count({ where: { phoneE164: "+60197771234" } })).toBe(0);
  });

  it("lets a 1,000-person launch register from one school Wi-Fi, and slows a flood from one address at one event", async () => {
    const launch = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-06-05T09:00") });
    const other = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-06-06T09:00") });
    const send = (code: string, ip: string) =>
      callAction(publicForm.action, { url: "/", clientIp: ip, params: { code }, form: form({ phone: "bukan" }) });
    // Everyone in the hall (and their typing mistakes) shares the hall's address: none is refused.
    expect(env.REGISTRATION_RATE_LIMIT).toBeGreaterThanOrEqual(1000);
    const statuses = new Map<number, number>();
    for (let i = 0; i < env.REGISTRATION_RATE_LIMIT; i++) {
      const { status } = await send(launch.publicCode, "198.51.100.7");
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect([...statuses]).toEqual([[400, env.REGISTRATION_RATE_LIMIT]]);
    // One more from that address for that event is slowed down, with the wait in the answer.
    const last = await send(launch.publicCode, "198.51.100.7");
    expect(last.status).toBe(429);
    expect(last.data.result.error[""][0]).toMatch(/^errors.rateLimited/);
    expect(Number(last.headers.get("Retry-After"))).toBeGreaterThan(0);
    // The limit is per event and address: the same address at another event, or another address, goes on.
    expect((await send(other.publicCode, "198.51.100.7")).status).toBe(400);
    expect((await send(launch.publicCode, "198.51.100.8")).status).toBe(400);
  }, 180_000);

  it("slows down one phone number used over and over, whatever the name or address", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-06-07T09:00") });
    const results = [];
    for (let i = 0; i <= env.REGISTRATION_PHONE_LIMIT; i++) {
      results.push(
        await callAction(publicForm.action, {
          url: "/",
          clientIp: `198.51.100.${20 + i}`,
          params: { code: event.publicCode },
          form: form({ fullName: `Ibu Bapa Nombor ${i}`, phone: "013-777 0001", email: "" }),
        }),
      );
    }
    // A teacher may register many parents with her own number: up to the limit all go through.
    expect(results.slice(0, -1).every((r) => r.status === 302)).toBe(true);
    expect(results.at(-1)!.status).toBe(429);
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(env.REGISTRATION_PHONE_LIMIT);
  });

  it("an unknown or malformed link is a 404", async () => {
    for (const code of ["tiadaapa22", "../../etc", "A".repeat(300)]) {
      expect((await callLoader(publicForm.loader, { url: "/", params: { code } })).status).toBe(404);
    }
    expect((await callLoader(mine.loader, { url: "/", params: { token: "salah" } })).status).toBe(404);
  });

  it("the participant cancels from their page and the first person waiting gets the seat", async () => {
    const full = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-06-04T09:00"), capacity: 1 });
    const first = await callAction(publicForm.action, {
      url: "/",
      params: { code: full.publicCode },
      form: form({ phone: "013-111 2222", email: "a@contoh.my", fullName: "Pertama" }),
    });
    const second = await callAction(publicForm.action, {
      url: "/",
      params: { code: full.publicCode },
      form: form({ phone: "013-111 3333", email: "b@contoh.my", fullName: "Kedua" }),
    });
    const secondToken = second.location!.split("/")[2].split("?")[0];
    expect((await callLoader(mine.loader, { url: "/", params: { token: secondToken } })).data.registration).toMatchObject({
      status: "WAITLISTED",
      position: 1,
    });
    const firstToken = first.location!.split("/")[2].split("?")[0];
    await callAction(mine.action, { url: "/", params: { token: firstToken }, form: { confirm: "yes" } });
    expect((await callLoader(mine.loader, { url: "/", params: { token: secondToken } })).data.registration.status).toBe("REGISTERED");
    // Once the session has started, a replayed cancel form changes nothing.
    await db.event.update({ where: { id: full.id }, data: { startsAt: at("2020-06-04T09:00") } });
    const late = await callAction(mine.action, { url: "/", params: { token: secondToken }, form: { confirm: "yes" } });
    expect(late.status).toBe(302);
    expect((await callLoader(mine.loader, { url: "/", params: { token: secondToken } })).data.registration.status).toBe("REGISTERED");
  });
});

describe("coordinator and liaison views", () => {
  it("lists with counts per category and status, searches by name or phone, and hides phone numbers", async () => {
    await makeRegistration(db, {
      eventId: event.id,
      category: "PIBG",
      person: { fullName: "Encik Lim Boon Hock", phoneE164: "+60167654321" },
    });
    const list = await callLoader(registrationsPage.loader, {
      url: `/events/${event.id}/registrations`,
      cookie: coordinator,
      params: { eventId: event.id },
    });
    expect(list.data.registrations.total).toBe(2);
    expect(list.data.registrations.breakdown).toEqual(
      expect.arrayContaining([
        { category: "TEACHER", status: "REGISTERED", count: 1 },
        { category: "PIBG", status: "REGISTERED", count: 1 },
      ]),
    );
    expect(JSON.stringify(list.data)).not.toContain("7654321");
    const byPhone = await callLoader(registrationsPage.loader, {
      url: `/events/${event.id}/registrations?q=016-765`,
      cookie: coordinator,
      params: { eventId: event.id },
    });
    expect(byPhone.data.registrations.items.map((r: { fullName: string }) => r.fullName)).toEqual(["Encik Lim Boon Hock"]);
    const byCategory = await callLoader(registrationsPage.loader, {
      url: `/events/${event.id}/registrations?category=PIBG&status=REGISTERED`,
      cookie: coordinator,
      params: { eventId: event.id },
    });
    expect(byCategory.data.registrations.total).toBe(1);
  });

  it("adds someone by hand, waitlisting them when the event is full", async () => {
    const added = await callAction(newRegistration.action, {
      url: "/",
      cookie: coordinator,
      params: { eventId: event.id },
      form: {
        fullName: "Puan Devi a/p Raman",
        phone: "017-222 3333",
        category: "COMMUNITY",
        status: "REGISTERED",
        language: "en",
        consent: "on",
      },
    });
    expect(added.status).toBe(302);
    const overflow = await callAction(newRegistration.action, {
      url: "/",
      cookie: coordinator,
      params: { eventId: event.id },
      form: { fullName: "Encik Ganesh", phone: "017-222 4444", category: "COMMUNITY", status: "REGISTERED", language: "ms", consent: "on" },
    });
    expect(overflow.status).toBe(302);
    const ganesh = await db.registration.findFirstOrThrow({ where: { eventId: event.id, phoneE164: "+60172224444" } });
    expect(ganesh).toMatchObject({ status: "WAITLISTED", source: "STAFF" });
  });

  it("moves someone from the waitlist only when a seat is free", async () => {
    const ganesh = await db.registration.findFirstOrThrow({
      where: { eventId: event.id, phoneE164: "+60172224444" },
    });
    const edit = (status: string) =>
      callAction(editRegistration.action, {
        url: "/",
        cookie: coordinator,
        params: { eventId: event.id, registrationId: ganesh.id },
        form: { fullName: ganesh.fullName, phone: "017-222 4444", category: "COMMUNITY", status, language: "ms" },
      });
    const refused = await edit("REGISTERED");
    expect(refused.status).toBe(400);
    expect(refused.data.result.error.status).toEqual(["errors.registration.full"]);
    const devi = await db.registration.findFirstOrThrow({ where: { eventId: event.id, phoneE164: "+60172223333" } });
    await callAction(registrationsPage.action, {
      url: "/",
      cookie: coordinator,
      params: { eventId: event.id },
      form: { intent: "cancel", registrationId: devi.id },
    });
    // Cancelling Devi promoted Ganesh automatically.
    expect((await db.registration.findUniqueOrThrow({ where: { id: ganesh.id } })).status).toBe("REGISTERED");
  });

  it("tells the person when staff move them between registered and waitlisted", async () => {
    const roomy = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      startsAt: at("2030-07-01T09:00"),
      capacity: 5,
    });
    const siti = await makeRegistration(db, { eventId: roomy.id, person: { fullName: "Siti Zubaidah", email: "siti.z@contoh.my" } });
    const edit = (status: string) =>
      callAction(editRegistration.action, {
        url: "/",
        cookie: coordinator,
        params: { eventId: roomy.id, registrationId: siti.id },
        form: { fullName: "Siti Zubaidah", email: "siti.z@contoh.my", category: "TEACHER", status, language: "ms" },
      });
    expect((await edit("WAITLISTED")).status).toBe(302);
    expect((await edit("REGISTERED")).status).toBe(302);
    const sent = await db.message.findMany({ where: { toEmail: "siti.z@contoh.my" }, orderBy: { createdAt: "asc" } });
    expect(sent.map((m) => m.template)).toEqual(["waitlisted", "promoted"]);
  });

  it("exports CSV and Excel with masked contacts by default and formulas made inert", async () => {
    await makeRegistration(db, {
      eventId: event.id,
      status: "WAITLISTED",
      person: { fullName: '=HYPERLINK("http://jahat")', phoneE164: "+60199998888", email: "jahat@contoh.my" },
    });
    const csv = await callLoader(exportRoute.loader, {
      url: `/events/${event.id}/registrations-export?format=csv`,
      cookie: coordinator,
      params: { eventId: event.id },
    });
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.data).toContain("'=HYPERLINK");
    expect(csv.data).not.toContain("9998888");
    expect(csv.data).toContain("019-••••888");
    expect(csv.data).toContain("j•••@contoh.my");
    const full = await callLoader(exportRoute.loader, {
      url: `/events/${event.id}/registrations-export?format=csv&contacts=1`,
      cookie: coordinator,
      params: { eventId: event.id },
    });
    expect(full.data).toContain("019-999 8888");
    const xlsx = await callLoader(exportRoute.loader, {
      url: `/events/${event.id}/registrations-export?format=xlsx`,
      cookie: coordinator,
      params: { eventId: event.id },
    });
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");
  });

  it("a liaison teacher cannot export, and a Selangor coordinator cannot see the list", async () => {
    expect((await callLoader(exportRoute.loader, { url: "/?format=csv", cookie: liaison, params: { eventId: event.id } })).status).toBe(
      403,
    );
    const selangor = await cookieFor(world.selCoordinator.id);
    expect((await callLoader(registrationsPage.loader, { url: "/", cookie: selangor, params: { eventId: event.id } })).status).toBe(404);
    expect((await callLoader(exportRoute.loader, { url: "/?format=csv", cookie: selangor, params: { eventId: event.id } })).status).toBe(
      404,
    );
  });
});

describe("attendance on the day", () => {
  it("checks in by search result and by QR code, twice is harmless, and undo works", async () => {
    const day = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      startsAt: at("2026-01-20T09:00"),
      capacity: 50,
    });
    const aminah = await makeRegistration(db, { eventId: day.id, category: "TEACHER", person: { fullName: "Aminah" } });
    const boon = await makeRegistration(db, { eventId: day.id, category: "PIBG", person: { fullName: "Boon Hock" } });
    const list = await callLoader(checkInPage.loader, { url: "/", cookie: liaison, params: { eventId: day.id } });
    expect(list.data.firstScreen.people.map((p: { name: string }) => p.name)).toEqual(["Aminah", "Boon Hock"]);
    expect(JSON.stringify(list.data.firstScreen.people)).not.toMatch(/\+60/);

    const sync = (ops: unknown[]) => callActionJson(day.id, liaison, { ops });
    const first = await sync([
      { kind: "check-in", clientId: "phone-a-0001", registrationId: aminah.id },
      { kind: "check-in", clientId: "phone-a-0002", code: boon.checkInCode.toLowerCase() },
    ]);
    expect(first.results).toEqual([
      { clientId: "phone-a-0001", ok: true, registrationId: aminah.id },
      { clientId: "phone-a-0002", ok: true, registrationId: boon.id },
    ]);
    // The same queue again, as after a lost response: nothing changes.
    await sync([{ kind: "check-in", clientId: "phone-a-0001", registrationId: aminah.id }]);
    expect(await db.registration.count({ where: { eventId: day.id, status: "ATTENDED" } })).toBe(2);

    await sync([{ kind: "undo", clientId: "phone-a-0003", registrationId: boon.id }]);
    expect((await db.registration.findUniqueOrThrow({ where: { id: boon.id } })).status).toBe("REGISTERED");

    const wrong = await sync([{ kind: "check-in", clientId: "phone-a-0004", code: "ZZZZZZZZ" }]);
    expect(wrong.results[0]).toMatchObject({ ok: false, error: "errors.checkIn.notFound" });
  });

  it("adds a walk-in once even when the phone sends it twice", async () => {
    const day = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      startsAt: at("2026-01-21T09:00"),
      capacity: 1,
    });
    await makeRegistration(db, { eventId: day.id });
    const op = { kind: "walk-in", clientId: "walk-in-0001", fullName: "Encik Rahman", phone: "019-333 4444", category: "COMMUNITY" };
    await callActionJson(day.id, liaison, { ops: [op] });
    await callActionJson(day.id, liaison, { ops: [op] });
    const walkIns = await db.registration.findMany({ where: { eventId: day.id, source: "WALK_IN" } });
    expect(walkIns).toHaveLength(1);
    // Walk-ins are in the hall already: capacity does not turn them away.
    expect(walkIns[0].status).toBe("ATTENDED");
  });

  it("refuses a batch that is not a list of operations", async () => {
    const result = await postCheckIns(event.id, liaison, { ops: [{ kind: "delete-everything" }] });
    expect(result.status).toBe(400);
  });

  it("marks the rest as no-shows after the session, and the sheet lists everyone with masked phones", async () => {
    const day = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2026-01-22T09:00") });
    const came = await makeRegistration(db, {
      eventId: day.id,
      status: "ATTENDED",
      person: { fullName: "Datang", phoneE164: "+60121112222" },
    });
    await makeRegistration(db, { eventId: day.id, status: "REGISTERED", person: { fullName: "Tak Datang" } });
    const result = await callAction(registrationsPage.action, {
      url: "/",
      cookie: coordinator,
      params: { eventId: day.id },
      form: { intent: "no-shows" },
    });
    expect(result.status).toBe(302);
    expect(await db.registration.groupBy({ by: ["status"], where: { eventId: day.id }, _count: true })).toEqual(
      expect.arrayContaining([expect.objectContaining({ status: "ATTENDED" }), expect.objectContaining({ status: "NO_SHOW" })]),
    );
    const sheet = await callLoader(attendancePage.loader, { url: "/", cookie: liaison, params: { eventId: day.id } });
    expect(sheet.data.rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "Datang", phone: "012-••••222", attended: true })]),
    );
    void came;
  });
});

function postCheckIns(eventId: string, cookie: string, body: unknown): Promise<Response> {
  const request = new Request("http://localhost/api", {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return checkInApi.action({ request, params: { eventId }, context: { clientIp: "127.0.0.1", cspNonce: "" } }) as Promise<Response>;
}

async function callActionJson(eventId: string, cookie: string, body: unknown) {
  const response = await postCheckIns(eventId, cookie, body);
  expect(response.status).toBe(200);
  return (await response.json()) as { results: { clientId: string; ok: boolean; registrationId?: string; error?: string }[] };
}
