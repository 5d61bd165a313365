import { beforeAll, describe, expect, it } from "vitest";
import * as attendancePage from "../../app/routes/_app.events.$eventId.attendance";
import * as checkInPage from "../../app/routes/_app.events.$eventId.check-in";
import * as checkInApi from "../../app/routes/api.events.$eventId.check-in";
import { SHEET_PAGE_SIZE } from "../../app/modules/registrations/attendance.server";
import { CHECK_IN_SHOWN, checkInTotals, type CheckInPerson } from "../../app/modules/registrations/check-in-sync";
import { parseCategories } from "../../app/modules/events/event-rules";
import { db } from "../../app/utils/db.server";
import { makeEvent } from "../support/factories";
import { callLoader, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

/**
 * A launch-sized event (more names than the check-in screen shows and than one page of the
 * attendance sheet holds): the check-in list and the sheet's pages must hold everyone, once.
 */
const PEOPLE = 1_234;
const STATUSES = ["REGISTERED", "ATTENDED", "NO_SHOW", "WAITLISTED", "CANCELLED"];
const CATEGORIES = ["TEACHER", "PIBG", "COMMUNITY"];

let world: Awaited<ReturnType<typeof twoStates>>;
let admin: string;
let eventId: string;
let categories: string[];
type Row = { id: string; fullName: string; status: string; category: string; organisation: string | null };
let registrations: Row[];

beforeAll(async () => {
  world = await twoStates();
  admin = await cookieFor(world.admin.id);
  const event = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    startsAt: at("2026-03-02T09:00"),
    registrationCategories: CATEGORIES.join(","),
  });
  eventId = event.id;
  categories = parseCategories(event.registrationCategories);
  const people = Array.from({ length: PEOPLE }, (_, i) => ({
    id: `bigperson${String(i).padStart(5, "0")}`,
    // Every seventh person shares a name with others (the sheet orders them by id among themselves).
    fullName: i % 7 === 0 ? "Nur Aisyah binti Ahmad" : `Peserta ${String((i * 7919) % PEOPLE).padStart(5, "0")}`,
    nameKey: `peserta-${i}`,
    phoneE164: `+60123${String(i).padStart(6, "0")}`,
    searchText: `peserta ${i}`,
  }));
  await db.person.createMany({ data: people });
  await db.registration.createMany({
    data: people.map((p, i) => ({
      id: `bigreg${String(i).padStart(5, "0")}`,
      eventId,
      personId: p.id,
      fullName: p.fullName,
      phoneE164: p.phoneE164,
      searchText: p.searchText,
      language: "ms",
      category: CATEGORIES[i % CATEGORIES.length],
      status: STATUSES[i % STATUSES.length],
      source: "ONLINE",
      // Unique, so each row of the sheet says who it is.
      organisation: `Sekolah ${i}`,
      checkInCode: `BIG${String(i).padStart(5, "0")}`,
      manageToken: `big-manage-${i}`,
      checkedInAt: STATUSES[i % STATUSES.length] === "ATTENDED" ? new Date("2026-03-02T01:30:00Z") : null,
      waitlistedAt: STATUSES[i % STATUSES.length] === "WAITLISTED" ? new Date("2026-02-20T01:30:00Z") : null,
    })),
  });
  registrations = await db.registration.findMany({
    where: { eventId },
    select: { id: true, fullName: true, status: true, category: true, organisation: true },
  });
  expect(registrations).toHaveLength(PEOPLE);
});

