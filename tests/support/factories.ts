/**
 * Builders for test data: each takes the Prisma client and only the fields a test cares about.
 * They write rows directly, to set up any state quickly; the demo seed instead goes through the
 * app's own functions (prisma/seed.ts).
 */
import crypto from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { hashPassword } from "../../app/modules/auth/password.server";
import type { Role } from "../../app/modules/auth/permissions";
import { newPublicCode } from "../../app/modules/events/events.server";
import { nameKey } from "../../app/modules/people/contact";
import { contactSearchText } from "../../app/modules/people/people.server";
import { newCheckInCode, newManageToken } from "../../app/modules/registrations/seats.server";
import { schoolSearchText } from "../../app/modules/schools/schools.server";
import { newCalendarToken } from "../../app/modules/users/users.server";
import { searchKey } from "../../app/utils/text";

export const TEST_PASSWORD = "kata-laluan-ujian";

const unique = () => crypto.randomBytes(4).toString("hex");

export async function makeUser(
  db: PrismaClient,
  fields: {
    role: string;
    name?: string;
    email?: string;
    stateCode?: string | null;
    schoolId?: string | null;
    password?: string;
    language?: string;
  },
) {
  const user = await db.user.create({
    data: {
      name: fields.name ?? `Pengguna ${unique()}`,
      email: (fields.email ?? `user-${unique()}@kasih.test`).toLowerCase(),
      role: fields.role,
      stateCode: fields.stateCode ?? null,
      schoolId: fields.schoolId ?? null,
      language: fields.language ?? "ms",
      passwordHash: await hashPassword(fields.password ?? TEST_PASSWORD),
      calendarToken: newCalendarToken(),
    },
  });
  return { ...user, role: user.role as Role };
}

export async function makeDistrict(db: PrismaClient, stateCode: string, name: string) {
  return db.district.upsert({
    where: { stateCode_name: { stateCode, name: name.toUpperCase() } },
    create: { stateCode, name: name.toUpperCase() },
    update: {},
  });
}

export type SchoolFields = {
  code?: string;
  name?: string;
  type?: string;
  level?: string;
  stateCode?: string;
  district?: string;
  town?: string;
  address?: string;
  postcode?: string;
  enrolment?: number;
  teachers?: number;
  phone?: string;
  email?: string;
  latitude?: number;
  longitude?: number;
};

export async function makeSchool(db: PrismaClient, fields: SchoolFields = {}) {
  const stateCode = fields.stateCode ?? "05";
  const district = await makeDistrict(db, stateCode, fields.district ?? "SEREMBAN");
  const code = fields.code ?? `TST${String(crypto.randomInt(0, 10000)).padStart(4, "0")}`;
  const name = fields.name ?? `SK Ujian ${unique()}`;
  return db.school.create({
    data: {
      code,
      name,
      type: fields.type ?? "SK",
      level: fields.level ?? "RENDAH",
      stateCode,
      districtId: district.id,
      town: fields.town ?? null,
      address: fields.address ?? null,
      postcode: fields.postcode ?? null,
      enrolment: fields.enrolment ?? null,
      teachers: fields.teachers ?? null,
      phone: fields.phone ?? null,
      email: fields.email ?? null,
      latitude: fields.latitude ?? null,
      longitude: fields.longitude ?? null,
      searchText: schoolSearchText({ code, name, town: fields.town }),
    },
  });
}

export async function makeProgramme(
  db: PrismaClient,
  fields: Partial<{
    title: string;
    year: number;
    stateCode: string | null;
    targetSchools: number;
    targetParticipants: number;
    targetChildren: number;
    targetMaterials: number;
    approvalRequired: boolean;
    description: string;
    coordinatorIds: string[];
  }> = {},
) {
  return db.programme.create({
    data: {
      title: fields.title ?? `Program Ujian ${unique()}`,
      year: fields.year ?? 2026,
      stateCode: fields.stateCode === undefined ? "05" : fields.stateCode,
      description: fields.description ?? null,
      targetSchools: fields.targetSchools ?? null,
      targetParticipants: fields.targetParticipants ?? null,
      targetChildren: fields.targetChildren ?? null,
      targetMaterials: fields.targetMaterials ?? null,
      approvalRequired: fields.approvalRequired ?? false,
      coordinators: fields.coordinatorIds ? { create: fields.coordinatorIds.map((userId) => ({ userId })) } : undefined,
    },
  });
}

