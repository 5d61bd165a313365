import crypto from "node:crypto";
import type { Prisma } from "@prisma/client";
import { changedFields, recordAudit } from "~/modules/audit/audit.server";
import { hashPassword, verifyPassword } from "~/modules/auth/password.server";
import { isRole } from "~/modules/auth/permissions";
import { requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { accountHash, clearThrottle, throttleStates } from "~/modules/auth/sign-in-throttle.server";
import { containsIgnoringCase, db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { pageArgs, toPage } from "~/utils/pagination";
import type { UserInput } from "./user-schema";

export function newCalendarToken(): string {
  return crypto.randomBytes(24).toString("base64url");
}

export async function listUsers(admin: ScopedUser, filters: { role?: string; q?: string }, page: number) {
  requirePermission(admin, "manage:user");
  const where: Prisma.UserWhereInput = {
    ...(filters.role ? { role: filters.role } : {}),
    ...(filters.q ? { OR: [{ email: { contains: filters.q.toLowerCase() } }, { name: containsIgnoringCase(filters.q) }] } : {}),
  };
  const [items, total] = await Promise.all([
    db.user.findMany({
      where,
      select: {
        id: true,
        name: true,
        email: true,
        role: true,
        active: true,
        lastSignInAt: true,
        state: { select: { name: true } },
        school: { select: { code: true, name: true } },
      },
      orderBy: [{ role: "asc" }, { name: "asc" }],
      ...pageArgs(page),
    }),
    db.user.count({ where }),
  ]);
  const throttles = await throttleStates(items.map((u) => u.email));
  return toPage(
    items.map((u) => ({ ...u, signInSlowedUntil: throttles.get(u.email)?.until ?? null })),
    total,
    page,
  );
}

/**
 * Every account whose sign-in is being slowed down right now (from some address, device or
 * everywhere), for the administrator's list. Counts for emails without an account are not shown.
 */
export async function slowedSignIns(admin: ScopedUser, now = new Date()) {
  requirePermission(admin, "manage:user");
  const waiting = await db.signInThrottle.findMany({ where: { blockedUntil: { gt: now } }, select: { accountKey: true } });
  if (!waiting.length) return [];
  const users = await db.user.findMany({ select: { id: true, name: true, email: true }, orderBy: { name: "asc" } });
  const hashes = new Set(waiting.map((w) => w.accountKey));
  const slowed = users.filter((u) => hashes.has(accountHash(u.email)));
  const states = await throttleStates(
    slowed.map((u) => u.email),
    now,
  );
  return slowed.map((u) => ({ id: u.id, name: u.name, until: states.get(u.email)?.until ?? null }));
}

export async function getUserForAdmin(admin: ScopedUser, id: string) {
  requirePermission(admin, "manage:user");
  const user = await db.user.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      stateCode: true,
      active: true,
      school: { select: { code: true, name: true } },
    },
  });
  invariantResponse(user, "User not found");
  const signIn = (await throttleStates([user.email])).get(user.email) ?? null;
  return { ...user, signIn };
}

/**
 * Clears the waits strangers' (or the owner's) wrong passwords put on an account, at once, for
 * every address and device; audited. Returns whether there was anything to clear.
 */
export async function clearSignInThrottle(admin: ScopedUser, id: string): Promise<boolean> {
  requirePermission(admin, "manage:user");
  const user = await db.user.findUnique({ where: { id }, select: { email: true } });
  invariantResponse(user, "User not found");
  return db.$transaction(async (tx) => {
    const cleared = await clearThrottle(tx, user.email);
    if (cleared) {
      await recordAudit(tx, {
        actorId: admin.id,
        action: "UPDATE",
        entityType: "User",
        entityId: id,
        after: { signInThrottle: "(cleared)" },
      });
    }
    return cleared > 0;
  });
}

type SaveUserResult = { ok: true; id: string } | { ok: false; errors: Partial<Record<keyof UserInput, string[]>> };

async function scopeFields(input: UserInput) {
  if (input.role !== "LIAISON")
    return { ok: true as const, data: { stateCode: input.role === "ADMIN" ? null : input.stateCode, schoolId: null } };
  const school = await db.school.findUnique({ where: { code: input.schoolCode! }, select: { id: true, stateCode: true } });
  if (!school) return { ok: false as const, errors: { schoolCode: ["errors.event.schoolUnknown"] } };
  return { ok: true as const, data: { stateCode: school.stateCode, schoolId: school.id } };
}

