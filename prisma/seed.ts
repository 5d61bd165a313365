/**
 * Demo data that tells the programme's real story: the Negeri Sembilan 2024 programme, launched on
 * 23 April 2024 at SMK Seri Ampangan, its school sessions, and this year's programme with visits
 * coming up. Reference data is upserted every run; the demo itself is added once.
 */
import { addDays } from "date-fns";
import type { ScopedUser } from "../app/modules/auth/scope.server";
import { dayOfWeek, malaysiaDateKey, parseMalaysiaDateTime } from "../app/modules/calendar/malaysia-time";
import { runJobsUntilIdle } from "../app/modules/jobs/jobs.server";
import { completeCampaigns } from "../app/modules/mail/campaigns.server";
import { scheduleFollowUp } from "../app/modules/mail/follow-up.server";
import { applyMovement } from "../app/modules/materials/stock.server";
import { db } from "../app/utils/db.server";
import { makeEvent, makeProgramme, makeRegistration, makeSchool, makeUser } from "../tests/support/factories";
import { DEMO_MATERIALS } from "./seed/demo-materials";
import { demoPerson, PIBG_ROLES } from "./seed/demo-people";
import { DEMO_SCHOOLS } from "./seed/demo-schools";
import { seedReferenceData } from "./seed/reference-data";

export const DEMO_PASSWORD = "kasih-demo-2024";
export const NS_2024_TITLE = "Program Advokasi Perlindungan Kanak-Kanak: KASIH Kanak-Kanak Peringkat Negeri Sembilan Tahun 2024";

const at = (dateKey: string, time: string) => parseMalaysiaDateTime(`${dateKey}T${time}`)!;

/** A session already held: its participants, materials and pupils are seeded at its own dates. */
type HeldSession = { id: string; school: string; size: number; startsAt: Date; endsAt: Date };

/** The n-th Tuesday/Wednesday/Thursday from today (a sensible school-visit day in a Sat–Sun state). */
function upcomingSchoolDay(daysAhead: number): string {
  let date = addDays(new Date(), daysAhead);
  while (![2, 3, 4].includes(dayOfWeek(malaysiaDateKey(date)))) date = addDays(date, 1);
  return malaysiaDateKey(date);
}