describe("the check-in list of a big event", () => {
  it("the list route sends everyone who may come (not cancelled), each once", async () => {
    const { status, data } = await callLoader(checkInApi.loader, { url: "/", cookie: admin, params: { eventId } });
    expect(status).toBe(200);
    const ids = (data.people as CheckInPerson[]).map((p) => p.id);
    const expected = registrations.filter((r) => r.status !== "CANCELLED").map((r) => r.id);
    expect(ids.length).toBeGreaterThan(CHECK_IN_SHOWN);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expected].sort());
  });

  it("the page carries only its first screenful, with the whole event's totals and count", async () => {
    const { data: list } = await callLoader(checkInApi.loader, { url: "/", cookie: admin, params: { eventId } });
    const { data } = await callLoader(checkInPage.loader, { url: "/", cookie: admin, params: { eventId } });
    expect(data.firstScreen.people).toHaveLength(CHECK_IN_SHOWN);
    // Its empty version makes the screen fetch the whole list.
    expect(data.firstScreen.version).toBe("");
    expect(data.matched).toBe(list.people.length);
    expect(data.totals).toEqual(checkInTotals(list.people, categories));
    // The first screenful is the start of the whole list, in the same order.
    expect(data.firstScreen.people).toEqual(list.people.slice(0, CHECK_IN_SHOWN));
  });

  it("without JavaScript the server searches the whole list, finding someone far down it", async () => {
    const last = registrations.filter((r) => r.status !== "CANCELLED").at(-1)!;
    const { data } = await callLoader(checkInPage.loader, {
      url: `/?q=${encodeURIComponent(last.organisation!)}`,
      cookie: admin,
      params: { eventId },
    });
    expect(data.matched).toBe(1);
    expect(data.firstScreen.people.map((p: CheckInPerson) => p.id)).toEqual([last.id]);
    const { data: shared } = await callLoader(checkInPage.loader, { url: "/?q=aisyah", cookie: admin, params: { eventId } });
    const aisyahs = registrations.filter((r) => r.status !== "CANCELLED" && r.fullName.includes("Aisyah")).length;
    expect(shared.matched).toBe(aisyahs);
    expect(shared.firstScreen.people).toHaveLength(Math.min(aisyahs, CHECK_IN_SHOWN));
  });
});

describe("the attendance sheet of a big event, page by page", () => {
  it("its pages together hold everyone with a seat once, numbered on from page to page", async () => {
    const expected = registrations.filter((r) => ["REGISTERED", "ATTENDED", "NO_SHOW"].includes(r.status));
    const first = await callLoader(attendancePage.loader, { url: "/", cookie: admin, params: { eventId } });
    expect(first.data.total).toBe(expected.length);
    expect(first.data.pageCount).toBe(Math.ceil(expected.length / SHEET_PAGE_SIZE));
    expect(first.data.pageCount).toBeGreaterThan(1);
    const rows: { number: number; organisation: string; category: string; name: string; attended: boolean }[] = [];
    for (let page = 1; page <= first.data.pageCount; page++) {
      const { data } = await callLoader(attendancePage.loader, { url: `/?page=${page}`, cookie: admin, params: { eventId } });
      expect(data.page).toBe(page);
      expect(data.rows.length).toBe(page < first.data.pageCount ? SHEET_PAGE_SIZE : expected.length - (page - 1) * SHEET_PAGE_SIZE);
      rows.push(...data.rows);
    }
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: expected.length }, (_, i) => i + 1));
    const key = (r: { organisation: string | null; category: string; name: string }) => `${r.organisation}|${r.category}|${r.name}`;
    expect(rows.map(key).sort()).toEqual(expected.map((r) => key({ ...r, name: r.fullName })).sort());
    expect(rows.filter((r) => r.attended)).toHaveLength(expected.filter((r) => r.status === "ATTENDED").length);
    // Ordered by category, then name, across page boundaries.
    const categoriesInOrder = rows.map((r) => r.category);
    expect(categoriesInOrder).toEqual([...categoriesInOrder].sort());
  });

  it("a page past the end (the list got shorter since the link was made) shows the last page", async () => {
    const { data: first } = await callLoader(attendancePage.loader, { url: "/", cookie: admin, params: { eventId } });
    const { data } = await callLoader(attendancePage.loader, { url: "/?page=999", cookie: admin, params: { eventId } });
    expect(data.page).toBe(first.pageCount);
    expect(data.rows.at(-1).number).toBe(first.total);
  });
});
