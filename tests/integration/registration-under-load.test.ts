import { beforeAll, describe, expect, it } from "vitest";
import * as publicForm from "../../app/routes/r.$code";
import * as mine from "../../app/routes/registration.$token";
import { newFormToken } from "../../app/modules/audit/form-once.server";
import { db } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { makeEvent } from "../support/factories";
import { callAction, callLoader } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
beforeAll(async () => {
  world = await twoStates();
});

const form = (n: number) => ({
  fullName: `Peserta Serentak ${n}`,
  phone: `+6019${String(5000000 + n).padStart(7, "0")}`,
  email: `serentak${n}@contoh.my`,
  category: "COMMUNITY",
  language: n % 2 ? "ms" : "en",
  consent: "on",
  noticeVersion: "2024-04-v1",
  website: "",
});

const tokenOf = (location: string) => location.split("/")[2].split("?")[0];

describe("a school hall registering at once", () => {
  it("200 people submit the public form together for 150 seats: exactly 150 registered and 50 waitlisted, in order", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      startsAt: at("2030-09-01T09:00"),
      capacity: 150,
    });
    // One address for everyone, as behind a school's router.
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        callAction(publicForm.action, {
          url: `/r/${event.publicCode}`,
          clientIp: "192.0.2.150",
          params: { code: event.publicCode },
          form: form(n),
        }),
      ),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(302));
    expect(responses.every((r) => /^\/registration\/[\w-]+\?new=1$/.test(r.location ?? ""))).toBe(true);
    const byStatus = await db.registration.groupBy({ by: ["status"], where: { eventId: event.id }, _count: true });
    expect(Object.fromEntries(byStatus.map((g) => [g.status, g._count]))).toEqual({ REGISTERED: 150, WAITLISTED: 50 });
    // Nobody twice: one person and one registration per phone number.
    expect(await db.person.count({ where: { fullName: { startsWith: "Peserta Serentak " } } })).toBe(200);
    expect(await db.consent.count({ where: { eventId: event.id } })).toBe(200);
    // Everyone got a confirmation or a waitlist notice queued with their registration, once.
    expect(await db.message.count({ where: { eventId: event.id } })).toBe(200);

    // Each personal page agrees with the database, and the waitlist positions are 1…50 without gaps.
    const pages = await Promise.all(
      responses.map((r) => callLoader(mine.loader, { url: r.location!, params: { token: tokenOf(r.location!) } })),
    );
    expect(pages.filter((p) => p.data.registration.status === "REGISTERED")).toHaveLength(150);
    const positions = pages.filter((p) => p.data.registration.status === "WAITLISTED").map((p) => p.data.registration.position as number);
    expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("the same 20 people pressing submit twice at once are still registered once each", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      startsAt: at("2030-09-02T09:00"),
      capacity: 15,
    });
    const submit = (n: number) =>
      callAction(publicForm.action, { url: "/", clientIp: "192.0.2.151", params: { code: event.publicCode }, form: form(1000 + n) });
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => submit(i % 20)));
    // The second press of each is told they are registered already (their link goes to their email).
    expect(responses.filter((r) => r.status === 302 && r.location!.endsWith("?new=1"))).toHaveLength(20);
    expect(responses.filter((r) => r.status === 200 && r.data.alreadyRegistered === true)).toHaveLength(20);
    const byStatus = await db.registration.groupBy({ by: ["status"], where: { eventId: event.id }, _count: true });
    expect(Object.fromEntries(byStatus.map((g) => [g.status, g._count]))).toEqual({ REGISTERED: 15, WAITLISTED: 5 });
  });

  it("a submission that waited its whole time in a busy server before reaching the form is turned away at once, writing nothing", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2030-09-04T09:00") });
    const sent = { ...form(3000), formToken: newFormToken() };
    const buckets = await db.rateLimitBucket.count();
    const late = await callAction(publicForm.action, {
      url: "/",
      clientIp: "192.0.2.153",
      params: { code: event.publicCode },
      form: sent,
      receivedAt: Date.now() - env.REGISTRATION_QUEUE_SECONDS * 1000 - 1,
    });
    expect(late.status).toBe(503);
    expect(Number(late.headers.get("Retry-After"))).toBeGreaterThanOrEqual(2);
    expect(Object.fromEntries(late.data.values)).toEqual(sent);
    // Not even counted against the address: the database was not asked.
    expect(await db.rateLimitBucket.count()).toBe(buckets);
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0);
    // Sent again in good time (the busy page's button), it registers.
    const again = await callAction(publicForm.action, {
      url: "/",
      clientIp: "192.0.2.153",
      params: { code: event.publicCode },
      form: sent,
    });
    expect(again.status).toBe(302);
  });

  it("when the database cannot take them in time, people are asked to try again (503), nothing is half-saved, and the retry registers them", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      startsAt: at("2030-09-03T09:00"),
      capacity: 60,
    });
    const forms = Array.from({ length: 120 }, (_, n) => ({ ...form(2000 + n), formToken: newFormToken() }));
    const submit = (f: (typeof forms)[number]) =>
      callAction(publicForm.action, { url: "/", clientIp: "192.0.2.152", params: { code: event.publicCode }, form: f });
    const queueSeconds = env.REGISTRATION_QUEUE_SECONDS;
    // Something else holds the event's seats (on SQLite, the connection) until everyone has been
    // answered, longer than a registration may wait here.
    env.REGISTRATION_QUEUE_SECONDS = 0.3;
    let answered!: () => void;
    const allAnswered = new Promise<void>((resolve) => (answered = resolve));
    let responses;
    try {
      const holder = db.$transaction(
        async (tx) => {
          await tx.event.update({ where: { id: event.id }, data: { seatLock: { increment: 1 } } });
          await Promise.race([allAnswered, new Promise((resolve) => setTimeout(resolve, 15_000))]);
        },
        { timeout: 20_000 },
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      responses = await Promise.all(forms.map(submit));
      answered();
      await holder;
    } finally {
      env.REGISTRATION_QUEUE_SECONDS = queueSeconds;
    }
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 302 || s === 503)).toBe(true);
    const busy = responses.flatMap((r, i) => (r.status === 503 ? [i] : []));
    expect(busy.length).toBeGreaterThan(0);
    for (const i of busy) {
      expect(Number(responses[i].headers.get("Retry-After"))).toBeGreaterThan(0);
      // The busy page (BusyRetry) sends back what was typed, to be sent again with one press.
      expect(responses[i].data.busy).toBe(true);
      expect(Object.fromEntries(responses[i].data.values)).toEqual(forms[i]);
    }
    // Nobody turned away was half-saved: only the people answered with their page are in.
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(120 - busy.length);

    // Everyone turned away presses the button again (the same form, the same token) and gets in.
    const retried = await Promise.all(busy.map((i) => submit(forms[i])));
    expect(retried.map((r) => r.status)).toEqual(busy.map(() => 302));
    const byStatus = await db.registration.groupBy({ by: ["status"], where: { eventId: event.id }, _count: true });
    expect(Object.fromEntries(byStatus.map((g) => [g.status, g._count]))).toEqual({ REGISTERED: 60, WAITLISTED: 60 });
    expect(await db.consent.count({ where: { eventId: event.id } })).toBe(120);
    expect(await db.message.count({ where: { eventId: event.id } })).toBe(120);
    // Every success page is a registration in the database.
    for (const r of [...responses, ...retried].filter((r) => r.status === 302)) {
      const token = tokenOf(r.location!);
      expect(await db.registration.count({ where: { manageToken: token } })).toBe(1);
    }
  });
});