async function seedDemo() {
  if (await db.programme.findFirst({ where: { title: NS_2024_TITLE }, select: { id: true } })) {
    console.log("Demo data is already present; nothing to add.");
    return;
  }
  const schools = new Map<string, Awaited<ReturnType<typeof makeSchool>>>();
  for (const school of DEMO_SCHOOLS) schools.set(school.code!, await makeSchool(db, school));
  const school = (code: string) => schools.get(code)!.id;

  const [admin, nsCoordinator, selCoordinator, liaison, viewer] = [
    await makeUser(db, { role: "ADMIN", name: "Pentadbir Ibu Pejabat JKM", email: "admin@kasih.test", password: DEMO_PASSWORD }),
    await makeUser(db, {
      role: "COORDINATOR",
      name: "Puan Rohana Abdul Karim",
      email: "penyelaras.ns@kasih.test",
      stateCode: "05",
      password: DEMO_PASSWORD,
    }),
    await makeUser(db, {
      role: "COORDINATOR",
      name: "Encik Faizal Mohd Noor",
      email: "penyelaras.sel@kasih.test",
      stateCode: "10",
      password: DEMO_PASSWORD,
    }),
    await makeUser(db, {
      role: "LIAISON",
      name: "Cikgu Siti Aminah Yusof",
      email: "guru.ampangan@kasih.test",
      stateCode: "05",
      schoolId: school("NEB2069"),
      password: DEMO_PASSWORD,
    }),
    await makeUser(db, { role: "VIEWER", name: "Pemerhati KPWKM", email: "pemerhati@kasih.test", password: DEMO_PASSWORD, language: "en" }),
  ];

  // --- 2024: the state launch and the sessions that followed
  const ns2024 = await makeProgramme(db, {
    title: NS_2024_TITLE,
    year: 2024,
    stateCode: "05",
    description:
      "Program advokasi perlindungan kanak-kanak peringkat Negeri Sembilan: pelancaran peringkat negeri diikuti sesi di sekolah untuk guru, PIBG dan komuniti setempat. Setiap sesi mempromosikan Talian Kasih 15999 dan WhatsApp 019-2615999.",
    targetSchools: 40,
    targetParticipants: 4000,
    targetChildren: 12000,
    targetMaterials: 20000,
    coordinatorIds: [nsCoordinator.id],
  });
  const launch = await makeEvent(db, {
    programmeId: ns2024.id,
    schoolId: school("NEB2069"),
    type: "LAUNCH",
    title: "Pelancaran KASIH Kanak-Kanak Peringkat Negeri Sembilan 2024",
    status: "COMPLETED",
    startsAt: at("2024-04-23", "08:30"),
    endsAt: at("2024-04-23", "13:00"),
    capacity: 800,
    venue: "Dewan Besar SMK Seri Ampangan",
    leadCoordinatorId: nsCoordinator.id,
    officials: [
      "Menteri Pembangunan Wanita, Keluarga dan Masyarakat",
      "Timbalan Menteri Pembangunan Wanita, Keluarga dan Masyarakat",
      "EXCO Pembangunan Wanita, Keluarga dan Kebajikan Masyarakat Negeri Sembilan",
      "Pegawai kanan KPWKM, KPM dan agensi",
    ].join("\n"),
    partnerAgencies: "JKM Negeri Sembilan\nJabatan Pendidikan Negeri Sembilan (JPN)\nPDRM (D11)\nKementerian Kesihatan Malaysia",
    registrationCategories: "TEACHER,PIBG,COMMUNITY,OFFICIAL,VOLUNTEER",
  });
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
  const held: HeldSession[] = [{ id: launch.id, school: "SMK SERI AMPANGAN", size: 160, startsAt: launch.startsAt, endsAt: launch.endsAt }];
  for (const [code, date] of sessions2024) {
    const session = await makeEvent(db, {
      programmeId: ns2024.id,
      schoolId: school(code),
      title: `Sesi Advokasi KASIH Kanak-Kanak: ${schools.get(code)!.name}`,
      status: "COMPLETED",
      startsAt: at(date, "09:00"),
      endsAt: at(date, "12:00"),
      capacity: 150,
      venue: "Dewan sekolah",
      leadCoordinatorId: nsCoordinator.id,
      partnerAgencies: "JKM Daerah; PPD",
    });
    held.push({
      id: session.id,
      school: schools.get(code)!.name,
      size: 40 + ((held.length * 7) % 30),
      startsAt: session.startsAt,
      endsAt: session.endsAt,
    });
  }

  // --- this year: visits done and visits coming up
  const year = Number(malaysiaDateKey(new Date()).slice(0, 4));
  const nsNow = await makeProgramme(db, {
    title: `Program Advokasi Perlindungan Kanak-Kanak: KASIH Kanak-Kanak Peringkat Negeri Sembilan Tahun ${year}`,
    year,
    stateCode: "05",
    description: "Kesinambungan program 2024: sesi di sekolah yang belum dijangkau, keutamaan daerah Jempol, Jelebu dan Tampin.",
    targetSchools: 60,
    targetParticipants: 6000,
    targetChildren: 15000,
    targetMaterials: 25000,
    coordinatorIds: [nsCoordinator.id],
  });
  for (const [code, date] of [
    ["NEA5002", `${year}-02-10`],
    ["NEA4001", `${year}-04-14`],
  ] as const) {
    await makeEvent(db, {
      programmeId: nsNow.id,
      schoolId: school(code),
      title: `Sesi Advokasi KASIH Kanak-Kanak: ${schools.get(code)!.name}`,
      status: "COMPLETED",
      startsAt: at(date, "09:00"),
      endsAt: at(date, "12:00"),
      capacity: 150,
      leadCoordinatorId: nsCoordinator.id,
    });
  }
  const upcoming: [string, number, string][] = [
    ["NEB2069", 5, "SCHEDULED"],
    ["NBA4001", 12, "SCHEDULED"],
    ["NEA7002", 20, "SCHEDULED"],
    ["NBA7001", 34, "DRAFT"],
  ];
  let nextVisit: { id: string; school: string } | null = null;
  for (const [code, days, status] of upcoming) {
    const date = upcomingSchoolDay(days);
    const visit = await makeEvent(db, {
      programmeId: nsNow.id,
      schoolId: school(code),
      title: `Sesi Advokasi KASIH Kanak-Kanak: ${schools.get(code)!.name}`,
      status,
      startsAt: at(date, "09:00"),
      endsAt: at(date, "12:00"),
      capacity: code === "NEB2069" ? 120 : 150,
      venue: "Dewan sekolah",
      leadCoordinatorId: nsCoordinator.id,
    });
    nextVisit ??= { id: visit.id, school: schools.get(code)!.name };
  }
  await seedParticipants(held, nextVisit!);
  await seedMaterials(held, nsCoordinator.id);
  await seedPupils(held, nsCoordinator.id);
  await seedFeedback(held);
  await seedFollowUps(held, { ...nsCoordinator, role: "COORDINATOR" });
  await seedInvitations(nsNow.id, nsCoordinator.id, [school("NEA3002"), school("NBA3001"), school("NEA6002")]);

  // --- other states, so scope is visible
  const selNow = await makeProgramme(db, {
    title: `KASIH Kanak-Kanak Peringkat Negeri Selangor Tahun ${year}`,
    year,
    stateCode: "10",
    targetSchools: 80,
    coordinatorIds: [selCoordinator.id],
  });
  await makeEvent(db, {
    programmeId: selNow.id,
    schoolId: school("BEA8001"),
    status: "SCHEDULED",
    startsAt: at(upcomingSchoolDay(8), "09:00"),
    leadCoordinatorId: selCoordinator.id,
  });
  await makeEvent(db, { programmeId: selNow.id, schoolId: school("BBA8001"), status: "COMPLETED", startsAt: at(`${year}-03-10`, "09:00") });
  const kelNow = await makeProgramme(db, { title: `KASIH Kanak-Kanak Peringkat Negeri Kelantan Tahun ${year}`, year, stateCode: "03" });
  await makeEvent(db, {
    programmeId: kelNow.id,
    schoolId: school("DEA9001"),
    status: "SCHEDULED",
    startsAt: at(upcomingSchoolDay(15), "09:00"),
  });

  console.log(
    `Demo data added: ${schools.size} schools, 4 programmes, 5 users (${[admin, nsCoordinator, selCoordinator, liaison, viewer].map((u) => u.email).join(", ")}).`,
  );
}

