import { beforeAll, describe, expect, it } from "vitest";
import { childrenBy, reach, savePupilCounts } from "../../app/modules/children/pupil-counts.server";
import { fieldName } from "../../app/modules/children/pupil-schema";
import { changeEventStatus } from "../../app/modules/events/events.server";
import {
  CANDIDATE_LIMIT,
  invitationCandidates,
  inviteSchools,
  remindNonResponders,
  respondToInvitation,
} from "../../app/modules/invitations/invitations.server";
import { programmeProgress } from "../../app/modules/programmes/programmes.server";
import { coverage } from "../../app/modules/reports/coverage.server";
import { dashboard } from "../../app/modules/reports/dashboard.server";
import * as approvalPage from "../../app/routes/_app.events.$eventId.approval";
import * as pupilsPage from "../../app/routes/_app.events.$eventId.pupils";
import * as invitationsPage from "../../app/routes/_app.programmes.$programmeId.invitations";
import { db } from "../../app/utils/db.server";
import { makeDistrict, makeEvent, makeProgramme, makeRegistration, makeSchool } from "../support/factories";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
beforeAll(async () => {
  world = await twoStates();
});

describe("children reached, as counts", () => {
  it("rolls up to school, district, state and programme, and is never mixed with the adults", async () => {
    const programme = await makeProgramme(db, { stateCode: "05", targetChildren: 1000 });
    const a = await makeEvent(db, {
      programmeId: programme.id,
      schoolId: world.nsSchool.id,
      status: "COMPLETED",
      startsAt: at("2026-02-10T09:00"),
    });
    const b = await makeEvent(db, {
      programmeId: programme.id,
      schoolId: world.nsOtherSchool.id,
      status: "COMPLETED",
      startsAt: at("2026-02-11T09:00"),
    });
    await savePupilCounts(
      world.liaison,
      a.id,
      { [fieldName("F1", "L")]: 40, [fieldName("F1", "P")]: 45, [fieldName("F2", "L")]: 15 },
      false,
    );
    await savePupilCounts(world.nsCoordinator, b.id, { [fieldName("T4", "L")]: 20, [fieldName("T5", "P")]: 30, specialNeeds: 3 }, false);
    for (let i = 0; i < 4; i++) await makeRegistration(db, { eventId: a.id, status: "ATTENDED" });
    await makeRegistration(db, { eventId: a.id, status: "NO_SHOW" });

    const totals = await reach(world.nsCoordinator, { programmeId: programme.id });
    expect(totals.children).toBe(150);
    expect(totals.adults).toBe(4);
    expect(totals.byGrade).toEqual(expect.arrayContaining([{ grade: "F1", sex: "P", count: 45 }]));
    expect(await childrenBy(world.nsCoordinator, "school", { programmeId: programme.id })).toEqual([
      expect.objectContaining({ label: "SMK SERI AMPANGAN", children: 100 }),
      expect.objectContaining({ label: "SK AMPANGAN", children: 50 }),
    ]);
    expect(await childrenBy(world.nsCoordinator, "district", { programmeId: programme.id })).toEqual([
      expect.objectContaining({ label: "SEREMBAN", children: 150 }),
    ]);
    expect(await childrenBy(world.nsCoordinator, "state", { programmeId: programme.id })).toEqual([
      expect.objectContaining({ label: "Negeri Sembilan", children: 150 }),
    ]);
    const progress = await programmeProgress(world.nsCoordinator, programme.id);
    expect(progress).toMatchObject({ childrenReached: 150, participantsAttended: 4 });
    // Another state's coordinator sees none of it.
    expect((await reach(world.selCoordinator, { programmeId: programme.id })).children).toBe(0);
  });

  it("correcting the counts replaces them rather than adding", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      status: "COMPLETED",
      startsAt: at("2026-02-17T09:00"),
    });
    await savePupilCounts(world.liaison, event.id, { [fieldName("F3", "L")]: 50 }, false);
    await savePupilCounts(world.nsCoordinator, event.id, { [fieldName("F3", "L")]: 48, [fieldName("F3", "P")]: 52 }, false);
    expect(await db.pupilCount.aggregate({ where: { eventId: event.id }, _sum: { count: true } })).toMatchObject({ _sum: { count: 100 } });
  });

  it("warns when the count is above the school's enrolment, saving only once confirmed", async () => {
    const small = await makeSchool(db, { code: "NBA9999", name: "SK KECIL", stateCode: "05", enrolment: 80 });
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: small.id,
      status: "COMPLETED",
      startsAt: at("2026-02-18T09:00"),
    });
    const cookie = await cookieFor(world.nsCoordinator.id);
    const warned = await callAction(pupilsPage.action, {
      url: "/",
      cookie,
      params: { eventId: event.id },
      form: { [fieldName("T6", "L")]: "60", [fieldName("T6", "P")]: "30" },
    });
    expect(warned.status).toBe(200);
    expect(warned.data.warning).toEqual({ total: 90, enrolment: 80 });
    expect(await db.pupilCount.count({ where: { eventId: event.id } })).toBe(0);
    const saved = await callAction(pupilsPage.action, {
      url: "/",
      cookie,
      params: { eventId: event.id },
      form: { [fieldName("T6", "L")]: "60", [fieldName("T6", "P")]: "30", acknowledgeWarnings: "on" },
    });
    expect(saved.status).toBe(302);
    expect(await db.pupilCount.count({ where: { eventId: event.id } })).toBe(2);
  });

  it("refuses anything but whole numbers, keeping the input", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      status: "COMPLETED",
      startsAt: at("2026-02-19T09:00"),
    });
    const cookie = await cookieFor(world.liaison.id);
    const result = await callAction(pupilsPage.action, {
      url: "/",
      cookie,
      params: { eventId: event.id },
      form: {
        [fieldName("F1", "L")]: "12.5",
        [fieldName("F1", "P")]: "-3",
        [fieldName("F2", "L")]: "banyak",
        [fieldName("F2", "P")]: "99999",
      },
    });
    expect(result.status).toBe(400);
    expect(result.data.result.error).toMatchObject({
      [fieldName("F1", "L")]: ["errors.notWholeNumber"],
      [fieldName("F1", "P")]: [expect.stringMatching(/^errors.tooSmall/)],
      [fieldName("F2", "L")]: ["errors.notNumber"],
      [fieldName("F2", "P")]: [expect.stringMatching(/^errors.tooLarge/)],
    });
    expect(result.data.result.initialValue[fieldName("F2", "L")]).toBe("banyak");
    expect(await db.pupilCount.count({ where: { eventId: event.id } })).toBe(0);
    const tooManySpecial = await callAction(pupilsPage.action, {
      url: "/",
      cookie,
      params: { eventId: event.id },
      form: { [fieldName("F1", "L")]: "10", specialNeeds: "11" },
    });
    expect(tooManySpecial.status).toBe(400);
    expect(tooManySpecial.data.result.error).toEqual({ specialNeeds: ["errors.pupils.specialNeedsAboveTotal"] });
    expect(await db.pupilCount.count({ where: { eventId: event.id } })).toBe(0);
  });

  it("a viewer cannot record counts; another state's liaison cannot see the event", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2026-02-20T09:00") });
    await expect(savePupilCounts(world.viewer, event.id, {}, false)).rejects.toMatchObject({ status: 403 });
    await expect(savePupilCounts(world.selCoordinator, event.id, {}, false)).rejects.toMatchObject({ status: 404 });
  });
});