export async function makeEvent(
  db: PrismaClient,
  fields: {
    programmeId: string;
    schoolId?: string | null;
    stateCode?: string;
    title?: string;
    type?: string;
    status?: string;
    startsAt: Date;
    endsAt?: Date;
    capacity?: number | null;
    venue?: string;
    leadCoordinatorId?: string | null;
    officials?: string;
    partnerAgencies?: string;
    registrationCategories?: string;
    registrationOpensAt?: Date | null;
    registrationClosesAt?: Date | null;
    statusReason?: string;
  },
) {
  const school = fields.schoolId
    ? await db.school.findUniqueOrThrow({
        where: { id: fields.schoolId },
        select: { name: true, code: true, stateCode: true, districtId: true },
      })
    : null;
  const title = fields.title ?? `Sesi Advokasi ${school?.name ?? unique()}`;
  return db.event.create({
    data: {
      programmeId: fields.programmeId,
      schoolId: fields.schoolId ?? null,
      stateCode: school?.stateCode ?? fields.stateCode ?? "05",
      districtId: school?.districtId ?? null,
      title,
      type: fields.type ?? (school ? "SCHOOL_SESSION" : "COMMUNITY_SESSION"),
      status: fields.status ?? "SCHEDULED",
      statusReason: fields.statusReason ?? null,
      startsAt: fields.startsAt,
      endsAt: fields.endsAt ?? new Date(fields.startsAt.getTime() + 3 * 60 * 60 * 1000),
      capacity: fields.capacity === undefined ? 100 : fields.capacity,
      venue: fields.venue ?? null,
      leadCoordinatorId: fields.leadCoordinatorId ?? null,
      officials: fields.officials ?? null,
      partnerAgencies: fields.partnerAgencies ?? null,
      registrationCategories: fields.registrationCategories ?? "TEACHER,PIBG,COMMUNITY",
      registrationOpensAt: fields.registrationOpensAt ?? null,
      registrationClosesAt: fields.registrationClosesAt ?? null,
      publicCode: newPublicCode(),
      searchText: searchKey([title, fields.venue ?? "", school?.name ?? "", school?.code ?? ""].join(" ")),
    },
  });
}

export async function makePerson(db: PrismaClient, fields: { fullName?: string; phoneE164?: string | null; email?: string | null } = {}) {
  const fullName = fields.fullName ?? `Peserta ${unique()}`;
  const phoneE164 = fields.phoneE164 === undefined ? `+6011${String(crypto.randomInt(10_000_000, 99_999_999))}` : fields.phoneE164;
  const email = fields.email === undefined ? `${unique()}@contoh.my` : fields.email;
  return db.person.create({
    data: { fullName, nameKey: nameKey(fullName), phoneE164, email, searchText: contactSearchText({ fullName, phoneE164, email }) },
  });
}

/**
 * A registration with its own copy of the person's details (as the app makes them): the given
 * person's, or those of a person made from `person`.
 */
export async function makeRegistration(
  db: PrismaClient,
  fields: {
    eventId: string;
    personId?: string;
    category?: string;
    status?: string;
    source?: string;
    organisation?: string | null;
    language?: string;
    createdAt?: Date;
    /** For ATTENDED: when they checked in (default: when registered) */
    checkedInAt?: Date;
    person?: Parameters<typeof makePerson>[1];
  },
) {
  const person = fields.personId
    ? await db.person.findUniqueOrThrow({ where: { id: fields.personId } })
    : await makePerson(db, fields.person);
  const personId = person.id;
  const status = fields.status ?? "REGISTERED";
  const contact = { fullName: person.fullName, phoneE164: person.phoneE164, email: person.email };
  const registration = await db.registration.create({
    data: {
      eventId: fields.eventId,
      personId,
      ...contact,
      language: fields.language ?? "ms",
      searchText: contactSearchText(contact),
      category: fields.category ?? "TEACHER",
      status,
      source: fields.source ?? "ONLINE",
      organisation: fields.organisation ?? null,
      checkInCode: newCheckInCode(),
      manageToken: newManageToken(),
      waitlistedAt: status === "WAITLISTED" ? (fields.createdAt ?? new Date()) : null,
      checkedInAt: status === "ATTENDED" ? (fields.checkedInAt ?? fields.createdAt ?? new Date()) : null,
      createdAt: fields.createdAt,
    },
  });
  await db.consent.create({
    data: { personId, noticeVersion: "2024-04-v1", method: fields.source === "IMPORT" ? "IMPORT" : "ONLINE_FORM", eventId: fields.eventId },
  });
  return registration;
}
