import { beforeAll, describe, expect, it } from "vitest";
import * as eventIcs from "../../app/routes/events.$eventId[.ics]";
import * as eventEdit from "../../app/routes/_app.events.$eventId.edit";
import * as eventView from "../../app/routes/_app.events.$eventId._index";
import * as eventList from "../../app/routes/_app.events._index";
import * as programmeEdit from "../../app/routes/_app.programmes.$programmeId.edit";
import * as programmeView from "../../app/routes/_app.programmes.$programmeId._index";
import * as schoolEdit from "../../app/routes/_app.schools.$schoolId.edit";
import * as usersPage from "../../app/routes/_app.admin.users._index";
import * as warnings from "../../app/routes/api.scheduling-warnings";
import { db } from "../../app/utils/db.server";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
let selangor: string;
let negeriSembilan: string;

beforeAll(async () => {
  world = await twoStates();
  selangor = await cookieFor(world.selCoordinator.id);
  negeriSembilan = await cookieFor(world.nsCoordinator.id);
});

describe("a Selangor coordinator and a Negeri Sembilan event", () => {
  it("does not list it", async () => {
    const result = await callLoader(eventList.loader, { url: "/events?when=all", cookie: selangor });
    const titles = result.data.events.items.map((e: { title: string }) => e.title);
    expect(titles).toContain("Sesi Seksyen 9");
    expect(titles).not.toContain("Sesi Seri Ampangan");
  });

  it("does not list it even when filtering by its state", async () => {
    const result = await callLoader(eventList.loader, { url: "/events?when=all&state=05", cookie: selangor });
    expect(result.data.events.total).toBe(0);
  });

  it("cannot open it", async () => {
    const result = await callLoader(eventView.loader, {
      url: `/events/${world.nsEvent.id}`,
      cookie: selangor,
      params: { eventId: world.nsEvent.id },
    });
    expect(result.status).toBe(404);
    expect(JSON.stringify(result.data)).not.toContain("Seri Ampangan");
  });

  it("cannot open its edit form", async () => {
    const result = await callLoader(eventEdit.loader, {
      url: `/events/${world.nsEvent.id}/edit`,
      cookie: selangor,
      params: { eventId: world.nsEvent.id },
    });
    expect([403, 404]).toContain(result.status);
  });

  it("cannot edit it, and nothing changes", async () => {
    const result = await callAction(eventEdit.action, {
      url: `/events/${world.nsEvent.id}/edit`,
      cookie: selangor,
      params: { eventId: world.nsEvent.id },
      form: {
        programmeId: world.selProgramme.id,
        type: "SCHOOL_SESSION",
        title: "Diambil alih",
        schoolCode: "BEA8001",
        startsAt: "2026-12-10T09:00",
        endsAt: "2026-12-10T12:00",
        registrationCategories: "TEACHER",
        acknowledgeWarnings: "on",
      },
    });
    expect([403, 404]).toContain(result.status);
    const event = await db.event.findUniqueOrThrow({ where: { id: world.nsEvent.id } });
    expect(event.title).toBe("Sesi Seri Ampangan");
  });

  it("cannot change its status", async () => {
    const result = await callAction(eventView.action, {
      url: `/events/${world.nsEvent.id}`,
      cookie: selangor,
      params: { eventId: world.nsEvent.id },
      form: { to: "CANCELLED", reason: "Sabotaj" },
    });
    expect([403, 404]).toContain(result.status);
    expect((await db.event.findUniqueOrThrow({ where: { id: world.nsEvent.id } })).status).toBe("SCHEDULED");
  });

  it("cannot export it as a calendar file", async () => {
    const result = await callLoader(eventIcs.loader, {
      url: `/events/${world.nsEvent.id}.ics`,
      cookie: selangor,
      params: { eventId: world.nsEvent.id },
    });
    expect(result.status).toBe(404);
  });

  it("cannot open or edit the Negeri Sembilan programme", async () => {
    const view = await callLoader(programmeView.loader, { url: "/", cookie: selangor, params: { programmeId: world.nsProgramme.id } });
    expect(view.status).toBe(404);
    const edit = await callLoader(programmeEdit.loader, { url: "/", cookie: selangor, params: { programmeId: world.nsProgramme.id } });
    expect([403, 404]).toContain(edit.status);
  });

  it("cannot learn of it through the scheduling warnings", async () => {
    const url = `/api/scheduling-warnings?schoolCode=NEB2069&startsAt=2026-12-08T10:00&endsAt=2026-12-08T12:00`;
    const own = await callLoader(warnings.loader, { url, cookie: negeriSembilan });
    expect(own.data.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "SCHOOL_BUSY", params: expect.objectContaining({ title: "Sesi Seri Ampangan" }) }),
      ]),
    );
    const other = await callLoader(warnings.loader, { url, cookie: selangor });
    expect(other.data.warnings).toEqual([]);
  });

  it("cannot edit a Negeri Sembilan school", async () => {
    const result = await callLoader(schoolEdit.loader, { url: "/", cookie: selangor, params: { schoolId: world.nsSchool.id } });
    expect([403, 404]).toContain(result.status);
  });
});

describe("the Negeri Sembilan coordinator", () => {
  it("sees and opens their own event", async () => {
    const list = await callLoader(eventList.loader, { url: "/events?when=all", cookie: negeriSembilan });
    expect(list.data.events.items.map((e: { title: string }) => e.title)).toEqual(["Sesi Seri Ampangan"]);
    const view = await callLoader(eventView.loader, { url: "/", cookie: negeriSembilan, params: { eventId: world.nsEvent.id } });
    expect(view.status).toBe(200);
    expect(view.data.event.title).toBe("Sesi Seri Ampangan");
    expect(view.data.canEdit).toBe(true);
  });

  it("cannot manage users", async () => {
    const result = await callLoader(usersPage.loader, { url: "/admin/users", cookie: negeriSembilan });
    expect(result.status).toBe(403);
  });
});

describe("other roles", () => {
  it("a liaison teacher sees only their school's events and cannot edit them", async () => {
    const cookie = await cookieFor(world.liaison.id);
    const list = await callLoader(eventList.loader, { url: "/events?when=all", cookie });
    expect(list.data.events.items.map((e: { title: string }) => e.title)).toEqual(["Sesi Seri Ampangan"]);
    const view = await callLoader(eventView.loader, { url: "/", cookie, params: { eventId: world.nsEvent.id } });
    expect(view.data.canEdit).toBe(false);
    const edit = await callLoader(eventEdit.loader, { url: "/", cookie, params: { eventId: world.nsEvent.id } });
    expect(edit.status).toBe(403);
  });

  it("a viewer reads events but cannot change them", async () => {
    const cookie = await cookieFor(world.viewer.id);
    const list = await callLoader(eventList.loader, { url: "/events?when=all", cookie });
    expect(list.data.events.total).toBe(2);
    const status = await callAction(eventView.action, {
      url: "/",
      cookie,
      params: { eventId: world.nsEvent.id },
      form: { to: "CANCELLED", reason: "x" },
    });
    expect(status.status).toBe(403);
  });

  it("the administrator sees every state", async () => {
    const cookie = await cookieFor(world.admin.id);
    const list = await callLoader(eventList.loader, { url: "/events?when=all", cookie });
    expect(list.data.events.total).toBe(2);
  });

  it("a signed-out visitor is sent to sign in", async () => {
    const result = await callLoader(eventList.loader, { url: "/events" });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/sign-in?redirectTo=%2Fevents");
  });
});
