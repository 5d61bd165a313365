import type { Prisma } from "@prisma/client";
import { db, type Db } from "~/utils/db.server";
import { readInstant, sqlInstant, sqlStatement } from "~/utils/driver-sql.server";
import { env } from "~/utils/env.server";
import { jobQueue } from "~/modules/jobs/job-queue.server";
import type { JobHandler } from "~/modules/jobs/job-runner.server";
import { messagesForRegistrants, reachableWhere } from "~/modules/whatsapp/whatsapp-channel.server";
import { cancelUnsentCampaignEmails, enqueueMessages } from "./outbox.server";
import type { TemplateName } from "./template-names";

export type Audience = { statuses: string[]; categories: string[] };
export const CAMPAIGN_TEMPLATE: Record<string, TemplateName> = { REMINDER: "event-reminder", FOLLOW_UP: "follow-up" };

const CHUNK = 500;

/**
 * Who a campaign reaches: the event's registrations in the chosen statuses and categories, with an
 * email (or a phone and WhatsApp consent, when that channel is on), not erased, not unsubscribed.
 */
export function audienceWhere(eventId: string, audience: Audience): Prisma.RegistrationWhereInput {
  return {
    eventId,
    status: { in: audience.statuses },
    ...(audience.categories.length ? { category: { in: audience.categories } } : {}),
    ...reachableWhere(),
    person: { erasedAt: null, unsubscribedAt: null },
  };
}

/** An expanding campaign not touched for this long lost its job for good (failed every attempt): it is queued again. */
const EXPANSION_GIVEN_UP_MS = 60 * 60_000;
// As long as a Prisma query would wait for SQLite's lock (db.server.ts).
const SCHEDULE_WAIT_MS = 10_000;

/**
 * Queues an expansion job for every campaign that has come due. The job's dedupe key carries the
 * campaign's last change, so two workers queue it once, and a campaign paused and resumed (a
 * change) is queued again to finish its audience. Asked on the driver: the worker asks every
 * WORKER_POLL_MS, and through the model each ask cost twenty times the CPU (measured).
 */
export async function scheduleDueCampaigns(now: Date) {
  const at = sqlInstant(now);
  const due = await sqlStatement(
    (sql) =>
      sql.all<{ id: string; updatedAt: string }>(
        `SELECT "id", "updatedAt" FROM "Campaign"
        WHERE (("status" = 'SCHEDULED' AND "sendAt" <= ?) OR ("status" = 'EXPANDING' AND "updatedAt" < ?))
          AND NOT ("kind" = 'FOLLOW_UP' AND EXISTS (SELECT 1 FROM "Event" WHERE "Event"."id" = "Campaign"."eventId" AND "Event"."startsAt" > ?))
        LIMIT 50`,
        // A follow-up waits for its session to start (say, a session moved later after it was scheduled).
        [at, sqlInstant(new Date(now.getTime() - EXPANSION_GIVEN_UP_MS)), at],
      ),
    SCHEDULE_WAIT_MS,
  );
  for (const campaign of due) {
    await jobQueue.enqueue({
      kind: "CAMPAIGN_EXPANSION",
      input: { campaignId: campaign.id },
      runAt: now,
      dedupeKey: `campaign:${campaign.id}:${readInstant(campaign.updatedAt)!.getTime()}`,
    });
  }
}

/**
 * Turns a due campaign into outbox messages, CHUNK registrations per transaction. The campaign is
 * taken with a guarded status change; expansion is idempotent (one key per campaign and
 * registration), so a runner that dies half-way is followed by another that finishes the job.
 */
