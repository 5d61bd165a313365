import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import { beforeAll, describe, expect, it } from "vitest";
import { programmeProgress } from "../../app/modules/programmes/programmes.server";
import { checkInTotals } from "../../app/modules/registrations/check-in-sync";
import { checkInOpensAt, checkInWindow } from "../../app/modules/registrations/check-in-window";
import { coverage } from "../../app/modules/reports/coverage.server";
import { dashboard, programmeTargets } from "../../app/modules/reports/dashboard.server";
import * as checkInPage from "../../app/routes/_app.events.$eventId.check-in";
import * as followUpPage from "../../app/routes/_app.events.$eventId.follow-up";
import * as editRegistrationPage from "../../app/routes/_app.events.$eventId.registrations.$registrationId";
import * as addRegistrationPage from "../../app/routes/_app.events.$eventId.registrations.new";
import * as checkInApi from "../../app/routes/api.events.$eventId.check-in";
import { db } from "../../app/utils/db.server";
import { makeEvent, makeProgramme, makeRegistration, makeSchool } from "../support/factories";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

/**
 * Issue 16, "dates guard the session": a session on 13 January 2027, seen on 2 December 2026,
 * could be checked in, thanked by email and counted as held. Nothing of the kind before the day.
 */
let world: Awaited<ReturnType<typeof twoStates>>;
let liaison: string;
let coordinator: string;
let future: { id: string };
let today: { id: string };

const HOUR = 3_600_000;

beforeAll(async () => {
  world = await twoStates();
  liaison = await cookieFor(world.liaison.id);
  coordinator = await cookieFor(world.nsCoordinator.id);
  future = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    title: "Sesi Januari",
    startsAt: new Date(Date.now() + 40 * 24 * HOUR),
  });
  today = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    title: "Sesi hari ini",
    startsAt: new Date(Date.now() - HOUR),
  });
});