describe("one rule for a session that took place", () => {
  it("counts a visit with pupils recorded as reached everywhere, even before anyone marks it completed", async () => {
    const school = await makeSchool(db, { code: "RBA1001", name: "SK TELAH DILAWAT", stateCode: "09", district: "KANGAR" });
    const programme = await makeProgramme(db, { stateCode: "09", year: 2026 });
    const visit = await makeEvent(db, {
      programmeId: programme.id,
      schoolId: school.id,
      status: "SCHEDULED",
      startsAt: at("2026-11-17T09:00"),
    });
    await db.pupilCount.create({ data: { eventId: visit.id, grade: "T5", sex: "P", count: 40 } });
    const now = at("2026-11-24T09:00");
    const figures = await dashboard(world.admin, { state: "09" }, now);
    expect([figures.events.held, figures.schools.reached, figures.children]).toEqual([1, 1, 40]);
    expect(figures.byDistrict).toEqual([expect.objectContaining({ name: "KANGAR", children: 40, schools: 1 })]);
    expect((await programmeProgress(world.admin, programme.id)).schoolsReached).toBe(1);
    expect((await coverage(world.admin, "09", 2026, now)).schools.find((s) => s.code === "RBA1001")?.status).toBe("REACHED");
  });
});

describe("inviting schools", () => {
  it("invites once per school, by email where there is one, and records answers; accepting creates the visit", async () => {
    const programme = await makeProgramme(db, { stateCode: "05", year: 2027 });
    await db.school.update({ where: { id: world.nsSchool.id }, data: { email: "neb2069@moe.test" } });
    const third = await makeSchool(db, { code: "NEA9001", name: "SMK KETIGA", stateCode: "05", district: "JEMPOL" });
    const first = await inviteSchools(
      world.nsCoordinator,
      programme.id,
      [world.nsSchool.id, world.nsOtherSchool.id, third.id, world.selSchool.id],
      "12 atau 14 Januari 2027",
    );
    // The Selangor school is out of the coordinator's scope and is not invited.
    expect(first).toEqual({ invited: 3, emailed: 1, letters: 2 });
    expect(await inviteSchools(world.nsCoordinator, programme.id, [world.nsSchool.id], undefined)).toEqual({
      invited: 0,
      emailed: 0,
      letters: 0,
    });
    expect(await db.message.count({ where: { template: "school-invitation", toEmail: "neb2069@moe.test" } })).toBe(1);

    const invitation = await db.schoolInvitation.findFirstOrThrow({ where: { programmeId: programme.id, schoolId: world.nsSchool.id } });
    const { eventId } = await respondToInvitation(world.nsCoordinator, {
      intent: "respond",
      invitationId: invitation.id,
      status: "ACCEPTED",
      chosenDate: "2027-01-12",
    });
    const event = await db.event.findUniqueOrThrow({ where: { id: eventId! } });
    expect(event).toMatchObject({
      schoolId: world.nsSchool.id,
      status: "SCHEDULED",
      type: "SCHOOL_SESSION",
      startsAt: at("2027-01-12T09:00"),
    });
    // The coordinator sets the hours; saving the same answer again changes nothing.
    await db.event.update({ where: { id: eventId! }, data: { startsAt: at("2027-01-12T14:00"), endsAt: at("2027-01-12T16:30") } });
    await respondToInvitation(world.nsCoordinator, {
      intent: "respond",
      invitationId: invitation.id,
      status: "ACCEPTED",
      chosenDate: "2027-01-12",
    });
    expect((await db.event.findUniqueOrThrow({ where: { id: eventId! } })).startsAt).toEqual(at("2027-01-12T14:00"));
    // Accepting again with another date moves the same visit, keeping its hours, and tells those registered.
    await makeRegistration(db, { eventId: eventId!, person: { email: "guru.daftar@contoh.my" } });
    await respondToInvitation(world.nsCoordinator, {
      intent: "respond",
      invitationId: invitation.id,
      status: "ACCEPTED",
      chosenDate: "2027-01-14",
    });
    expect(await db.event.count({ where: { programmeId: programme.id } })).toBe(1);
    expect(await db.event.findUniqueOrThrow({ where: { id: eventId! } })).toMatchObject({
      startsAt: at("2027-01-14T14:00"),
      endsAt: at("2027-01-14T16:30"),
    });
    expect(await db.message.count({ where: { template: "event-changed", toEmail: "guru.daftar@contoh.my" } })).toBe(1);
    // Declining after all calls the visit off.
    await respondToInvitation(world.nsCoordinator, {
      intent: "respond",
      invitationId: invitation.id,
      status: "DECLINED",
      declineReason: "Program sekolah bertindih",
    });
    expect(await db.event.findUniqueOrThrow({ where: { id: eventId! } })).toMatchObject({
      status: "CANCELLED",
      statusReason: "Program sekolah bertindih",
    });

    const declined = await db.schoolInvitation.findFirstOrThrow({ where: { programmeId: programme.id, schoolId: world.nsOtherSchool.id } });
    await respondToInvitation(world.nsCoordinator, {
      intent: "respond",
      invitationId: declined.id,
      status: "DECLINED",
      declineReason: "Peperiksaan",
    });
    expect(await db.schoolInvitation.findUniqueOrThrow({ where: { id: declined.id } })).toMatchObject({
      status: "DECLINED",
      declineReason: "Peperiksaan",
    });
  });

  it("reminds only the non-responders, once per run, and records who was reminded when", async () => {
    const programme = await makeProgramme(db, { stateCode: "05", year: 2027 });
    const schools = await Promise.all(
      ["NEA8001", "NEA8002", "NEA8003", "NEA8004"].map((code, i) =>
        makeSchool(db, { code, name: `SMK ${i}`, stateCode: "05", email: `${code.toLowerCase()}@moe.test` }),
      ),
    );
    await inviteSchools(
      world.nsCoordinator,
      programme.id,
      schools.map((s) => s.id),
      undefined,
    );
    const invitations = await db.schoolInvitation.findMany({ where: { programmeId: programme.id }, orderBy: { school: { code: "asc" } } });
    const old = new Date(Date.now() - 20 * 24 * 3600 * 1000);
    await db.schoolInvitation.updateMany({ where: { id: { in: invitations.slice(0, 3).map((i) => i.id) } }, data: { invitedAt: old } });
    await respondToInvitation(world.nsCoordinator, {
      intent: "respond",
      invitationId: invitations[0].id,
      status: "ACCEPTED",
      chosenDate: "2027-02-02",
    });
    await respondToInvitation(world.nsCoordinator, { intent: "respond", invitationId: invitations[1].id, status: "NO_RESPONSE" });

    const result = await remindNonResponders(world.nsCoordinator, programme.id, 14);
    // Only the two old, unanswered invitations (not the accepted one, not the recent one).
    expect(result).toEqual({ reminded: 2, emailed: 2 });
    const reminders = await db.invitationReminder.findMany({
      where: { invitation: { programmeId: programme.id } },
      include: { invitation: true },
    });
    expect(reminders.map((r) => r.invitation.schoolId).sort()).toEqual([schools[1].id, schools[2].id].sort());
    expect(reminders.every((r) => r.sentById === world.nsCoordinator.id)).toBe(true);
    expect(await db.message.count({ where: { idempotencyKey: { startsWith: "invitation-reminder:" } } })).toBe(2);
    // Run again the same day, nobody is reminded twice; after another 14 days of silence, once more
    // each, and the school invited recently is now due too.
    expect((await remindNonResponders(world.nsCoordinator, programme.id, 14)).reminded).toBe(0);
    expect((await remindNonResponders(world.nsCoordinator, programme.id, 14, new Date(Date.now() + 15 * 24 * 3600 * 1000))).reminded).toBe(
      3,
    );
    expect(await db.invitationReminder.count({ where: { invitation: { programmeId: programme.id } } })).toBe(5);
  });

  it("the page asks for a date when accepting and a reason when declining", async () => {
    const programme = await makeProgramme(db, { stateCode: "05", year: 2027 });
    await inviteSchools(world.nsCoordinator, programme.id, [world.nsOtherSchool.id], undefined);
    const invitation = await db.schoolInvitation.findFirstOrThrow({ where: { programmeId: programme.id } });
    const cookie = await cookieFor(world.nsCoordinator.id);
    const noDate = await callAction(invitationsPage.action, {
      url: "/",
      cookie,
      params: { programmeId: programme.id },
      form: { intent: "respond", invitationId: invitation.id, status: "ACCEPTED", chosenDate: "" },
    });
    expect(noDate.data.result.error.chosenDate).toEqual(["errors.invitation.chooseDate"]);
    const noReason = await callAction(invitationsPage.action, {
      url: "/",
      cookie,
      params: { programmeId: programme.id },
      form: { intent: "respond", invitationId: invitation.id, status: "DECLINED" },
    });
    expect(noReason.data.result.error.declineReason).toEqual(["errors.event.reasonRequired"]);
    const none = await callAction(invitationsPage.action, {
      url: "/",
      cookie,
      params: { programmeId: programme.id },
      form: { intent: "invite" },
    });
    expect(none.data.result.error.schoolIds).toEqual(["errors.invitation.chooseSchools"]);
  });

  it("offers only schools not yet invited, the first thousand with the full count, narrowed by the filters", async () => {
    const state = "01";
    const [batuPahat, muar] = await Promise.all([makeDistrict(db, state, "BATU PAHAT"), makeDistrict(db, state, "MUAR")]);
    await db.school.createMany({
      data: Array.from({ length: CANDIDATE_LIMIT + 5 }, (_, i) => ({
        code: `JBA${String(i).padStart(4, "0")}`,
        name: `SK JOHOR ${i}`,
        type: "SK",
        level: "RENDAH",
        stateCode: state,
        districtId: i < 10 ? muar.id : batuPahat.id,
      })),
    });
    const programme = await makeProgramme(db, { stateCode: state, year: 2027 });
    const invited = await db.school.findFirstOrThrow({ where: { code: "JBA0000" } });
    await inviteSchools(world.admin, programme.id, [invited.id], undefined);

    const all = await invitationCandidates(world.admin, programme.id, {});
    expect(all.total).toBe(CANDIDATE_LIMIT + 4);
    expect(all.schools).toHaveLength(CANDIDATE_LIMIT);
    expect(all.schools.map((s) => s.code)).not.toContain("JBA0000");
    const inMuar = await invitationCandidates(world.admin, programme.id, { district: muar.id });
    expect(inMuar).toMatchObject({ total: 9 });
    expect(inMuar.schools).toHaveLength(9);

    const page = await callLoader(invitationsPage.loader, {
      url: `/programmes/${programme.id}/invitations`,
      cookie: await cookieFor(world.admin.id),
      params: { programmeId: programme.id },
    });
    expect(page.data.candidates.total).toBe(CANDIDATE_LIMIT + 4);
    expect(page.data.invitations.map((i: { school: { code: string } }) => i.school.code)).toEqual(["JBA0000"]);
  });

  it("shows coverage: reached this year, scheduled, invited, earlier, never", async () => {
    const state = "06";
    const district = "KUANTAN";
    const reached = await makeSchool(db, { code: "CEA0001", name: "SMK DIJANGKAU", stateCode: state, district });
    const scheduled = await makeSchool(db, { code: "CEA0002", name: "SMK DIJADUAL", stateCode: state, district });
    const invited = await makeSchool(db, { code: "CEA0003", name: "SMK DIJEMPUT", stateCode: state, district });
    const earlier = await makeSchool(db, { code: "CEA0004", name: "SMK DULU", stateCode: state, district });
    await makeSchool(db, { code: "CEA0005", name: "SMK BELUM", stateCode: state, district });
    const programme = await makeProgramme(db, { stateCode: state, year: 2026 });
    // Reached means held: completed with someone there (a school nobody came to is not reached).
    const held = await makeEvent(db, {
      programmeId: programme.id,
      schoolId: reached.id,
      status: "COMPLETED",
      startsAt: at("2026-03-03T09:00"),
    });
    await makeRegistration(db, { eventId: held.id, status: "ATTENDED" });
    await makeEvent(db, { programmeId: programme.id, schoolId: scheduled.id, status: "SCHEDULED", startsAt: at("2026-12-15T09:00") });
    const heldEarlier = await makeEvent(db, {
      programmeId: programme.id,
      schoolId: earlier.id,
      status: "COMPLETED",
      startsAt: at("2024-05-05T09:00"),
    });
    await db.pupilCount.create({ data: { eventId: heldEarlier.id, grade: "F1", sex: "L", count: 40 } });
    await db.schoolInvitation.create({ data: { programmeId: programme.id, schoolId: invited.id } });
    const result = await coverage(world.admin, state, 2026, at("2026-11-24T09:00"));
    expect(Object.fromEntries(result.schools.map((s) => [s.code, s.status]))).toEqual({
      CEA0001: "REACHED",
      CEA0002: "SCHEDULED",
      CEA0003: "INVITED",
      CEA0004: "EARLIER",
      CEA0005: "NEVER",
    });
    expect(result.byDistrict).toEqual([{ district: "KUANTAN", total: 5, REACHED: 1, SCHEDULED: 1, INVITED: 1, EARLIER: 1, NEVER: 1 }]);
  });
});

