import crypto from "node:crypto";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { completeCampaigns } from "./campaigns.server";
import { CALENDAR_FILE_NAME, composeEmail } from "./compose.server";
import { renderEmail } from "./render.server";
import { createMailTransport, describeFailure, isPermanentFailure, SEND_CONCURRENCY, type MailTransport } from "./transport.server";

export type WorkerOptions = { workerId?: string; batchSize?: number; transport?: MailTransport; now?: () => Date };

const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, env.MAIL_RETRY_BASE_SECONDS * 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Claims due messages one by one with a guarded update (status and lock as read), so two workers
 * on one database never take the same message. A message left "sending" by a worker that died
 * is taken again after the lease, keeping its Message-ID.
 */
export async function claimMessages(workerId: string, limit: number, now = new Date()) {
  const leaseExpired = new Date(now.getTime() - env.MAIL_LEASE_SECONDS * 1000);
  const candidates = await db.message.findMany({
    where: {
      OR: [
        { status: "QUEUED", nextAttemptAt: { lte: now } },
        { status: "SENDING", lockedAt: { lt: leaseExpired } },
      ],
    },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: limit * 2,
    select: { id: true, status: true, lockedAt: true, attempts: true, maxAttempts: true },
  });
  const claimed: string[] = [];
  for (const candidate of candidates) {
    if (claimed.length >= limit) break;
    // Taken this many times by workers that never reported back: give up rather than loop forever.
    if (candidate.status === "SENDING" && candidate.attempts >= candidate.maxAttempts) {
      await db.message.updateMany({
        where: { id: candidate.id, status: "SENDING", lockedAt: candidate.lockedAt },
        data: { status: "FAILED", lockedAt: null, lockedBy: null, lastError: "no worker reported the outcome" },
      });
      continue;
    }
    const taken = await db.message.updateMany({
      where: { id: candidate.id, status: candidate.status, lockedAt: candidate.lockedAt },
      data: { status: "SENDING", lockedAt: now, lockedBy: workerId, attempts: { increment: 1 } },
    });
    if (taken.count === 1) claimed.push(candidate.id);
  }
  return claimed;
}

type Outcome = "sent" | "retry" | "failed" | "skipped";

/** Renders and sends one claimed message, then records what happened. */
export async function deliver(messageId: string, workerId: string, transport: MailTransport, now = new Date()): Promise<Outcome> {
  const mine = { id: messageId, lockedBy: workerId, status: "SENDING" };
  // Renew the lease just before sending: the batch may have taken a while, and a message whose
  // lease ran out may already be in another worker's hands.
  const renewed = await db.message.updateMany({ where: mine, data: { lockedAt: new Date() } });
  if (renewed.count !== 1) return "skipped";
  const message = await db.message.findUniqueOrThrow({ where: { id: messageId } });
  let composed;
  try {
    composed = await composeEmail(message);
  } catch (error) {
    return recordFailure(mine, message.attempts, message.maxAttempts, error, false, now);
  }
  if (!composed) {
    await db.message.updateMany({ where: mine, data: { status: "CANCELLED", lockedAt: null, lastError: "not applicable any more" } });
    return "skipped";
  }
  try {
    const { html, text } = await renderEmail(composed);
    await transport.send({
      from: env.MAIL_FROM,
      to: { name: message.toName ?? "", address: message.toEmail },
      subject: composed.subject,
      html,
      text,
      messageId: message.messageIdHeader,
      replyTo: composed.replyTo,
      attachments: composed.attachments,
      // The calendar part as calendar programs look for it (text/calendar with its METHOD), also attached as a file.
      icalEvent: composed.calendar
        ? { method: composed.calendar.method, filename: CALENDAR_FILE_NAME, content: composed.calendar.content }
        : undefined,
      headers: composed.unsubscribeUrl
        ? { "List-Unsubscribe": `<${composed.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
        : undefined,
    });
    await db.message.updateMany({
      where: mine,
      data: { status: "SENT", sentAt: new Date(), subject: composed.subject, lockedAt: null, lastError: null },
    });
    return "sent";
  } catch (error) {
    return recordFailure(mine, message.attempts, message.maxAttempts, error, isPermanentFailure(error), now);
  }
}

async function recordFailure(
  mine: { id: string; lockedBy: string; status: string },
  attempts: number,
  maxAttempts: number,
  error: unknown,
  permanent: boolean,
  now: Date,
): Promise<Outcome> {
  const giveUp = permanent || attempts >= maxAttempts;
  await db.message.updateMany({
    where: mine,
    data: giveUp
      ? { status: "FAILED", lockedAt: null, lastError: describeFailure(error) }
      : {
          status: "QUEUED",
          lockedAt: null,
          lastError: describeFailure(error),
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
        },
  });
  return giveUp ? "failed" : "retry";
}

/** One pass: send what is due, close finished campaigns (the job runner expands campaigns into messages). */
export async function runOnce(options: WorkerOptions = {}): Promise<Record<Outcome, number>> {
  const workerId = options.workerId ?? `worker-${process.pid}`;
  const transport = options.transport ?? createMailTransport();
  const now = options.now?.() ?? new Date();
  const counts: Record<Outcome, number> = { sent: 0, retry: 0, failed: 0, skipped: 0 };
  const claimed = await claimMessages(workerId, options.batchSize ?? 20, now);
  // A few at a time: the SMTP round trip, not rendering, is what takes long.
  const queue = [...claimed];
  await Promise.all(
    Array.from({ length: Math.min(SEND_CONCURRENCY, queue.length) }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) counts[await deliver(id, workerId, transport, now)]++;
    }),
  );
  await completeCampaigns();
  return counts;
}

/**
 * The worker loop for `npm run worker`: polls, sends, sleeps. Stops cleanly on the signal after
 * the message in hand is recorded.
 */
export async function runWorker(signal: AbortSignal, options: WorkerOptions = {}) {
  const workerId = options.workerId ?? `worker-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  const transport = options.transport ?? createMailTransport();
  console.log(`[worker] ${workerId} sending by ${transport.kind}`);
  while (!signal.aborted) {
    let busy = false;
    try {
      const counts = await runOnce({ ...options, workerId, transport });
      busy = counts.sent + counts.retry + counts.failed + counts.skipped > 0;
      if (busy) console.log(`[worker] sent ${counts.sent}, retrying ${counts.retry}, failed ${counts.failed}, skipped ${counts.skipped}`);
    } catch (error) {
      console.error(`[worker] pass failed: ${describeFailure(error)}`);
    }
    if (!busy) await new Promise((resolve) => setTimeout(resolve, env.WORKER_POLL_MS));
  }
  transport.close();
}
