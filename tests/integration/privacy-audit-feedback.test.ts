import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import fs from "node:fs";
import path from "node:path";
import { Prisma } from "@prisma/client";
import { beforeAll, describe, expect, it } from "vitest";
import { createExportJob } from "../../app/modules/exports/export-jobs.server";
import { changeEventStatus } from "../../app/modules/events/events.server";
import { feedbackResults } from "../../app/modules/feedback/feedback.server";
import { emlFileName, mailFolder } from "../../app/modules/mail/transport.server";
import { recordDelivery, reverseDelivery } from "../../app/modules/materials/deliveries.server";
import { receiveStock } from "../../app/modules/materials/stock.server";
import { retentionCandidates } from "../../app/modules/privacy/erasure.server";
import { createProgramme, updateProgramme } from "../../app/modules/programmes/programmes.server";
import { cancelRegistration } from "../../app/modules/registrations/manage.server";
import { registerPublicly } from "../../app/modules/registrations/register.server";
import { dashboard } from "../../app/modules/reports/dashboard.server";
import { lastRetentionRun } from "../../app/modules/system/housekeeping.server";
import { createUser, updateUser } from "../../app/modules/users/users.server";
import * as auditPage from "../../app/routes/_app.admin.audit";
import * as personPage from "../../app/routes/_app.admin.people.$personId";
import * as peoplePage from "../../app/routes/_app.admin.people._index";
import * as personExport from "../../app/routes/admin.people.$personId.export";
import * as feedbackForm from "../../app/routes/feedback.$code";
import { db } from "../../app/utils/db.server";
import { makeEvent, makePerson, makeRegistration } from "../support/factories";
import { teacher } from "../support/registrations";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
let held: { id: string; publicCode: string };
const NOW = at("2026-11-25T12:00");

beforeAll(async () => {
  world = await twoStates();
  held = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    title: "Sesi Mac",
    status: "COMPLETED",
    startsAt: at("2026-03-10T09:00"),
  });
});

/** Every row of every table, as text: where a person's details could hide. */
async function everything(): Promise<string> {
  const parts: string[] = [];
  for (const model of Object.values(Prisma.ModelName)) {
    const delegate = (db as unknown as Record<string, { findMany: () => Promise<unknown[]> }>)[
      model.charAt(0).toLowerCase() + model.slice(1)
    ];
    parts.push(JSON.stringify(await delegate.findMany()));
  }
  return parts.join("\n");
}

