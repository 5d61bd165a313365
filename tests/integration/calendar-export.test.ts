import { beforeAll, describe, expect, it } from "vitest";
import { monthGrid } from "../../app/modules/calendar/month-grid";
import { changeEventStatus, saveEvent } from "../../app/modules/events/events.server";
import { inviteSchools, respondToInvitation } from "../../app/modules/invitations/invitations.server";
import { cancelRegistration } from "../../app/modules/registrations/manage.server";
import { registerPublicly } from "../../app/modules/registrations/register.server";
import * as account from "../../app/routes/_app.account";
import * as calendarPage from "../../app/routes/_app.events.calendar";
import * as feed from "../../app/routes/calendar.$token[.ics]";
import * as eventIcs from "../../app/routes/events.$eventId[.ics]";
import * as participantIcs from "../../app/routes/registration.$token[.ics]";
import * as healthz from "../../app/routes/healthz";
import { db } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { makeEvent } from "../support/factories";
import { readIcs } from "../support/ical";
import { teacher } from "../support/registrations";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";
import { TEST_PROVIDER } from "../support/test-database";

let world: Awaited<ReturnType<typeof twoStates>>;
let cookie: string;
beforeAll(async () => {
  world = await twoStates();
  cookie = await cookieFor(world.nsCoordinator.id);
});

/** Unfolds RFC 5545 lines and reads the first VEVENT's properties. */
function firstEvent(ics: string) {
  const lines = ics.replace(/\r\n[ \t]/g, "").split("\r\n");
  const start = lines.indexOf("BEGIN:VEVENT");
  const props: Record<string, string> = {};
  for (const line of lines.slice(start + 1, lines.indexOf("END:VEVENT", start))) {
    const at = line.indexOf(":");
    props[line.slice(0, at)] = line.slice(at + 1);
  }
  return props;
}

