import { DatabaseSaturated } from "~/utils/driver-sql.server";
import { env } from "~/utils/env.server";
import { hitRateLimits, type RateLimitHit, type RateLimitResult } from "~/utils/rate-limit.server";

const TEN_MINUTES = 600;

/**
 * The public form's rate limits (docs/decisions/013). A launch puts a whole hall on one school
 * Wi-Fi address, so the address is counted per event, with room for 1,000 people and their
 * mistakes (REGISTRATION_RATE_LIMIT, 1,500 per 10 minutes by default); a valid submission is also
 * counted per mobile number across every event and address (REGISTRATION_PHONE_LIMIT, 20), so one
 * number cannot be used to fill a list. The honeypot field refuses naive bots before anything is
 * written. Phone numbers and addresses are stored only as keyed hashes.
 */
function registrationLimits(publicCode: string, clientIp: string, phoneE164: string | null): RateLimitHit[] {
  const hits: RateLimitHit[] = [
    { name: "register", client: `${publicCode.slice(0, 16)} ${clientIp}`, limit: env.REGISTRATION_RATE_LIMIT, windowSeconds: TEN_MINUTES },
  ];
  if (phoneE164) hits.push({ name: "register-phone", client: phoneE164, limit: env.REGISTRATION_PHONE_LIMIT, windowSeconds: TEN_MINUTES });
  return hits;
}

/** Seconds a person turned away (503) is asked to wait: spread, so they do not all come back at the same second. */
export function spreadRetry(): number {
  return 2 + Math.floor(Math.random() * 4);
}

/**
 * Counts one submission of the public form. `busy` when the database could not even count it by
 * `deadline` (the form answers 503, as for a registration that could not be saved).
 */
export async function countRegistrationAttempt(
  publicCode: string,
  clientIp: string,
  phoneE164: string | null,
  deadline = Date.now() + env.REGISTRATION_QUEUE_SECONDS * 1000,
): Promise<RateLimitResult | { allowed: false; busy: true; retryAfterSeconds: number }> {
  try {
    return await hitRateLimits(registrationLimits(publicCode, clientIp, phoneE164), deadline - Date.now());
  } catch (error) {
    if (!(error instanceof DatabaseSaturated)) throw error;
    return { allowed: false, busy: true, retryAfterSeconds: spreadRetry() };
  }
}
