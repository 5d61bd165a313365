import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import { changeEventStatus } from "../../app/modules/events/events.server";
import { scheduleFollowUp } from "../../app/modules/mail/follow-up.server";
import { createMailTransport } from "../../app/modules/mail/transport.server";
import { runOnce } from "../../app/modules/mail/worker.server";
import { erasePerson } from "../../app/modules/privacy/erasure.server";
import { registerPublicly } from "../../app/modules/registrations/register.server";
import { cancelRegistration } from "../../app/modules/registrations/manage.server";
import { optOutOfWhatsApp } from "../../app/modules/whatsapp/whatsapp-webhook.server";
import { dashboard } from "../../app/modules/reports/dashboard.server";
import { db } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { makeEvent } from "../support/factories";
import { fakeEnv, startFakeCloudApi } from "../support/fake-whatsapp";
import { teacher } from "../support/registrations";
import { at, twoStates } from "../support/scenario";
import { callLoader } from "../support/route-calls";
import { loader as personalPage } from "../../app/routes/registration.$token";

let fake: Awaited<ReturnType<typeof startFakeCloudApi>>;
let world: Awaited<ReturnType<typeof twoStates>>;
const configured = () => Object.assign(env, fakeEnv(fake.url), { WHATSAPP_ALSO_WITH_EMAIL: false });
const unconfigured = () =>
  Object.assign(env, { WHATSAPP_ACCESS_TOKEN: undefined, WHATSAPP_PHONE_NUMBER_ID: undefined, WHATSAPP_APP_SECRET: undefined });

beforeAll(async () => {
  fake = await startFakeCloudApi();
  world = await twoStates();
  env.MAIL_RETRY_BASE_SECONDS = 60;
});
afterAll(async () => {
  unconfigured();
  await fake?.close();
});
beforeEach(() => configured());

/** The worker at a given moment: emails to .eml files (no one here has an email), WhatsApp to the fake. */
const worker = (now = new Date()) => runOnce({ workerId: "test-worker", transport: createMailTransport(undefined), now: () => now });

async function futureEvent(title: string, capacity: number | null = 100) {
  const event = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    title,
    status: "DRAFT",
    startsAt: at("2030-11-05T09:00"),
    capacity,
  });
  expect(await changeEventStatus(world.nsCoordinator, event.id, "SCHEDULED", undefined)).toEqual({ ok: true });
  return event;
}

/** A parent who gives a phone and no email, and agrees to WhatsApp. */
const parent = (n: number, overrides = {}) => {
  const input = teacher(n, { email: undefined, category: "PIBG", fullName: `Ibu Bapa ${n}`, whatsappConsent: true, ...overrides });
  return { ...input, phone: input.phone! };
};

const digits = (phone: string) => phone.replace(/^\+/, "");

