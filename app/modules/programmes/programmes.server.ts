import type { Prisma } from "@prisma/client";
import { changedFields, recordAudit } from "~/modules/audit/audit.server";
import { programmeScope, requirePermission, requireStateInScope, type ScopedUser } from "~/modules/auth/scope.server";
import { heldSessions } from "~/modules/reports/report-filters.server";
import { db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { pageArgs, toPage } from "~/utils/pagination";
import type { ProgrammeInput } from "./programme-schema";

export function programmeListWhere(user: ScopedUser, filters: { year?: number; state?: string }): Prisma.ProgrammeWhereInput {
  const and: Prisma.ProgrammeWhereInput[] = [programmeScope(user)];
  if (filters.year) and.push({ year: filters.year });
  if (filters.state) and.push({ stateCode: filters.state });
  return { AND: and };
}

export async function listProgrammes(user: ScopedUser, filters: { year?: number; state?: string }, page: number) {
  requirePermission(user, "read:programme");
  const where = programmeListWhere(user, filters);
  const [items, total] = await Promise.all([
    db.programme.findMany({
      where,
      select: {
        id: true,
        title: true,
        year: true,
        targetSchools: true,
        state: { select: { name: true } },
        _count: { select: { events: true } },
      },
      orderBy: [{ year: "desc" }, { title: "asc" }],
      ...pageArgs(page),
    }),
    db.programme.count({ where }),
  ]);
  return toPage(items, total, page);
}

export async function getProgramme(user: ScopedUser, id: string) {
  requirePermission(user, "read:programme");
  const programme = await db.programme.findFirst({
    where: { AND: [{ id }, programmeScope(user)] },
    include: {
      state: { select: { name: true } },
      coordinators: { select: { user: { select: { id: true, name: true, email: true } } } },
    },
  });
  invariantResponse(programme, "Programme not found");
  return programme;
}

export type ProgrammeProgress = {
  events: Record<string, number>;
  schoolsReached: number;
  participantsRegistered: number;
  participantsAttended: number;
  materialsDelivered: number;
  childrenReached: number;
};

/**
 * Progress against targets from the rows themselves. A state user looking at a national
 * programme sees their state's part of it.
 */
export async function programmeProgress(user: ScopedUser, programmeId: string, now = new Date()): Promise<ProgrammeProgress> {
  const eventWhere: Prisma.EventWhereInput = {
    programmeId,
    ...(user.role !== "ADMIN" && user.stateCode ? { stateCode: user.stateCode } : {}),
    ...(user.role === "LIAISON" ? { schoolId: user.schoolId ?? "-" } : {}),
  };
  // Reached and attended: at sessions held only (see heldSessions).
  const held: Prisma.EventWhereInput = { AND: [eventWhere, heldSessions(now)] };
  const [byStatus, reachedSchools, registered, attended, delivered, children] = await Promise.all([
    db.event.groupBy({ by: ["status"], where: eventWhere, _count: { _all: true } }),
    db.event.findMany({
      where: { AND: [held, { schoolId: { not: null } }] },
      distinct: ["schoolId"],
      select: { schoolId: true },
    }),
    db.registration.count({ where: { event: eventWhere, status: { in: ["REGISTERED", "ATTENDED", "NO_SHOW"] } } }),
    db.registration.count({ where: { event: held, status: "ATTENDED" } }),
    db.delivery.aggregate({ where: { event: eventWhere, reversedAt: null }, _sum: { quantity: true } }),
    db.pupilCount.aggregate({ where: { event: held }, _sum: { count: true } }),
  ]);
  return {
    events: Object.fromEntries(byStatus.map((row) => [row.status, row._count._all])),
    schoolsReached: reachedSchools.length,
    participantsRegistered: registered,
    participantsAttended: attended,
    materialsDelivered: delivered._sum.quantity ?? 0,
    childrenReached: children._sum.count ?? 0,
  };
}

/** Coordinators who can be assigned to a programme in a state (national coordinators always can). */
export function coordinatorChoices(user: ScopedUser) {
  return db.user.findMany({
    where: {
      role: "COORDINATOR",
      active: true,
      ...(user.role !== "ADMIN" && user.stateCode ? { OR: [{ stateCode: user.stateCode }, { stateCode: null }] } : {}),
    },
    select: { id: true, name: true, stateCode: true },
    orderBy: { name: "asc" },
  });
}

async function validCoordinatorIds(ids: string[], stateCode: string | null): Promise<string[]> {
  if (ids.length === 0) return [];
  const users = await db.user.findMany({
    where: {
      id: { in: ids },
      role: "COORDINATOR",
      ...(stateCode ? { OR: [{ stateCode }, { stateCode: null }] } : {}),
    },
    select: { id: true },
  });
  return users.map((u) => u.id);
}

function programmeData(input: ProgrammeInput) {
  return {
    title: input.title,
    year: input.year,
    stateCode: input.stateCode,
    description: input.description ?? null,
    targetSchools: input.targetSchools ?? null,
    targetParticipants: input.targetParticipants ?? null,
    targetMaterials: input.targetMaterials ?? null,
    targetChildren: input.targetChildren ?? null,
    approvalRequired: input.approvalRequired,
  };
}

export async function createProgramme(user: ScopedUser, input: ProgrammeInput): Promise<string> {
  requirePermission(user, "write:programme");
  requireStateInScope(user, input.stateCode);
  const coordinatorIds = await validCoordinatorIds(input.coordinatorIds, input.stateCode);
  return db.$transaction(async (tx) => {
    const programme = await tx.programme.create({
      data: {
        ...programmeData(input),
        createdById: user.id,
        coordinators: { create: coordinatorIds.map((userId) => ({ userId })) },
      },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: user.id, action: "CREATE", entityType: "Programme", entityId: programme.id, after: input });
    return programme.id;
  });
}

export async function updateProgramme(user: ScopedUser, id: string, input: ProgrammeInput): Promise<void> {
  requirePermission(user, "write:programme");
  const existing = await getProgramme(user, id);
  requireStateInScope(user, existing.stateCode);
  requireStateInScope(user, input.stateCode);
  const coordinatorIds = await validCoordinatorIds(input.coordinatorIds, input.stateCode);
  await db.$transaction(async (tx) => {
    const data = programmeData(input);
    await tx.programme.update({ where: { id }, data });
    await tx.programmeCoordinator.deleteMany({ where: { programmeId: id } });
    if (coordinatorIds.length) {
      await tx.programmeCoordinator.createMany({ data: coordinatorIds.map((userId) => ({ programmeId: id, userId })) });
    }
    const diff = changedFields(existing as unknown as Record<string, unknown>, data);
    const previousCoordinators = existing.coordinators.map((c) => c.user.id).sort();
    await recordAudit(tx, {
      actorId: user.id,
      action: "UPDATE",
      entityType: "Programme",
      entityId: id,
      before: { ...diff.before, coordinatorIds: previousCoordinators },
      after: { ...diff.after, coordinatorIds: [...coordinatorIds].sort() },
    });
  });
}

/** Programmes a user can add an event to. */
export function programmeChoices(user: ScopedUser) {
  return db.programme.findMany({
    where: programmeScope(user),
    select: { id: true, title: true, year: true, stateCode: true },
    orderBy: [{ year: "desc" }, { title: "asc" }],
  });
}
