import { beforeAll, describe, expect, it } from "vitest";
import { invitationText, whatsAppShareUrl } from "../../app/modules/events/share";
import { translateError } from "../../app/modules/i18n/translate";
import { PublicRegistrationSchema, StaffRegistrationSchema } from "../../app/modules/registrations/registration-schema";
import { seatSummary } from "../../app/modules/registrations/seat-summary";
import * as eventPage from "../../app/routes/_app.events.$eventId._index";
import * as posterPage from "../../app/routes/_app.events.$eventId.poster";
import * as registerPage from "../../app/routes/r.$code";
import * as participantPage from "../../app/routes/registration.$token";
import { db } from "../../app/utils/db.server";
import { makeEvent, makeRegistration } from "../support/factories";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

/** Issue 16, "pages that tell the truth". */
let world: Awaited<ReturnType<typeof twoStates>>;
let coordinator: string;
let full: { id: string; publicCode: string };

const DAY = 24 * 3_600_000;

beforeAll(async () => {
  world = await twoStates();
  coordinator = await cookieFor(world.nsCoordinator.id);
  full = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    title: "Sesi penuh",
    capacity: 1,
    startsAt: new Date(Date.now() + 10 * DAY),
  });
  await makeRegistration(db, { eventId: full.id, status: "REGISTERED" });
});

const page = (token: string, query = "") =>
  callLoader(participantPage.loader, { url: `/registration/${token}${query}`, params: { token } });

