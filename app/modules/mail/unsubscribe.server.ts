import crypto from "node:crypto";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";

function signature(personId: string, secret: string): string {
  return crypto.createHmac("sha256", secret).update(`unsubscribe:${personId}`).digest("base64url").slice(0, 22);
}

/** A signed, never-expiring token for one person's one-click unsubscribe link. */
export function unsubscribeToken(personId: string): string {
  return `${personId}.${signature(personId, env.sessionSecrets[0])}`;
}

export function unsubscribeUrl(personId: string): string {
  return `${env.APP_URL}/unsubscribe/${unsubscribeToken(personId)}`;
}

/**
 * The link a test email carries in place of a participant's own: its page explains what the link
 * does and changes nothing (a coordinator trying it must not unsubscribe the participant).
 */
export const EXAMPLE_UNSUBSCRIBE_TOKEN = "contoh";

export function exampleUnsubscribeUrl(): string {
  return `${env.APP_URL}/unsubscribe/${EXAMPLE_UNSUBSCRIBE_TOKEN}`;
}

/** The person a token belongs to, if its signature holds under any current secret. */
export function personFromUnsubscribeToken(token: string): string | null {
  const [personId, sig] = token.split(".");
  if (!personId || !sig || personId.length > 40) return null;
  const valid = env.sessionSecrets.some((secret) => {
    const expected = Buffer.from(signature(personId, secret));
    const given = Buffer.from(sig);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  });
  return valid ? personId : null;
}

/** Stops reminders and follow-ups to this person, now and queued. */
export async function unsubscribe(personId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const person = await tx.person.findUnique({ where: { id: personId }, select: { unsubscribedAt: true } });
    if (!person) return false;
    if (!person.unsubscribedAt) await tx.person.update({ where: { id: personId }, data: { unsubscribedAt: new Date() } });
    await tx.message.updateMany({
      where: { personId, template: { in: ["event-reminder", "follow-up"] }, status: { in: ["QUEUED", "PAUSED"] } },
      data: { status: "CANCELLED", lastError: "unsubscribed" },
    });
    return true;
  });
}
