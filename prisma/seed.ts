/**
 * Demo data that tells the programme's real story: the Negeri Sembilan 2024 programme, launched on
 * 23 April 2024 at SMK Seri Ampangan, its school sessions, and this year's programme with visits
 * coming up. Reference data is upserted every run; the demo itself is added once.
 *
 * Everything is made through the app's own functions, as staff and the public would make it: the
 * same validation, scheduling (reminders), outbox (confirmations, school letters, receipts) and
 * audit. What happened in the past is then dated when it happened, and its email marked as sent
 * then, so the demo's outbox holds only what is really still to go.
 */
import { addDays } from "date-fns";
import type { ScopedUser } from "../app/modules/auth/scope.server";
import { dayOfWeek, malaysiaDateKey, parseMalaysiaDateTime } from "../app/modules/calendar/malaysia-time";
import { fieldName } from "../app/modules/children/pupil-schema";
import { savePupilCounts } from "../app/modules/children/pupil-counts.server";
import { EventSchema } from "../app/modules/events/event-schema";
import { changeEventStatus, saveEvent } from "../app/modules/events/events.server";
import { FeedbackSchema } from "../app/modules/feedback/feedback-schema";
import { submitFeedback } from "../app/modules/feedback/feedback.server";
import { RespondSchema } from "../app/modules/invitations/invitation-schema";
import { inviteSchools, respondToInvitation } from "../app/modules/invitations/invitations.server";
import { runJobsUntilIdle } from "../app/modules/jobs/jobs.server";
import { completeCampaigns } from "../app/modules/mail/campaigns.server";
import { FollowUpSchema, scheduleFollowUp } from "../app/modules/mail/follow-up.server";
import { recordDelivery } from "../app/modules/materials/deliveries.server";
import { AdjustmentSchema, DeliverySchema, MaterialSchema, ReceiptSchema, ThresholdSchema } from "../app/modules/materials/material-schema";
import { saveMaterial } from "../app/modules/materials/materials.server";
import { adjustStock, receiveStock, setThreshold } from "../app/modules/materials/stock.server";
import { ProgrammeSchema } from "../app/modules/programmes/programme-schema";
import { createProgramme } from "../app/modules/programmes/programmes.server";
import { checkIn, markNoShows } from "../app/modules/registrations/attendance.server";
import { registerPublicly } from "../app/modules/registrations/register.server";
import { PublicRegistrationSchema } from "../app/modules/registrations/registration-schema";
import { SchoolSchema } from "../app/modules/schools/school-schema";
import { createSchool } from "../app/modules/schools/schools.server";
import { NewUserSchema } from "../app/modules/users/user-schema";
import { createAdministrator, createUser, setUserLanguage } from "../app/modules/users/users.server";
import { db } from "../app/utils/db.server";
import { DEMO_MATERIALS } from "./seed/demo-materials";
import { demoPerson, PIBG_ROLES } from "./seed/demo-people";
import { DEMO_SCHOOLS, demoSchoolEmail } from "./seed/demo-schools";
import { PRIVACY_NOTICE_V1, seedReferenceData } from "./seed/reference-data";

export const DEMO_PASSWORD = "kasih-demo-2024";
export const NS_2024_TITLE = "Program Advokasi Perlindungan Kanak-Kanak: KASIH Kanak-Kanak Peringkat Negeri Sembilan Tahun 2024";

const at = (dateKey: string, time: string) => parseMalaysiaDateTime(`${dateKey}T${time}`)!;
const minutes = (date: Date, n: number) => new Date(date.getTime() + n * 60_000);
const days = (date: Date, n: number) => minutes(date, n * 24 * 60);

