/**
 * Checkboxes mean what they show. A browser sends a checkbox's field only when it is ticked, so
 * every form with one is sent here twice through its route: ticked (true, or the ticked values) and
 * left unticked, the field missing (false, or nothing). A missing "active" once parsed as true, so
 * an administrator could neither switch off a departed staff member nor retire a material.
 */
import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import { beforeAll, describe, expect, it } from "vitest";
import { fieldName } from "../../app/modules/children/pupil-schema";
import { getSessionUser } from "../../app/modules/auth/session.server";
import * as editUser from "../../app/routes/_app.admin.users.$userId";
import * as newUser from "../../app/routes/_app.admin.users.new";
import * as editEvent from "../../app/routes/_app.events.$eventId.edit";
import * as followUpPage from "../../app/routes/_app.events.$eventId.follow-up";
import * as pupilsPage from "../../app/routes/_app.events.$eventId.pupils";
import * as newEvent from "../../app/routes/_app.events.new";
import * as exportsPage from "../../app/routes/_app.exports._index";
import * as editMaterial from "../../app/routes/_app.materials.$materialId.edit";
import * as newMaterial from "../../app/routes/_app.materials.new";
import * as editProgramme from "../../app/routes/_app.programmes.$programmeId.edit";
import * as invitationsPage from "../../app/routes/_app.programmes.$programmeId.invitations";
import * as newProgramme from "../../app/routes/_app.programmes.new";
import * as newRegistration from "../../app/routes/_app.events.$eventId.registrations.new";
import * as checkInApi from "../../app/routes/api.events.$eventId.check-in";
import * as calendarFeed from "../../app/routes/calendar.$token[.ics]";
import * as materialFile from "../../app/routes/materials.$materialId.file";
import * as signInRoute from "../../app/routes/sign-in";
import { db } from "../../app/utils/db.server";
import { makeEvent, makeRegistration, makeSchool, makeUser, TEST_PASSWORD } from "../support/factories";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
let admin: string;
let coordinator: string;

beforeAll(async () => {
  world = await twoStates();
  admin = await cookieFor(world.admin.id);
  coordinator = await cookieFor(world.nsCoordinator.id);
});

/** The same form twice: once with `ticked` added, once without those fields at all. */
const both = (form: Record<string, string | string[]>, ticked: Record<string, string | string[]>) => ({
  ticked: { ...form, ...ticked },
  unticked: form,
});

describe("a user's 'active' box", () => {
  const userForm = (email: string) => ({ name: "Cikgu Aktif", email, role: "COORDINATOR", stateCode: "05" });

  it("a new user created with the box unticked cannot sign in; ticked, can", async () => {
    const { ticked, unticked } = both({ ...userForm("aktif.baharu@kasih.test"), password: TEST_PASSWORD }, { active: "on" });
    expect((await callAction(newUser.action, { url: "/", cookie: admin, form: ticked })).status).toBe(302);
    expect((await db.user.findUniqueOrThrow({ where: { email: "aktif.baharu@kasih.test" } })).active).toBe(true);
    const off = { ...unticked, email: "tidak.aktif@kasih.test" };
    expect((await callAction(newUser.action, { url: "/", cookie: admin, form: off })).status).toBe(302);
    expect((await db.user.findUniqueOrThrow({ where: { email: "tidak.aktif@kasih.test" } })).active).toBe(false);
    const signIn = await callAction(signInRoute.action, {
      url: "/sign-in",
      clientIp: "192.0.2.41",
      form: { email: "tidak.aktif@kasih.test", password: TEST_PASSWORD },
    });
    expect(signIn.status).toBe(400);
  });

  it("unticking it on a working account ends every session at once, the check-in screen's and the calendar feed's included", async () => {
    const leaver = await makeUser(db, { role: "LIAISON", stateCode: "05", schoolId: world.nsSchool.id, email: "cikgu.pindah@kasih.test" });
    const [laptop, phone] = [await cookieFor(leaver.id), await cookieFor(leaver.id)];
    const request = (cookie: string) => new Request("http://localhost/", { headers: { Cookie: cookie } });
    expect((await getSessionUser(request(laptop)))?.id).toBe(leaver.id);
    const api = () => callLoader(checkInApi.loader, { url: "/", cookie: phone, params: { eventId: world.nsEvent.id } });
    expect((await api()).status).toBe(200);
    const token = (await db.user.findUniqueOrThrow({ where: { id: leaver.id } })).calendarToken;
    expect((await callLoader(calendarFeed.loader, { url: "/", params: { token } })).status).toBe(200);

    const { ticked, unticked } = both({ ...userForm("cikgu.pindah@kasih.test"), role: "LIAISON", schoolCode: "NEB2069" }, { active: "on" });
    // Saved with the box still ticked, nothing changes.
    expect((await callAction(editUser.action, { url: "/", cookie: admin, params: { userId: leaver.id }, form: ticked })).status).toBe(302);
    expect(await db.session.count({ where: { userId: leaver.id } })).toBe(2);

    const saved = await callAction(editUser.action, { url: "/", cookie: admin, params: { userId: leaver.id }, form: unticked });
    expect(saved.status).toBe(302);
    expect((await db.user.findUniqueOrThrow({ where: { id: leaver.id } })).active).toBe(false);
    expect(await db.session.count({ where: { userId: leaver.id } })).toBe(0);
    expect(await getSessionUser(request(laptop))).toBeNull();
    expect((await api()).status).toBe(401);
    const sync = await callAction(checkInApi.action, {
      url: "/",
      cookie: phone,
      params: { eventId: world.nsEvent.id },
      body: JSON.stringify({ ops: [{ kind: "check-in", clientId: "pindah-0001", code: "ABC" }] }),
      headers: { "Content-Type": "application/json" },
    });
    expect(sync.status).toBe(401);
    expect((await callLoader(calendarFeed.loader, { url: "/", params: { token } })).status).toBe(404);
    // A session row made later by any other path still opens nothing for an inactive user.
    expect(await getSessionUser(request(await cookieFor(leaver.id)))).toBeNull();

    // Ticked again, the account works again (with a new sign-in).
    expect((await callAction(editUser.action, { url: "/", cookie: admin, params: { userId: leaver.id }, form: ticked })).status).toBe(302);
    expect((await db.user.findUniqueOrThrow({ where: { id: leaver.id } })).active).toBe(true);
  });
});