describe("the participant's own page, per status", () => {
  it("waitlisted: the position and what happens next, a way off the list, no QR, no calendar, no success banner", async () => {
    const waiting = await makeRegistration(db, { eventId: full.id, status: "WAITLISTED" });
    const { data } = await page(waiting.manageToken, "?new=1");
    expect(data.registration).toMatchObject({ status: "WAITLISTED", position: 1 });
    expect(data.qr).toBeNull();
    expect(data.calendar).toBe(false);
    expect(data.canCancel).toBe(true);
    expect(data.confirmingCancel).toBe(false);
  });

  it("registered: the QR to show at the desk and the calendar entry", async () => {
    const seated = await db.registration.findFirstOrThrow({ where: { eventId: full.id, status: "REGISTERED" } });
    const { data } = await page(seated.manageToken);
    expect(data.qr).toContain("<svg");
    expect(data.calendar).toBe(true);
  });

  it("asks before cancelling, without JavaScript: the first tap only asks, the confirmation cancels", async () => {
    const waiting = await makeRegistration(db, { eventId: full.id, status: "WAITLISTED" });
    const token = waiting.manageToken;
    // An old one-tap form, or a stray request: asked to confirm, nothing changes.
    const oneTap = await callAction(participantPage.action, { url: `/registration/${token}`, params: { token }, form: {} });
    expect(oneTap.location).toBe(`/registration/${token}?cancel=1`);
    expect((await db.registration.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("WAITLISTED");
    expect((await page(token, "?cancel=1")).data.confirmingCancel).toBe(true);
    const confirmed = await callAction(participantPage.action, {
      url: `/registration/${token}`,
      params: { token },
      form: { confirm: "yes" },
    });
    expect(confirmed.location).toBe(`/registration/${token}`);
    expect((await db.registration.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("CANCELLED");
  });

  it("cancelled: no QR, no calendar, nothing to cancel, and a way to register again while registration is open", async () => {
    const cancelled = await makeRegistration(db, { eventId: full.id, status: "CANCELLED" });
    const { data } = await page(cancelled.manageToken);
    expect(data).toMatchObject({ qr: null, calendar: false, canCancel: false, registerAgain: `/r/${full.publicCode}` });
    const past = await makeEvent(db, { programmeId: world.nsProgramme.id, title: "Sesi lepas", startsAt: at("2026-03-03T09:00") });
    const late = await makeRegistration(db, { eventId: past.id, status: "CANCELLED" });
    expect((await page(late.manageToken)).data.registerAgain).toBeNull();
  });
});

describe("the public form and the event's pages", () => {
  it("says a full event is full before the form is filled in, and at which place on the waitlist", async () => {
    const form = await callLoader(registerPage.loader, { url: `/r/${full.publicCode}`, params: { code: full.publicCode } });
    expect(form.data.waitlist).toEqual({
      position: (await db.registration.count({ where: { eventId: full.id, status: "WAITLISTED" } })) + 1,
    });
    const open = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      title: "Sesi lapang",
      capacity: 50,
      startsAt: new Date(Date.now() + 9 * DAY),
    });
    expect(
      (await callLoader(registerPage.loader, { url: `/r/${open.publicCode}`, params: { code: open.publicCode } })).data.waitlist,
    ).toBeNull();
  });

  it("a draft's page says its link opens when it is scheduled, and offers nothing to share", async () => {
    const draft = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      title: "Sesi draf",
      status: "DRAFT",
      startsAt: new Date(Date.now() + 20 * DAY),
    });
    const { data } = await callLoader(eventPage.loader, { url: `/events/${draft.id}`, cookie: coordinator, params: { eventId: draft.id } });
    expect(data.publicWindow).toEqual({ open: false, reason: "draft" });
    const poster = await callLoader(posterPage.loader, {
      url: `/events/${draft.id}/poster`,
      cookie: coordinator,
      params: { eventId: draft.id },
    });
    expect(poster.data.event.status).toBe("DRAFT");
  });

  it("words the seats truthfully after walk-ins beyond the capacity (not '7 of 5 places taken')", () => {
    expect(seatSummary(5, { REGISTERED: 0, ATTENDED: 7 })).toEqual({ kind: "full", capacity: 5, seated: 7, over: 2, waiting: 0 });
    expect(seatSummary(5, { REGISTERED: 3, WAITLISTED: 4 })).toEqual({ kind: "free", capacity: 5, seated: 3, free: 2, waiting: 4 });
    expect(seatSummary(null, { REGISTERED: 3, ATTENDED: 1 })).toEqual({ kind: "unlimited", seated: 4 });
  });

  it("shares the link on WhatsApp with the invitation in Malay and English", async () => {
    const { data } = await callLoader(eventPage.loader, { url: `/events/${full.id}`, cookie: coordinator, params: { eventId: full.id } });
    expect(data.invitation).toContain(data.registrationUrl);
    expect(data.invitation).toMatch(/^Jemputan: Sesi penuh\n/);
    expect(data.invitation).toContain("\n\nInvitation: Sesi penuh\n");
    expect(data.invitation).toContain("Talian Kasih 15999");
    const text = invitationText(
      { title: "A & B", startsAt: at("2027-01-13T09:00"), endsAt: at("2027-01-13T12:00"), place: "SK X" },
      "https://x/r/abc",
    );
    expect(whatsAppShareUrl(text)).toBe(`https://wa.me/?text=${encodeURIComponent(text)}`);
    expect(text).toContain("Rabu, 13 Januari 2027");
    expect(text).toContain("Wednesday, 13 January 2027");
  });
});

describe("the helpline's own numbers are nobody's phone", () => {
  for (const phone of ["15999", "019-2615999", "+60 19-261 5999", "0192615999"]) {
    it(`refuses ${phone} with a message that says why`, async () => {
      for (const schema of [PublicRegistrationSchema, StaffRegistrationSchema]) {
        const parsed = schema.safeParse({ fullName: "Siti Aminah", phone, category: "PIBG", consent: "on", noticeVersion: "v1" });
        expect(parsed.success).toBe(false);
        const issue = parsed.error?.issues.find((i) => i.path[0] === "phone");
        expect(issue?.message).toBe("errors.phoneIsHelpline");
        expect(translateError("ms", issue!.message)).toContain("Talian Kasih");
      }
    });
  }

  it("answers the public form with the message beside the phone field", async () => {
    const result = await callAction(registerPage.action, {
      url: `/r/${full.publicCode}`,
      params: { code: full.publicCode },
      form: { fullName: "Siti Aminah", phone: "019-2615999", category: "PIBG", language: "ms", consent: "on", noticeVersion: "2024-04-v1" },
    });
    expect(result.status).toBe(400);
    expect(result.data.result.error.phone).toEqual(["errors.phoneIsHelpline"]);
  });
});
