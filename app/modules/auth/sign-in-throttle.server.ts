import type { SignInThrottle } from "@prisma/client";
import { isUniqueViolation } from "~/utils/database-errors";
import { db } from "~/utils/db.server";
import { keyedHash } from "~/utils/keyed-hash.server";

/**
 * Sign-in throttling with growing delays (docs/decisions/010-sign-in-throttling.md). Each key counts
 * attempts not (yet) proven right; from `free` attempts on, each one makes the next wait, twice as
 * long each time up to `longest`. Nothing is ever locked: the wait ends by itself, an attempt that
 * proves the password wipes its own count, and an administrator can clear an account.
 */
export type ThrottleRule = { free: number; firstDelayMs: number; longestMs: number };

const MINUTE = 60_000;
/** One account from one client address: the first brake on someone guessing. */
export const PAIR_RULE: ThrottleRule = { free: 5, firstDelayMs: MINUTE, longestMs: 60 * MINUTE };
/** One account from anywhere (guessing spread over many addresses); known devices are not held by it. */
export const ACCOUNT_RULE: ThrottleRule = { free: 10, firstDelayMs: MINUTE, longestMs: 30 * MINUTE };
/** One known device: its own failures only, so a stolen device cookie buys no extra guesses. */
export const DEVICE_RULE: ThrottleRule = { free: 5, firstDelayMs: MINUTE, longestMs: 60 * MINUTE };
/** A key with no attempt for this long starts again from nothing. */
export const FORGET_AFTER_MS = 24 * 60 * MINUTE;

/**
 * An account's key: a keyed hash of the email as typed (normalised), so an unknown email is counted
 * like a real one, and the table holds no email (a typo, or a password typed into the email field,
 * would otherwise be kept). Client addresses are hashed the same way.
 */
export function accountHash(email: string): string {
  return keyedHash(`account\u0000${email.trim().toLowerCase()}`);
}

export const accountKey = (account: string) => `account:${account}`;
export const pairKey = (account: string, clientIp: string) => `pair:${account}:${keyedHash(`address\u0000${clientIp}`)}`;
export const deviceKey = (deviceId: string) => `device:${deviceId}`;

/** The wait after the `attempts`-th unproven attempt: none for the first few, then doubling. */
export function delayAfter(rule: ThrottleRule, attempts: number): number {
  if (attempts < rule.free) return 0;
  return Math.min(rule.longestMs, rule.firstDelayMs * 2 ** (attempts - rule.free));
}

export type Claim =
  | { allowed: true; key: string; previous: SignInThrottle | null; wrote: { failures: number; blockedUntil: Date | null } }
  | { allowed: false; key: string; retryAfterMs: number };

const current = (row: SignInThrottle | null, now: Date) =>
  row && now.getTime() - row.lastAttemptAt.getTime() < FORGET_AFTER_MS ? row : null;

/**
 * Counts one attempt on `key` before the password is checked, so a hundred attempts sent at once
 * are counted one by one: each must win a compare-and-set on the count it read, and the one that
 * reaches the limit sets the wait the others then meet. Refused (with the time left) while a wait
 * runs, without counting.
 */
export async function claimAttempt(key: string, account: string, rule: ThrottleRule, now = new Date()): Promise<Claim> {
  for (let round = 0; round < 20; round++) {
    const row = await db.signInThrottle.findUnique({ where: { key } });
    const live = current(row, now);
    if (live?.blockedUntil && live.blockedUntil > now) {
      return { allowed: false, key, retryAfterMs: live.blockedUntil.getTime() - now.getTime() };
    }
    const attempts = (live?.failures ?? 0) + 1;
    const wait = delayAfter(rule, attempts);
    const data = { failures: attempts, blockedUntil: wait ? new Date(now.getTime() + wait) : null, lastAttemptAt: now };
    if (!row) {
      try {
        await db.signInThrottle.create({ data: { key, accountKey: account, ...data } });
        return { allowed: true, key, previous: null, wrote: data };
      } catch (error) {
        if (isUniqueViolation(error)) continue;
        throw error;
      }
    }
    const won = await db.signInThrottle.updateMany({
      where: { key, failures: row.failures, lastAttemptAt: row.lastAttemptAt },
      data,
    });
    if (won.count === 1) return { allowed: true, key, previous: live, wrote: data };
  }
  // Many attempts racing on one key: that is the attack this guards against.
  return { allowed: false, key, retryAfterMs: rule.firstDelayMs };
}

/** The password was right here: this key's count (the pair's, the device's) starts again. */
export async function forgetKey(key: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key } });
}

/**
 * Takes back an attempt counted by `claimAttempt` that turned out right, or that another key
 * refused before the password was checked: the key is as it was before.
 */
export async function undoClaim(claim: Extract<Claim, { allowed: true }>): Promise<void> {
  const restored = await db.signInThrottle.updateMany({
    where: { key: claim.key, failures: claim.wrote.failures, blockedUntil: claim.wrote.blockedUntil },
    data: { failures: claim.previous?.failures ?? 0, blockedUntil: claim.previous?.blockedUntil ?? null },
  });
  // Someone else's attempt came in between: take back only this one from the count, keep their wait.
  if (restored.count === 0) {
    await db.signInThrottle.updateMany({ where: { key: claim.key, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
  }
}

export type ThrottleState = {
  /** Unproven attempts on the account (from anywhere) in the last day. */
  failures: number;
  /** Until when new devices wait before an attempt on this account is heard, if they do. */
  accountBlockedUntil: Date | null;
  /** How many client addresses (or known devices) are waiting before their next attempt. */
  blockedPlaces: number;
  /** The latest moment any wait on this account ends. */
  until: Date | null;
};

/** What an administrator sees for each account: who is being slowed down, and until when. */
export async function throttleStates(emails: string[], now = new Date()): Promise<Map<string, ThrottleState>> {
  const byHash = new Map(emails.map((email) => [accountHash(email), email]));
  const rows = await db.signInThrottle.findMany({
    where: { accountKey: { in: [...byHash.keys()] }, lastAttemptAt: { gt: new Date(now.getTime() - FORGET_AFTER_MS) } },
  });
  const states = new Map<string, ThrottleState>();
  for (const row of rows) {
    const email = byHash.get(row.accountKey)!;
    const state = states.get(email) ?? { failures: 0, accountBlockedUntil: null, blockedPlaces: 0, until: null };
    const blocked = row.blockedUntil && row.blockedUntil > now ? row.blockedUntil : null;
    if (row.key.startsWith("account:")) {
      state.failures = row.failures;
      state.accountBlockedUntil = blocked;
    } else if (blocked) state.blockedPlaces++;
    if (blocked && (!state.until || blocked > state.until)) state.until = blocked;
    states.set(email, state);
  }
  return states;
}

/** Clears every count and wait on an account (an administrator's decision, or a new password). */
export async function clearThrottle(tx: Pick<typeof db, "signInThrottle">, email: string): Promise<number> {
  const { count } = await tx.signInThrottle.deleteMany({ where: { accountKey: accountHash(email) } });
  return count;
}

/** Drops counts nobody has added to for a day and that hold no wait; called by the worker. */
export async function pruneSignInThrottles(now = new Date()): Promise<void> {
  await db.signInThrottle.deleteMany({
    where: {
      lastAttemptAt: { lt: new Date(now.getTime() - FORGET_AFTER_MS) },
      OR: [{ blockedUntil: null }, { blockedUntil: { lt: now } }],
    },
  });
}
