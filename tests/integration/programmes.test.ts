import { beforeAll, describe, expect, it } from "vitest";
import { programmeProgress } from "../../app/modules/programmes/programmes.server";
import * as editProgramme from "../../app/routes/_app.programmes.$programmeId.edit";
import * as newProgramme from "../../app/routes/_app.programmes.new";
import { db } from "../../app/utils/db.server";
import { makeEvent, makeProgramme, makeRegistration } from "../support/factories";
import { callAction, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
let cookie: string;
beforeAll(async () => {
  world = await twoStates();
  cookie = await cookieFor(world.nsCoordinator.id);
});

describe("programmes", () => {
  it("creates a programme with targets and coordinators, audited", async () => {
    const result = await callAction(newProgramme.action, {
      url: "/programmes/new",
      cookie,
      form: {
        title: "KASIH Kanak-Kanak Peringkat Negeri Sembilan 2027",
        year: "2027",
        stateCode: "05",
        targetSchools: "60",
        targetParticipants: "6,000",
        coordinatorIds: [world.nsCoordinator.id, world.selCoordinator.id],
      },
    });
    expect(result.status).toBe(302);
    const programme = await db.programme.findFirstOrThrow({ where: { year: 2027 }, include: { coordinators: true } });
    expect(programme).toMatchObject({ stateCode: "05", targetSchools: 60, targetParticipants: 6000, approvalRequired: false });
    // A Selangor coordinator cannot be put on a Negeri Sembilan programme.
    expect(programme.coordinators.map((c) => c.userId)).toEqual([world.nsCoordinator.id]);
    expect(await db.auditEntry.count({ where: { entityType: "Programme", entityId: programme.id } })).toBe(1);
  });

  it("keeps what was typed and explains the problems", async () => {
    const before = await db.programme.count();
    const result = await callAction(newProgramme.action, {
      url: "/programmes/new",
      cookie,
      form: { title: "", year: "dua ribu", stateCode: "99", targetSchools: "1.5", description: "Keterangan panjang" },
    });
    expect(result.status).toBe(400);
    expect(result.data.result.error).toMatchObject({
      title: ["errors.required"],
      year: ["errors.notNumber"],
      stateCode: ["errors.choose"],
      targetSchools: ["errors.notWholeNumber"],
    });
    expect(result.data.result.initialValue).toMatchObject({ year: "dua ribu", description: "Keterangan panjang" });
    expect(await db.programme.count()).toBe(before);
  });

  it("a state coordinator cannot create a national programme or another state's", async () => {
    const national = await callAction(newProgramme.action, {
      url: "/programmes/new",
      cookie,
      form: { title: "Kebangsaan", year: "2027", stateCode: "" },
    });
    expect(national.status).toBe(403);
    const selangor = await callAction(newProgramme.action, {
      url: "/programmes/new",
      cookie,
      form: { title: "Selangor", year: "2027", stateCode: "10" },
    });
    expect(selangor.status).toBe(403);
  });

  it("edits a programme and records what changed", async () => {
    const programme = await makeProgramme(db, { title: "Asal", stateCode: "05", targetSchools: 10 });
    const result = await callAction(editProgramme.action, {
      url: "/",
      cookie,
      params: { programmeId: programme.id },
      form: { title: "Baharu", year: "2026", stateCode: "05", targetSchools: "12", approvalRequired: "on" },
    });
    expect(result.status).toBe(302);
    expect(await db.programme.findUniqueOrThrow({ where: { id: programme.id } })).toMatchObject({
      title: "Baharu",
      targetSchools: 12,
      approvalRequired: true,
    });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityId: programme.id, action: "UPDATE" } });
    expect(JSON.parse(audit.before!)).toMatchObject({ title: "Asal", targetSchools: 10 });
    expect(JSON.parse(audit.after!)).toMatchObject({ title: "Baharu", targetSchools: 12 });
  });

  it("measures progress from the events themselves", async () => {
    const programme = await makeProgramme(db, { stateCode: "05", targetSchools: 4 });
    // Reached: held, with someone there (the second visit to the same school counts it once).
    const first = await makeEvent(db, {
      programmeId: programme.id,
      schoolId: world.nsSchool.id,
      status: "COMPLETED",
      startsAt: at("2026-02-10T09:00"),
    });
    await makeRegistration(db, { eventId: first.id, status: "ATTENDED" });
    const second = await makeEvent(db, {
      programmeId: programme.id,
      schoolId: world.nsSchool.id,
      status: "COMPLETED",
      startsAt: at("2026-03-10T09:00"),
    });
    await makeRegistration(db, { eventId: second.id, status: "ATTENDED" });
    await makeEvent(db, {
      programmeId: programme.id,
      schoolId: world.nsOtherSchool.id,
      status: "SCHEDULED",
      startsAt: at("2026-12-10T09:00"),
    });
    const progress = await programmeProgress(world.nsCoordinator, programme.id);
    expect(progress.schoolsReached).toBe(1);
    expect(progress.events).toEqual({ COMPLETED: 2, SCHEDULED: 1 });
  });
});