describe("a registrant with a phone and no email, the WhatsApp channel configured", () => {
  it("gets the confirmation, the reminder and the follow-up on WhatsApp exactly once each", async () => {
    const event = await futureEvent("Sesi WhatsApp Satu");
    const input = parent(1);
    const result = await registerPublicly(event.publicCode, input);
    expect(result.outcome).toBe("registered");
    const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id } });
    const consents = await db.consent.findMany({ where: { personId: registration.personId }, orderBy: { kind: "asc" } });
    expect(consents.map((c) => [c.kind, c.method, c.withdrawnAt])).toEqual([
      ["NOTICE", "ONLINE_FORM", null],
      ["WHATSAPP", "ONLINE_FORM", null],
    ]);

    // Sent twice over several passes: the outbox sends it once.
    await worker();
    await worker();
    const mine = () => fake.sent.filter((s) => s.to === digits(input.phone));
    expect(mine()).toHaveLength(1);
    const confirmation = mine()[0];
    expect(confirmation.template).toBe("kasih_registration_confirmation");
    expect(confirmation.language).toBe("ms");
    expect(confirmation.parameters).toEqual([
      "Ibu Bapa 1",
      "Sesi WhatsApp Satu",
      expect.stringContaining("5 November 2030"),
      expect.stringContaining("SMK SERI AMPANGAN"),
      `${env.APP_URL}/registration/${registration.manageToken}`,
    ]);
    const row = await db.message.findFirstOrThrow({ where: { channel: "WHATSAPP", template: "registration-confirmation" } });
    expect(row).toMatchObject({ status: "SENT", toPhone: input.phone, toEmail: null, providerMessageId: confirmation.id });
    expect(confirmation.reference).toBe(row.messageIdHeader);
    expect(row.subject).toContain("Pautan peribadi anda");
    // Nothing by email: there is none.
    expect(await db.message.count({ where: { personId: registration.personId, channel: "EMAIL" } })).toBe(0);

    // The reminder, when due.
    const reminderAt = at("2030-11-03T09:01");
    await runJobsUntilIdle({ now: reminderAt, kinds: ["CAMPAIGN_EXPANSION"] });
    await worker(reminderAt);
    await runJobsUntilIdle({ now: reminderAt, kinds: ["CAMPAIGN_EXPANSION"] });
    await worker(reminderAt);
    expect(mine().map((s) => s.template)).toEqual(["kasih_registration_confirmation", "kasih_event_reminder"]);

    // The follow-up, after the session, with the materials' links.
    await db.registration.update({ where: { id: registration.id }, data: { status: "ATTENDED", checkedInAt: at("2030-11-05T09:05") } });
    const material = await db.material.create({
      data: {
        code: "WA-PDF",
        kind: "PDF",
        titleMs: "Risalah Talian Kasih",
        titleEn: "Talian Kasih leaflet",
        url: "https://contoh.my/r.pdf",
      },
    });
    const after = at("2030-11-05T13:00");
    const scheduled = await scheduleFollowUp(
      world.nsCoordinator,
      event.id,
      { statuses: ["ATTENDED"], categories: [], materialIds: [material.id], sendAt: after },
      after,
    );
    expect(scheduled.ok).toBe(true);
    await runJobsUntilIdle({ now: after, kinds: ["CAMPAIGN_EXPANSION"] });
    await worker(after);
    await runJobsUntilIdle({ now: after, kinds: ["CAMPAIGN_EXPANSION"] });
    await worker(after);
    expect(mine().map((s) => s.template)).toEqual(["kasih_registration_confirmation", "kasih_event_reminder", "kasih_follow_up"]);
    const followUp = mine()[2];
    expect(followUp.parameters[2]).toBe("Risalah Talian Kasih: https://contoh.my/r.pdf");
    expect(followUp.parameters[3]).toContain(`/feedback/${event.publicCode}?r=${registration.manageToken}`);
    expect(fake.refused).toEqual([]);

    // The dashboard counts follow-ups per channel: WhatsApp's once the webhook says delivered.
    const figuresBefore = await dashboard(world.admin, {}, new Date());
    expect(figuresBefore.whatsApp).toMatchObject({ SENT: 1, DELIVERED: 0 });
    await db.message.updateMany({ where: { providerMessageId: followUp.id }, data: { deliveredAt: new Date() } });
    expect((await dashboard(world.admin, {}, new Date())).whatsApp).toMatchObject({ SENT: 1, DELIVERED: 1 });
  });

  it("the waitlist, the promotion and a cancellation go by WhatsApp in the person's language", async () => {
    const event = await futureEvent("Sesi Penuh", 1);
    await registerPublicly(event.publicCode, parent(2, { language: "en" }));
    const waiting = parent(3, { language: "en" });
    expect((await registerPublicly(event.publicCode, waiting)).outcome).toBe("waitlisted");
    await worker();
    const toWaiting = () => fake.sent.filter((s) => s.to === digits(waiting.phone));
    expect(toWaiting().map((s) => [s.template, s.language, s.parameters[2]])).toEqual([["kasih_waitlisted", "en", "1"]]);
    const first = await db.registration.findFirstOrThrow({ where: { eventId: event.id, status: "REGISTERED" } });
    await cancelRegistration(first.id, null);
    await worker();
    expect(toWaiting().map((s) => s.template)).toEqual(["kasih_waitlisted", "kasih_promoted"]);
    expect(fake.sent.filter((s) => s.to === digits(parent(2).phone)).map((s) => s.template)).toEqual([
      "kasih_registration_confirmation",
      "kasih_registration_cancelled",
    ]);
    // The session is cancelled: the person still on the list is told.
    expect(await changeEventStatus(world.nsCoordinator, event.id, "CANCELLED", "Banjir")).toEqual({ ok: true });
    await worker();
    expect(toWaiting().map((s) => s.template)).toEqual(["kasih_waitlisted", "kasih_promoted", "kasih_event_cancelled"]);
  });

  it("Save to WhatsApp says where the person stands: a place, the waiting list, cancelled; always with the personal link", async () => {
    unconfigured();
    const event = await futureEvent("Sesi Simpan", 1);
    const saved = async (token: string) => {
      const page = await callLoader(personalPage, { url: `/registration/${token}`, params: { token } });
      const href = page.data.saveToWhatsApp as string;
      expect(href.startsWith("https://wa.me/?text=")).toBe(true);
      const text = new URL(href).searchParams.get("text")!;
      expect(text).toContain(`${env.APP_URL}/registration/${token}`);
      return text;
    };
    const first = await registerPublicly(event.publicCode, parent(30));
    const second = await registerPublicly(event.publicCode, parent(31));
    if (!("manageToken" in first) || !("manageToken" in second) || !first.manageToken || !second.manageToken)
      throw new Error("not registered");
    expect(await saved(first.manageToken)).toMatch(/^Pendaftaran saya: Sesi Simpan\n.*5 November 2030/);
    expect(await saved(second.manageToken)).toMatch(/^Saya dalam senarai menunggu \(tempat ke-1\): Sesi Simpan/);
    const registration = await db.registration.findFirstOrThrow({ where: { manageToken: first.manageToken } });
    await cancelRegistration(registration.id, null);
    expect(await saved(first.manageToken)).toMatch(/^Pendaftaran saya telah dibatalkan: Sesi Simpan/);
    expect(await saved(second.manageToken)).toMatch(/^Pendaftaran saya: Sesi Simpan/);
  });

  it("someone who did not tick the WhatsApp question, or gave an email, gets nothing on WhatsApp", async () => {
    const event = await futureEvent("Sesi Tanpa Persetujuan");
    const noConsent = parent(4, { whatsappConsent: false });
    const withEmail = parent(5, { email: "ada.emel@contoh.my" });
    await registerPublicly(event.publicCode, noConsent);
    await registerPublicly(event.publicCode, withEmail);
    expect(await db.message.count({ where: { eventId: event.id, channel: "WHATSAPP" } })).toBe(0);
    expect(await db.message.count({ where: { eventId: event.id, channel: "EMAIL", toEmail: "ada.emel@contoh.my" } })).toBe(1);
    expect(await db.consent.count({ where: { kind: "WHATSAPP", person: { phoneE164: noConsent.phone } } })).toBe(0);
    // The setting "both": email and WhatsApp.
    env.WHATSAPP_ALSO_WITH_EMAIL = true;
    const both = parent(6, { email: "dua.saluran@contoh.my" });
    await registerPublicly(event.publicCode, both);
    const rows = await db.message.findMany({ where: { eventId: event.id, OR: [{ toEmail: both.email }, { toPhone: both.phone }] } });
    expect(rows.map((r) => r.channel).sort()).toEqual(["EMAIL", "WHATSAPP"]);
  });

  it("without the channel configured nothing is queued for WhatsApp and the question's answer is not kept", async () => {
    unconfigured();
    const event = await futureEvent("Sesi Tanpa Konfigurasi");
    const input = parent(7);
    await registerPublicly(event.publicCode, input);
    expect(await db.message.count({ where: { eventId: event.id } })).toBe(0);
    expect(await db.consent.count({ where: { kind: "WHATSAPP", person: { phoneE164: input.phone } } })).toBe(0);
  });
});