/**
 * Participants: the sessions already held have attendance (most came, a few did not), and the next
 * visit at SMK Seri Ampangan has people registered, so check-in can be tried at once.
 */
async function seedParticipants(held: HeldSession[], nextVisit: { id: string; school: string }) {
  const categoryFor = (i: number) => (i % 10 < 5 ? "TEACHER" : i % 10 < 8 ? "PIBG" : "COMMUNITY");
  const minutes = (date: Date, n: number) => new Date(date.getTime() + n * 60_000);
  for (const event of held) {
    for (let i = 0; i < event.size; i++) {
      const category = categoryFor(i);
      // Registered in the two weeks before, checked in as people arrived in the half hour before the start.
      const registration = await makeRegistration(db, {
        eventId: event.id,
        category,
        status: i % 9 === 8 ? "NO_SHOW" : "ATTENDED",
        organisation: category === "COMMUNITY" ? "Penduduk setempat" : event.school,
        createdAt: minutes(event.startsAt, -(1 + (i % 14)) * 24 * 60 - ((i * 37) % 600)),
        checkedInAt: minutes(event.startsAt, -30 + Math.floor((i * 30) / event.size)),
        person: demoPerson(),
      });
      if (category === "PIBG" && i % 4 === 0)
        await db.registration.update({ where: { id: registration.id }, data: { pibgRole: PIBG_ROLES[i % PIBG_ROLES.length] } });
    }
  }
  for (let i = 0; i < 45; i++) {
    await makeRegistration(db, {
      eventId: nextVisit.id,
      category: categoryFor(i),
      status: "REGISTERED",
      organisation: nextVisit.school,
      person: demoPerson(),
    });
  }
}