describe("check-in opens on the session's day", () => {
  it("opens at the configured Malaysian time on the day, or at the start if that is earlier", () => {
    const session = { status: "SCHEDULED", startsAt: at("2027-01-13T09:00") };
    expect(checkInOpensAt(session.startsAt, "06:00")).toEqual(at("2027-01-13T06:00"));
    expect(checkInWindow(session, "06:00", at("2026-12-02T10:00"))).toEqual({
      open: false,
      reason: "notYet",
      opensAt: at("2027-01-13T06:00"),
    });
    expect(checkInWindow(session, "06:00", at("2027-01-13T05:59")).open).toBe(false);
    expect(checkInWindow(session, "06:00", at("2027-01-13T06:00")).open).toBe(true);
    // Attendance from a paper sheet is entered afterwards.
    expect(checkInWindow({ ...session, status: "COMPLETED" }, "06:00", at("2027-02-01T10:00")).open).toBe(true);
    expect(checkInOpensAt(at("2027-01-13T05:00"), "06:00")).toEqual(at("2027-01-13T05:00"));
    expect(checkInWindow({ ...session, status: "DRAFT" }, "06:00", at("2027-01-13T10:00"))).toEqual({ open: false, reason: "draft" });
    expect(checkInWindow({ ...session, status: "CANCELLED" }, "06:00", at("2027-01-13T10:00")).open).toBe(false);
  });

  it("refuses a check-in, a code, a walk-in and a queued batch before the day, and says when it opens", async () => {
    const person = await makeRegistration(db, { eventId: future.id });
    const url = `/events/${future.id}/check-in`;
    const params = { eventId: future.id };

    const page = await callLoader(checkInPage.loader, { url, cookie: liaison, params });
    expect(page.data.closed).toMatchObject({ open: false, reason: "notYet" });

    const byTap = await callAction(checkInPage.action, {
      url,
      cookie: liaison,
      params,
      form: { intent: "check-in", registrationId: person.id },
    });
    expect(byTap.location).toBe(url);
    const walkIn = await callAction(checkInPage.action, {
      url,
      cookie: liaison,
      params,
      form: { intent: "walk-in", fullName: "Pak Walk In", category: "COMMUNITY", language: "ms", consent: "on" },
    });
    expect(walkIn.status).toBe(409);
    expect(walkIn.data.result.error[""]).toEqual(["errors.checkIn.notOpenYet"]);

    const batch = await callAction(checkInApi.action, {
      url: `/api/events/${future.id}/check-in`,
      cookie: liaison,
      params,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        ops: [
          { kind: "check-in", clientId: "op-future-1", registrationId: person.id },
          { kind: "check-in", clientId: "op-future-2", code: person.checkInCode },
          { kind: "walk-in", clientId: "op-future-3", fullName: "Mak Walk In", category: "PIBG" },
        ],
      }),
    });
    expect(batch.data.results.map((r: { ok: boolean; error?: string }) => [r.ok, r.error])).toEqual([
      [false, "errors.checkIn.notOpenYet"],
      [false, "errors.checkIn.notOpenYet"],
      [false, "errors.checkIn.notOpenYet"],
    ]);
    expect(await db.registration.count({ where: { eventId: future.id, status: "ATTENDED" } })).toBe(0);
    expect(await db.registration.count({ where: { eventId: future.id } })).toBe(1);
  });

  it("refuses staff marking someone present (added or corrected) before the day, and does not offer it", async () => {
    const person = await makeRegistration(db, { eventId: future.id, person: { fullName: "Cikgu Awal" } });
    const edit = await callLoader(editRegistrationPage.loader, {
      url: `/events/${future.id}/registrations/${person.id}`,
      cookie: coordinator,
      params: { eventId: future.id, registrationId: person.id },
    });
    expect(edit.data.attendanceOpen).toBe(false);
    const corrected = await callAction(editRegistrationPage.action, {
      url: `/events/${future.id}/registrations/${person.id}`,
      cookie: coordinator,
      params: { eventId: future.id, registrationId: person.id },
      form: { fullName: "Cikgu Awal", category: "TEACHER", status: "ATTENDED", language: "ms" },
    });
    expect(corrected.status).toBe(400);
    expect(corrected.data.result.error.status).toEqual(["errors.checkIn.notOpenYet"]);
    const added = await callAction(addRegistrationPage.action, {
      url: `/events/${future.id}/registrations/new`,
      cookie: coordinator,
      params: { eventId: future.id },
      form: { fullName: "Encik Tambah", category: "COMMUNITY", status: "ATTENDED", language: "ms", consent: "on" },
    });
    expect(added.status).toBe(400);
    expect(await db.registration.count({ where: { eventId: future.id, status: "ATTENDED" } })).toBe(0);
  });

  it("lets people be checked in on the day, by every path", async () => {
    const person = await makeRegistration(db, { eventId: today.id });
    const params = { eventId: today.id };
    const page = await callLoader(checkInPage.loader, { url: `/events/${today.id}/check-in`, cookie: liaison, params });
    expect(page.data.closed).toBeNull();
    const batch = await callAction(checkInApi.action, {
      url: `/api/events/${today.id}/check-in`,
      cookie: liaison,
      params,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        ops: [
          { kind: "check-in", clientId: "op-today-1", registrationId: person.id },
          { kind: "walk-in", clientId: "op-today-2", fullName: "Mak Walk In", category: "PIBG" },
        ],
      }),
    });
    expect(batch.data.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true]);
    expect(await db.registration.count({ where: { eventId: today.id, status: "ATTENDED" } })).toBe(2);
  });

  it("counts only people holding a seat as expected on the check-in screen (never the waitlist)", () => {
    const person = (id: string, status: string) => ({
      ...{ name: id, phone: "", phoneDigits: "", organisation: null, code: id, checkedInAt: null },
      id,
      status,
      category: "TEACHER",
    });
    // "2 / 2", not "2 / 5": three people waiting for a seat are not expected.
    expect(
      checkInTotals(
        [person("a", "ATTENDED"), person("b", "ATTENDED"), person("c", "WAITLISTED"), person("d", "WAITLISTED"), person("e", "NO_SHOW")],
        ["TEACHER"],
      ),
    ).toEqual([{ category: "TEACHER", attended: 2, expected: 2 }]);
  });
});

