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

describe("updating my own phone or email from my personal link", () => {
  const open = async () =>
    makeEvent(db, { programmeId: world.nsProgramme.id, title: "Sesi kemas kini", capacity: 50, startsAt: new Date(Date.now() + 6 * DAY) });
  const registerForm = (overrides: Record<string, string> = {}) => ({
    fullName: "Puan Halimah binti Omar",
    phone: "012-777 1234",
    email: "halimah@contoh.my",
    category: "PIBG",
    language: "ms",
    consent: "on",
    noticeVersion: "2024-04-v1",
    ...overrides,
  });
  const save = (token: string, form: Record<string, string>) =>
    callAction(participantPage.action, { url: `/registration/${token}`, params: { token }, form: { intent: "contact", ...form } });

  it("the same name and email with a new phone: the form sends the link to the email on file, and the page takes the new phone", async () => {
    const event = await open();
    const first = await callAction(registerPage.action, { url: "/", params: { code: event.publicCode }, form: registerForm() });
    const token = first.location!.split("/")[2].split("?")[0];
    const again = await callAction(registerPage.action, {
      url: "/",
      params: { code: event.publicCode },
      form: registerForm({ phone: "013-888 4321" }),
    });
    expect(again.data.alreadyRegistered).toBe(true);
    // The link goes again to the address the registration was made with, never to this page.
    const registration = await db.registration.findUniqueOrThrow({ where: { manageToken: token } });
    expect(await db.message.count({ where: { toEmail: "halimah@contoh.my", payload: { contains: registration.id } } })).toBe(2);

    expect((await page(token)).data).toMatchObject({ canUpdateContact: true, editingContact: false });
    const editing = (await page(token, "?contact=1")).data;
    expect(editing.editingContact).toBe(true);
    expect(editing.contact).toEqual({ phone: "012-777 1234", email: "halimah@contoh.my" });

    const saved = await save(token, { phone: "013-888 4321", email: "halimah@contoh.my" });
    expect(saved.location).toBe(`/registration/${token}`);
    const after = await db.registration.findUniqueOrThrow({ where: { id: registration.id } });
    expect(after).toMatchObject({ phoneE164: "+60138884321", email: "halimah@contoh.my" });
    expect(after.searchText).toContain("0138884321");
    // The audit says what changed and who changed it, not the numbers themselves.
    const trail = await db.auditEntry.findFirstOrThrow({
      where: { entityId: registration.id, action: "UPDATE" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(trail.after!)).toEqual({ changedDetails: ["phoneE164"], by: "participant" });
    expect(trail.actorId).toBeNull();
    expect(trail.after).not.toContain("888");
    // The same email did not get the link a third time: only a new address does.
    expect(await db.message.count({ where: { payload: { contains: registration.id } } })).toBe(2);
  });

  it("a new email gets the personal link; the person's other registrations keep their own details", async () => {
    const [one, two] = [await open(), await open()];
    const first = await callAction(registerPage.action, {
      url: "/",
      params: { code: one.publicCode },
      form: registerForm({ fullName: "Encik Lim Boon Teck", email: "lim@contoh.my", phone: "012-555 0101" }),
    });
    await callAction(registerPage.action, {
      url: "/",
      params: { code: two.publicCode },
      form: registerForm({ fullName: "Encik Lim Boon Teck", email: "lim@contoh.my", phone: "012-555 0101" }),
    });
    const token = first.location!.split("/")[2].split("?")[0];
    await save(token, { phone: "012-555 0101", email: "Lim.Baru@Contoh.my" });
    const changed = await db.registration.findUniqueOrThrow({ where: { manageToken: token } });
    expect(changed.email).toBe("lim.baru@contoh.my");
    const mail = await db.message.findMany({ where: { payload: { contains: changed.id } }, orderBy: { createdAt: "asc" } });
    expect(mail.map((m) => [m.template, m.toEmail])).toEqual([
      ["registration-confirmation", "lim@contoh.my"],
      ["registration-confirmation", "lim.baru@contoh.my"],
    ]);
    const other = await db.registration.findFirstOrThrow({ where: { eventId: two.id, fullName: "Encik Lim Boon Teck" } });
    expect(other.email).toBe("lim@contoh.my");
  });

  it("refuses wrong, missing, oversized and hostile values with the reason, keeps what was typed, and changes nothing", async () => {
    const event = await open();
    const first = await callAction(registerPage.action, {
      url: "/",
      params: { code: event.publicCode },
      form: registerForm({ fullName: "Cik Nurul Ain", email: "ain@contoh.my", phone: "012-444 0000" }),
    });
    const token = first.location!.split("/")[2].split("?")[0];
    const before = await db.registration.findUniqueOrThrow({ where: { manageToken: token } });
    const cases: [Record<string, string>, Record<string, string[]>][] = [
      [{ phone: "", email: "" }, { phone: ["errors.phoneOrEmailRequired"] }],
      [{ phone: "15999", email: "ain@contoh.my" }, { phone: ["errors.phoneIsHelpline"] }],
      [{ phone: "bukan nombor", email: "ain@contoh.my" }, { phone: ["errors.phone"] }],
      [{ phone: "012-444 0000", email: "bukan-emel" }, { email: ["errors.email"] }],
      [{ phone: "9".repeat(500), email: "ain@contoh.my" }, { phone: ["errors.phone"] }],
      [{ phone: "012-444 0000", email: `${"a".repeat(300)}@contoh.my` }, { email: ["errors.tooLong|max=254"] }],
      [
        { phone: "<script>alert(1)</script>", email: "ain@contoh.my'; DROP TABLE Registration;--" },
        { phone: ["errors.phone"], email: ["errors.email"] },
      ],
    ];
    for (const [form, errors] of cases) {
      const result = await save(token, form);
      expect(result.status, JSON.stringify(form)).toBe(400);
      expect(result.data.result.error).toMatchObject(errors);
      // What was typed comes back to the form (conform leaves empty fields out).
      expect(result.data.result.initialValue).toMatchObject(Object.fromEntries(Object.entries(form).filter(([, value]) => value)));
      for (const keys of Object.values(errors)) for (const key of keys) expect(translateError("ms", key)).not.toBe(key);
    }
    expect(await db.registration.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before);
  });

  it("is closed once the registration is cancelled or the session is over, and a wrong link opens nothing", async () => {
    const cancelled = await makeRegistration(db, { eventId: full.id, status: "CANCELLED" });
    expect((await page(cancelled.manageToken, "?contact=1")).data).toMatchObject({ canUpdateContact: false, editingContact: false });
    const refused = await save(cancelled.manageToken, { phone: "012-999 0000", email: "" });
    expect(refused.location).toBe(`/registration/${cancelled.manageToken}`);
    expect((await db.registration.findUniqueOrThrow({ where: { id: cancelled.id } })).phoneE164).toBe(cancelled.phoneE164);
    const past = await makeEvent(db, { programmeId: world.nsProgramme.id, title: "Sesi sudah", startsAt: at("2026-03-03T09:00") });
    const attended = await makeRegistration(db, { eventId: past.id, status: "ATTENDED" });
    expect((await page(attended.manageToken)).data.canUpdateContact).toBe(false);
    const stranger = await save("x".repeat(32), { phone: "012-999 0000", email: "" });
    expect(stranger.status).toBe(404);
  });
});
