import crypto from "node:crypto";
import { env } from "./env.server";

/**
 * A keyed hash (HMAC with the first SESSION_SECRET) of something that must be counted but not
 * kept, such as a client address or an email typed at sign-in: the same input always gives the
 * same key, and the table never holds the input itself. Rotating SESSION_SECRET starts afresh.
 */
export function keyedHash(value: string): string {
  return crypto.createHmac("sha256", env.sessionSecrets[0]).update(value).digest("base64url").slice(0, 32);
}
