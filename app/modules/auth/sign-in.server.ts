import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { hitRateLimit } from "~/utils/rate-limit.server";
import { knownDeviceId, rememberDevice } from "./known-device.server";
import { burnPasswordCheck, verifyPassword } from "./password.server";
import {
  accountHash,
  accountKey,
  ACCOUNT_RULE,
  claimAttempt,
  deviceKey,
  DEVICE_RULE,
  forgetKey,
  pairKey,
  PAIR_RULE,
  undoClaim,
  type Claim,
} from "./sign-in-throttle.server";

const ADDRESS_WINDOW_SECONDS = 15 * 60;

export type SignInResult =
  | { ok: true; userId: string; language: string; deviceCookie: string }
  | { ok: false; reason: "invalid" }
  /** This account (from this address, or from anywhere but its known devices) must wait. */
  | { ok: false; reason: "throttled"; minutes: number }
  /** This client address has tried too many accounts. */
  | { ok: false; reason: "rate-limited"; minutes: number };

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/**
 * Checks an email and password without letting anyone turn the check against the account's owner
 * (docs/decisions/010-sign-in-throttling.md):
 * - from a browser where this account has signed in before (a known device), only that device's
 *   own failures slow it down, so strangers guessing elsewhere never keep the owner out;
 * - from anywhere else, attempts are counted per account and client address and per account, each
 *   with growing waits, and per client address across all accounts.
 * An unknown email goes through the same counts (they are keyed by the email typed) and the same
 * password work, so no answer and no timing tells whether it has an account.
 */
export async function signIn(email: string, password: string, request: Request, clientIp: string): Promise<SignInResult> {
  const normalised = email.trim().toLowerCase();
  const account = accountHash(normalised);
  const user = await db.user.findUnique({
    where: { email: normalised },
    select: { id: true, passwordHash: true, active: true, language: true },
  });
  const known = user?.active ? await knownDeviceId(request, user.id) : null;

  const claims: Extract<Claim, { allowed: true }>[] = [];
  if (known) {
    const device = await claimAttempt(deviceKey(known), account, DEVICE_RULE);
    if (!device.allowed) return { ok: false, reason: "throttled", minutes: minutes(device.retryAfterMs) };
    claims.push(device);
  } else {
    const limit = await hitRateLimit("sign-in", clientIp, env.SIGN_IN_RATE_LIMIT, ADDRESS_WINDOW_SECONDS);
    if (!limit.allowed) return { ok: false, reason: "rate-limited", minutes: minutes(limit.retryAfterSeconds * 1000) };
    for (const [key, rule] of [
      [pairKey(account, clientIp), PAIR_RULE],
      [accountKey(account), ACCOUNT_RULE],
    ] as const) {
      const claim = await claimAttempt(key, account, rule);
      if (!claim.allowed) {
        // Not heard, so not counted anywhere.
        for (const made of claims) await undoClaim(made);
        return { ok: false, reason: "throttled", minutes: minutes(claim.retryAfterMs) };
      }
      claims.push(claim);
    }
  }

  if (!user || !user.active) {
    await burnPasswordCheck(password);
    return { ok: false, reason: "invalid" };
  }
  if (!(await verifyPassword(password, user.passwordHash))) return { ok: false, reason: "invalid" };

  // Proven right: this address's or this device's count starts again; the account-wide count only
  // loses this attempt (other people's failures are not forgiven by the owner's success).
  for (const claim of claims) {
    if (claim.key.startsWith("account:")) await undoClaim(claim);
    else await forgetKey(claim.key);
  }
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  return { ok: true, userId: user.id, language: user.language, deviceCookie: await rememberDevice(request, user.id) };
}