/**
 * The catalogue, Negeri Sembilan's stock as received from headquarters, and what was handed out at
 * the 2024 sessions, all through the same ledger the app uses.
 */
async function seedMaterials(held: HeldSession[], coordinatorId: string) {
  const materials = new Map<string, string>();
  for (const m of DEMO_MATERIALS) materials.set(m.code, (await db.material.create({ data: m })).id);
  const receive = [
    ["RIS-15999", 20000],
    ["POS-KASIH", 600],
    ["KAD-15999", 15000],
    ["PLK-15999", 8000],
    ["BK-GURU", 1200],
    ["BNR-KASIH", 40],
  ] as const;
  for (const [code, quantity] of receive) {
    await db.$transaction(async (tx) => {
      const received = await applyMovement(tx, {
        stateCode: "05",
        materialId: materials.get(code)!,
        quantity,
        type: "RECEIVED",
        reference: "KPWKM/HQ/2024/015",
        createdById: coordinatorId,
      });
      // Received from headquarters before the launch, as the ledger would show it.
      await tx.stockMovement.update({ where: { id: received.id }, data: { createdAt: at("2024-04-02", "10:00") } });
    });
    await db.stockThreshold.create({ data: { stateCode: "05", materialId: materials.get(code)!, lowAt: Math.round(quantity / 10) } });
  }
  for (const event of held) {
    for (const [code, quantity, recipientType] of [
      ["RIS-15999", event.size, "PIBG"],
      ["POS-KASIH", 5, "SCHOOL"],
      ["KAD-15999", event.size, "PIBG"],
    ] as const) {
      await db.$transaction(async (tx) => {
        const delivery = await tx.delivery.create({
          data: {
            eventId: event.id,
            materialId: materials.get(code)!,
            stateCode: "05",
            quantity,
            recipientType,
            recipientName: recipientType === "PIBG" ? `PIBG ${event.school}` : event.school,
            deliveredById: coordinatorId,
            acknowledgedByName: "Setiausaha PIBG",
            acknowledgedByRole: "Setiausaha",
            // Handed over at the end of the session.
            deliveredAt: event.endsAt,
            acknowledgedAt: event.endsAt,
          },
        });
        const issued = await applyMovement(tx, {
          stateCode: "05",
          materialId: materials.get(code)!,
          quantity: -quantity,
          type: "ISSUED",
          deliveryId: delivery.id,
          createdById: coordinatorId,
        });
        await tx.stockMovement.update({ where: { id: issued.id }, data: { createdAt: event.endsAt } });
      });
    }
  }
  // Banners are almost gone: the dashboard shows it.
  await db.$transaction(async (tx) => {
    const adjusted = await applyMovement(tx, {
      stateCode: "05",
      materialId: materials.get("BNR-KASIH")!,
      quantity: -37,
      type: "ADJUSTED",
      reason: "DAMAGED",
      reference: "Rosak semasa banjir Disember 2024",
      createdById: coordinatorId,
    });
    await tx.stockMovement.update({ where: { id: adjusted.id }, data: { createdAt: at("2024-12-20", "11:00") } });
  });
}

/** Children reached at the sessions held: counts by form and sex, never names. */
async function seedPupils(held: HeldSession[], coordinatorId: string) {
  for (const [index, event] of held.entries()) {
    const grades = index === 0 ? ["F1", "F2", "F3", "F4", "F5"] : ["F1", "F2", "F3"];
    for (const [g, grade] of grades.entries()) {
      for (const sex of ["L", "P"]) {
        await db.pupilCount.create({
          data: {
            eventId: event.id,
            grade,
            sex,
            count: 30 + ((index * 7 + g * 5 + (sex === "P" ? 3 : 0)) % 25),
            updatedById: coordinatorId,
          },
        });
      }
    }
  }
}

/**
 * Feedback from about a third of those who attended the sessions held: mostly good ratings and
 * right answers, with the helpline number the question people most often get wrong.
 */