describe("a person's data", () => {
  let aisyah: { id: string };
  let mailCopy: string;

  beforeAll(async () => {
    aisyah = await makePerson(db, {
      fullName: "Nur Aisyah binti Ahmad",
      phoneE164: "+60123456789",
      email: "aisyah.ahmad@contoh.my",
    });
    const attended = await makeRegistration(db, {
      eventId: held.id,
      personId: aisyah.id,
      category: "PIBG",
      status: "ATTENDED",
      organisation: "PIBG SK Ampangan",
    });
    await makeRegistration(db, { eventId: world.nsEvent.id, personId: aisyah.id, category: "PIBG", organisation: "PIBG SK Ampangan" });
    await db.registration.update({ where: { id: attended.id }, data: { pibgRole: "Bendahari Aisyah" } });
    await db.feedback.create({
      data: { eventId: held.id, registrationId: attended.id, rating: 5, score: 3, comment: "Terima kasih, saya Aisyah dari Ampangan" },
    });
    const material = await db.material.create({
      data: { code: "KAD-15999", titleMs: "Kad Talian Kasih", titleEn: "Helpline card", kind: "CARD", unit: "keping" },
    });
    await db.delivery.create({
      data: {
        eventId: held.id,
        materialId: material.id,
        stateCode: "05",
        quantity: 1,
        recipientType: "PERSON",
        recipientPersonId: aisyah.id,
        recipientName: "Nur Aisyah binti Ahmad",
        acknowledgedByName: "Nur Aisyah",
        signatureSvg: "M0 0 L10 10",
      },
    });
    const sent = await db.message.create({
      data: {
        idempotencyKey: "confirmation:1",
        template: "registration-confirmation",
        language: "ms",
        toEmail: "aisyah.ahmad@contoh.my",
        toName: "Nur Aisyah binti Ahmad",
        subject: "Pendaftaran anda, Nur Aisyah",
        payload: JSON.stringify({ registrationId: attended.id }),
        personId: aisyah.id,
        eventId: held.id,
        status: "SENT",
        messageIdHeader: "<confirmation-1@kasih.test>",
      },
    });
    await db.message.create({
      data: {
        idempotencyKey: "reminder:1",
        template: "reminder",
        language: "ms",
        toEmail: "aisyah.ahmad@contoh.my",
        toName: "Nur Aisyah binti Ahmad",
        payload: "{}",
        personId: aisyah.id,
        eventId: world.nsEvent.id,
        status: "QUEUED",
        messageIdHeader: "<reminder-1@kasih.test>",
      },
    });
    mailCopy = path.join(mailFolder(), emlFileName(sent.messageIdHeader));
    fs.mkdirSync(mailFolder(), { recursive: true });
    fs.writeFileSync(mailCopy, "To: Nur Aisyah binti Ahmad <aisyah.ahmad@contoh.my>\n\nSalam Aisyah");
  });

  it("is found by phone in any format, shown whole to an administrator, and exported as JSON and CSV", async () => {
    const cookie = await cookieFor(world.admin.id);
    const found = await callLoader(peoplePage.loader, { url: "/admin/people?q=012-345 6789", cookie });
    expect(found.data.people).toEqual([
      expect.objectContaining({ id: aisyah.id, fullName: "Nur Aisyah binti Ahmad", phone: "012-••••789", registrations: 2 }),
    ]);
    const page = await callLoader(personPage.loader, { url: `/admin/people/${aisyah.id}`, cookie, params: { personId: aisyah.id } });
    expect(page.data.person).toMatchObject({
      phone: "012-345 6789",
      email: "aisyah.ahmad@contoh.my",
      registrations: [expect.anything(), expect.anything()],
      consents: [expect.anything(), expect.anything()],
    });
    const json = await callLoader(personExport.loader, {
      url: `/admin/people/${aisyah.id}/export?format=json`,
      cookie,
      params: { personId: aisyah.id },
    });
    const record = json.data;
    expect(record.person).toMatchObject({ fullName: "Nur Aisyah binti Ahmad", phone: "+60123456789" });
    expect(record.registrations).toHaveLength(2);
    expect(record.registrations[0].feedback[0].comment).toContain("Aisyah");
    expect(record.materialsReceived).toEqual([expect.objectContaining({ quantity: 1 })]);
    expect(record.emails).toHaveLength(2);
    const csv = await callLoader(personExport.loader, {
      url: `/admin/people/${aisyah.id}/export?format=csv`,
      cookie,
      params: { personId: aisyah.id },
    });
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    expect(csv.data).toContain("person,fullName,Nur Aisyah binti Ahmad");
  });

  it("is personal data only administrators handle", async () => {
    for (const user of [world.nsCoordinator, world.viewer, world.liaison]) {
      const cookie = await cookieFor(user.id);
      expect(
        (await callLoader(personPage.loader, { url: `/admin/people/${aisyah.id}`, cookie, params: { personId: aisyah.id } })).status,
      ).toBe(403);
      expect(
        (await callLoader(personExport.loader, { url: `/admin/people/${aisyah.id}/export`, cookie, params: { personId: aisyah.id } }))
          .status,
      ).toBe(403);
      expect(
        (
          await callAction(personPage.action, {
            url: `/admin/people/${aisyah.id}`,
            cookie,
            params: { personId: aisyah.id },
            form: { intent: "erase", confirm: "on" },
          })
        ).status,
      ).toBe(403);
    }
  });

  it("is corrected with the same checks as registration, keeping what was typed on a mistake", async () => {
    // Another person with this name and this phone: the identity the correction asks for is taken.
    const other = await makePerson(db, { fullName: "NUR AISYAH AHMAD", phoneE164: "+60129998888" });
    const cookie = await cookieFor(world.admin.id);
    const form = {
      intent: "correct",
      fullName: "Nur Aisyah Ahmad",
      phone: "012-999 8888",
      email: "aisyah.ahmad@contoh.my",
      language: "en",
    };
    const clash = await callAction(personPage.action, { url: `/admin/people/${aisyah.id}`, cookie, params: { personId: aisyah.id }, form });
    expect(clash.status).toBe(400);
    expect(clash.data.result.error).toEqual({ phone: ["errors.registration.contactTaken"] });
    expect(clash.data.result.initialValue).toMatchObject({ fullName: "Nur Aisyah Ahmad" });
    const badPhone = await callAction(personPage.action, {
      url: `/admin/people/${aisyah.id}`,
      cookie,
      params: { personId: aisyah.id },
      form: { ...form, phone: "<script>" },
    });
    expect(badPhone.data.result.error).toEqual({ phone: ["errors.phone"] });
    expect((await db.person.findUniqueOrThrow({ where: { id: aisyah.id } })).fullName).toBe("Nur Aisyah binti Ahmad");
    const ok = await callAction(personPage.action, {
      url: `/admin/people/${aisyah.id}`,
      cookie,
      params: { personId: aisyah.id },
      form: { ...form, phone: "+60 12-345 6789", fullName: "Nur Aisyah binti Ahmad" },
    });
    expect(ok.status).toBe(302);
    // The person on file and the copy each of their registrations holds.
    expect(await db.person.findUniqueOrThrow({ where: { id: aisyah.id } })).toMatchObject({ phoneE164: "+60123456789" });
    const registrations = await db.registration.findMany({ where: { personId: aisyah.id } });
    expect(registrations.map((r) => [r.fullName, r.phoneE164, r.language])).toEqual([
      ["Nur Aisyah binti Ahmad", "+60123456789", "en"],
      ["Nur Aisyah binti Ahmad", "+60123456789", "en"],
    ]);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityType: "Person", entityId: aisyah.id, action: "UPDATE" } });
    // The trail says what was corrected, not the personal data itself.
    expect(audit.after).not.toContain("Aisyah");
    await db.person.delete({ where: { id: other.id } });
  });

  it("is erased everywhere on request while every count stays the same", async () => {
    const cookie = await cookieFor(world.admin.id);
    const before = await dashboard(world.admin, {}, NOW);
    const unconfirmed = await callAction(personPage.action, {
      url: `/admin/people/${aisyah.id}`,
      cookie,
      params: { personId: aisyah.id },
      form: { intent: "erase" },
    });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.data.confirmError).toBe("errors.privacy.confirmErase");
    expect((await db.person.findUniqueOrThrow({ where: { id: aisyah.id } })).erasedAt).toBeNull();

    const erased = await callAction(personPage.action, {
      url: `/admin/people/${aisyah.id}`,
      cookie,
      params: { personId: aisyah.id },
      form: { intent: "erase", confirm: "on" },
    });
    expect(erased.status).toBe(302);

    const all = await everything();
    for (const trace of ["Aisyah", "aisyah", "123456789", "345 6789", "Bendahari", "PIBG SK Ampangan", "M0 0 L10 10"])
      expect(all).not.toContain(trace);
    expect(fs.existsSync(mailCopy)).toBe(false);
    expect(await db.message.findUniqueOrThrow({ where: { idempotencyKey: "reminder:1" } })).toMatchObject({ status: "CANCELLED" });
    expect(await db.registration.count({ where: { personId: aisyah.id } })).toBe(2);
    expect(await dashboard(world.admin, {}, NOW)).toEqual(before);
    expect(
      await db.auditEntry.findFirst({ where: { entityType: "Person", entityId: aisyah.id, action: "ERASE", actorId: world.admin.id } }),
    ).not.toBeNull();
  });
});