/** Unwraps an app function's answer: the demo's own input is never refused, so a refusal is a bug. */
function expectOk<T extends { ok: boolean }>(result: T, what: string): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`Demo seed: ${what} was refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

/**
 * Dates everything the app recorded since `since` at `when`, the moment it really happened; email
 * written then went out then. The audit trail is append-only and keeps the seed's own time, as it
 * would for a paper form typed in later. The seed runs alone, so nothing else is written meanwhile.
 */
async function happenedAt(since: Date, when: Date, records: readonly DatedRecord[]) {
  const after = { gte: since };
  for (const record of records) {
    switch (record) {
      case "message":
        await db.message.updateMany({
          where: { createdAt: after, status: "QUEUED" },
          data: { status: "SENT", attempts: 1, sentAt: when, nextAttemptAt: when },
        });
        await db.message.updateMany({ where: { createdAt: after }, data: { createdAt: when } });
        break;
      case "registration":
        await db.person.updateMany({ where: { createdAt: after }, data: { createdAt: when } });
        await db.consent.updateMany({ where: { acceptedAt: after }, data: { acceptedAt: when } });
        await db.registration.updateMany({ where: { createdAt: after }, data: { createdAt: when } });
        break;
      case "checkIn":
        await db.registration.updateMany({ where: { checkedInAt: after }, data: { checkedInAt: when } });
        break;
      case "materials":
        await db.stockMovement.updateMany({ where: { createdAt: after }, data: { createdAt: when } });
        await db.delivery.updateMany({ where: { createdAt: after }, data: { createdAt: when } });
        await db.delivery.updateMany({ where: { acknowledgedAt: after }, data: { acknowledgedAt: when } });
        break;
      case "pupils":
        await db.pupilCount.updateMany({ where: { createdAt: after }, data: { createdAt: when, updatedAt: when } });
        break;
      case "feedback":
        await db.feedback.updateMany({ where: { createdAt: after }, data: { createdAt: when } });
        break;
      case "invitation":
        await db.schoolInvitation.updateMany({ where: { createdAt: after }, data: { createdAt: when, invitedAt: when } });
        await db.schoolInvitation.updateMany({ where: { respondedAt: after }, data: { respondedAt: when } });
        break;
    }
  }
}

/** What `on` dates: each step names what it records, so dating a step costs only what it wrote. */
type DatedRecord = "message" | "registration" | "checkIn" | "materials" | "pupils" | "feedback" | "invitation";
const EVERYTHING: DatedRecord[] = ["message", "registration", "checkIn", "materials", "pupils", "feedback", "invitation"];

/** Runs `work` as if at `when`. */
async function on<T>(when: Date, work: () => Promise<T>, records: readonly DatedRecord[] = EVERYTHING): Promise<T> {
  const since = new Date();
  const result = await work();
  await happenedAt(since, when, records);
  return result;
}

/** The n-th Tuesday/Wednesday/Thursday from today (a sensible school-visit day in a Sat–Sun state). */
function upcomingSchoolDay(daysAhead: number): string {
  let date = addDays(new Date(), daysAhead);
  while (![2, 3, 4].includes(dayOfWeek(malaysiaDateKey(date)))) date = addDays(date, 1);
  return malaysiaDateKey(date);
}

type Staff = ScopedUser & { email: string };
type Visit = { id: string; publicCode: string; school: string; startsAt: Date; endsAt: Date };

async function seedStaff() {
  const created = expectOk(
    await createAdministrator({ email: "admin@kasih.test", name: "Pentadbir Ibu Pejabat JKM", password: DEMO_PASSWORD }, "demo seed"),
    "the administrator",
  );
  const admin: Staff = { id: created.id, role: "ADMIN", stateCode: null, schoolId: null, email: "admin@kasih.test" };
  const schools = new Map<string, { id: string; name: string }>();
  for (const school of DEMO_SCHOOLS) {
    const input = SchoolSchema.parse({ stateCode: "05", email: demoSchoolEmail(school.code), ...school });
    const saved = await createSchool(admin, input);
    if (!saved.ok) throw new Error(`Demo seed: school ${school.code} was refused: ${saved.error}`);
    schools.set(input.code, { id: saved.id, name: input.name });
  }
  const staff = async (fields: { role: string; name: string; email: string; stateCode?: string; schoolCode?: string }) => {
    const input = NewUserSchema.parse({ ...fields, active: "on", password: DEMO_PASSWORD });
    const { id } = expectOk(await createUser(admin, input), `the account ${fields.email}`);
    const user = await db.user.findUniqueOrThrow({
      where: { id },
      select: { id: true, role: true, stateCode: true, schoolId: true, email: true },
    });
    return user as Staff;
  };
  const nsCoordinator = await staff({
    role: "COORDINATOR",
    name: "Puan Rohana Abdul Karim",
    email: "penyelaras.ns@kasih.test",
    stateCode: "05",
  });
  const selCoordinator = await staff({
    role: "COORDINATOR",
    name: "Encik Faizal Mohd Noor",
    email: "penyelaras.sel@kasih.test",
    stateCode: "10",
  });
  const liaison = await staff({
    role: "LIAISON",
    name: "Cikgu Siti Aminah Yusof",
    email: "guru.ampangan@kasih.test",
    schoolCode: "NEB2069",
  });
  const viewer = await staff({ role: "VIEWER", name: "Pemerhati KPWKM", email: "pemerhati@kasih.test" });
  await setUserLanguage(viewer.id, "en");
  return { admin, nsCoordinator, selCoordinator, liaison, viewer, schools };
}

type ProgrammeFields = Record<string, unknown> & { title: string; year: number; stateCode: string };

async function programme(admin: Staff, fields: ProgrammeFields, coordinators: Staff[]) {
  return createProgramme(admin, ProgrammeSchema.parse({ ...fields, coordinatorIds: coordinators.map((c) => c.id) }));
}

/** An event as a coordinator plans it (warnings seen and accepted), then scheduled so people can register. */
async function plan(
  coordinator: Staff,
  fields: Record<string, unknown> & { programmeId: string; schoolCode: string; title: string; date: string; from?: string; to?: string },
  status: "DRAFT" | "SCHEDULED",
): Promise<Visit> {
  const { date, from = "09:00", to = "12:00", ...rest } = fields;
  const input = EventSchema.parse({
    type: "SCHOOL_SESSION",
    registrationCategories: ["TEACHER", "PIBG", "COMMUNITY"],
    leadCoordinatorId: coordinator.role === "COORDINATOR" ? coordinator.id : undefined,
    ...rest,
    startsAt: `${date}T${from}`,
    endsAt: `${date}T${to}`,
    acknowledgeWarnings: "on",
  });
  const saved = await saveEvent(coordinator, input, "ms");
  if (saved.status !== "saved") throw new Error(`Demo seed: event ${fields.title} was refused: ${JSON.stringify(saved)}`);
  if (status === "SCHEDULED")
    expectOk(await changeEventStatus(coordinator, saved.id, "SCHEDULED", undefined), `scheduling ${fields.title}`);
  const event = await db.event.findUniqueOrThrow({
    where: { id: saved.id },
    select: { id: true, publicCode: true, startsAt: true, endsAt: true },
  });
  return { ...event, school: (await db.school.findUniqueOrThrow({ where: { code: fields.schoolCode }, select: { name: true } })).name };
}

const categoryFor = (i: number) => (i % 10 < 5 ? "TEACHER" : i % 10 < 8 ? "PIBG" : "COMMUNITY");

/** Someone registering on the public form at `when`, as the public page would send it. */
async function registerAt(visit: Visit, i: number, when: Date) {
  const person = demoPerson();
  const category = categoryFor(i);
  const input = PublicRegistrationSchema.parse({
    fullName: person.fullName,
    phone: person.phoneE164,
    email: person.email,
    category,
    organisation: category === "COMMUNITY" ? "Penduduk setempat" : visit.school,
    pibgRole: category === "PIBG" && i % 4 === 0 ? PIBG_ROLES[i % PIBG_ROLES.length] : undefined,
    language: i % 6 === 5 ? "en" : "ms",
    consent: "on",
    noticeVersion: PRIVACY_NOTICE_V1.version,
  });
  const result = await on(when, () => registerPublicly(visit.publicCode, input, when), ["registration", "message"]);
  if (result.outcome !== "registered") throw new Error(`Demo seed: registration at ${visit.school} answered ${result.outcome}`);
  return result.registrationId;
}

type Materials = Map<string, string>;

/**
 * A session already held, as it went: people registered in the two weeks before and checked in as
 * they arrived, the rest marked as not having come; materials handed over, pupils counted, the
 * session closed, the follow-up sent the next morning and about a third answering its feedback form.
 */
async function hold(coordinator: Staff, visit: Visit, size: number, materials: Materials, index: number) {
  const attended: { id: string; token: string }[] = [];
  for (let i = 0; i < size; i++) {
    const registeredAt = minutes(visit.startsAt, -(1 + (i % 14)) * 24 * 60 - ((i * 37) % 600));
    const registrationId = await registerAt(visit, i, registeredAt);
    if (i % 9 === 8) continue;
    const arrivedAt = minutes(visit.startsAt, -30 + Math.floor((i * 30) / size));
    await on(arrivedAt, async () => expectOk(await checkIn(coordinator, visit.id, { registrationId }), "a check-in"), ["checkIn"]);
    const { manageToken } = await db.registration.findUniqueOrThrow({ where: { id: registrationId }, select: { manageToken: true } });
    attended.push({ id: registrationId, token: manageToken });
  }
  await on(visit.endsAt, async () => {
    await markNoShows(coordinator, visit.id, visit.endsAt);
    for (const [code, quantity, recipientType] of [
      ["RIS-15999", size, "PIBG"],
      ["POS-KASIH", 5, "SCHOOL"],
      ["KAD-15999", size, "PIBG"],
    ] as const) {
      const input = DeliverySchema.parse({
        materialId: materials.get(code),
        quantity,
        recipientType,
        recipientName: recipientType === "PIBG" ? `PIBG ${visit.school}` : visit.school,
        acknowledgedByName: "Setiausaha PIBG",
        acknowledgedByRole: "Setiausaha",
      });
      expectOk(await recordDelivery(coordinator, visit.id, { ...input, deliveredAt: visit.endsAt }, visit.endsAt), `delivering ${code}`);
    }
    const grades = index === 0 ? ["F1", "F2", "F3", "F4", "F5"] : ["F1", "F2", "F3"];
    const counts = Object.fromEntries(
      grades.flatMap((grade, g) =>
        ["L", "P"].map((sex) => [fieldName(grade, sex), 30 + ((index * 7 + g * 5 + (sex === "P" ? 3 : 0)) % 25)]),
      ),
    );
    await savePupilCounts(coordinator, visit.id, counts, true);
    expectOk(await changeEventStatus(coordinator, visit.id, "COMPLETED", undefined, visit.endsAt), "closing the session");
  });
  await followUp(coordinator, visit, materials);
  await collectFeedback(visit, attended);
}

/** The follow-up the next morning, to those who came, with the video and JKM's page. */
async function followUp(coordinator: Staff, visit: Visit, materials: Materials) {
  const input = FollowUpSchema.parse({
    statuses: ["ATTENDED"],
    materialIds: [materials.get("VID-15999"), materials.get("LNK-JKM")],
    sendAt: `${malaysiaDateKey(addDays(visit.startsAt, 1))}T09:00`,
  });
  await on(visit.endsAt, async () => expectOk(await scheduleFollowUp(coordinator, visit.id, input, visit.endsAt), "the follow-up"));
  const sendAt = input.sendAt;
  // Expanded and sent the next morning, then done.
  await on(sendAt, () => runJobsUntilIdle({ kinds: ["CAMPAIGN_EXPANSION"] }));
  await completeCampaigns();
}

/**
 * Feedback from about a third of those who came, from the follow-up's link: mostly good ratings and
 * right answers, with the helpline number the question people most often get wrong.
 */
async function collectFeedback(visit: Visit, attended: { id: string; token: string }[]) {
  const comments = [
    "Sesi sangat berguna untuk guru baharu.",
    "Mohon diadakan sesi untuk ibu bapa pada waktu malam.",
    "Saya kini tahu cara melapor melalui Talian Kasih 15999.",
    "",
    "",
  ];
  for (const [i, participant] of attended.entries()) {
    if (i % 3 !== 0) continue;
    const answeredAt = minutes(visit.endsAt, (20 + i * 3) * 60);
    const input = FeedbackSchema.parse({
      rating: String([5, 4, 5, 3, 4][i % 5]),
      answerSigns: i % 7 === 3 ? "INJURIES" : "ALL",
      answerReport: i % 11 === 6 ? "WAIT" : "REPORT",
      answerHelpline: i % 5 === 2 ? "999" : "15999",
      comment: comments[i % comments.length],
      r: participant.token,
    });
    // Answered from many phones over the following days, not from one address.
    const phoneAddress = `10.${Math.floor(i / 250)}.${i % 250}.7`;
    await on(answeredAt, async () => expectOk(await submitFeedback(visit.publicCode, input, phoneAddress, answeredAt), "feedback"), [
      "feedback",
    ]);
  }
}

/** The catalogue, and Negeri Sembilan's stock as received from headquarters before the launch. */
async function seedMaterials(admin: Staff, coordinator: Staff): Promise<Materials> {
  const materials: Materials = new Map();
  for (const material of DEMO_MATERIALS) {
    const input = MaterialSchema.parse({
      ...material,
      languages: material.languages.split(","),
      audiences: material.audiences.split(","),
      active: "on",
    });
    materials.set(material.code, expectOk(await saveMaterial(admin, input, null), `material ${material.code}`).id);
  }
  await on(at("2024-04-02", "10:00"), async () => {
    for (const [code, quantity] of [
      ["RIS-15999", 20000],
      ["POS-KASIH", 600],
      ["KAD-15999", 15000],
      ["PLK-15999", 8000],
      ["BK-GURU", 1200],
      ["BNR-KASIH", 40],
    ] as const) {
      const materialId = materials.get(code);
      await receiveStock(
        coordinator,
        ReceiptSchema.parse({ intent: "receive", stateCode: "05", materialId, quantity, reference: "KPWKM/HQ/2024/015" }),
      );
      await setThreshold(
        coordinator,
        ThresholdSchema.parse({ intent: "threshold", stateCode: "05", materialId, lowAt: Math.round(quantity / 10) }),
      );
    }
  });
  return materials;
}

async function seedDemo() {
  if (await db.programme.findFirst({ where: { title: NS_2024_TITLE }, select: { id: true } })) {
    console.log("Demo data is already present; nothing to add.");
    return;
  }
  const { admin, nsCoordinator, selCoordinator, liaison, viewer, schools } = await seedStaff();
  const materials = await seedMaterials(admin, nsCoordinator);
  const schoolName = (code: string) => schools.get(code)!.name;
  const sessionTitle = (code: string) => `Sesi Advokasi KASIH Kanak-Kanak: ${schoolName(code)}`;

  // --- 2024: the state launch and the sessions that followed
  const ns2024 = await on(at("2024-03-01", "10:00"), () =>
    programme(
      admin,
      {
        title: NS_2024_TITLE,
        year: 2024,
        stateCode: "05",
        description:
          "Program advokasi perlindungan kanak-kanak peringkat Negeri Sembilan: pelancaran peringkat negeri diikuti sesi di sekolah untuk guru, PIBG dan komuniti setempat. Setiap sesi mempromosikan Talian Kasih 15999 dan WhatsApp 019-2615999.",
        targetSchools: 40,
        targetParticipants: 4000,
        targetChildren: 12000,
        targetMaterials: 20000,
      },
      [nsCoordinator],
    ),
  );
  const launch = await on(at("2024-03-15", "10:00"), () =>
    plan(
      nsCoordinator,
      {
        programmeId: ns2024,
        schoolCode: "NEB2069",
        type: "LAUNCH",
        title: "Pelancaran KASIH Kanak-Kanak Peringkat Negeri Sembilan 2024",
        date: "2024-04-23",
        from: "08:30",
        to: "13:00",
        capacity: "800",
        venue: "Dewan Besar SMK Seri Ampangan",
        officials: [
          "Menteri Pembangunan Wanita, Keluarga dan Masyarakat",
          "Timbalan Menteri Pembangunan Wanita, Keluarga dan Masyarakat",
          "EXCO Pembangunan Wanita, Keluarga dan Kebajikan Masyarakat Negeri Sembilan",
          "Pegawai kanan KPWKM, KPM dan agensi",
        ].join("\n"),
        partnerAgencies: "JKM Negeri Sembilan\nJabatan Pendidikan Negeri Sembilan (JPN)\nPDRM (D11)\nKementerian Kesihatan Malaysia",
        registrationCategories: ["TEACHER", "PIBG", "COMMUNITY", "OFFICIAL", "VOLUNTEER"],
      },
      "SCHEDULED",
    ),
  );
  await hold(nsCoordinator, launch, 160, materials, 0);
  const sessions2024: [string, string][] = [
    ["NEA2001", "2024-05-14"],
    ["NBA2001", "2024-05-28"],
    ["NEA1001", "2024-07-09"],
    ["NEA3001", "2024-07-23"],
    ["NEA5001", "2024-08-06"],
    ["NEA6001", "2024-08-20"],
    ["NEA7001", "2024-09-10"],
    ["NBC2001", "2024-10-08"],
  ];
  for (const [index, [code, date]] of sessions2024.entries()) {
    const fields = {
      programmeId: ns2024,
      schoolCode: code,
      title: sessionTitle(code),
      date,
      capacity: "150",
      venue: "Dewan sekolah",
      partnerAgencies: "JKM Daerah; PPD",
    };
    const visit = await on(days(at(date, "09:00"), -28), () => plan(nsCoordinator, fields, "SCHEDULED"));
    await hold(nsCoordinator, visit, 40 + (((index + 1) * 7) % 30), materials, index + 1);
  }
  // Banners are almost gone: the dashboard shows it.
  await on(at("2024-12-20", "11:00"), async () => {
    const input = AdjustmentSchema.parse({
      intent: "adjust",
      stateCode: "05",
      materialId: materials.get("BNR-KASIH"),
      quantity: "-37",
      reason: "DAMAGED",
      note: "Rosak semasa banjir Disember 2024",
    });
    await adjustStock(nsCoordinator, input);
  });

  // --- this year: visits done, visits coming up, and schools invited
  const today = new Date();
  const year = Number(malaysiaDateKey(today).slice(0, 4));
  const nsNow = await on(at(`${year}-01-06`, "10:00"), () =>
    programme(
      admin,
      {
        title: `Program Advokasi Perlindungan Kanak-Kanak: KASIH Kanak-Kanak Peringkat Negeri Sembilan Tahun ${year}`,
        year,
        stateCode: "05",
        description: "Kesinambungan program 2024: sesi di sekolah yang belum dijangkau, keutamaan daerah Jempol, Jelebu dan Tampin.",
        targetSchools: 60,
        targetParticipants: 6000,
        targetChildren: 15000,
        targetMaterials: 25000,
      },
      [nsCoordinator],
    ),
  );
  for (const [code, date] of [
    ["NEA5002", `${year}-02-10`],
    ["NEA4001", `${year}-04-14`],
  ] as const) {
    const visit = await on(days(at(date, "09:00"), -28), () =>
      plan(nsCoordinator, { programmeId: nsNow, schoolCode: code, title: sessionTitle(code), date, capacity: "150" }, "SCHEDULED"),
    );
    await on(visit.endsAt, async () => {
      expectOk(await changeEventStatus(nsCoordinator, visit.id, "COMPLETED", undefined, visit.endsAt), "closing the session");
    });
  }
  // Planned over the last weeks; their reminders are scheduled and their schools told.
  const upcoming: [string, number, "SCHEDULED" | "DRAFT"][] = [
    ["NEB2069", 5, "SCHEDULED"],
    ["NBA4001", 12, "SCHEDULED"],
    ["NEA7002", 20, "SCHEDULED"],
    ["NBA7001", 34, "DRAFT"],
  ];
  const planned: Visit[] = [];
  for (const [i, [code, daysAhead, status]] of upcoming.entries()) {
    const fields = {
      programmeId: nsNow,
      schoolCode: code,
      title: sessionTitle(code),
      date: upcomingSchoolDay(daysAhead),
      capacity: code === "NEB2069" ? "120" : "150",
      venue: "Dewan sekolah",
    };
    planned.push(await on(days(today, -21 + i), () => plan(nsCoordinator, fields, status)));
  }
  // The next visit has people registered over the last ten days, so check-in can be tried at once.
  const nextVisit = planned[0];
  for (let i = 0; i < 45; i++) await registerAt(nextVisit, i, minutes(today, -(10 - (i % 10)) * 24 * 60 + i * 7));

  const invited = ["NEA3002", "NBA3001", "NEA6002"].map((code) => schools.get(code)!.id);
  await on(days(today, -42), () => inviteSchools(nsCoordinator, nsNow, [invited[2]], "Selasa atau Rabu, dua minggu pertama bulan depan"));
  await on(days(today, -28), () => inviteSchools(nsCoordinator, nsNow, [invited[1]], "Selasa atau Rabu, minggu pertama bulan depan"));
  await on(days(today, -21), () => inviteSchools(nsCoordinator, nsNow, [invited[0]], "Selasa atau Rabu, minggu pertama bulan depan"));
  const invitation = (schoolId: string) =>
    db.schoolInvitation.findUniqueOrThrow({ where: { programmeId_schoolId: { programmeId: nsNow, schoolId } }, select: { id: true } });
  const declined = await invitation(invited[1]);
  await on(days(today, -21), () =>
    respondToInvitation(
      nsCoordinator,
      RespondSchema.parse({
        intent: "respond",
        invitationId: declined.id,
        status: "DECLINED",
        declineReason: "Minggu peperiksaan sekolah",
      }),
    ),
  );
  const silent = await invitation(invited[2]);
  await on(days(today, -14), () =>
    respondToInvitation(nsCoordinator, RespondSchema.parse({ intent: "respond", invitationId: silent.id, status: "NO_RESPONSE" })),
  );

  // --- other states, so scope is visible
  const selNow = await programme(
    admin,
    { title: `KASIH Kanak-Kanak Peringkat Negeri Selangor Tahun ${year}`, year, stateCode: "10", targetSchools: 80 },
    [selCoordinator],
  );
  const selFields = { programmeId: selNow, schoolCode: "BEA8001", title: sessionTitle("BEA8001"), date: upcomingSchoolDay(8) };
  await on(days(today, -14), () => plan(selCoordinator, selFields, "SCHEDULED"));
  const selHeld = await on(days(at(`${year}-03-10`, "09:00"), -28), () =>
    plan(
      selCoordinator,
      { programmeId: selNow, schoolCode: "BBA8001", title: sessionTitle("BBA8001"), date: `${year}-03-10` },
      "SCHEDULED",
    ),
  );
  await on(selHeld.endsAt, async () => {
    expectOk(await changeEventStatus(selCoordinator, selHeld.id, "COMPLETED", undefined, selHeld.endsAt), "closing the session");
  });
  const kelNow = await programme(admin, { title: `KASIH Kanak-Kanak Peringkat Negeri Kelantan Tahun ${year}`, year, stateCode: "03" }, []);
  const kelFields = { programmeId: kelNow, schoolCode: "DEA9001", title: sessionTitle("DEA9001"), date: upcomingSchoolDay(15) };
  await on(days(today, -10), () => plan(admin, kelFields, "SCHEDULED"));

  console.log(
    `Demo data added: ${schools.size} schools, 4 programmes, 5 users (${[admin, nsCoordinator, selCoordinator, liaison, viewer].map((u) => u.email).join(", ")}).`,
  );
}

async function main() {
  await seedReferenceData(db);
  // A production installation wants the states, calendars and privacy notice, not the demo's
  // programmes and accounts with a published password.
  if (!process.argv.includes("--reference-only")) await seedDemo();
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
