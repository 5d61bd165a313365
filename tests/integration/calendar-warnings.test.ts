import { beforeAll, describe, expect, it } from "vitest";
import { schedulingWarnings } from "../../app/modules/calendar/scheduling-warnings.server";
import * as calendarAdmin from "../../app/routes/_app.admin.calendar";
import * as monthCalendar from "../../app/routes/_app.events.calendar";
import * as warningsApi from "../../app/routes/api.scheduling-warnings";
import { db } from "../../app/utils/db.server";
import { makeEvent, makeProgramme } from "../support/factories";
import { callLoader, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

/**
 * Issue 16, scheduling warnings: silent when the calendar data runs out (nothing after 29 March
 * 2026), nothing about a date in the past or outside the programme's year, and holidays missing
 * from the month calendar. The data seeded here is the reference data: KPM breaks to 29 March 2026
 * and official corrections for 2025 only.
 */
let world: Awaited<ReturnType<typeof twoStates>>;
let admin: string;
let coordinator: string;

const NOW = at("2026-12-02T10:00");
const check = (start: string, extra: { programmeId?: string; eventId?: string } = {}) =>
  schedulingWarnings({ stateCode: "05", startsAt: at(start), endsAt: at(start.replace(/T.*/, "T12:00")), ...extra }, "ms", NOW);

beforeAll(async () => {
  world = await twoStates();
  admin = await cookieFor(world.admin.id);
  coordinator = await cookieFor(world.nsCoordinator.id);
});

describe("scheduling warnings say what they cannot check", () => {
  it("says the school breaks are not recorded after 29 March 2026, and the 2027 holidays were never checked", async () => {
    const warnings = await check("2027-01-13T09:00");
    const byCode = Object.fromEntries(warnings.map((w) => [w.code, w]));
    expect(byCode.NO_SCHOOL_TERM_DATA.params).toEqual({ group: "B", until: "29 Mac 2026" });
    expect(byCode.NO_HOLIDAY_DATA.params).toEqual({ year: 2027 });
  });

  it("says nothing of the kind for dates the data covers (2025: breaks recorded, holidays corrected)", async () => {
    const codes = (
      await schedulingWarnings(
        { stateCode: "05", startsAt: at("2025-07-08T09:00"), endsAt: at("2025-07-08T12:00") },
        "ms",
        at("2025-01-01T00:00"),
      )
    ).map((w) => w.code);
    expect(codes).toEqual([]);
  });

  it("warns on a date in the past, but not for an event keeping the date it already had", async () => {
    expect((await check("2026-11-03T09:00")).map((w) => w.code)).toContain("PAST");
    const held = await makeEvent(db, { programmeId: world.nsProgramme.id, title: "Sesi lalu", startsAt: at("2026-11-03T09:00") });
    expect((await check("2026-11-03T09:00", { eventId: held.id })).map((w) => w.code)).not.toContain("PAST");
  });

  it("warns on a date outside the programme's year", async () => {
    const warnings = await check("2027-01-13T09:00", { programmeId: world.nsProgramme.id });
    expect(warnings.find((w) => w.code === "OUTSIDE_PROGRAMME_YEAR")?.params).toEqual({
      programme: "KASIH NS 2026",
      programmeYear: 2026,
      year: 2027,
    });
    expect((await check("2026-12-15T09:00", { programmeId: world.nsProgramme.id })).map((w) => w.code)).not.toContain(
      "OUTSIDE_PROGRAMME_YEAR",
    );
  });

  it("gives the event form the same warnings live, with the programme it belongs to", async () => {
    const query = new URLSearchParams({
      stateCode: "05",
      startsAt: "2027-01-13T09:00",
      endsAt: "2027-01-13T12:00",
      programmeId: world.nsProgramme.id,
    });
    const live = await callLoader(warningsApi.loader, { url: `/api/scheduling-warnings?${query}`, cookie: coordinator });
    expect(live.data.warnings.map((w: { code: string }) => w.code)).toEqual(
      expect.arrayContaining(["OUTSIDE_PROGRAMME_YEAR", "NO_SCHOOL_TERM_DATA", "NO_HOLIDAY_DATA"]),
    );
  });
});

describe("the administrator sees which years are missing", () => {
  it("lists this year and next (and years with sessions planned) until their data is recorded", async () => {
    await makeEvent(db, { programmeId: (await makeProgramme(db, { stateCode: "05", year: 2029 })).id, startsAt: at("2029-03-05T09:00") });
    const page = await callLoader(calendarAdmin.loader, { url: "/admin/calendar", cookie: admin });
    const years = page.data.gaps.map((g: { year: number }) => g.year);
    expect(years).toEqual([2026, 2027, 2029]);
    expect(page.data.gaps[0]).toEqual({
      year: 2026,
      holidaysUnchecked: true,
      breaks: [
        { group: "A", until: "2026-03-28" },
        { group: "B", until: "2026-03-29" },
      ],
    });
    // Recorded: the 2026 breaks to the year's end and a 2026 correction.
    for (const calendarGroup of ["A", "B"])
      await db.schoolBreak.create({ data: { calendarGroup, name: "Cuti Akhir 2026", startDate: "2026-12-19", endDate: "2027-01-10" } });
    // A state's own correction is not the national list checked.
    await db.holidayOverride.create({ data: { date: "2026-06-18", stateCode: "02", name: "Cuti Kedah", action: "ADD" } });
    const partly = await callLoader(calendarAdmin.loader, { url: "/admin/calendar", cookie: admin });
    expect(partly.data.gaps[0]).toEqual({ year: 2026, holidaysUnchecked: true, breaks: [] });
    await db.holidayOverride.create({ data: { date: "2026-12-30", stateCode: null, name: "Senarai rasmi 2026", action: "REMOVE" } });
    const after = await callLoader(calendarAdmin.loader, { url: "/admin/calendar", cookie: admin });
    expect(after.data.gaps.map((g: { year: number }) => g.year)).toEqual([2027, 2029]);
  });
});

describe("the month calendar marks public holidays and school breaks", () => {
  it("marks the holidays of the chosen state, with replacement days, and the school breaks of its group", async () => {
    const march = await callLoader(monthCalendar.loader, { url: "/events/calendar?month=2026-03&state=03", cookie: coordinator });
    expect(march.data.state).toMatchObject({ code: "03", calendarGroup: "A" });
    expect(march.data.holidays["2026-03-21"]).toEqual(["Hari Raya Aidil Fitri"]);
    expect(march.data.holidays["2026-03-23"]).toEqual(["Cuti ganti Hari Raya Aidil Fitri"]);
    expect(march.data.breaks).toEqual([{ name: "Cuti Perayaan Aidilfitri 2026", from: "2026-03-20", to: "2026-03-28" }]);
    // A coordinator's own state by default, with its weekend.
    const own = await callLoader(monthCalendar.loader, { url: "/events/calendar?month=2026-11", cookie: coordinator });
    expect(own.data.state.code).toBe("05");
    expect(own.data.weekend).toEqual([6, 0]);
    expect(own.data.holidays["2026-11-09"]).toEqual(["Cuti ganti Deepavali"]);
  });
});
