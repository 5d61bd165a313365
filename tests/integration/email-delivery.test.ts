import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventUid } from "../../app/modules/events/event-ics.server";
import { changeEventStatus, saveEvent } from "../../app/modules/events/events.server";
import { inviteSchools } from "../../app/modules/invitations/invitations.server";
import { enqueueMessage } from "../../app/modules/mail/outbox.server";
import { personFromUnsubscribeToken, unsubscribe, unsubscribeToken } from "../../app/modules/mail/unsubscribe.server";
import { runOnce } from "../../app/modules/mail/worker.server";
import { createMailTransport } from "../../app/modules/mail/transport.server";
import { cancelRegistration } from "../../app/modules/registrations/manage.server";
import { registerPublicly } from "../../app/modules/registrations/register.server";
import { cancelByStaff } from "../../app/modules/registrations/registrations.server";
import * as myRegistration from "../../app/routes/registration.$token";
import * as unsubscribeRoute from "../../app/routes/unsubscribe.$token";
import { db } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { makeEvent } from "../support/factories";
import { teacher } from "../support/registrations";
import { callAction } from "../support/route-calls";
import { readIcs } from "../support/ical";
import { at, twoStates } from "../support/scenario";
import { startSmtpServer, type Received } from "../support/smtp";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let world: Awaited<ReturnType<typeof twoStates>>;
const worker = () => runOnce({ workerId: "test-worker", transport: createMailTransport(smtp.url), batchSize: 50 });

beforeAll(async () => {
  smtp = await startSmtpServer();
  world = await twoStates();
});
afterAll(async () => {
  await smtp?.close();
});

function unfoldIcs(ics: string) {
  return ics.replace(/\r\n[ \t]/g, "");
}

/** The calendar part of a received email, read by ical.js as a calendar program would. */
function calendarIn(mail: Received) {
  const part =
    mail.attachments.find((a) => a.contentType === "text/calendar") ?? mail.attachments.find((a) => a.filename?.endsWith(".ics"));
  expect(part, `a calendar part in "${mail.subject}"`).toBeDefined();
  const calendar = readIcs(part!.content.toString("utf8"));
  expect(calendar.events).toHaveLength(1);
  return { method: calendar.method, ...calendar.events[0] };
}

const lastTo = (address: string, subject: RegExp) =>
  smtp.received.filter((m) => m.envelopeTo.includes(address) && subject.test(m.subject ?? "")).at(-1)!;

