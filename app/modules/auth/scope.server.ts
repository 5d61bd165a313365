import type { Prisma } from "@prisma/client";
import type { SqlFragment } from "~/utils/driver-sql.server";
import { can, type Permission } from "./permissions";
import type { SessionUser } from "./session.server";

/**
 * Which rows a user may see. Every module query for scoped data starts from one of these, so a
 * Selangor coordinator never reads a Negeri Sembilan participant.
 */
export type ScopedUser = Pick<SessionUser, "id" | "role" | "stateCode" | "schoolId">;

const NOTHING = { id: { in: [] as string[] } };

export function requirePermission(user: ScopedUser, permission: Permission): void {
  if (!can(user, permission)) throw new Response("Forbidden", { status: 403 });
}

export function eventScope(user: ScopedUser): Prisma.EventWhereInput {
  switch (user.role) {
    case "ADMIN":
      return {};
    case "LIAISON":
      return user.schoolId ? { schoolId: user.schoolId } : NOTHING;
    default:
      return user.stateCode ? { stateCode: user.stateCode } : {};
  }
}

/**
 * eventScope as SQL on the events table named `e`, for the plain statements of the dashboards
 * (docs/decisions/019); null when the user sees every event. tests/integration/report-figures.test.ts
 * checks that both forms select the same events for every kind of user.
 */
export function eventScopeSql(user: ScopedUser): SqlFragment | null {
  switch (user.role) {
    case "ADMIN":
      return null;
    case "LIAISON":
      return user.schoolId ? { sql: `e."schoolId" = ?`, params: [user.schoolId] } : { sql: "1 = 0", params: [] };
    default:
      return user.stateCode ? { sql: `e."stateCode" = ?`, params: [user.stateCode] } : null;
  }
}

export function programmeScope(user: ScopedUser): Prisma.ProgrammeWhereInput {
  switch (user.role) {
    case "ADMIN":
      return {};
    case "LIAISON":
      return user.schoolId ? { events: { some: { schoolId: user.schoolId } } } : NOTHING;
    default:
      // State users see their state's programmes and the national ones they can add visits to.
      return user.stateCode ? { OR: [{ stateCode: user.stateCode }, { stateCode: null }] } : {};
  }
}

/** programmeScope as SQL on the programmes table named `p` (see eventScopeSql); null: every programme. */
export function programmeScopeSql(user: ScopedUser): SqlFragment | null {
  switch (user.role) {
    case "ADMIN":
      return null;
    case "LIAISON":
      return user.schoolId
        ? { sql: `EXISTS (SELECT 1 FROM "Event" pe WHERE pe."programmeId" = p."id" AND pe."schoolId" = ?)`, params: [user.schoolId] }
        : { sql: "1 = 0", params: [] };
    default:
      return user.stateCode ? { sql: `p."stateCode" = ? OR p."stateCode" IS NULL`, params: [user.stateCode] } : null;
  }
}

export function schoolScope(user: ScopedUser): Prisma.SchoolWhereInput {
  switch (user.role) {
    case "ADMIN":
      return {};
    case "LIAISON":
      return user.schoolId ? { id: user.schoolId } : NOTHING;
    default:
      return user.stateCode ? { stateCode: user.stateCode } : {};
  }
}

/**
 * Whether the user works across every state (an administrator, or a coordinator or viewer with no
 * state): they get the state filter, the breakdown by state and national programmes.
 */
export function isNational(user: ScopedUser): boolean {
  return user.role === "ADMIN" || !user.stateCode;
}

/** Whether the user may create or change things in a state (national users: any state). */
export function coversState(user: ScopedUser, stateCode: string | null): boolean {
  if (user.role === "ADMIN") return true;
  if (user.role === "LIAISON") return false;
  if (!user.stateCode) return true;
  return stateCode === user.stateCode;
}

export function requireStateInScope(user: ScopedUser, stateCode: string | null): void {
  if (!coversState(user, stateCode)) throw new Response("Forbidden", { status: 403 });
}