describe("a material's 'active' box", () => {
  const materialForm = (code: string) => {
    const form = new FormData();
    for (const [k, v] of Object.entries({
      code,
      titleMs: "Panduan Ibu Bapa",
      titleEn: "Parents' guide",
      kind: "PDF",
      languages: "ms",
      audiences: "PIBG",
      unit: "fail",
    }))
      form.append(k, v);
    return form;
  };
  const pdf = new Uint8Array([...new TextEncoder().encode("%PDF-1.7\n"), ...new Uint8Array(100)]);

  it("unticked retires the material: its file is no longer public, staff may still preview it", async () => {
    const created = materialForm("PDF-BERSARA");
    created.append("active", "on");
    created.append("file", new File([pdf], "panduan.pdf"));
    expect((await callAction(newMaterial.action, { url: "/", cookie: admin, form: created })).status).toBe(302);
    const material = await db.material.findUniqueOrThrow({ where: { code: "PDF-BERSARA" } });
    expect(material.active).toBe(true);
    const file = (cookie?: string) => callLoader(materialFile.loader, { url: "/", cookie, params: { materialId: material.id } });
    expect((await file()).status).toBe(200);

    const retired = await callAction(editMaterial.action, {
      url: "/",
      cookie: admin,
      params: { materialId: material.id },
      form: materialForm("PDF-BERSARA"),
    });
    expect(retired.status).toBe(302);
    expect((await db.material.findUniqueOrThrow({ where: { id: material.id } })).active).toBe(false);
    expect((await file()).status).toBe(404);
    // Staff who see the catalogue may check it before it returns; nothing keeps a copy.
    const preview = await file(coordinator);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("Cache-Control")).toBe("private, no-store");

    const again = materialForm("PDF-BERSARA");
    again.append("active", "on");
    await callAction(editMaterial.action, { url: "/", cookie: admin, params: { materialId: material.id }, form: again });
    expect((await db.material.findUniqueOrThrow({ where: { id: material.id } })).active).toBe(true);
    expect((await file()).status).toBe(200);
  });

  it("its language and audience boxes: the ticked ones are kept, none ticked is refused", async () => {
    const material = await db.material.findUniqueOrThrow({ where: { code: "PDF-BERSARA" } });
    const form = materialForm("PDF-BERSARA");
    form.delete("languages");
    form.append("languages", "ms");
    form.append("languages", "ta");
    await callAction(editMaterial.action, { url: "/", cookie: admin, params: { materialId: material.id }, form });
    expect((await db.material.findUniqueOrThrow({ where: { id: material.id } })).languages).toBe("ms,ta");
    const none = materialForm("PDF-BERSARA");
    none.delete("languages");
    none.delete("audiences");
    const refused = await callAction(editMaterial.action, { url: "/", cookie: admin, params: { materialId: material.id }, form: none });
    expect(refused.status).toBe(400);
    expect(refused.data.result.error).toMatchObject({ languages: ["errors.chooseAtLeastOne"], audiences: ["errors.chooseAtLeastOne"] });
  });
});