describe("a registration's confirmation, over real SMTP", () => {
  it("arrives in the person's language with the helpline, the QR and an .ics in Malaysian time", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      title: "Sesi Seri Ampangan Disember",
      startsAt: at("2030-12-10T09:00"),
      venue: "Dewan Besar",
    });
    await registerPublicly(event.publicCode, teacher(1, { email: "siti@contoh.my", language: "ms" }));
    await registerPublicly(event.publicCode, teacher(2, { email: "tan@contoh.my", language: "en" }));
    // The confirmations were written in the registrations' own transactions.
    expect(await db.message.count({ where: { eventId: event.id, template: "registration-confirmation", status: "QUEUED" } })).toBe(2);

    expect(await worker()).toMatchObject({ sent: 2, failed: 0 });
    const malay = smtp.received.find((m) => m.envelopeTo.includes("siti@contoh.my"))!;
    const english = smtp.received.find((m) => m.envelopeTo.includes("tan@contoh.my"))!;
    expect(malay.subject).toBe("Pendaftaran disahkan: Sesi Seri Ampangan Disember");
    expect(english.subject).toBe("Registration confirmed: Sesi Seri Ampangan Disember");
    expect(malay.text).toContain("Talian Kasih 15999");
    expect(malay.html).toContain("https://wa.me/60192615999");
    expect(malay.text).toContain("Selasa, 10 Disember 2030, 9.00 pagi");

    const ics = malay.attachments.find((a) => a.filename?.endsWith(".ics"))!;
    const calendar = unfoldIcs(ics.content.toString("utf8"));
    // 10 December 2030, 9:00 in Kuala Lumpur is 01:00 UTC.
    expect(calendar).toContain("DTSTART:20301210T010000Z");
    expect(calendar).toContain("SUMMARY:Sesi Seri Ampangan Disember");
    const qr = malay.attachments.find((a) => a.contentType === "image/png")!;
    expect(qr.cid).toBe("check-in-qr");
    // The QR is an inline image (mailparser turns the cid: reference into a data: URI).
    expect(malay.html).toContain('alt="Kod QR daftar masuk');

    const stored = await db.message.findFirstOrThrow({ where: { toEmail: "siti@contoh.my" } });
    expect(stored).toMatchObject({ status: "SENT", attempts: 1 });
    expect(malay.messageId).toBe(stored.messageIdHeader);
    // Confirmations are essential mail: no unsubscribe header.
    expect(malay.headerLines.find((h) => h.key === "list-unsubscribe")).toBeUndefined();
  });

  it("a waitlisted registration gets the waitlist email; the promotion email follows a cancellation", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-12-11T09:00"), capacity: 1 });
    const first = (await registerPublicly(event.publicCode, teacher(10, { email: "pertama@contoh.my" }))) as { registrationId: string };
    await registerPublicly(event.publicCode, teacher(11, { email: "kedua@contoh.my" }));
    await worker();
    expect(smtp.received.find((m) => m.envelopeTo.includes("kedua@contoh.my"))!.subject).toBe(`Senarai menunggu: ${event.title}`);
    await cancelRegistration(first.registrationId, null);
    await worker();
    const promoted = smtp.received.filter((m) => m.envelopeTo.includes("kedua@contoh.my"));
    expect(promoted.map((m) => m.subject)).toContain(`Tempat anda sudah tersedia: ${event.title}`);
  });

  it("the same email enqueued twice is sent once", async () => {
    const before = smtp.received.length;
    const registration = await db.registration.findFirstOrThrow({ where: { person: { email: "siti@contoh.my" } } });
    for (let i = 0; i < 2; i++) {
      await db.$transaction((tx) =>
        enqueueMessage(tx, {
          idempotencyKey: "manual:once",
          template: "registration-confirmation",
          language: "ms",
          toEmail: "siti@contoh.my",
          payload: { registrationId: registration.id },
        }),
      );
    }
    await worker();
    expect(smtp.received.length - before).toBe(1);
  });
});