describe("calendar files", () => {
  it("an event downloads as .ics with its Malaysian time in UTC and the helpline", async () => {
    const result = await callLoader(eventIcs.loader, { url: "/", cookie, params: { eventId: world.nsEvent.id } });
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    const ics = result.data as string;
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    const event = firstEvent(ics);
    // 8 December 2026, 9:00 in Malaysia = 01:00 UTC
    expect(event.DTSTART).toBe("20261208T010000Z");
    expect(event.SUMMARY).toBe("Sesi Seri Ampangan");
    expect(event.LOCATION).toContain("SMK SERI AMPANGAN");
    expect(event.DESCRIPTION).toContain("15999");
    expect(ics.split("\r\n").every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });

  it("the personal feed lists the user's scope and stops working once the link is rotated", async () => {
    const { calendarToken } = await db.user.findUniqueOrThrow({ where: { id: world.nsCoordinator.id } });
    const result = await callLoader(feed.loader, { url: "/", params: { token: calendarToken } });
    expect(result.status).toBe(200);
    expect(result.data).toContain("SUMMARY:Sesi Seri Ampangan");
    expect(result.data).not.toContain("Sesi Seksyen 9");

    const rotated = await callAction(account.action, { url: "/account", cookie, form: { intent: "rotate-calendar" } });
    expect(rotated.status).toBe(302);
    expect((await callLoader(feed.loader, { url: "/", params: { token: calendarToken } })).status).toBe(404);
    const fresh = await db.user.findUniqueOrThrow({ where: { id: world.nsCoordinator.id } });
    expect(fresh.calendarToken).not.toBe(calendarToken);
    expect((await callLoader(feed.loader, { url: "/", params: { token: fresh.calendarToken } })).status).toBe(200);
  });

  it("a made-up token is not found", async () => {
    expect((await callLoader(feed.loader, { url: "/", params: { token: "../../etc/passwd" } })).status).toBe(404);
    expect((await callLoader(feed.loader, { url: "/", params: { token: "a".repeat(32) } })).status).toBe(404);
  });
});

/** The STATUS a calendar should show for each of the app's statuses. */
const EXPECTED_STATUS: Record<string, string> = {
  DRAFT: "TENTATIVE",
  SCHEDULED: "CONFIRMED",
  COMPLETED: "CONFIRMED",
  POSTPONED: "TENTATIVE",
  CANCELLED: "CANCELLED",
};

/** Calls a calendar route and reads its answer with ical.js, noting when it was asked (DTSTAMP falls in between). */
async function fetchCalendar(run: () => Promise<{ status: number; data: unknown }>) {
  const before = Math.floor(Date.now() / 1000) * 1000;
  const result = await run();
  expect(result.status).toBe(200);
  return { ...readIcs(result.data as string), before, after: Date.now() };
}

describe("calendar files as calendar programs read them (ical.js)", () => {
  it("the staff download, the feed and the participant's file carry the app's own UID, SEQUENCE, STATUS and UTC times", async () => {
    await db.event.update({ where: { id: world.nsEvent.id }, data: { calendarSequence: 2 } });
    const event = await db.event.findUniqueOrThrow({ where: { id: world.nsEvent.id } });
    const staff = await fetchCalendar(() => callLoader(eventIcs.loader, { url: "/", cookie, params: { eventId: event.id } }));
    expect(staff.method).toBe("PUBLISH");
    expect(staff.events).toHaveLength(1);
    const [entry] = staff.events;
    expect(entry).toMatchObject({
      uid: `event-${event.id}@kasih-outreach`,
      summary: event.title,
      sequence: 2,
      status: "CONFIRMED",
      start: event.startsAt,
      end: event.endsAt,
      utc: true,
      url: `${env.APP_URL}/events/${event.id}`,
      organizer: "mailto:no-reply@kasih.local",
    });
    expect(entry.dtstamp.getTime()).toBeGreaterThanOrEqual(staff.before);
    expect(entry.dtstamp.getTime()).toBeLessThanOrEqual(staff.after);

    // The feed: every entry is one of the user's events, as the database has it.
    await makeEvent(db, { programmeId: world.nsProgramme.id, status: "POSTPONED", startsAt: at("2027-01-05T14:00") });
    await makeEvent(db, { programmeId: world.nsProgramme.id, status: "CANCELLED", startsAt: at("2027-01-06T08:30") });
    const { calendarToken } = await db.user.findUniqueOrThrow({ where: { id: world.nsCoordinator.id } });
    const subscribed = await fetchCalendar(() => callLoader(feed.loader, { url: "/", params: { token: calendarToken } }));
    expect(subscribed.name).toContain(world.nsCoordinator.name);
    const inScope = await db.event.findMany({ where: { stateCode: "05" } });
    expect(subscribed.events.length).toBeGreaterThanOrEqual(3);
    for (const read of subscribed.events) {
      const row = inScope.find((e) => read.uid === `event-${e.id}@kasih-outreach`);
      expect(row, read.uid).toBeDefined();
      expect(read).toMatchObject({
        sequence: row!.calendarSequence,
        status: EXPECTED_STATUS[row!.status],
        start: row!.startsAt,
        end: row!.endsAt,
        utc: true,
      });
      expect(read.dtstamp.getTime()).toBeGreaterThanOrEqual(subscribed.before);
    }
    expect(new Set(subscribed.events.map((e) => e.status))).toEqual(new Set(["CONFIRMED", "TENTATIVE", "CANCELLED"]));

    // The participant's own file: the same entry, linking their own page rather than a staff one.
    const registered = (await registerPublicly(event.publicCode, teacher(90))) as { registrationId: string; manageToken: string };
    const token = registered.manageToken;
    const own = await fetchCalendar(() => callLoader(participantIcs.loader, { url: "/", params: { token } }));
    expect(own.events[0]).toMatchObject({
      uid: entry.uid,
      sequence: 2,
      status: "CONFIRMED",
      start: event.startsAt,
      url: `${env.APP_URL}/registration/${token}`,
    });
    // On the waiting list: in the calendar as tentative, since the place is not theirs yet.
    await db.registration.update({ where: { id: registered.registrationId }, data: { status: "WAITLISTED", waitlistedAt: new Date() } });
    const waiting = await fetchCalendar(() => callLoader(participantIcs.loader, { url: "/", params: { token } }));
    expect(waiting.events[0]).toMatchObject({ uid: entry.uid, status: "TENTATIVE" });
    await cancelRegistration(registered.registrationId, null);
    const cancelled = await fetchCalendar(() => callLoader(participantIcs.loader, { url: "/", params: { token } }));
    expect(cancelled.events[0]).toMatchObject({ uid: entry.uid, status: "CANCELLED" });
  });

  it("SEQUENCE counts the changes to time, place and status, one at a time", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      title: "Sesi Kiraan",
      status: "DRAFT",
      startsAt: at("2027-02-16T09:00"),
    });
    const sequence = async () => (await db.event.findUniqueOrThrow({ where: { id: event.id } })).calendarSequence;
    const save = (fields: { title?: string; startsAt?: string; venue?: string }) =>
      saveEvent(
        world.nsCoordinator,
        {
          programmeId: world.nsProgramme.id,
          type: "SCHOOL_SESSION",
          title: fields.title ?? "Sesi Kiraan",
          schoolCode: "NEB2069",
          venue: fields.venue,
          startsAt: at(fields.startsAt ?? "2027-02-16T09:00"),
          endsAt: new Date(at(fields.startsAt ?? "2027-02-16T09:00").getTime() + 3 * 3_600_000),
          registrationCategories: ["TEACHER", "PIBG", "COMMUNITY"],
          acknowledgeWarnings: true,
        },
        "ms",
        event.id,
      );
    expect(await sequence()).toBe(0);
    await save({ title: "Sesi Kiraan (dikemas kini)" });
    expect(await sequence()).toBe(0);
    await save({ startsAt: "2027-02-17T09:00" });
    expect(await sequence()).toBe(1);
    await save({ startsAt: "2027-02-17T09:00", venue: "Dewan Besar" });
    expect(await sequence()).toBe(2);
    await changeEventStatus(world.nsCoordinator, event.id, "SCHEDULED", undefined);
    expect(await sequence()).toBe(3);
    await changeEventStatus(world.nsCoordinator, event.id, "POSTPONED", "Cuti");
    expect(await sequence()).toBe(4);

    // A school's answer with another date moves its visit: one more.
    const [invitation] = await inviteSchools(world.nsCoordinator, world.nsProgramme.id, [world.nsOtherSchool.id], "Januari").then(() =>
      db.schoolInvitation.findMany({ where: { schoolId: world.nsOtherSchool.id } }),
    );
    await respondToInvitation(world.nsCoordinator, {
      intent: "respond",
      invitationId: invitation.id,
      status: "ACCEPTED",
      chosenDate: "2027-01-12",
    });
    const visit = await db.schoolInvitation.findUniqueOrThrow({ where: { id: invitation.id } });
    await respondToInvitation(world.nsCoordinator, {
      intent: "respond",
      invitationId: invitation.id,
      status: "ACCEPTED",
      chosenDate: "2027-01-19",
    });
    expect((await db.event.findUniqueOrThrow({ where: { id: visit.eventId! } })).calendarSequence).toBe(1);
  });
});

describe("the month calendar", () => {
  it("places an event on its Malaysian date, Monday first", async () => {
    const result = await callLoader(calendarPage.loader, { url: "/events/calendar?month=2026-12", cookie });
    expect(result.data.month).toBe("2026-12");
    expect(result.data.weeks[0][0]).toBe("2026-11-30");
    expect(result.data.events.map((e: { title: string; date: string }) => [e.title, e.date])).toEqual([
      ["Sesi Seri Ampangan", "2026-12-08"],
    ]);
  });

  it("an impossible month falls back to the current one", async () => {
    const result = await callLoader(calendarPage.loader, { url: "/events/calendar?month=2026-13", cookie });
    expect(result.status).toBe(200);
    expect(result.data.month).toMatch(/^\d{4}-\d{2}$/);
  });

  it("covers whole weeks", () => {
    const { weeks } = monthGrid("2024-04");
    expect(weeks[0][0]).toBe("2024-04-01");
    expect(weeks.at(-1)!.at(-1)! >= "2024-04-30").toBe(true);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });
});

describe("health check", () => {
  it("reports the database", async () => {
    const result = await callLoader(healthz.loader, { url: "/healthz" });
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ status: "ok", database: { status: "ok", provider: TEST_PROVIDER } });
  });
});