describe("a programme's 'approval required' box and coordinator boxes", () => {
  it("both mean what they show, when creating and when unticking on edit", async () => {
    const form = { title: "KASIH NS Kotak 2027", year: "2027", stateCode: "05" };
    const { ticked, unticked } = both(form, { approvalRequired: "on", coordinatorIds: [world.nsCoordinator.id] });
    expect((await callAction(newProgramme.action, { url: "/", cookie: coordinator, form: ticked })).status).toBe(302);
    const programme = await db.programme.findFirstOrThrow({ where: { title: form.title }, include: { coordinators: true } });
    expect(programme.approvalRequired).toBe(true);
    expect(programme.coordinators.map((c) => c.userId)).toEqual([world.nsCoordinator.id]);

    const params = { programmeId: programme.id };
    expect((await callAction(editProgramme.action, { url: "/", cookie: coordinator, params, form: unticked })).status).toBe(302);
    const after = await db.programme.findUniqueOrThrow({ where: { id: programme.id }, include: { coordinators: true } });
    expect(after.approvalRequired).toBe(false);
    expect(after.coordinators).toEqual([]);
  });
});

describe("the event form's boxes", () => {
  const visit = (overrides: Record<string, string | string[]> = {}) => ({
    programmeId: world.nsProgramme.id,
    type: "SCHOOL_SESSION",
    title: "Sesi Kotak Semak",
    schoolCode: "NBA2001",
    // A Saturday in Negeri Sembilan: a scheduling warning to acknowledge.
    startsAt: "2026-12-19T09:00",
    endsAt: "2026-12-19T12:00",
    registrationCategories: ["TEACHER", "PIBG"],
    ...overrides,
  });

  it("'save anyway' unticked only warns; ticked saves; the category boxes are what is stored", async () => {
    const warned = await callAction(newEvent.action, { url: "/", cookie: coordinator, form: visit() });
    expect(warned.status).toBe(200);
    expect(await db.event.count({ where: { title: "Sesi Kotak Semak" } })).toBe(0);
    const saved = await callAction(newEvent.action, { url: "/", cookie: coordinator, form: visit({ acknowledgeWarnings: "on" }) });
    expect(saved.status).toBe(302);
    const event = await db.event.findFirstOrThrow({ where: { title: "Sesi Kotak Semak" } });
    expect(event.registrationCategories.split(",").sort()).toEqual(["PIBG", "TEACHER"]);

    // Unticking one category on edit removes it; unticking them all is refused, not "all".
    const params = { eventId: event.id };
    const one = visit({ registrationCategories: "TEACHER", acknowledgeWarnings: "on" });
    expect((await callAction(editEvent.action, { url: "/", cookie: coordinator, params, form: one })).status).toBe(302);
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).registrationCategories).toBe("TEACHER");
    const { registrationCategories: _none, ...noCategories } = visit({ acknowledgeWarnings: "on" });
    const refused = await callAction(editEvent.action, { url: "/", cookie: coordinator, params, form: noCategories });
    expect(refused.status).toBe(400);
    expect(refused.data.result.error.registrationCategories).toEqual(["errors.chooseAtLeastOne"]);
  });
});

describe("the pupil count's 'save anyway' box", () => {
  it("unticked only warns about a count above the enrolment; ticked saves", async () => {
    const small = await makeSchool(db, { code: "NBA7777", name: "SK KOTAK", stateCode: "05", enrolment: 10 });
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: small.id,
      status: "COMPLETED",
      startsAt: at("2026-02-18T09:00"),
    });
    const { ticked, unticked } = both({ [fieldName("T1", "L")]: "20" }, { acknowledgeWarnings: "on" });
    const params = { eventId: event.id };
    const warned = await callAction(pupilsPage.action, { url: "/", cookie: coordinator, params, form: unticked });
    expect(warned.data.warning).toEqual({ total: 20, enrolment: 10 });
    expect(await db.pupilCount.count({ where: { eventId: event.id } })).toBe(0);
    expect((await callAction(pupilsPage.action, { url: "/", cookie: coordinator, params, form: ticked })).status).toBe(302);
    expect(await db.pupilCount.count({ where: { eventId: event.id } })).toBe(1);
  });
});

