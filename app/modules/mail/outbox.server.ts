import crypto from "node:crypto";
import type { Db } from "~/utils/db.server";
import { env, mailDomain } from "~/utils/env.server";
import type { TemplateName } from "./template-names";

export type NewMessage = {
  /** Unique per (purpose, recipient, subject matter): enqueueing the same message twice is a no-op */
  idempotencyKey: string;
  template: TemplateName;
  language: string;
  toName?: string | null;
  /** Ids the composer loads at send time; no personal data, no secrets */
  payload: Record<string, unknown>;
  personId?: string | null;
  eventId?: string | null;
  campaignId?: string | null;
  sendAt?: Date;
  status?: "QUEUED" | "PAUSED";
} & ({ channel?: "EMAIL"; toEmail: string } | { channel: "WHATSAPP"; toPhone: string });

function messageIdHeader(): string {
  return `<${crypto.randomBytes(12).toString("hex")}@${mailDomain()}>`;
}

/**
 * Puts a message (an email, or a WhatsApp message) in the outbox inside the caller's transaction,
 * so the change that causes it and the message commit together or not at all. The Message-ID is
 * fixed now: a resend after a crash carries the same one and can be recognised (a WhatsApp message
 * carries it as its callback reference).
 */
export async function enqueueMessage(tx: Db, email: NewMessage): Promise<{ created: boolean }> {
  const existing = await tx.message.findUnique({ where: { idempotencyKey: email.idempotencyKey }, select: { id: true } });
  if (existing) return { created: false };
  await tx.message.create({ data: messageData(email) });
  return { created: true };
}

/** Many messages at once (campaigns): skips keys already in the outbox. */
export async function enqueueMessages(tx: Db, emails: NewMessage[]): Promise<number> {
  if (emails.length === 0) return 0;
  const existing = await tx.message.findMany({
    where: { idempotencyKey: { in: emails.map((e) => e.idempotencyKey) } },
    select: { idempotencyKey: true },
  });
  const known = new Set(existing.map((m) => m.idempotencyKey));
  const fresh = emails.filter((e) => !known.has(e.idempotencyKey));
  if (fresh.length) await tx.message.createMany({ data: fresh.map(messageData) });
  return fresh.length;
}

function messageData(email: NewMessage) {
  return {
    idempotencyKey: email.idempotencyKey,
    template: email.template,
    language: email.language === "en" ? "en" : "ms",
    channel: email.channel ?? "EMAIL",
    toEmail: email.channel === "WHATSAPP" ? null : email.toEmail,
    toPhone: email.channel === "WHATSAPP" ? email.toPhone : null,
    toName: email.toName ?? null,
    payload: JSON.stringify(email.payload),
    personId: email.personId ?? null,
    eventId: email.eventId ?? null,
    campaignId: email.campaignId ?? null,
    nextAttemptAt: email.sendAt ?? new Date(),
    maxAttempts: env.MAIL_MAX_ATTEMPTS,
    messageIdHeader: messageIdHeader(),
    status: email.status ?? "QUEUED",
  };
}

/** Cancels a campaign's messages that have not gone out yet (a cancelled follow-up, a cancelled session's reminder). */
export function cancelUnsentCampaignEmails(tx: Db, campaignId: string) {
  return tx.message.updateMany({ where: { campaignId, status: { in: ["QUEUED", "PAUSED"] } }, data: { status: "CANCELLED" } });
}