describe("when things go wrong", () => {
  it("with the SMTP server down, messages wait and go out after it returns", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-12-12T09:00") });
    await registerPublicly(event.publicCode, teacher(20, { email: "sabar@contoh.my" }));
    const down = await runOnce({ workerId: "test-worker", transport: createMailTransport("smtp://127.0.0.1:1"), batchSize: 50 });
    expect(down).toMatchObject({ sent: 0, retry: 1 });
    const waiting = await db.message.findFirstOrThrow({ where: { toEmail: "sabar@contoh.my" } });
    expect(waiting).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(waiting.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    // Not due yet: the next pass leaves it alone.
    expect((await worker()).sent).toBe(0);
    // The backoff has passed and the server is back.
    const later = await runOnce({
      workerId: "test-worker",
      transport: createMailTransport(smtp.url),
      now: () => new Date(Date.now() + 10 * 60_000),
    });
    expect(later.sent).toBe(1);
    expect(smtp.received.some((m) => m.envelopeTo.includes("sabar@contoh.my"))).toBe(true);
    expect(await db.message.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({
      status: "SENT",
      attempts: 2,
      lastError: null,
    });
  });

  it("an invalid address fails alone, without blocking the others", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-12-13T09:00") });
    await registerPublicly(event.publicCode, teacher(30, { email: "invalid.mailbox@contoh.my" }));
    await registerPublicly(event.publicCode, teacher(31, { email: "baik@contoh.my" }));
    const result = await worker();
    expect(result).toMatchObject({ sent: 1, failed: 1 });
    const failed = await db.message.findFirstOrThrow({ where: { toEmail: "invalid.mailbox@contoh.my" } });
    expect(failed.status).toBe("FAILED");
    expect(failed.lastError).toContain("550");
    expect(failed.lastError).not.toContain("invalid.mailbox@contoh.my");
  });

  it("a message whose worker died mid-send is sent again after the lease, with the same Message-ID", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-12-14T09:00") });
    await registerPublicly(event.publicCode, teacher(40, { email: "selamat@contoh.my" }));
    const message = await db.message.findFirstOrThrow({ where: { toEmail: "selamat@contoh.my" } });
    // A worker claimed it and vanished.
    await db.message.update({
      where: { id: message.id },
      data: { status: "SENDING", lockedAt: new Date(), lockedBy: "dead-worker", attempts: 1 },
    });
    expect((await worker()).sent).toBe(0);
    const afterLease = await runOnce({
      workerId: "test-worker",
      transport: createMailTransport(smtp.url),
      now: () => new Date(Date.now() + 10 * 60_000),
    });
    expect(afterLease.sent).toBe(1);
    const mail = smtp.received.find((m) => m.envelopeTo.includes("selamat@contoh.my"))!;
    expect(mail.messageId).toBe(message.messageIdHeader);
  });

  it("gives up on a message no worker ever reported back on, after its attempts, instead of retrying forever", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-12-15T09:00") });
    await registerPublicly(event.publicCode, teacher(41, { email: "hilang@contoh.my" }));
    const message = await db.message.findFirstOrThrow({ where: { toEmail: "hilang@contoh.my" } });
    await db.message.update({
      where: { id: message.id },
      data: { status: "SENDING", lockedAt: new Date(), lockedBy: "dead-worker", attempts: message.maxAttempts },
    });
    await runOnce({ workerId: "test-worker", transport: createMailTransport(smtp.url), now: () => new Date(Date.now() + 10 * 60_000) });
    expect(await db.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: "FAILED",
      lastError: "no worker reported the outcome",
    });
    expect(smtp.received.some((m) => m.envelopeTo.includes("hilang@contoh.my"))).toBe(false);
  });
});