describe("the outbox rules on the WhatsApp channel", () => {
  it("429 and 5xx wait and are retried with backoff; an undeliverable number and an unapproved template fail at once", async () => {
    // What the tests before left due goes first.
    await worker();
    const event = await futureEvent("Sesi Ralat");
    const throttled = parent(10);
    const broken = parent(11);
    const undeliverable = parent(12);
    fake.script(throttled.phone, [{ status: 429, code: 130429, message: "Rate limit hit" }]);
    fake.script(broken.phone, [{ status: 500, code: 131000, message: "Something went wrong" }]);
    fake.script(undeliverable.phone, [{ status: 400, code: 131026, message: "Message undeliverable" }]);
    for (const p of [throttled, broken, undeliverable]) await registerPublicly(event.publicCode, p);

    const now = new Date();
    const counts = await worker(now);
    expect(counts).toMatchObject({ sent: 0, retry: 2, failed: 1 });
    const byPhone = async (phone: string) => db.message.findFirstOrThrow({ where: { channel: "WHATSAPP", toPhone: phone } });
    const waiting = await byPhone(throttled.phone);
    expect(waiting.status).toBe("QUEUED");
    expect(waiting.lastError).toContain("HTTP 429 code 130429");
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(now.getTime() + 60_000);
    expect((await byPhone(broken.phone)).lastError).toContain("HTTP 500 code 131000");
    const failed = await byPhone(undeliverable.phone);
    expect(failed.status).toBe("FAILED");
    expect(failed.lastError).toBe("WHATSAPP HTTP 400 code 131026: Message undeliverable");
    expect(failed.lastError).not.toContain(digits(undeliverable.phone));

    // Nothing is due before the backoff; after it, both go.
    expect(await worker(now)).toMatchObject({ sent: 0, retry: 0 });
    expect(await worker(new Date(now.getTime() + 61_000))).toMatchObject({ sent: 2 });
    expect((await byPhone(throttled.phone)).status).toBe("SENT");

    // A template Meta has not approved (here: under another name) fails at once, with the reason.
    env.WHATSAPP_TEMPLATE_PREFIX = "belum_diluluskan_";
    const unapproved = parent(13);
    await registerPublicly(event.publicCode, unapproved);
    expect(await worker(new Date(now.getTime() + 62_000))).toMatchObject({ failed: 1, retry: 0 });
    expect((await byPhone(unapproved.phone)).lastError).toBe(
      "WHATSAPP HTTP 404 code 132001: Template name does not exist in the translation",
    );
    env.WHATSAPP_TEMPLATE_PREFIX = "kasih_";
  });

  it("a message whose worker died mid-send is sent again after the lease with the same reference", async () => {
    const event = await futureEvent("Sesi Kemalangan");
    const input = parent(14);
    await registerPublicly(event.publicCode, input);
    const row = await db.message.findFirstOrThrow({ where: { channel: "WHATSAPP", toPhone: input.phone } });
    // A worker claimed it and died: the row stays SENDING under its lease.
    await db.message.update({ where: { id: row.id }, data: { status: "SENDING", lockedAt: new Date(), lockedBy: "dead", attempts: 1 } });
    await worker();
    expect(fake.sent.filter((s) => s.to === digits(input.phone))).toEqual([]);
    await worker(new Date(Date.now() + (env.MAIL_LEASE_SECONDS + 1) * 1000));
    expect(await db.message.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "SENT", attempts: 2 });
    const sent = fake.sent.filter((s) => s.to === digits(input.phone));
    expect(sent.map((s) => s.reference)).toEqual([row.messageIdHeader]);
  });
});