/**
 * The first administrator of an installation: nobody is signed in to act yet, so the audit entry
 * names the command that made the account instead.
 */
export async function createAdministrator(
  input: { email: string; name: string; password: string },
  via: string,
): Promise<{ ok: true; id: string } | { ok: false; error: "errors.user.emailTaken" }> {
  const email = input.email.toLowerCase();
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) return { ok: false, error: "errors.user.emailTaken" };
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { name: input.name, email, role: "ADMIN", passwordHash, calendarToken: newCalendarToken() },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: null,
      action: "CREATE",
      entityType: "User",
      entityId: user.id,
      after: { name: input.name, email, role: "ADMIN", via },
    });
    return { ok: true as const, id: user.id };
  });
}

export async function createUser(admin: ScopedUser, input: UserInput & { password: string }): Promise<SaveUserResult> {
  requirePermission(admin, "manage:user");
  const scope = await scopeFields(input);
  if (!scope.ok) return scope;
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    return { ok: false, errors: { email: ["errors.user.emailTaken"] } };
  }
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        name: input.name,
        email: input.email,
        role: input.role,
        active: input.active,
        passwordHash,
        calendarToken: newCalendarToken(),
        ...scope.data,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: admin.id,
      action: "CREATE",
      entityType: "User",
      entityId: user.id,
      after: { name: input.name, email: input.email, role: input.role, ...scope.data, active: input.active },
    });
    return { ok: true as const, id: user.id };
  });
}

export async function updateUser(admin: ScopedUser, id: string, input: UserInput): Promise<SaveUserResult> {
  requirePermission(admin, "manage:user");
  const existing = await db.user.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, role: true, stateCode: true, schoolId: true, active: true },
  });
  invariantResponse(existing, "User not found");
  const scope = await scopeFields(input);
  if (!scope.ok) return scope;
  const clash = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (clash && clash.id !== id) return { ok: false, errors: { email: ["errors.user.emailTaken"] } };
  if (id === admin.id && (input.role !== "ADMIN" || !input.active)) {
    return { ok: false, errors: { role: ["errors.user.cannotDemoteSelf"] } };
  }
  const data = { name: input.name, email: input.email, role: input.role, active: input.active, ...scope.data };
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: { ...data, ...(passwordHash ? { passwordHash } : {}) } });
    // A deactivated user, or one whose password was reset, is signed out everywhere.
    if (!input.active || passwordHash) await tx.session.deleteMany({ where: { userId: id } });
    // A new password makes the old guesses moot: the account starts with no waits.
    if (passwordHash) await clearThrottle(tx, existing.email);
    const diff = changedFields(existing, data);
    await recordAudit(tx, {
      actorId: admin.id,
      action: "UPDATE",
      entityType: "User",
      entityId: id,
      before: diff.before,
      after: { ...diff.after, ...(passwordHash ? { password: "(reset)" } : {}) },
    });
  });
  return { ok: true, id };
}

export async function getAccount(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      name: true,
      email: true,
      role: true,
      calendarToken: true,
      state: { select: { name: true } },
      school: { select: { name: true } },
    },
  });
  invariantResponse(user, "User not found");
  return user;
}

export async function rotateCalendarToken(userId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { calendarToken: newCalendarToken() } });
    await recordAudit(tx, {
      actorId: userId,
      action: "UPDATE",
      entityType: "User",
      entityId: userId,
      after: { calendarToken: "(rotated)" },
    });
  });
}

export async function changePassword(userId: string, currentPassword: string, newPassword: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) return false;
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    // Every session ends, a stolen one included; the caller starts a fresh one for this browser.
    await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, { actorId: userId, action: "UPDATE", entityType: "User", entityId: userId, after: { password: "(changed)" } });
  });
  return true;
}

export async function setUserLanguage(userId: string, language: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { language } });
}

/** The user whose iCal feed this token opens, or null. */
export async function userByCalendarToken(token: string) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const user = await db.user.findFirst({
    where: { calendarToken: token, active: true },
    select: { id: true, name: true, role: true, stateCode: true, schoolId: true, language: true },
  });
  return user && isRole(user.role) ? { ...user, role: user.role } : null;
}