describe("event changes, reminders and unsubscribing", () => {
  it("scheduling sets a reminder and invites the head teacher; moving the event moves the reminder; cancelling cancels it and tells registrants", async () => {
    await db.school.update({
      where: { id: world.nsOtherSchool.id },
      data: { email: "nba2001@moe.test", headTeacherName: "Puan Guru Besar" },
    });
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsOtherSchool.id,
      status: "DRAFT",
      startsAt: at("2030-11-05T09:00"),
    });
    expect(await changeEventStatus(world.nsCoordinator, event.id, "SCHEDULED", undefined)).toEqual({ ok: true });
    const reminder = await db.campaign.findFirstOrThrow({ where: { eventId: event.id, kind: "REMINDER" } });
    expect(reminder.status).toBe("SCHEDULED");
    expect(reminder.sendAt.toISOString()).toBe(at("2030-11-03T09:00").toISOString());
    await worker();
    const invitation = smtp.received.find((m) => m.envelopeTo.includes("nba2001@moe.test"))!;
    expect(invitation.subject).toBe("Lawatan advokasi KASIH Kanak-Kanak ke SK AMPANGAN");
    expect(invitation.text).toContain(`/r/${event.publicCode}`);

    await registerPublicly(event.publicCode, teacher(50, { email: "ingat@contoh.my", language: "en" }));
    // The reminder goes out when due, to the people registered by then: the job runner expands it, the outbox sends it.
    await runJobsUntilIdle({ now: at("2030-11-03T09:01"), kinds: ["CAMPAIGN_EXPANSION"] });
    await runOnce({ workerId: "test-worker", transport: createMailTransport(smtp.url), now: () => at("2030-11-03T09:01") });
    await runOnce({ workerId: "test-worker", transport: createMailTransport(smtp.url), now: () => at("2030-11-03T09:02") });
    const reminderMail = smtp.received.find((m) => m.envelopeTo.includes("ingat@contoh.my") && m.subject?.startsWith("Reminder"))!;
    expect(reminderMail).toBeDefined();
    expect(reminderMail.headerLines.find((h) => h.key === "list-unsubscribe")?.line.replace(/\r\n\s+/g, " ")).toMatch(
      /^List-Unsubscribe: <http:\/\/[^>]+\/unsubscribe\/[^>]+>$/,
    );
    expect(reminderMail.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line).toBe(
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    );

    // Moving the event moves the reminder and tells registrants.
    const moved = await saveEvent(
      world.nsCoordinator,
      {
        programmeId: world.nsProgramme.id,
        type: "SCHOOL_SESSION",
        title: event.title,
        schoolCode: "NBA2001",
        startsAt: at("2030-11-12T09:00"),
        endsAt: at("2030-11-12T12:00"),
        registrationCategories: ["TEACHER", "PIBG", "COMMUNITY"],
        acknowledgeWarnings: true,
      },
      "ms",
      event.id,
    );
    expect(moved.status).toBe("saved");
    const rescheduled = await db.campaign.findMany({ where: { eventId: event.id, kind: "REMINDER", status: "SCHEDULED" } });
    expect(rescheduled.map((c) => c.sendAt.toISOString())).toEqual([at("2030-11-10T09:00").toISOString()]);
    await worker();
    const changed = smtp.received.find((m) => m.envelopeTo.includes("ingat@contoh.my") && m.subject?.startsWith("Session changed"))!;
    expect(changed.text).toContain("Tuesday, 12 November 2030");

    const result = await changeEventStatus(world.nsCoordinator, event.id, "CANCELLED", "Banjir");
    expect(result).toEqual({ ok: true });
    await worker();
    const cancelled = smtp.received.find((m) => m.envelopeTo.includes("ingat@contoh.my") && m.subject?.startsWith("Session cancelled"))!;
    expect(cancelled.text).toContain("Reason: Banjir");
  });

  it("a reminder not yet sent is cancelled with its event", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, status: "DRAFT", startsAt: at("2031-01-14T09:00") });
    await changeEventStatus(world.nsCoordinator, event.id, "SCHEDULED", undefined);
    await changeEventStatus(world.nsCoordinator, event.id, "POSTPONED", "Cuti peristiwa");
    expect((await db.campaign.findFirstOrThrow({ where: { eventId: event.id, kind: "REMINDER" } })).status).toBe("CANCELLED");
    await changeEventStatus(world.nsCoordinator, event.id, "SCHEDULED", undefined);
    expect((await db.campaign.findFirstOrThrow({ where: { eventId: event.id, kind: "REMINDER" } })).status).toBe("SCHEDULED");
  });

  it("one-click unsubscribe stops reminders and follow-ups but not confirmations", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-10-07T09:00") });
    const registered = (await registerPublicly(event.publicCode, teacher(60, { email: "cukup@contoh.my" }))) as { registrationId: string };
    const person = await db.registration.findUniqueOrThrow({ where: { id: registered.registrationId }, select: { personId: true } });
    const token = unsubscribeToken(person.personId);
    expect(personFromUnsubscribeToken(token)).toBe(person.personId);
    expect(personFromUnsubscribeToken(`${person.personId}.forged-signature-000`)).toBeNull();
    const result = await callAction(unsubscribeRoute.action, {
      url: `/unsubscribe/${token}`,
      params: { token },
      form: { "List-Unsubscribe": "One-Click" },
    });
    expect(result.data).toEqual({ done: true });
    expect((await db.person.findUniqueOrThrow({ where: { id: person.personId } })).unsubscribedAt).not.toBeNull();
    await db.$transaction((tx) =>
      enqueueMessage(tx, {
        idempotencyKey: "reminder-after-unsubscribe",
        template: "event-reminder",
        language: "ms",
        toEmail: "cukup@contoh.my",
        payload: { registrationId: registered.registrationId },
        personId: person.personId,
      }),
    );
    await worker();
    const got = smtp.received.filter((m) => m.envelopeTo.includes("cukup@contoh.my")).map((m) => m.subject);
    expect(got).toEqual([`Pendaftaran disahkan: ${event.title}`]);
    expect((await db.message.findUniqueOrThrow({ where: { idempotencyKey: "reminder-after-unsubscribe" } })).status).toBe("CANCELLED");
    await unsubscribe(person.personId);
  });
});

