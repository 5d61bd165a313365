import { beforeAll, describe, expect, it } from "vitest";
import * as publicForm from "../../app/routes/r.$code";
import * as mine from "../../app/routes/registration.$token";
import { db } from "../../app/utils/db.server";
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
});
