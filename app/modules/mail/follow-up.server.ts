import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { parseMalaysiaDateTime } from "~/modules/calendar/malaysia-time";
import { getEvent } from "~/modules/events/events.server";
import { REGISTRATION_CATEGORIES } from "~/modules/events/event-rules";
import { db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { checkboxList } from "~/utils/zod";
import type { Audience } from "./campaigns.server";
import { composeEmail } from "./compose.server";
import { cancelUnsentCampaignEmails, enqueueMessage } from "./outbox.server";
import { renderEmail } from "./render.server";

/** Who a follow-up can go to: people who came, who were expected, who did not come. */
export const FOLLOW_UP_STATUSES = ["ATTENDED", "REGISTERED", "NO_SHOW"] as const;

export const FollowUpSchema = z.object({
  statuses: checkboxList(z.array(z.enum(FOLLOW_UP_STATUSES)).min(1, "errors.chooseAtLeastOne")),
  categories: checkboxList(z.array(z.enum(REGISTRATION_CATEGORIES))),
  materialIds: checkboxList(z.array(z.string().max(40)).max(20)),
  sendAt: z.preprocess(
    (v) => (typeof v === "string" && v.trim() ? (parseMalaysiaDateTime(v) ?? "invalid") : undefined),
    z.date({ error: (issue) => (issue.input === undefined ? "errors.required" : "errors.dateTime") }),
  ),
  recipientId: z.string().max(40).optional(),
});
export type FollowUpInput = z.infer<typeof FollowUpSchema>;

async function eventForMail(user: ScopedUser, eventId: string) {
  requirePermission(user, "send:email");
  return getEvent(user, eventId);
}

/** Everything the follow-up page shows: the event's campaigns with progress, materials, and who would receive it. */
export async function followUpOverview(user: ScopedUser, eventId: string) {
  const event = await eventForMail(user, eventId);
  const [campaigns, materials, recipients] = await Promise.all([
    db.campaign.findMany({
      where: { eventId },
      orderBy: { createdAt: "desc" },
      select: { id: true, kind: true, status: true, sendAt: true, audience: true, materialIds: true, createdAt: true },
    }),
    db.material.findMany({
      where: { active: true, kind: { in: ["PDF", "VIDEO", "LINK"] } },
      select: { id: true, code: true, titleMs: true, titleEn: true, kind: true },
      orderBy: { code: "asc" },
    }),
    // People a follow-up can reach (never someone cancelled or still waiting): those who came first,
    // so the preview opens on someone the email is written for.
    db.registration.findMany({
      where: { eventId, status: { in: [...FOLLOW_UP_STATUSES] }, email: { not: null }, person: { erasedAt: null } },
      select: { id: true, status: true, fullName: true, language: true },
      orderBy: [{ status: "asc" }, { fullName: "asc" }],
      take: 300,
    }),
  ]);
  const progress = await Promise.all(
    campaigns.map(async (c) => {
      const rows = await db.message.groupBy({ by: ["status"], where: { campaignId: c.id }, _count: { _all: true } });
      return [c.id, Object.fromEntries(rows.map((r) => [r.status, r._count._all]))] as const;
    }),
  );
  return { event, campaigns, progress: Object.fromEntries(progress) as Record<string, Record<string, number>>, materials, recipients };
}

/** The follow-up as one chosen recipient would get it, in both languages. */
export async function previewFollowUp(user: ScopedUser, eventId: string, registrationId: string, materialIds: string[]) {
  await eventForMail(user, eventId);
  const registration = await db.registration.findFirst({
    where: { id: registrationId, eventId, status: { in: [...FOLLOW_UP_STATUSES] } },
    select: { id: true },
  });
  invariantResponse(registration, "Recipient not found");
  const previews = await Promise.all(
    (["ms", "en"] as const).map(async (language) => {
      const composed = await composeEmail({
        template: "follow-up",
        language,
        toName: null,
        personId: null,
        payload: JSON.stringify({ registrationId, materialIds: materialIds.join(",") }),
      });
      if (!composed) return { language, subject: "", html: "" };
      return { language, subject: composed.subject, html: (await renderEmail(composed)).html };
    }),
  );
  return previews;
}

/** Sends the follow-up, as a chosen recipient would get it, to the coordinator's own address. */
export async function sendTestFollowUp(
  user: ScopedUser & { email: string; name: string; language: string },
  eventId: string,
  registrationId: string,
  materialIds: string[],
) {
  await eventForMail(user, eventId);
  const registration = await db.registration.findFirst({
    where: { id: registrationId, eventId, status: { in: [...FOLLOW_UP_STATUSES] } },
    select: { id: true, personId: true },
  });
  invariantResponse(registration, "Recipient not found");
  // A second tap on "send a test" within half a minute, for the same recipient and materials, is
  // the same test: one email. Asking again later sends another.
  const window = Math.floor(Date.now() / 30_000);
  const what = [registrationId, ...[...materialIds].sort()].join(",");
  await db.$transaction((tx) =>
    enqueueMessage(tx, {
      idempotencyKey: `test:follow-up:${user.id}:${eventId}:${what}:${window}`,
      template: "follow-up",
      language: user.language,
      toEmail: user.email,
      toName: user.name,
      // A test shows the participant's email without their personal links (unsubscribe, feedback).
      payload: { registrationId, materialIds: materialIds.join(","), test: "1" },
      // It shows the participant's name: an erasure of them must find (and delete) this copy too.
      personId: registration.personId,
      eventId,
    }),
  );
}

export type ScheduleFollowUpResult = { ok: true; campaignId: string } | { ok: false; error: "errors.followUp.notStarted" };

/** A follow-up thanks people for coming: it can be scheduled only once the session has started. */
export async function scheduleFollowUp(
  user: ScopedUser,
  eventId: string,
  input: FollowUpInput,
  now = new Date(),
): Promise<ScheduleFollowUpResult> {
  const event = await eventForMail(user, eventId);
  if (event.startsAt > now) return { ok: false, error: "errors.followUp.notStarted" };
  const campaignId = await db.$transaction(async (tx) => {
    const campaign = await tx.campaign.create({
      data: {
        eventId,
        kind: "FOLLOW_UP",
        audience: JSON.stringify({ statuses: input.statuses, categories: input.categories } satisfies Audience),
        materialIds: input.materialIds.join(","),
        sendAt: input.sendAt,
        status: "SCHEDULED",
        createdById: user.id,
      },
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: "CREATE",
      entityType: "Campaign",
      entityId: campaign.id,
      after: { eventId, kind: "FOLLOW_UP", sendAt: input.sendAt, audience: input.statuses },
    });
    return campaign.id;
  });
  return { ok: true, campaignId };
}

/** Pause holds every message not yet sent; resume lets them go; cancel drops them. */
export async function setCampaignState(user: ScopedUser, eventId: string, campaignId: string, action: "pause" | "resume" | "cancel") {
  await eventForMail(user, eventId);
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, eventId }, select: { id: true, status: true } });
  invariantResponse(campaign, "Campaign not found");
  await db.$transaction(async (tx) => {
    if (action === "pause" && ["SCHEDULED", "EXPANDING", "SENDING"].includes(campaign.status)) {
      await tx.campaign.update({ where: { id: campaignId }, data: { status: "PAUSED" } });
      await tx.message.updateMany({ where: { campaignId, status: "QUEUED" }, data: { status: "PAUSED" } });
    } else if (action === "resume" && campaign.status === "PAUSED") {
      // Scheduled again, the worker finishes the audience (a pause may have cut it short) and sends.
      await tx.campaign.update({ where: { id: campaignId }, data: { status: "SCHEDULED" } });
      await tx.message.updateMany({ where: { campaignId, status: "PAUSED" }, data: { status: "QUEUED" } });
    } else if (action === "cancel" && !["DONE", "CANCELLED"].includes(campaign.status)) {
      await tx.campaign.update({ where: { id: campaignId }, data: { status: "CANCELLED" } });
      await cancelUnsentCampaignEmails(tx, campaignId);
    } else {
      return;
    }
    await recordAudit(tx, {
      actorId: user.id,
      action: "UPDATE",
      entityType: "Campaign",
      entityId: campaignId,
      before: { status: campaign.status },
      after: { action },
    });
  });
}
