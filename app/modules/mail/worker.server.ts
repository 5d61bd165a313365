import crypto from "node:crypto";
import { db } from "~/utils/db.server";
import { sqlInstant, sqlStatement } from "~/utils/driver-sql.server";
import { env } from "~/utils/env.server";
import { completeCampaigns } from "./campaigns.server";
import { CALENDAR_FILE_NAME, composeEmail, readBatch, type ComposeBatch } from "./compose.server";
import { renderEmail } from "./render.server";
import { createCloudApiSender, CloudApiError, describeWhatsAppFailure, type WhatsAppSender } from "~/modules/whatsapp/cloud-api.server";
import { composeWhatsApp } from "~/modules/whatsapp/whatsapp-compose.server";
import { createMailTransport, describeFailure, isPermanentFailure, SEND_CONCURRENCY, type MailTransport } from "./transport.server";

export type WorkerOptions = {
  workerId?: string;
  batchSize?: number;
  transport?: MailTransport;
  /** The WhatsApp Cloud API client (tests may give their own) */
  whatsApp?: WhatsAppSender;
  now?: () => Date;
};

const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

/**
 * Messages claimed per pass. What a pass reads and writes besides each message (the claim, the
 * batch's registrations and materials, closing finished campaigns) is shared by this many: 100
 * rather than 50 took 0.3-0.9 ms of CPU off each message of a campaign (measured, SQLite and two
 * workers on PostgreSQL). A batch sends in seconds; one slower than a quarter of the lease renews
 * it message by message.
 */
const BATCH_SIZE = 100;

export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, env.MAIL_RETRY_BASE_SECONDS * 1000 * 2 ** Math.max(0, attempts - 1));
}

type ClaimedMessage = {
  id: string;
  template: string;
  language: string;
  channel: string;
  toName: string | null;
  toEmail: string | null;
  toPhone: string | null;
  payload: string;
  personId: string | null;
  attempts: number;
  maxAttempts: number;
  messageIdHeader: string;
};

// As long as a Prisma query would wait for SQLite's lock (db.server.ts).
const CLAIM_WAIT_MS = 10_000;

/**
 * Claims up to `limit` due messages in one UPDATE … RETURNING, so two workers on one database
 * never take the same message (on PostgreSQL, rows another worker is claiming are skipped, not
 * waited for). A message left "sending" by a worker that died is taken again after the lease,
 * keeping its Message-ID; one taken as often as it may be without any worker reporting back is
 * given up rather than looped on forever. On the driver (driver-sql.server.ts), as an idle
 * worker asks every WORKER_POLL_MS.
 */
export async function claimMessages(workerId: string, limit: number, now = new Date()): Promise<ClaimedMessage[]> {
  const at = sqlInstant(now);
  const leaseExpired = sqlInstant(new Date(now.getTime() - env.MAIL_LEASE_SECONDS * 1000));
  const due = `("status" = 'QUEUED' AND "nextAttemptAt" <= ?) OR ("status" = 'SENDING' AND "lockedAt" < ?)`;
  const claimed = await sqlStatement(async (sql) => {
    await sql.run(
      `UPDATE "Message" SET "status" = 'FAILED', "lockedAt" = NULL, "lockedBy" = NULL, "lastError" = 'no worker reported the outcome'
      WHERE "status" = 'SENDING' AND "lockedAt" < ? AND "attempts" >= "maxAttempts"`,
      [leaseExpired],
    );
    return sql.all<ClaimedMessage>(
      `UPDATE "Message" SET "status" = 'SENDING', "lockedAt" = ?, "lockedBy" = ?, "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "Message" WHERE ${due}
        ORDER BY "nextAttemptAt", "id" LIMIT ?${sql.dialect === "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""}
      ) AND (${due})
      RETURNING "id", "template", "language", "channel", "toName", "toEmail", "toPhone", "payload", "personId", "attempts", "maxAttempts", "messageIdHeader"`,
      [at, workerId, at, leaseExpired, limit, at, leaseExpired],
    );
  }, CLAIM_WAIT_MS);
  // RETURNING gives no order; sending goes oldest first, as claimed.
  return claimed.map((m) => ({ ...m, attempts: Number(m.attempts), maxAttempts: Number(m.maxAttempts) }));
}

