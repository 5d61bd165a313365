import type { Prisma } from "@prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, requireStateInScope, schoolScope, type ScopedUser } from "~/modules/auth/scope.server";
import { heldSessions } from "~/modules/reports/report-filters.server";
import { db, type Db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { pageArgs, toPage } from "~/utils/pagination";
import { searchKey } from "~/utils/text";
import type { SchoolFilters, SchoolInput } from "./school-schema";

export function schoolSearchText(school: { code: string; name: string; town?: string | null }): string {
  return searchKey([school.code, school.name, school.town ?? ""].join(" "));
}

/** The one where-clause for the school directory: list, counts and exports all use it. */
export function schoolListWhere(user: ScopedUser, filters: SchoolFilters): Prisma.SchoolWhereInput {
  const and: Prisma.SchoolWhereInput[] = [schoolScope(user)];
  if (filters.state) and.push({ stateCode: filters.state });
  if (filters.district) and.push({ districtId: filters.district });
  if (filters.type) and.push({ type: filters.type });
  if (filters.level) and.push({ level: filters.level });
  if (filters.q) {
    for (const word of searchKey(filters.q).split(" ").filter(Boolean).slice(0, 5)) {
      and.push({ searchText: { contains: word } });
    }
  }
  return { AND: and };
}

export async function listSchools(user: ScopedUser, filters: SchoolFilters, page: number) {
  requirePermission(user, "read:school");
  const where = schoolListWhere(user, filters);
  const [items, total] = await Promise.all([
    db.school.findMany({
      where,
      select: {
        id: true,
        code: true,
        name: true,
        type: true,
        level: true,
        town: true,
        enrolment: true,
        state: { select: { name: true } },
        district: { select: { name: true } },
        // "Sessions held", by the reports' one definition.
        _count: { select: { events: { where: heldSessions() } } },
      },
      orderBy: [{ stateCode: "asc" }, { name: "asc" }],
      ...pageArgs(page),
    }),
    db.school.count({ where }),
  ]);
  return toPage(items, total, page);
}

export async function getSchool(user: ScopedUser, id: string) {
  requirePermission(user, "read:school");
  const school = await db.school.findFirst({
    where: { AND: [{ id }, schoolScope(user)] },
    include: { district: { select: { name: true } }, state: { select: { name: true } } },
  });
  invariantResponse(school, "School not found");
  return school;
}

/** Finds a district by name within a state, creating it the first time it is seen. */
export async function findOrCreateDistrict(client: Db, stateCode: string, name: string) {
  const clean = name.trim().toUpperCase();
  return client.district.upsert({
    where: { stateCode_name: { stateCode, name: clean } },
    create: { stateCode, name: clean },
    update: {},
    select: { id: true, name: true },
  });
}

/** The row written for a school, from the form and from the KPM import alike. */
export function schoolData(input: SchoolInput, districtId: string) {
  return {
    name: input.name,
    type: input.type,
    level: input.level,
    stateCode: input.stateCode,
    districtId,
    address: input.address ?? null,
    postcode: input.postcode ?? null,
    town: input.town ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    headTeacherName: input.headTeacherName ?? null,
    enrolment: input.enrolment ?? null,
    teachers: input.teachers ?? null,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    searchText: schoolSearchText(input),
  };
}

export type SchoolSaveResult = { ok: true; id: string } | { ok: false; field: "code"; error: string };

export async function createSchool(user: ScopedUser, input: SchoolInput): Promise<SchoolSaveResult> {
  requirePermission(user, "write:school");
  requireStateInScope(user, input.stateCode);
  return db.$transaction(async (tx) => {
    if (await tx.school.findUnique({ where: { code: input.code }, select: { id: true } })) {
      return { ok: false as const, field: "code" as const, error: "errors.schoolCodeTaken" };
    }
    const district = await findOrCreateDistrict(tx, input.stateCode, input.district);
    const school = await tx.school.create({ data: { code: input.code, ...schoolData(input, district.id) }, select: { id: true } });
    await recordAudit(tx, { actorId: user.id, action: "CREATE", entityType: "School", entityId: school.id, after: input });
    return { ok: true as const, id: school.id };
  });
}

export async function updateSchool(user: ScopedUser, id: string, input: SchoolInput): Promise<SchoolSaveResult> {
  requirePermission(user, "write:school");
  const existing = await getSchool(user, id);
  requireStateInScope(user, existing.stateCode);
  requireStateInScope(user, input.stateCode);
  return db.$transaction(async (tx) => {
    const clash = await tx.school.findUnique({ where: { code: input.code }, select: { id: true } });
    if (clash && clash.id !== id) return { ok: false as const, field: "code" as const, error: "errors.schoolCodeTaken" };
    const district = await findOrCreateDistrict(tx, input.stateCode, input.district);
    const data = schoolData(input, district.id);
    await tx.school.update({ where: { id }, data: { code: input.code, ...data } });
    await recordAudit(tx, {
      actorId: user.id,
      action: "UPDATE",
      entityType: "School",
      entityId: id,
      before: { ...existing, district: existing.district.name, state: undefined },
      after: input,
    });
    return { ok: true as const, id };
  });
}

export async function districtChoices(stateCode?: string) {
  return db.district.findMany({
    where: stateCode ? { stateCode } : {},
    select: { id: true, name: true, stateCode: true },
    orderBy: [{ stateCode: "asc" }, { name: "asc" }],
  });
}

export function stateChoices() {
  return db.state.findMany({ select: { code: true, name: true }, orderBy: { code: "asc" } });
}

export function schoolByCode(code: string) {
  return db.school.findUnique({ where: { code }, select: { id: true, name: true, stateCode: true } });
}