async function seedFeedback(held: HeldSession[]) {
  const comments = [
    "Sesi sangat berguna untuk guru baharu.",
    "Mohon diadakan sesi untuk ibu bapa pada waktu malam.",
    "Saya kini tahu cara melapor melalui Talian Kasih 15999.",
    null,
    null,
  ];
  for (const event of held) {
    const attended = await db.registration.findMany({
      where: { eventId: event.id, status: "ATTENDED" },
      select: { id: true },
      orderBy: { createdAt: "asc" },
    });
    for (const [i, registration] of attended.entries()) {
      if (i % 3 !== 0) continue;
      const answers = {
        answerSigns: i % 7 === 3 ? "INJURIES" : "ALL",
        answerReport: i % 11 === 6 ? "WAIT" : "REPORT",
        answerHelpline: i % 5 === 2 ? "999" : "15999",
      };
      const score =
        Number(answers.answerSigns === "ALL") + Number(answers.answerReport === "REPORT") + Number(answers.answerHelpline === "15999");
      await db.feedback.create({
        data: {
          eventId: event.id,
          registrationId: registration.id,
          rating: [5, 4, 5, 3, 4][i % 5],
          ...answers,
          score,
          comment: comments[i % comments.length],
          // Answered from the follow-up email in the days after the session.
          createdAt: new Date(event.endsAt.getTime() + (20 + i * 3) * 3_600_000),
        },
      });
    }
  }
}

/**
 * The follow-up after each session held, scheduled and expanded by the app's own code: the next
 * morning, to those who attended, with the video and JKM's page. They went out then, so they are
 * recorded as sent and the worker leaves them alone.
 */
async function seedFollowUps(held: { id: string }[], coordinator: ScopedUser) {
  const digital = await db.material.findMany({ where: { code: { in: ["VID-15999", "LNK-JKM"] } }, select: { id: true } });
  for (const event of held) {
    const { startsAt } = await db.event.findUniqueOrThrow({ where: { id: event.id }, select: { startsAt: true } });
    const sendAt = parseMalaysiaDateTime(`${malaysiaDateKey(addDays(startsAt, 1))}T09:00`)!;
    await scheduleFollowUp(coordinator, event.id, {
      statuses: ["ATTENDED"],
      categories: [],
      materialIds: digital.map((m) => m.id),
      sendAt,
    });
  }
  // These are all due (the sessions are past): expanded here as the worker's job runner would.
  const due = { eventId: { in: held.map((e) => e.id) }, status: "SCHEDULED", sendAt: { lte: new Date() } };
  for (let round = 0; round < held.length && (await db.campaign.count({ where: due })); round++)
    await runJobsUntilIdle({ kinds: ["CAMPAIGN_EXPANSION"] });
  for (const campaign of await db.campaign.findMany({ where: { status: "SENDING" }, select: { id: true, sendAt: true } })) {
    await db.message.updateMany({
      where: { campaignId: campaign.id, status: "QUEUED" },
      data: { status: "SENT", attempts: 1, createdAt: campaign.sendAt, sentAt: campaign.sendAt },
    });
  }
  await completeCampaigns();
}

/** This year's invitations: one accepted, one waiting, one declined. */
async function seedInvitations(programmeId: string, coordinatorId: string, schoolIds: string[]) {
  const weeksAgo = (n: number) => new Date(Date.now() - n * 7 * 24 * 3600 * 1000);
  await db.schoolInvitation.create({
    data: {
      programmeId,
      schoolId: schoolIds[0],
      status: "INVITED",
      proposedDates: "Selasa atau Rabu, minggu pertama bulan depan",
      invitedAt: weeksAgo(3),
      createdById: coordinatorId,
    },
  });
  await db.schoolInvitation.create({
    data: {
      programmeId,
      schoolId: schoolIds[1],
      status: "DECLINED",
      declineReason: "Minggu peperiksaan sekolah",
      invitedAt: weeksAgo(4),
      respondedAt: weeksAgo(3),
      createdById: coordinatorId,
    },
  });
  await db.schoolInvitation.create({
    data: { programmeId, schoolId: schoolIds[2], status: "NO_RESPONSE", invitedAt: weeksAgo(6), createdById: coordinatorId },
  });
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