export const campaignExpansionHandler: JobHandler = {
  async run({ job, progress, nextChunk }) {
    const { campaignId } = JSON.parse(job.input ?? "{}") as { campaignId: string };
    const claimed = await db.campaign.updateMany({
      where: { id: campaignId, status: { in: ["SCHEDULED", "EXPANDING"] } },
      data: { status: "EXPANDING" },
    });
    // Paused, cancelled or expanded meanwhile: nothing to do.
    if (claimed.count !== 1) return { report: { expanded: 0 } };
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    const audience = JSON.parse(campaign.audience) as Audience;
    const template = CAMPAIGN_TEMPLATE[campaign.kind];
    let cursor: string | undefined;
    let expanded = 0;
    for (;;) {
      await nextChunk();
      const batch = await db.registration.findMany({
        where: audienceWhere(campaign.eventId, audience),
        select: { id: true, personId: true, email: true, phoneE164: true, fullName: true, language: true },
        orderBy: { id: "asc" },
        take: CHUNK,
        ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      });
      if (batch.length === 0) break;
      cursor = batch[batch.length - 1].id;
      const expanding = await db.$transaction(async (tx) => {
        // Paused or cancelled meanwhile: stop here; resuming expands again (keys skip those done).
        const still = await tx.campaign.updateMany({ where: { id: campaign.id, status: "EXPANDING" }, data: { updatedAt: new Date() } });
        if (still.count !== 1) return false;
        const messages = await messagesForRegistrants(
          tx,
          batch.map((r) => ({
            registration: r,
            message: {
              idempotencyKey: `${template}:${campaign.id}:${r.id}`,
              template,
              language: r.language,
              toName: r.fullName,
              payload: { registrationId: r.id, campaignId: campaign.id },
              personId: r.personId,
              eventId: campaign.eventId,
              campaignId: campaign.id,
            },
          })),
        );
        await enqueueMessages(tx, messages);
        expanded += batch.length;
        await progress({ processed: expanded }, tx);
        return true;
      });
      if (!expanding) break;
    }
    await db.campaign.updateMany({ where: { id: campaign.id, status: "EXPANDING" }, data: { status: "SENDING" } });
    return { processed: expanded, total: expanded };
  },
};

/** A sending campaign with nothing left to send is done. One statement on the driver: the worker asks after every batch. */
export async function completeCampaigns() {
  await sqlStatement(
    (sql) =>
      sql.run(
        `UPDATE "Campaign" SET "status" = 'DONE', "updatedAt" = ?
        WHERE "status" = 'SENDING' AND NOT EXISTS (
          SELECT 1 FROM "Message" WHERE "Message"."campaignId" = "Campaign"."id" AND "Message"."status" IN ('QUEUED', 'SENDING', 'PAUSED')
        )`,
        [sqlInstant(new Date())],
      ),
    SCHEDULE_WAIT_MS,
  );
}

function reminderTime(startsAt: Date, now = new Date()): Date {
  const at = new Date(startsAt.getTime() - env.REMINDER_HOURS_BEFORE * 3600 * 1000);
  return at < now ? now : at;
}

/**
 * Keeps an event's reminder in step with it: scheduled with the event, moved when the event
 * moves, cancelled (with any reminders not yet sent) when the event is postponed or cancelled.
 */
export async function syncReminder(tx: Db, event: { id: string; status: string; startsAt: Date }) {
  const reminder = await tx.campaign.findFirst({ where: { eventId: event.id, kind: "REMINDER" }, orderBy: { createdAt: "desc" } });
  const future = event.startsAt > new Date();
  if (event.status === "SCHEDULED" && future) {
    const sendAt = reminderTime(event.startsAt);
    if (!reminder) {
      await tx.campaign.create({
        data: {
          eventId: event.id,
          kind: "REMINDER",
          audience: JSON.stringify({ statuses: ["REGISTERED"], categories: [] } satisfies Audience),
          sendAt,
          status: "SCHEDULED",
        },
      });
    } else if (reminder.status === "SCHEDULED" || reminder.status === "CANCELLED" || reminder.sendAt.getTime() !== sendAt.getTime()) {
      // A moved event gets its reminder again at the new time (new campaign id, new idempotency keys).
      if (reminder.status === "SCHEDULED" || reminder.status === "CANCELLED") {
        await tx.campaign.update({ where: { id: reminder.id }, data: { sendAt, status: "SCHEDULED" } });
      } else {
        await tx.campaign.create({
          data: { eventId: event.id, kind: "REMINDER", audience: reminder.audience, sendAt, status: "SCHEDULED" },
        });
      }
    }
    return;
  }
  if (reminder && ["SCHEDULED", "EXPANDING", "SENDING", "PAUSED"].includes(reminder.status)) {
    await tx.campaign.update({ where: { id: reminder.id }, data: { status: "CANCELLED" } });
    await cancelUnsentCampaignEmails(tx, reminder.id);
  }
}