describe("a follow-up only after the session has started", () => {
  it("refuses to schedule a follow-up before the session, and says why on the page", async () => {
    const url = `/events/${future.id}/follow-up`;
    const page = await callLoader(followUpPage.loader, { url, cookie: coordinator, params: { eventId: future.id } });
    expect(page.data.started).toBe(false);
    const scheduled = await callAction(followUpPage.action, {
      url,
      cookie: coordinator,
      params: { eventId: future.id },
      form: { intent: "schedule", statuses: "ATTENDED", sendAt: "2026-12-31T09:00" },
    });
    expect(scheduled.status).toBe(409);
    expect(scheduled.data.result.error[""]).toEqual(["errors.followUp.notStarted"]);
    expect(await db.campaign.count({ where: { eventId: future.id, kind: "FOLLOW_UP" } })).toBe(0);
  });

  it("keeps a follow-up scheduled earlier from going out while its session (since moved) is still to come", async () => {
    const moved = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      title: "Sesi dipindah",
      startsAt: new Date(Date.now() + 5 * 24 * HOUR),
    });
    await makeRegistration(db, { eventId: moved.id, status: "ATTENDED", person: { email: "hadir@example.my" } });
    const campaign = await db.campaign.create({
      data: {
        eventId: moved.id,
        kind: "FOLLOW_UP",
        audience: JSON.stringify({ statuses: ["ATTENDED"], categories: [] }),
        sendAt: new Date(Date.now() - HOUR),
        status: "SCHEDULED",
      },
    });
    await runJobsUntilIdle({ kinds: ["CAMPAIGN_EXPANSION"] });
    expect(await db.message.count({ where: { campaignId: campaign.id } })).toBe(0);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("SCHEDULED");
    await db.event.update({ where: { id: moved.id }, data: { startsAt: new Date(Date.now() - 2 * HOUR) } });
    await runJobsUntilIdle({ kinds: ["CAMPAIGN_EXPANSION"] });
    expect(await db.message.findMany({ where: { campaignId: campaign.id }, select: { toEmail: true } })).toEqual([
      { toEmail: "hadir@example.my" },
    ]);
  });

  it("never offers a cancelled or waitlisted person for the preview, and opens it on someone who came", async () => {
    const past = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      title: "Sesi lepas",
      startsAt: new Date(Date.now() - 3 * 24 * HOUR),
    });
    await makeRegistration(db, { eventId: past.id, status: "CANCELLED", person: { fullName: "Aaron Batal", email: "batal@example.my" } });
    await makeRegistration(db, {
      eventId: past.id,
      status: "WAITLISTED",
      person: { fullName: "Abu Menunggu", email: "tunggu@example.my" },
    });
    await makeRegistration(db, {
      eventId: past.id,
      status: "REGISTERED",
      person: { fullName: "Ahmad Daftar", email: "daftar@example.my" },
    });
    await makeRegistration(db, { eventId: past.id, status: "ATTENDED", person: { fullName: "Zainab Hadir", email: "hadir2@example.my" } });
    const page = await callLoader(followUpPage.loader, {
      url: `/events/${past.id}/follow-up`,
      cookie: coordinator,
      params: { eventId: past.id },
    });
    expect(page.data.started).toBe(true);
    expect(page.data.recipients.map((r: { name: string; status: string }) => [r.name, r.status])).toEqual([
      ["Zainab Hadir", "ATTENDED"],
      ["Ahmad Daftar", "REGISTERED"],
    ]);
  });
});

describe("one definition of a session held, in every report", () => {
  it("counts neither a future session with check-ins nor a session nobody attended", async () => {
    const programme = await makeProgramme(db, { title: "KASIH NS 2027", stateCode: "05", year: 2026, targetParticipants: 6000 });
    const schools = [];
    for (const code of ["NBA3001", "NBA3002", "NBA3003"])
      schools.push(await makeSchool(db, { code, name: `SK ${code}`, stateCode: "05", district: "REMBAU" }));
    // 1) held: completed, with two adults who came and children counted.
    const held = await makeEvent(db, {
      programmeId: programme.id,
      schoolId: schools[0].id,
      status: "COMPLETED",
      startsAt: at("2026-10-06T09:00"),
    });
    await makeRegistration(db, { eventId: held.id, status: "ATTENDED" });
    await makeRegistration(db, { eventId: held.id, status: "ATTENDED" });
    await db.pupilCount.create({ data: { eventId: held.id, grade: "T4", sex: "L", count: 30 } });
    // 2) in the future, with five check-ins made too early (before this was refused).
    const early = await makeEvent(db, {
      programmeId: programme.id,
      schoolId: schools[1].id,
      startsAt: new Date(Date.now() + 40 * 24 * HOUR),
    });
    for (let i = 0; i < 5; i++) await makeRegistration(db, { eventId: early.id, status: "ATTENDED" });
    // 3) completed, but nobody came (0 adults, 0 children).
    const empty = await makeEvent(db, {
      programmeId: programme.id,
      schoolId: schools[2].id,
      status: "COMPLETED",
      startsAt: at("2026-10-20T09:00"),
    });
    await makeRegistration(db, { eventId: empty.id, status: "NO_SHOW" });
    await db.pupilCount.create({ data: { eventId: empty.id, grade: "T5", sex: "P", count: 0 } });

    const figures = await dashboard(world.nsCoordinator, { programme: programme.id });
    expect(figures.events.held).toBe(1);
    expect(figures.schools.reached).toBe(1);
    expect(figures.participants.attended).toBe(2);
    expect(figures.children).toBe(30);
    expect(figures.overTime).toEqual([{ month: "2026-10", adults: 2, children: 30 }]);
    expect(figures.bySchool.map((s) => s.id)).toEqual(["NBA3001"]);

    const [targets] = await programmeTargets(world.nsCoordinator, { programme: programme.id });
    expect(targets).toMatchObject({ schools: 1, adults: 2, children: 30 });
    expect(await programmeProgress(world.nsCoordinator, programme.id)).toMatchObject({
      schoolsReached: 1,
      participantsAttended: 2,
      childrenReached: 30,
    });

    const map = await coverage(world.nsCoordinator, "05", 2026);
    const statusOf = (code: string) => map.schools.find((s) => s.code === code)?.status;
    expect([statusOf("NBA3001"), statusOf("NBA3002"), statusOf("NBA3003")]).toEqual(["REACHED", "SCHEDULED", "NEVER"]);
  });
});
