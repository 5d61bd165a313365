import { beforeAll, describe, expect, it } from "vitest";
import { monthGrid } from "../../app/modules/calendar/month-grid";
import * as account from "../../app/routes/_app.account";
import * as calendarPage from "../../app/routes/_app.events.calendar";
import * as feed from "../../app/routes/calendar.$token[.ics]";
import * as eventIcs from "../../app/routes/events.$eventId[.ics]";
import * as healthz from "../../app/routes/healthz";
import { db } from "../../app/utils/db.server";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { twoStates } from "../support/scenario";
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