describe("retention", () => {
  it("anonymises people whose last session ended past the retention period, once a day, after a dry run", async () => {
    const oldProgramme = await db.programme.create({ data: { title: "KASIH NS 2022", year: 2022, stateCode: "05" } });
    const oldEvent = await makeEvent(db, {
      programmeId: oldProgramme.id,
      schoolId: world.nsSchool.id,
      status: "COMPLETED",
      startsAt: at("2022-05-10T09:00"),
    });
    const longAgo = await makePerson(db, { fullName: "Encik Lama Sekali" });
    await makeRegistration(db, { eventId: oldEvent.id, personId: longAgo.id, status: "ATTENDED" });
    const cameBack = await makePerson(db, { fullName: "Puan Datang Semula" });
    await makeRegistration(db, { eventId: oldEvent.id, personId: cameBack.id, status: "ATTENDED" });
    await makeRegistration(db, { eventId: held.id, personId: cameBack.id, status: "ATTENDED" });
    await db.person.updateMany({ where: { id: { in: [longAgo.id, cameBack.id] } }, data: { createdAt: at("2022-04-01T09:00") } });

    const dryRun = await retentionCandidates(NOW, 36);
    expect(dryRun.count).toBe(1);
    expect(await db.person.findUniqueOrThrow({ where: { id: longAgo.id } })).toMatchObject({
      fullName: "Encik Lama Sekali",
      erasedAt: null,
    });

    // The worker queues the day's run and does it.
    await runJobsUntilIdle({ now: NOW });
    expect(await db.job.findFirst({ where: { kind: "RETENTION" } })).toMatchObject({ status: "DONE", total: 1, processed: 1 });
    expect(await db.person.findUniqueOrThrow({ where: { id: longAgo.id } })).toMatchObject({
      fullName: "[dipadam]",
      phoneE164: null,
      email: null,
    });
    expect(await db.person.findUniqueOrThrow({ where: { id: cameBack.id } })).toMatchObject({ fullName: "Puan Datang Semula" });
    // Once a day: an hour later there is no second run.
    await runJobsUntilIdle({ now: new Date(NOW.getTime() + 3_600_000) });
    expect(await db.job.count({ where: { kind: "RETENTION" } })).toBe(1);
    expect(await lastRetentionRun()).toMatchObject({ anonymised: 1 });
    expect(await db.auditEntry.findFirst({ where: { entityId: longAgo.id, action: "ERASE", actorId: null } })).not.toBeNull();
  });
});

