import { beforeAll, describe, expect, it } from "vitest";
import { cancelRegistration, registrationByToken } from "../../app/modules/registrations/manage.server";
import { registerPublicly } from "../../app/modules/registrations/register.server";
import { db } from "../../app/utils/db.server";
import { makeEvent } from "../support/factories";
import { teacher } from "../support/registrations";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
beforeAll(async () => {
  world = await twoStates();
});

async function openEvent(fields: Partial<Parameters<typeof makeEvent>[1]> = {}) {
  return makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2030-03-05T09:00"), ...fields });
}

describe("registering from the public link", () => {
  it("registers, records the notice accepted and gives a check-in code and a personal link", async () => {
    const event = await openEvent();
    const result = await registerPublicly(event.publicCode, teacher(1));
    expect(result).toMatchObject({ outcome: "registered", position: null });
    const registration = await db.registration.findFirstOrThrow({
      where: { eventId: event.id },
      include: { person: { include: { consents: true } } },
    });
    expect(registration).toMatchObject({ status: "REGISTERED", source: "ONLINE", category: "TEACHER" });
    expect(registration.checkInCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(registration.person.consents).toEqual([
      expect.objectContaining({ noticeVersion: "2024-04-v1", method: "ONLINE_FORM", eventId: event.id }),
    ]);
    expect((await registrationByToken(registration.manageToken))?.id).toBe(registration.id);
  });

  it("the same person again gets no second registration and no link on the page; one identity across events", async () => {
    const first = await openEvent();
    const second = await openEvent({ startsAt: at("2030-03-12T09:00") });
    const a = await registerPublicly(first.publicCode, teacher(2));
    // Case, spacing and the phone's format do not make another person.
    const again = await registerPublicly(first.publicCode, teacher(2, { fullName: "CIKGU  ujian 2", email: undefined }));
    expect(again).toEqual({ outcome: "existing", registrationId: (a as { registrationId: string }).registrationId });
    const byEmail = await registerPublicly(first.publicCode, teacher(2, { phone: "+60133333333" }));
    expect(byEmail).toMatchObject({ outcome: "existing" });
    expect(await db.registration.count({ where: { eventId: first.id } })).toBe(1);

    await registerPublicly(second.publicCode, teacher(2));
    const people = await db.person.findMany({ where: { email: "cikgu2@sekolah.test" }, include: { registrations: true } });
    expect(people).toHaveLength(1);
    expect(people[0].registrations).toHaveLength(2);
  });

  it("the personal link of an existing registration goes again to the email it was made with, at most once an hour", async () => {
    const event = await openEvent({ startsAt: at("2030-05-07T09:00") });
    await registerPublicly(event.publicCode, teacher(40));
    const resends = () => db.message.count({ where: { idempotencyKey: { contains: ":again:" }, toEmail: "cikgu40@sekolah.test" } });
    // Whatever email is typed now, the link goes to the one on file.
    await registerPublicly(event.publicCode, teacher(40, { email: "someone.else@contoh.my" }));
    await registerPublicly(event.publicCode, teacher(40, { email: "someone.else@contoh.my" }));
    expect(await resends()).toBe(1);
    expect(await db.message.count({ where: { toEmail: "someone.else@contoh.my" } })).toBe(0);
    // A phone-only registration has nowhere to send it: nothing is queued, and the answer is the same.
    const phoneOnly = await registerPublicly(event.publicCode, teacher(41, { email: undefined }));
    const before = await db.message.count();
    expect(await registerPublicly(event.publicCode, teacher(41, { email: undefined }))).toEqual({
      outcome: "existing",
      registrationId: (phoneOnly as { registrationId: string }).registrationId,
    });
    expect(await db.message.count()).toBe(before);
  });

  it("a phone or email with another name is another person, who sees only what they typed", async () => {
    const first = await openEvent();
    const second = await openEvent({ startsAt: at("2030-04-02T09:00") });
    const aminah = await registerPublicly(first.publicCode, teacher(30, { fullName: "Aminah binti Hassan" }));
    const onFile = await db.registration.findUniqueOrThrow({ where: { id: (aminah as { registrationId: string }).registrationId } });
    // Part of her name with her phone (the "bin" attack), and a stranger with her phone or email.
    for (const fullName of ["bin", "Aminah", "Hassan", "Orang Asing"]) {
      for (const contact of [{ email: undefined }, { phone: "+60135550000" }]) {
        const result = await registerPublicly(first.publicCode, teacher(30, { fullName, ...contact }));
        expect(result, `${fullName} ${JSON.stringify(contact)}`).toMatchObject({ outcome: "registered" });
        const theirs = await db.registration.findUniqueOrThrow({ where: { manageToken: (result as { manageToken: string }).manageToken } });
        expect(theirs).toMatchObject({ fullName, email: "email" in contact ? null : teacher(30).email });
        expect(theirs.personId).not.toBe(onFile.personId);
        expect(theirs.manageToken).not.toBe(onFile.manageToken);
      }
    }
    // Two parents registered with one phone (a teacher's, say) are two people at one event.
    const mother = await registerPublicly(second.publicCode, teacher(31, { fullName: "Puan Salmah", email: undefined }));
    const father = await registerPublicly(second.publicCode, teacher(31, { fullName: "Encik Rahman", email: undefined }));
    expect([mother.outcome, father.outcome]).toEqual(["registered", "registered"]);
    expect(await db.person.count({ where: { phoneE164: teacher(31).phone } })).toBe(2);
    // Aminah's own details were never touched, nor sent to anyone else: her address got her own
    // confirmation and those of the four who typed it (each only about their own registration).
    expect(await db.registration.findUniqueOrThrow({ where: { id: onFile.id } })).toMatchObject({
      fullName: "Aminah binti Hassan",
      email: "cikgu30@sekolah.test",
    });
    expect(await db.message.count({ where: { toEmail: "cikgu30@sekolah.test" } })).toBe(5);
  });

  it("emails come in the language chosen for each registration", async () => {
    const first = await openEvent({ startsAt: at("2030-06-04T09:00") });
    const second = await openEvent({ startsAt: at("2030-06-11T09:00") });
    await registerPublicly(first.publicCode, teacher(32, { language: "ms" }));
    await registerPublicly(second.publicCode, teacher(32, { language: "en" }));
    const confirmations = await db.message.findMany({ where: { toEmail: teacher(32).email, template: "registration-confirmation" } });
    expect(confirmations.map((m) => [m.eventId, m.language]).sort()).toEqual(
      [
        [first.id, "ms"],
        [second.id, "en"],
      ].sort(),
    );
  });

  it("is refused outside the window, for cancelled, postponed, draft and past events", async () => {
    const cases = [
      [await openEvent({ registrationOpensAt: at("2030-03-01T00:00") }), "notYet"],
      [await openEvent({ registrationClosesAt: at("2026-01-01T00:00") }), "closed"],
      [await openEvent({ status: "CANCELLED" }), "cancelled"],
      [await openEvent({ status: "POSTPONED" }), "postponed"],
      [await openEvent({ status: "DRAFT" }), "draft"],
      [await openEvent({ startsAt: at("2025-03-05T09:00") }), "ended"],
    ] as const;
    for (const [event, reason] of cases) {
      const result = await registerPublicly(event.publicCode, teacher(3), new Date("2026-06-01T00:00:00Z"));
      expect(result, reason).toMatchObject({ outcome: "unavailable", reason });
      expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0);
    }
  });

  it("refuses a category the event does not offer", async () => {
    const event = await openEvent({ registrationCategories: "TEACHER,PIBG" });
    expect(await registerPublicly(event.publicCode, teacher(4, { category: "VOLUNTEER" }))).toMatchObject({
      outcome: "invalid",
      field: "category",
    });
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0);
  });
});