type Outcome = "sent" | "retry" | "failed" | "skipped";

/** A message sent, to be recorded with others sent at the same moment in one statement. */
type Sent = { id: string; subject: string; sentAt: Date };
type RecordSent = (sent: Sent) => Promise<void>;

/**
 * Records sent messages as they come, those that arrive while a write is under way together in
 * the next one (a group commit). Each sender waits for its own record before taking its next
 * message, so a crash leaves at most one message per sender sent but not recorded, to be sent
 * again after the lease with the same Message-ID, as before.
 */
function sentRecorder(workerId: string): RecordSent {
  let waiting: { sent: Sent; done: () => void; failed: (error: unknown) => void }[] = [];
  let writing = false;
  const write = async () => {
    writing = true;
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      try {
        await recordSent(
          workerId,
          batch.map((b) => b.sent),
        );
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.failed(error);
      }
    }
    writing = false;
  };
  return (sent) =>
    new Promise<void>((done, failed) => {
      waiting.push({ sent, done, failed });
      // Written after this turn of the event loop, with the others that finish in it: on SQLite the
      // statement runs at once, and without the wait every group would be of one.
      if (!writing) {
        writing = true;
        setImmediate(() => void write());
      }
    });
}

/** Renders and sends one claimed message, then records what happened. */
async function deliver(
  message: ClaimedMessage,
  workerId: string,
  senders: { transport: MailTransport; whatsApp: () => WhatsAppSender },
  claimedAt: Date,
  record: RecordSent,
  batch: ComposeBatch | undefined,
  now = new Date(),
): Promise<Outcome> {
  const mine = { id: message.id, lockedBy: workerId, status: "SENDING" };
  // Renew the lease before sending once the batch has taken a while (its first messages go right
  // after the claim, which set the lease): a message whose lease ran out may be another worker's.
  const slow = Date.now() - claimedAt.getTime() > (env.MAIL_LEASE_SECONDS * 1000) / 4;
  if (slow) {
    const renewed = await db.message.updateMany({ where: mine, data: { lockedAt: new Date() } });
    if (renewed.count !== 1) return "skipped";
  }
  if (message.channel === "WHATSAPP") return deliverWhatsApp(message, mine, senders.whatsApp, now);
  const transport = senders.transport;
  let composed;
  try {
    // A batch this slow reads each message's data afresh rather than trust what was read at its claim.
    composed = await composeEmail(message, slow ? undefined : batch);
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
      to: { name: message.toName ?? "", address: message.toEmail ?? "" },
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
  } catch (error) {
    return recordFailure(mine, message.attempts, message.maxAttempts, error, isPermanentFailure(error), now);
  }
  await record({ id: message.id, subject: composed.subject, sentAt: new Date() });
  return "sent";
}

/**
 * Sends one claimed WhatsApp message through the Cloud API and records it at once with the id the
 * API gave it, by which its delivery statuses arrive. A crash between the two sends it again after
 * the lease, with the same reference (its Message-ID), as an email is resent with its Message-ID.
 */
async function deliverWhatsApp(
  message: ClaimedMessage,
  mine: { id: string; lockedBy: string; status: string },
  sender: () => WhatsAppSender,
  now: Date,
): Promise<Outcome> {
  let composed;
  try {
    composed = await composeWhatsApp(message);
  } catch (error) {
    return recordFailure(mine, message.attempts, message.maxAttempts, error, false, now, describeWhatsAppFailure);
  }
  if (!composed) {
    await db.message.updateMany({ where: mine, data: { status: "CANCELLED", lockedAt: null, lastError: "not applicable any more" } });
    return "skipped";
  }
  let sent;
  try {
    sent = await sender().send({
      toPhone: message.toPhone!,
      template: composed.template,
      language: composed.language,
      parameters: composed.parameters,
      reference: message.messageIdHeader,
    });
  } catch (error) {
    const permanent = error instanceof CloudApiError ? error.permanent : true;
    return recordFailure(mine, message.attempts, message.maxAttempts, error, permanent, now, describeWhatsAppFailure);
  }
  await db.message.updateMany({
    where: mine,
    data: {
      status: "SENT",
      sentAt: new Date(),
      subject: composed.body,
      providerMessageId: sent.providerMessageId,
      lockedAt: null,
      lastError: null,
    },
  });
  return "sent";
}