describe("the audit trail", () => {
  it("records who changed what for programmes, events, registrations, deliveries, stock, users and exports", async () => {
    const since = new Date();
    const admin = world.admin;
    const coordinator = world.nsCoordinator;
    const programmeId = await createProgramme(coordinator, {
      title: "KASIH NS 2027",
      year: 2027,
      stateCode: "05",
      coordinatorIds: [],
      approvalRequired: false,
    });
    await updateProgramme(coordinator, programmeId, {
      title: "KASIH Negeri Sembilan 2027",
      year: 2027,
      stateCode: "05",
      coordinatorIds: [],
      approvalRequired: false,
      targetSchools: 50,
    });
    const open = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsOtherSchool.id,
      startsAt: at("2026-12-20T09:00"),
    });
    const registered = await registerPublicly(open.publicCode, teacher(1), NOW);
    if (!("registrationId" in registered)) throw new Error("expected a registration");
    await cancelRegistration(registered.registrationId, null);
    await changeEventStatus(coordinator, open.id, "POSTPONED", "Banjir", NOW);
    const material = await db.material.create({
      data: { code: "RIS-A", titleMs: "Risalah", titleEn: "Pamphlet", kind: "PAMPHLET", unit: "naskhah" },
    });
    await receiveStock(coordinator, { intent: "receive", stateCode: "05", materialId: material.id, quantity: 100, reference: "HQ-1" });
    const delivery = await recordDelivery(coordinator, held.id, { materialId: material.id, quantity: 10, recipientType: "SCHOOL" });
    if (!delivery.ok) throw new Error("expected a delivery");
    await reverseDelivery(coordinator, held.id, delivery.id, "Salah kira");
    const user = await createUser(admin, {
      name: "Penyelaras Baharu",
      email: "baru@kasih.test",
      role: "COORDINATOR",
      stateCode: "05",
      active: true,
      password: "kata-laluan-baharu",
    });
    if (!user.ok) throw new Error("expected a user");
    await updateUser(admin, user.id, {
      name: "Penyelaras Baharu",
      email: "baru@kasih.test",
      role: "VIEWER",
      stateCode: "05",
      active: true,
    });
    await createExportJob(coordinator, { dataset: "events", format: "csv", contacts: false }, "ms");

    const entries = await db.auditEntry.findMany({ where: { createdAt: { gte: since } }, orderBy: { createdAt: "asc" } });
    const seen = new Set(
      entries.map((e) => `${e.entityType}:${e.action}:${e.actorId === null ? "public" : e.actorId === admin.id ? "admin" : "coordinator"}`),
    );
    for (const expected of [
      "Programme:CREATE:coordinator",
      "Programme:UPDATE:coordinator",
      "Registration:CREATE:public",
      "Registration:UPDATE:public",
      "Event:STATUS:coordinator",
      "StockMovement:CREATE:coordinator",
      "Delivery:CREATE:coordinator",
      "Delivery:REVERSE:coordinator",
      "User:CREATE:admin",
      "User:UPDATE:admin",
      "Export:EXPORT:coordinator",
    ])
      expect(seen).toContain(expected);
    const programmeUpdate = entries.find((e) => e.entityType === "Programme" && e.action === "UPDATE")!;
    expect(JSON.parse(programmeUpdate.before!)).toMatchObject({ title: "KASIH NS 2027" });
    expect(JSON.parse(programmeUpdate.after!)).toMatchObject({ title: "KASIH Negeri Sembilan 2027", targetSchools: 50 });
    const userUpdate = entries.find((e) => e.entityType === "User" && e.action === "UPDATE")!;
    expect([JSON.parse(userUpdate.before!).role, JSON.parse(userUpdate.after!).role]).toEqual(["COORDINATOR", "VIEWER"]);
  });

  it("cannot be changed or deleted, even by the database client", async () => {
    const entry = await db.auditEntry.findFirstOrThrow();
    await expect(db.auditEntry.update({ where: { id: entry.id }, data: { action: "DELETE" } })).rejects.toThrow();
    await expect(db.auditEntry.delete({ where: { id: entry.id } })).rejects.toThrow();
    expect(await db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
  });

  it("is browsed and filtered by administrators only", async () => {
    const page = await callLoader(auditPage.loader, {
      url: "/admin/audit?entityType=Delivery&action=REVERSE&actor=nobody-that-exists",
      cookie: await cookieFor(world.admin.id),
    });
    expect(page.data.log.items).toEqual([]);
    const reversals = await callLoader(auditPage.loader, {
      url: "/admin/audit?entityType=Delivery&action=REVERSE",
      cookie: await cookieFor(world.admin.id),
    });
    expect(reversals.data.log.items).toEqual([
      expect.objectContaining({ entityType: "Delivery", action: "REVERSE", actor: { name: "Penyelaras NS" } }),
    ]);
    expect(reversals.data.log.entityTypes).toEqual(expect.arrayContaining(["Delivery", "Programme", "Registration"]));
    expect((await callLoader(auditPage.loader, { url: "/admin/audit", cookie: await cookieFor(world.nsCoordinator.id) })).status).toBe(403);
  });
});

