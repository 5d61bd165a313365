import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { hitRateLimit } from "~/utils/rate-limit.server";
import { burnPasswordCheck, verifyPassword } from "./password.server";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;
const ADDRESS_WINDOW_SECONDS = 15 * 60;

export type SignInResult =
  | { ok: true; userId: string; language: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; minutes: number }
  | { ok: false; reason: "rate-limited"; minutes: number };

/**
 * Checks an email and password. Five wrong passwords in a row lock the account for 15 minutes;
 * many attempts from one address are refused whatever the account.
 */
export async function signIn(email: string, password: string, clientIp: string): Promise<SignInResult> {
  const limit = await hitRateLimit(`sign-in:${clientIp}`, env.SIGN_IN_RATE_LIMIT, ADDRESS_WINDOW_SECONDS);
  if (!limit.allowed) return { ok: false, reason: "rate-limited", minutes: Math.ceil(limit.retryAfterSeconds / 60) };

  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, passwordHash: true, active: true, failedSignIns: true, lockedUntil: true, language: true },
  });
  if (!user || !user.active) {
    await burnPasswordCheck(password);
    return { ok: false, reason: "invalid" };
  }
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    return { ok: false, reason: "locked", minutes: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60000) };
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    const failures = user.failedSignIns + 1;
    const lock = failures >= MAX_FAILED_SIGN_INS;
    await db.user.update({
      where: { id: user.id },
      data: lock ? { failedSignIns: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60000) } : { failedSignIns: failures },
    });
    return lock ? { ok: false, reason: "locked", minutes: LOCK_MINUTES } : { ok: false, reason: "invalid" };
  }
  await db.user.update({
    where: { id: user.id },
    data: { failedSignIns: 0, lockedUntil: null, lastSignInAt: now },
  });
  return { ok: true, userId: user.id, language: user.language };
}