describe("JPN/PPD approval", () => {
  it("a programme that requires approval refuses scheduling until the approval and letter are recorded", async () => {
    const strict = await makeProgramme(db, { stateCode: "05", approvalRequired: true });
    const event = await makeEvent(db, {
      programmeId: strict.id,
      schoolId: world.nsSchool.id,
      status: "DRAFT",
      startsAt: at("2027-03-09T09:00"),
    });
    expect(await changeEventStatus(world.nsCoordinator, event.id, "SCHEDULED", undefined)).toEqual({
      ok: false,
      error: "errors.event.approvalMissing",
    });
    const cookie = await cookieFor(world.nsCoordinator.id);
    const notPdf = new FormData();
    for (const [k, v] of Object.entries({
      approvalReference: "JPNNS.600-1/2/3(15)",
      approvalDate: "2027-02-01",
      approvalOffice: "JPN Negeri Sembilan",
    }))
      notPdf.append(k, v);
    notPdf.append("letter", new File([new TextEncoder().encode("<html>bukan pdf</html>")], "surat.pdf"));
    const refused = await callAction(approvalPage.action, { url: "/", cookie, params: { eventId: event.id }, form: notPdf });
    expect(refused.status).toBe(400);
    expect(refused.data.letterError).toBe("errors.approval.fileType");
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).approvalReference).toBeNull();

    const missing = await callAction(approvalPage.action, {
      url: "/",
      cookie,
      params: { eventId: event.id },
      form: { approvalReference: "", approvalDate: "31/02/2027", approvalOffice: "" },
    });
    expect(missing.data.result.error).toMatchObject({
      approvalReference: ["errors.required"],
      approvalDate: ["errors.date"],
      approvalOffice: ["errors.required"],
    });

    const good = new FormData();
    for (const [k, v] of Object.entries({
      approvalReference: "JPNNS.600-1/2/3(15)",
      approvalDate: "2027-02-01",
      approvalOffice: "JPN Negeri Sembilan",
    }))
      good.append(k, v);
    good.append("letter", new File([new TextEncoder().encode("%PDF-1.4\nsurat")], "surat.pdf"));
    expect((await callAction(approvalPage.action, { url: "/", cookie, params: { eventId: event.id }, form: good })).status).toBe(302);
    expect(await changeEventStatus(world.nsCoordinator, event.id, "SCHEDULED", undefined)).toEqual({ ok: true });
  });
});