describe("feedback after a session", () => {
  let session: { id: string; publicCode: string };
  beforeAll(async () => {
    session = await makeEvent(db, {
      programmeId: world.kelProgramme.id,
      schoolId: world.kelSchool.id,
      status: "COMPLETED",
      startsAt: at("2026-06-10T09:00"),
    });
  });
  const answers = {
    rating: "4",
    answerSigns: "ALL",
    answerReport: "REPORT",
    answerHelpline: "15999",
    comment: "Sangat berguna",
    language: "ms",
  };
  const submit = (form: Record<string, string>, code = session.publicCode) =>
    callAction(feedbackForm.action, { url: `/feedback/${code}`, params: { code }, form });

  it("takes a response from the public link and scores the knowledge questions", async () => {
    const result = await submit(answers);
    expect(result.status).toBe(200);
    expect(result.data.done).toBe(true);
    expect(await db.feedback.findFirstOrThrow({ where: { eventId: session.id, comment: "Sangat berguna" } })).toMatchObject({
      rating: 4,
      score: 3,
      registrationId: null,
    });
    await submit({ ...answers, rating: "2", answerHelpline: "999", comment: "" });
    const results = await feedbackResults(world.admin, { eventId: session.id });
    expect(results).toMatchObject({ responses: 2, averageRating: 3, correct: { answerSigns: 100, answerReport: 100, answerHelpline: 50 } });
    expect(results.comments).toEqual([expect.objectContaining({ comment: "Sangat berguna" })]);
    expect((await feedbackResults(world.admin, { programmeId: world.kelProgramme.id })).responses).toBe(2);
    await expect(feedbackResults(world.nsCoordinator, { eventId: session.id })).rejects.toMatchObject({ status: 404 });
  });

  it("refuses wrong, missing, oversized and hostile answers with messages, storing nothing", async () => {
    const count = await db.feedback.count();
    const cases: [Record<string, string>, Record<string, string[]>][] = [
      [{ ...answers, rating: "" }, { rating: ["errors.choose"] }],
      [{ ...answers, rating: "9" }, { rating: ["errors.choose"] }],
      [{ ...answers, answerHelpline: "112'; DROP TABLE Feedback;--" }, { answerHelpline: ["errors.choose"] }],
      [{ ...answers, answerSigns: "" }, { answerSigns: ["errors.choose"] }],
      [{ ...answers, comment: "x".repeat(1001) }, { comment: ["errors.tooLong|max=1000"] }],
      [{ ...answers, website: "http://spam.example" }, { website: ["errors.invalid"] }],
    ];
    for (const [form, errors] of cases) {
      const result = await submit(form);
      expect(result.status).toBe(400);
      expect(result.data.result.error).toMatchObject(errors);
    }
    expect(await db.feedback.count()).toBe(count);
    expect((await callLoader(feedbackForm.loader, { url: "/feedback/nope", params: { code: "nope" } })).status).toBe(404);
  });

  it("links a response from a participant's email to their registration, once", async () => {
    const registration = await makeRegistration(db, { eventId: session.id, status: "ATTENDED" });
    expect((await submit({ ...answers, r: registration.manageToken })).status).toBe(200);
    const again = await submit({ ...answers, r: registration.manageToken, rating: "1" });
    expect(again.status).toBe(409);
    expect(again.data.result.error[""]).toEqual(["errors.feedback.already"]);
    expect(await db.feedback.findMany({ where: { registrationId: registration.id } })).toEqual([expect.objectContaining({ rating: 4 })]);
  });

  it("counts one response per personal link even when it is sent several times at once", async () => {
    const registration = await makeRegistration(db, { eventId: session.id, status: "ATTENDED" });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => submit({ ...answers, r: registration.manageToken, rating: String((i % 5) + 1) })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.data.result.error[""][0] === "errors.feedback.already")).toBe(true);
    expect(await db.feedback.count({ where: { registrationId: registration.id } })).toBe(1);
  });

  it("takes no feedback before the session starts or for a draft, cancelled or postponed one, and says why", async () => {
    const upcoming = await makeEvent(db, {
      programmeId: world.kelProgramme.id,
      schoolId: world.kelSchool.id,
      status: "SCHEDULED",
      startsAt: new Date(Date.now() + 3 * 24 * 3600 * 1000),
    });
    const draft = await makeEvent(db, {
      programmeId: world.kelProgramme.id,
      schoolId: world.kelSchool.id,
      status: "DRAFT",
      startsAt: at("2026-06-11T09:00"),
    });
    const cancelled = await makeEvent(db, {
      programmeId: world.kelProgramme.id,
      schoolId: world.kelSchool.id,
      status: "CANCELLED",
      startsAt: at("2026-06-12T09:00"),
    });
    const postponed = await makeEvent(db, {
      programmeId: world.kelProgramme.id,
      schoolId: world.kelSchool.id,
      status: "POSTPONED",
      startsAt: at("2026-06-13T09:00"),
    });
    const count = await db.feedback.count();
    for (const [event, reason] of [
      [upcoming, "errors.feedback.notYet"],
      [draft, "errors.feedback.notYet"],
      [cancelled, "errors.feedback.cancelled"],
      [postponed, "errors.feedback.postponed"],
    ] as const) {
      const page = await callLoader(feedbackForm.loader, { url: `/feedback/${event.publicCode}`, params: { code: event.publicCode } });
      expect(page.data.event.feedbackClosed).toBe(reason);
      const result = await submit(answers, event.publicCode);
      expect(result.status).toBe(409);
      expect(result.data.result.error[""]).toEqual([reason]);
      expect(result.data.result.initialValue).toMatchObject({ comment: "Sangat berguna" });
    }
    expect(await db.feedback.count()).toBe(count);
    const open = await callLoader(feedbackForm.loader, { url: `/feedback/${session.publicCode}`, params: { code: session.publicCode } });
    expect(open.data.event.feedbackClosed).toBeNull();
  });
});