describe("the export form's 'contacts' box", () => {
  it("unticked exports masked contacts; ticked asks for them", async () => {
    const { ticked, unticked } = both({ dataset: "registrations", format: "csv" }, { contacts: "on" });
    for (const [form, contacts] of [
      [unticked, false],
      [ticked, true],
    ] as const) {
      const result = await callAction(exportsPage.action, { url: "/", cookie: coordinator, form });
      expect(result.status).toBe(302);
      const id = result.location!.split("/").pop()!;
      expect(JSON.parse((await db.job.findUniqueOrThrow({ where: { id } })).input!).contacts).toBe(contacts);
      await runJobsUntilIdle();
      expect((await db.job.findUniqueOrThrow({ where: { id } })).status).toBe("DONE");
    }
  });
});

describe("the staff registration form's consent box", () => {
  it("unticked is refused: consent is never assumed", async () => {
    const form = { fullName: "Puan Kotak", phone: "012-345 6701", category: "PIBG", language: "ms" };
    const { ticked, unticked } = both(form, { consent: "on" });
    const params = { eventId: world.nsEvent.id };
    const refused = await callAction(newRegistration.action, { url: "/", cookie: coordinator, params, form: unticked });
    expect(refused.status).toBe(400);
    expect(refused.data.result.error.consent).toEqual(["errors.consentInformed"]);
    expect((await callAction(newRegistration.action, { url: "/", cookie: coordinator, params, form: ticked })).status).toBe(302);
  });
});

describe("the invitation form's school boxes", () => {
  it("none ticked invites nobody and says so; the ticked ones are invited", async () => {
    const params = { programmeId: world.nsProgramme.id };
    const none = await callAction(invitationsPage.action, { url: "/", cookie: coordinator, params, form: { intent: "invite" } });
    expect(none.status).toBe(400);
    expect(none.data.result.error.schoolIds).toEqual(["errors.invitation.chooseSchools"]);
    expect(await db.schoolInvitation.count({ where: { programmeId: world.nsProgramme.id } })).toBe(0);
    const one = await callAction(invitationsPage.action, {
      url: "/",
      cookie: coordinator,
      params,
      form: { intent: "invite", schoolIds: world.nsOtherSchool.id },
    });
    expect(one.status).toBe(302);
    expect((await db.schoolInvitation.findMany({ where: { programmeId: world.nsProgramme.id } })).map((i) => i.schoolId)).toEqual([
      world.nsOtherSchool.id,
    ]);
  });
});

describe("the invitation page's 'not reached this year' filter box", () => {
  it("unticked lists every school that could be invited; ticked leaves out those already reached", async () => {
    // Reached: a session held there this year, with someone present.
    const held = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      status: "COMPLETED",
      startsAt: at("2026-03-03T09:00"),
    });
    await makeRegistration(db, { eventId: held.id, status: "ATTENDED" });
    const params = { programmeId: world.nsProgramme.id };
    const listed = async (url: string) =>
      (await callLoader(invitationsPage.loader, { url, cookie: coordinator, params })).data.candidates.schools.map(
        (s: { id: string }) => s.id,
      );
    expect(await listed("/")).toContain(world.nsSchool.id);
    expect(await listed("/?notReached=1")).not.toContain(world.nsSchool.id);
  });
});

describe("the follow-up form's boxes", () => {
  it("no audience ticked is refused; the ticked statuses, categories and materials are what is scheduled", async () => {
    // A session that has started: a follow-up is for after it.
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2026-11-10T09:00") });
    await makeRegistration(db, { eventId: event.id });
    const params = { eventId: event.id };
    const sendAt = "2030-01-01T09:00";
    const refused = await callAction(followUpPage.action, { url: "/", cookie: coordinator, params, form: { intent: "schedule", sendAt } });
    expect(refused.status).toBe(400);
    expect(refused.data.result.error.statuses).toEqual(["errors.chooseAtLeastOne"]);
    const scheduled = await callAction(followUpPage.action, {
      url: "/",
      cookie: coordinator,
      params,
      form: { intent: "schedule", sendAt, statuses: ["ATTENDED", "NO_SHOW"], categories: "PIBG" },
    });
    expect(scheduled.status).toBe(302);
    const campaign = await db.campaign.findFirstOrThrow({ where: { eventId: event.id, kind: "FOLLOW_UP" } });
    expect(JSON.parse(campaign.audience!)).toEqual({ statuses: ["ATTENDED", "NO_SHOW"], categories: ["PIBG"] });
    expect(campaign.materialIds).toBe("");
  });
});