describe("the participant's calendar, kept right by email", () => {
  it("postponed, moved, going ahead and cancelled: each email updates the same entry with a higher SEQUENCE", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      title: "Sesi Kalendar",
      startsAt: at("2030-09-10T09:00"),
      leadCoordinatorId: world.nsCoordinator.id,
    });
    const registered = (await registerPublicly(event.publicCode, teacher(70, { email: "kalendar@contoh.my" }))) as {
      manageToken: string;
    };
    const sentAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    await worker();
    const confirmation = calendarIn(lastTo("kalendar@contoh.my", /^Pendaftaran disahkan/));
    expect(confirmation).toMatchObject({
      method: "PUBLISH",
      uid: eventUid(event.id),
      sequence: 0,
      status: "CONFIRMED",
      start: at("2030-09-10T09:00"),
      end: at("2030-09-10T12:00"),
      utc: true,
      // Their own page, which needs no sign-in.
      url: `${env.APP_URL}/registration/${registered.manageToken}`,
      organizer: "mailto:no-reply@kasih.local",
    });
    expect(confirmation.dtstamp.getTime()).toBeGreaterThanOrEqual(sentAt.getTime());
    expect(confirmation.dtstamp.getTime()).toBeLessThanOrEqual(Date.now());

    const steps: { act: () => Promise<unknown>; subject: RegExp; method: string; status: string; start: Date }[] = [
      {
        act: () => changeEventStatus(world.nsCoordinator, event.id, "POSTPONED", "Banjir"),
        subject: /^Sesi ditangguhkan/,
        method: "REQUEST",
        status: "TENTATIVE",
        start: at("2030-09-10T09:00"),
      },
      {
        act: () =>
          saveEvent(
            world.nsCoordinator,
            {
              programmeId: world.nsProgramme.id,
              type: "SCHOOL_SESSION",
              title: event.title,
              schoolCode: "NEB2069",
              startsAt: at("2030-09-17T10:00"),
              endsAt: at("2030-09-17T13:00"),
              leadCoordinatorId: world.nsCoordinator.id,
              registrationCategories: ["TEACHER", "PIBG", "COMMUNITY"],
              acknowledgeWarnings: true,
            },
            "ms",
            event.id,
          ),
        subject: /^Perubahan sesi/,
        method: "REQUEST",
        status: "TENTATIVE",
        start: at("2030-09-17T10:00"),
      },
      {
        act: () => changeEventStatus(world.nsCoordinator, event.id, "SCHEDULED", undefined),
        subject: /^Sesi diteruskan/,
        method: "REQUEST",
        status: "CONFIRMED",
        start: at("2030-09-17T10:00"),
      },
      {
        act: () => changeEventStatus(world.nsCoordinator, event.id, "CANCELLED", "Banjir lagi"),
        subject: /^Sesi dibatalkan/,
        method: "CANCEL",
        status: "CANCELLED",
        start: at("2030-09-17T10:00"),
      },
    ];
    let previous = confirmation;
    for (const step of steps) {
      await step.act();
      await worker();
      const update = calendarIn(lastTo("kalendar@contoh.my", step.subject));
      const { calendarSequence } = await db.event.findUniqueOrThrow({ where: { id: event.id } });
      expect(update).toMatchObject({
        method: step.method,
        uid: previous.uid,
        sequence: calendarSequence,
        status: step.status,
        start: step.start,
        utc: true,
        organizer: "mailto:no-reply@kasih.local",
        attendee: "mailto:kalendar@contoh.my",
      });
      expect(update.sequence).toBe(previous.sequence + 1);
      expect(update.dtstamp.getTime()).toBeGreaterThanOrEqual(previous.dtstamp.getTime());
      previous = update;
    }
    // A small counter, one step per change: not a clock.
    expect(previous.sequence).toBe(4);
  });

  it("a participant who cancels, or is cancelled by staff, is told so with the calendar cancellation", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, title: "Sesi Batal Sendiri", startsAt: at("2030-08-20T09:00") });
    const self = (await registerPublicly(event.publicCode, teacher(80, { email: "batal.sendiri@contoh.my" }))) as {
      registrationId: string;
      manageToken: string;
    };
    const staff = (await registerPublicly(event.publicCode, teacher(81, { email: "batal.staf@contoh.my", language: "en" }))) as {
      registrationId: string;
    };
    await worker();
    const kept = calendarIn(lastTo("batal.sendiri@contoh.my", /^Pendaftaran disahkan/));

    const cancelled = await callAction(myRegistration.action, {
      url: `/registration/${self.manageToken}`,
      params: { token: self.manageToken },
      // The confirmation step (the first tap only asks).
      form: { confirm: "yes" },
    });
    expect(cancelled.status).toBe(302);
    expect(cancelled.location).toBe(`/registration/${self.manageToken}`);
    await cancelByStaff(world.nsCoordinator, staff.registrationId);
    // Written with the cancellation itself, like every other notice.
    expect(await db.message.count({ where: { eventId: event.id, template: "registration-cancelled" } })).toBe(2);

    await worker();
    const ownMail = lastTo("batal.sendiri@contoh.my", /^Pendaftaran dibatalkan: Sesi Batal Sendiri$/);
    expect(ownMail.text).toContain("Seperti yang anda minta");
    expect(ownMail.text).toContain(`/r/${event.publicCode}`);
    expect(calendarIn(ownMail)).toMatchObject({
      method: "CANCEL",
      uid: kept.uid,
      status: "CANCELLED",
      sequence: kept.sequence,
      start: kept.start,
      attendee: "mailto:batal.sendiri@contoh.my",
    });
    expect(calendarIn(ownMail).dtstamp.getTime()).toBeGreaterThanOrEqual(kept.dtstamp.getTime());

    const staffMail = lastTo("batal.staf@contoh.my", /^Registration cancelled: Sesi Batal Sendiri$/);
    expect(staffMail.text).toContain("The session's coordinator has cancelled your registration");
    expect(calendarIn(staffMail)).toMatchObject({ method: "CANCEL", uid: kept.uid, status: "CANCELLED" });

    // Registered again before the cancellation went out: it is not sent (it would remove the new entry).
    const again = (await registerPublicly(event.publicCode, teacher(82, { email: "berubah@contoh.my" }))) as { registrationId: string };
    await cancelRegistration(again.registrationId, null);
    await registerPublicly(event.publicCode, teacher(82, { email: "berubah@contoh.my" }));
    await worker();
    expect(smtp.received.filter((m) => m.envelopeTo.includes("berubah@contoh.my")).map((m) => m.subject)).not.toContain(
      "Pendaftaran dibatalkan: Sesi Batal Sendiri",
    );
  });
});

describe("school invitations", () => {
  it("a head teacher's reply goes to the coordinator, not to the no-reply sender", async () => {
    const school = await db.school.update({
      where: { id: world.nsSchool.id },
      data: { email: "neb2069@moe.test", headTeacherName: "Puan Pengetua" },
    });
    // The invitation proposing dates, from the coordinator who sends it.
    await inviteSchools(world.nsCoordinator, world.nsProgramme.id, [school.id], "Selasa atau Rabu");
    // And the scheduled visit's notice, from its lead coordinator.
    const visit = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: school.id,
      status: "DRAFT",
      startsAt: at("2030-07-07T09:00"),
      leadCoordinatorId: world.nsCoordinator.id,
    });
    await changeEventStatus(world.nsCoordinator, visit.id, "SCHEDULED", undefined);
    await worker();
    const mails = smtp.received.filter((m) => m.envelopeTo.includes("neb2069@moe.test"));
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      expect(mail.from?.value[0].address).toBe("no-reply@kasih.local");
      expect(mail.replyTo?.value).toEqual([{ name: world.nsCoordinator.name, address: world.nsCoordinator.email }]);
    }
  });
});