/** How long recording what was sent may wait for the database before the pass gives up (the lease then resends). */
const RECORD_WAIT_MS = 30_000;

/**
 * Records sent messages in one statement on the driver (driver-sql.server.ts): no model query for
 * Prisma to compile per write, and no transaction around it (Prisma wrapped each `updateMany` in
 * one, about one per message in a campaign, measured). Each message keeps its own subject (a
 * campaign's differ by language); the sending time is the last of the few written together.
 */
async function recordSent(workerId: string, sent: Sent[]) {
  const at = sqlInstant(sent.at(-1)!.sentAt);
  const marks = sent.map(() => "?").join(", ");
  await sqlStatement(
    (sql) =>
      sql.run(
        `UPDATE "Message" SET "status" = 'SENT', "sentAt" = ?, "updatedAt" = ?, "lockedAt" = NULL, "lastError" = NULL,
          "subject" = CASE "id" ${sent.map(() => "WHEN ? THEN ?").join(" ")} END
        WHERE "id" IN (${marks}) AND "lockedBy" = ? AND "status" = 'SENDING'`,
        [at, sqlInstant(new Date()), ...sent.flatMap((s) => [s.id, s.subject]), ...sent.map((s) => s.id), workerId],
      ),
    RECORD_WAIT_MS,
  );
}

async function recordFailure(
  mine: { id: string; lockedBy: string; status: string },
  attempts: number,
  maxAttempts: number,
  error: unknown,
  permanent: boolean,
  now: Date,
  describe: (error: unknown) => string = describeFailure,
): Promise<Outcome> {
  const giveUp = permanent || attempts >= maxAttempts;
  await db.message.updateMany({
    where: mine,
    data: giveUp
      ? { status: "FAILED", lockedAt: null, lastError: describe(error) }
      : {
          status: "QUEUED",
          lockedAt: null,
          lastError: describe(error),
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
        },
  });
  return giveUp ? "failed" : "retry";
}

/** One pass: send what is due, close finished campaigns (the job runner expands campaigns into messages). */
export async function runOnce(options: WorkerOptions = {}): Promise<Record<Outcome, number>> {
  const workerId = options.workerId ?? `worker-${process.pid}`;
  const transport = options.transport ?? createMailTransport();
  // Made when a WhatsApp message is first in hand: a worker with none never needs the configuration.
  let whatsApp = options.whatsApp;
  const senders = { transport, whatsApp: () => (whatsApp ??= createCloudApiSender()) };
  const now = options.now?.() ?? new Date();
  const counts: Record<Outcome, number> = { sent: 0, retry: 0, failed: 0, skipped: 0 };
  const claimedAt = new Date();
  const claimed = await claimMessages(workerId, options.batchSize ?? BATCH_SIZE, now);
  // What the batch's messages share, read once; should that fail, each message reads its own as before.
  const batch = claimed.length ? await readBatch(claimed).catch(() => undefined) : undefined;
  // A few at a time: the SMTP round trip, not rendering, is what takes long.
  const queue = [...claimed];
  const record = sentRecorder(workerId);
  await Promise.all(
    Array.from({ length: Math.min(SEND_CONCURRENCY, queue.length) }, async () => {
      for (let message = queue.shift(); message; message = queue.shift())
        counts[await deliver(message, workerId, senders, claimedAt, record, batch, now)]++;
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