describe("capacity and the waitlist", () => {
  it("capacity 10 with 50 concurrent registrations: exactly 10 registered and 40 waitlisted, in order", async () => {
    const event = await openEvent({ capacity: 10 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => registerPublicly(event.publicCode, teacher(100 + i))));
    expect(results.filter((r) => r.outcome === "registered")).toHaveLength(10);
    const waitlisted = results.filter((r) => r.outcome === "waitlisted") as { position: number }[];
    expect(waitlisted).toHaveLength(40);
    expect(waitlisted.map((r) => r.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await db.registration.count({ where: { eventId: event.id, status: "REGISTERED" } })).toBe(10);
    const queue = await db.registration.findMany({
      where: { eventId: event.id, status: "WAITLISTED" },
      orderBy: [{ waitlistedAt: "asc" }, { id: "asc" }],
    });
    expect(queue).toHaveLength(40);
  });

  it("a cancellation promotes the first person waiting, and only one", async () => {
    const event = await openEvent({ capacity: 2 });
    const [a] = await Promise.all([registerPublicly(event.publicCode, teacher(200))]);
    await registerPublicly(event.publicCode, teacher(201));
    const w1 = await registerPublicly(event.publicCode, teacher(202));
    const w2 = await registerPublicly(event.publicCode, teacher(203));
    expect([w1, w2].map((r) => (r as { position: number }).position)).toEqual([1, 2]);

    const { cancelled, promotedIds } = await cancelRegistration((a as { registrationId: string }).registrationId, null);
    expect(cancelled).toBe(true);
    expect(promotedIds).toEqual([(w1 as { registrationId: string }).registrationId]);
    expect((await db.registration.findUniqueOrThrow({ where: { id: promotedIds[0] } })).status).toBe("REGISTERED");
    const stillWaiting = await registrationByToken((w2 as { manageToken: string }).manageToken);
    expect(stillWaiting).toMatchObject({ status: "WAITLISTED", position: 1 });
    expect(await db.registration.count({ where: { eventId: event.id, status: "REGISTERED" } })).toBe(2);
  });

  it("cancelling a waitlisted place promotes nobody; cancelling twice does nothing", async () => {
    const event = await openEvent({ capacity: 1 });
    await registerPublicly(event.publicCode, teacher(300));
    const waiting = (await registerPublicly(event.publicCode, teacher(301))) as { registrationId: string };
    expect(await cancelRegistration(waiting.registrationId, null)).toEqual({ cancelled: true, promotedIds: [] });
    expect(await cancelRegistration(waiting.registrationId, null)).toEqual({ cancelled: false, promotedIds: [] });
  });

  it("someone who cancelled can register again", async () => {
    const event = await openEvent({ capacity: 5 });
    const first = (await registerPublicly(event.publicCode, teacher(400))) as { registrationId: string };
    await cancelRegistration(first.registrationId, null);
    const again = await registerPublicly(event.publicCode, teacher(400));
    expect(again).toMatchObject({ outcome: "registered", registrationId: first.registrationId });
  });
});
