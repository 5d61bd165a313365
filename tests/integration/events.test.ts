import { beforeAll, describe, expect, it } from "vitest";
import { changeEventStatus } from "../../app/modules/events/events.server";
import * as eventView from "../../app/routes/_app.events.$eventId._index";
import * as newEvent from "../../app/routes/_app.events.new";
import { db } from "../../app/utils/db.server";
import { cleanMultiline, cleanText } from "../../app/utils/text";
import { completeCalendarData } from "../support/calendar-data";
import { makeEvent, makeProgramme } from "../support/factories";
import { callAction, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
let cookie: string;
beforeAll(async () => {
  world = await twoStates();
  // Breaks and holidays known for the dates used here, so only the dates' own warnings appear.
  await completeCalendarData(db, 2026, 2027);
  cookie = await cookieFor(world.nsCoordinator.id);
});

const visit = (overrides: Record<string, string | string[]> = {}) => ({
  programmeId: world.nsProgramme.id,
  type: "SCHOOL_SESSION",
  title: "Sesi Advokasi SK Ampangan",
  schoolCode: "NBA2001 — SK AMPANGAN",
  startsAt: "2026-12-16T09:00",
  endsAt: "2026-12-16T12:00",
  capacity: "150",
  registrationCategories: ["TEACHER", "PIBG", "COMMUNITY"],
  ...overrides,
});

describe("scheduling a visit", () => {
  it("warns first on a Saturday and saves nothing, then saves once acknowledged", async () => {
    const before = await db.event.count();
    const warned = await callAction(newEvent.action, {
      url: "/events/new",
      cookie,
      form: visit({ startsAt: "2026-12-19T09:00", endsAt: "2026-12-19T12:00" }),
    });
    expect(warned.status).toBe(200);
    expect(warned.data.warnings.map((w: { code: string }) => w.code)).toEqual(["WEEKEND"]);
    expect(await db.event.count()).toBe(before);
    // The form keeps what was typed.
    expect(warned.data.result.initialValue).toMatchObject({ title: "Sesi Advokasi SK Ampangan", startsAt: "2026-12-19T09:00" });

    const saved = await callAction(newEvent.action, {
      url: "/events/new",
      cookie,
      form: visit({ startsAt: "2026-12-19T09:00", endsAt: "2026-12-19T12:00", acknowledgeWarnings: "on" }),
    });
    expect(saved.status).toBe(302);
    const event = await db.event.findFirstOrThrow({ where: { title: "Sesi Advokasi SK Ampangan" }, include: { school: true } });
    expect(saved.location).toBe(`/events/${event.id}`);
    expect(event.status).toBe("DRAFT");
    expect(event.school?.code).toBe("NBA2001");
    expect(event.stateCode).toBe("05");
    // 9:00 in Malaysia is 01:00 UTC, whatever the server's zone.
    expect(event.startsAt.toISOString()).toBe("2026-12-19T01:00:00.000Z");
    expect(event.publicCode).toMatch(/^[a-z2-9]{10}$/);
    const audit = await db.auditEntry.findFirst({ where: { entityType: "Event", entityId: event.id, action: "CREATE" } });
    expect(audit?.actorId).toBe(world.nsCoordinator.id);
  });

  it("saves a weekday visit straight away", async () => {
    const saved = await callAction(newEvent.action, {
      url: "/events/new",
      cookie,
      form: visit({ title: "Sesi hari Rabu", startsAt: "2026-12-23T09:00", endsAt: "2026-12-23T12:00" }),
    });
    expect(saved.status).toBe(302);
  });

  it("keeps the input and explains each bad field", async () => {
    const before = await db.event.count();
    const result = await callAction(newEvent.action, {
      url: "/events/new",
      cookie,
      form: visit({
        title: "",
        schoolCode: "bukan-kod",
        startsAt: "2026-12-16T12:00",
        endsAt: "2026-12-16T09:00",
        capacity: "-5",
        registrationCategories: [],
      }),
    });
    expect(result.status).toBe(400);
    expect(result.data.result.error).toMatchObject({
      title: ["errors.required"],
      schoolCode: ["errors.schoolCode"],
      capacity: [expect.stringMatching(/^errors.tooSmall/)],
      registrationCategories: ["errors.chooseAtLeastOne"],
    });
    expect(result.data.result.initialValue).toMatchObject({ schoolCode: "bukan-kod", capacity: "-5" });
    expect(await db.event.count()).toBe(before);
  });

  it("refuses an end before the start", async () => {
    const result = await callAction(newEvent.action, {
      url: "/events/new",
      cookie,
      form: visit({ startsAt: "2026-12-16T12:00", endsAt: "2026-12-16T09:00" }),
    });
    expect(result.status).toBe(400);
    expect(result.data.result.error.endsAt).toEqual(["errors.event.endBeforeStart"]);
  });

  it("refuses an unknown school and a school in another state", async () => {
    const unknown = await callAction(newEvent.action, { url: "/events/new", cookie, form: visit({ schoolCode: "XYZ0000" }) });
    expect(unknown.data.result.error.schoolCode).toEqual(["errors.event.schoolUnknown"]);
    const other = await callAction(newEvent.action, { url: "/events/new", cookie, form: visit({ schoolCode: "BEA8001" }) });
    expect(other.data.result.error.schoolCode).toEqual(["errors.event.schoolOutOfScope"]);
  });

  it("survives hostile values, one field at a time in an otherwise valid visit", async () => {
    const hostile = [
      "<script>alert(1)</script>",
      "'; DROP TABLE Event; --",
      '=HYPERLINK("http://x")',
      "\u202Egnp.exe",
      "𝕂𝔸𝕊𝕀ℍ 💔",
      "a".repeat(5000),
    ];
    // Each field stored as text, with what the form's hygiene turns the value into.
    const textFields = { title: cleanText, venue: cleanText, notes: cleanMultiline } as const;
    let saved = 0;
    let refused = 0;
    for (const value of hostile) {
      for (const field of ["title", "venue", "notes", "startsAt", "programmeId"] as const) {
        // A unique title (unless the title is the hostile field) finds the row this submission made.
        const marker = `Sesi ${field} ${saved + refused}`;
        const before = await db.event.count();
        const result = await callAction(newEvent.action, {
          url: "/events/new",
          cookie,
          // Acknowledged, so a scheduling warning cannot be the reason nothing was saved.
          form: visit({ title: marker, acknowledgeWarnings: "on", [field]: value }),
        });
        const what = `${field} = ${JSON.stringify(value.slice(0, 30))}`;
        if (result.status === 302) {
          saved++;
          expect(field in textFields, what).toBe(true);
          const clean = textFields[field as keyof typeof textFields](value);
          const event = await db.event.findFirstOrThrow({ where: { title: field === "title" ? clean : marker } });
          expect(event[field as keyof typeof textFields], what).toBe(clean);
        } else {
          refused++;
          // Refused for the hostile field itself, never for a field left valid.
          expect(result.status, what).toBe(400);
          expect(Object.keys(result.data.result.error), what).toEqual([field]);
          expect(await db.event.count(), what).toBe(before);
        }
      }
    }
    // Markup and formulas are kept as the text they are; dates, ids and oversized text are refused.
    expect(saved).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });
});

describe("status transitions", () => {
  it("goes draft → scheduled → completed, and records each change", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, status: "DRAFT", startsAt: at("2026-01-13T09:00") });
    expect(await changeEventStatus(world.nsCoordinator, event.id, "SCHEDULED", undefined)).toEqual({ ok: true });
    expect(await changeEventStatus(world.nsCoordinator, event.id, "COMPLETED", undefined)).toEqual({ ok: true });
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("COMPLETED");
    expect(await db.auditEntry.count({ where: { entityId: event.id, action: "STATUS" } })).toBe(2);
  });

  it("cannot complete an event that has not started, nor reopen a completed one", async () => {
    const future = await makeEvent(db, { programmeId: world.nsProgramme.id, status: "SCHEDULED", startsAt: at("2030-01-15T09:00") });
    expect(await changeEventStatus(world.nsCoordinator, future.id, "COMPLETED", undefined)).toEqual({
      ok: false,
      error: "errors.event.notStartedYet",
    });
    const done = await makeEvent(db, { programmeId: world.nsProgramme.id, status: "COMPLETED", startsAt: at("2026-01-15T09:00") });
    expect(await changeEventStatus(world.nsCoordinator, done.id, "SCHEDULED", undefined)).toEqual({
      ok: false,
      error: "errors.event.transition",
    });
  });

  it("needs a reason to postpone or cancel, and keeps it", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, status: "SCHEDULED", startsAt: at("2027-02-02T09:00") });
    const cookieNs = cookie;
    const missing = await callAction(eventView.action, {
      url: "/",
      cookie: cookieNs,
      params: { eventId: event.id },
      form: { to: "POSTPONED" },
    });
    expect(missing.status).toBe(400);
    expect(missing.data.result.error.reason).toEqual(["errors.event.reasonRequired"]);
    const postponed = await callAction(eventView.action, {
      url: "/",
      cookie: cookieNs,
      params: { eventId: event.id },
      form: { to: "POSTPONED", reason: "Banjir di kawasan sekolah" },
    });
    expect(postponed.status).toBe(302);
    const saved = await db.event.findUniqueOrThrow({ where: { id: event.id } });
    expect(saved).toMatchObject({ status: "POSTPONED", statusReason: "Banjir di kawasan sekolah" });
    expect(await changeEventStatus(world.nsCoordinator, event.id, "SCHEDULED", undefined)).toEqual({ ok: true });
  });

  it("refuses scheduling a school visit without JPN/PPD approval when the programme requires it", async () => {
    const strict = await makeProgramme(db, { stateCode: "05", approvalRequired: true });
    const event = await makeEvent(db, {
      programmeId: strict.id,
      schoolId: world.nsSchool.id,
      status: "DRAFT",
      startsAt: at("2027-03-02T09:00"),
    });
    expect(await changeEventStatus(world.nsCoordinator, event.id, "SCHEDULED", undefined)).toEqual({
      ok: false,
      error: "errors.event.approvalMissing",
    });
    await db.event.update({
      where: { id: event.id },
      data: { approvalReference: "JPNNS.600-1/2/3", approvalDate: "2027-02-01", approvalOffice: "JPN Negeri Sembilan" },
    });
    expect(await changeEventStatus(world.nsCoordinator, event.id, "SCHEDULED", undefined)).toEqual({ ok: true });
  });
});