describe("opting out and erasure", () => {
  it("a STOP reply withdraws the consent and cancels what was queued; nothing more goes to that phone", async () => {
    const event = await futureEvent("Sesi Berhenti");
    const input = parent(20);
    await registerPublicly(event.publicCode, input);
    await optOutOfWhatsApp(input.phone);
    expect(await db.message.findFirstOrThrow({ where: { toPhone: input.phone } })).toMatchObject({ status: "CANCELLED" });
    const consent = await db.consent.findFirstOrThrow({ where: { kind: "WHATSAPP", person: { phoneE164: input.phone } } });
    expect(consent.withdrawnAt).not.toBeNull();
    await runJobsUntilIdle({ now: at("2030-11-03T09:01"), kinds: ["CAMPAIGN_EXPANSION"] });
    await worker(at("2030-11-03T09:01"));
    expect(fake.sent.filter((s) => s.to === digits(input.phone))).toEqual([]);
    expect(await db.message.count({ where: { toPhone: input.phone, status: { not: "CANCELLED" } } })).toBe(0);
  });

  it("erasure removes the WhatsApp consent and the WhatsApp outbox copies", async () => {
    const event = await futureEvent("Sesi Padam");
    const input = parent(21);
    await registerPublicly(event.publicCode, input);
    await worker();
    const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id } });
    const report = await erasePerson(world.admin, registration.personId);
    expect(report.emails).toBe(1);
    expect(await db.consent.count({ where: { personId: registration.personId, kind: "WHATSAPP" } })).toBe(0);
    const copies = await db.message.findMany({ where: { personId: registration.personId } });
    expect(copies.map((m) => [m.toPhone, m.toEmail, m.subject, m.toName])).toEqual([[null, null, null, null]]);
    const dump = JSON.stringify(copies);
    expect(dump).not.toContain(digits(input.phone));
    expect(dump).not.toContain("Ibu Bapa 21");
  });
});
