import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { eventScope, requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { composeWhatsApp } from "~/modules/whatsapp/whatsapp-compose.server";
import { env } from "~/utils/env.server";
import { db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { pageArgs, toPage } from "~/utils/pagination";
import { CALENDAR_FILE_NAME, composeEmail } from "./compose.server";
import { renderEmail } from "./render.server";
import { MESSAGE_STATUSES, TEMPLATE_NAMES } from "./template-names";

export const OutboxFilterSchema = z.object({
  status: z.enum(MESSAGE_STATUSES).optional().catch(undefined),
  template: z.enum(TEMPLATE_NAMES).optional().catch(undefined),
  event: z.string().max(40).optional().catch(undefined),
  campaign: z.string().max(40).optional().catch(undefined),
});
export type OutboxFilters = z.infer<typeof OutboxFilterSchema>;

/** Messages about events in the user's scope (administrators see every message). */
export function outboxWhere(user: ScopedUser, filters: OutboxFilters): Prisma.MessageWhereInput {
  const and: Prisma.MessageWhereInput[] = [user.role === "ADMIN" ? {} : { event: eventScope(user) }];
  if (filters.status) and.push({ status: filters.status });
  if (filters.template) and.push({ template: filters.template });
  if (filters.event) and.push({ eventId: filters.event });
  if (filters.campaign) and.push({ campaignId: filters.campaign });
  return { AND: and };
}

export async function listOutbox(user: ScopedUser, filters: OutboxFilters, page: number) {
  requirePermission(user, "read:outbox");
  const where = outboxWhere(user, filters);
  const [items, total, byStatus] = await Promise.all([
    db.message.findMany({
      where,
      select: {
        id: true,
        template: true,
        language: true,
        channel: true,
        toEmail: true,
        toPhone: true,
        toName: true,
        deliveredAt: true,
        status: true,
        attempts: true,
        subject: true,
        lastError: true,
        nextAttemptAt: true,
        sentAt: true,
        createdAt: true,
        event: { select: { id: true, title: true } },
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageArgs(page),
    }),
    db.message.count({ where }),
    db.message.groupBy({ by: ["status"], where: outboxWhere(user, { ...filters, status: undefined }), _count: { _all: true } }),
  ]);
  return {
    ...toPage(items, total, page),
    byStatus: Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])) as Record<string, number>,
  };
}

/** One message with its email rendered as it would be sent now. */
export async function messageDetail(user: ScopedUser, id: string) {
  requirePermission(user, "read:outbox");
  const message = await db.message.findFirst({
    where: { AND: [{ id }, outboxWhere(user, {})] },
    include: { event: { select: { id: true, title: true } } },
  });
  invariantResponse(message, "Message not found");
  if (message.channel === "WHATSAPP") {
    // The message as it would go now, or else as it went (the outbox keeps the text sent).
    const composed = await composeWhatsApp(message);
    return {
      message,
      subject: null,
      html: null,
      text: null,
      whatsApp: {
        template: composed ? `${env.WHATSAPP_TEMPLATE_PREFIX}${composed.template}` : null,
        body: composed?.body ?? message.subject,
      },
      attachments: [],
    };
  }
  const composed = await composeEmail(message);
  const rendered = composed ? await renderEmail(composed) : null;
  return {
    message,
    subject: composed?.subject ?? message.subject,
    html: rendered?.html ?? null,
    text: rendered?.text ?? null,
    whatsApp: null,
    attachments: [
      ...(composed?.calendar ? [`${CALENDAR_FILE_NAME} (${composed.calendar.method})`] : []),
      ...(composed?.attachments.map((a) => a.filename) ?? []),
    ],
  };
}

/** Sends a failed message again from scratch (same Message-ID, fresh attempts). */
export async function retryMessage(user: ScopedUser, id: string): Promise<boolean> {
  requirePermission(user, "send:email");
  const message = await db.message.findFirst({ where: { AND: [{ id }, outboxWhere(user, {})] }, select: { id: true } });
  invariantResponse(message, "Message not found");
  return db.$transaction(async (tx) => {
    const updated = await tx.message.updateMany({
      where: { id, status: "FAILED" },
      data: { status: "QUEUED", attempts: 0, nextAttemptAt: new Date(), lastError: null },
    });
    if (updated.count)
      await recordAudit(tx, {
        actorId: user.id,
        action: "UPDATE",
        entityType: "Message",
        entityId: id,
        before: { status: "FAILED" },
        after: { status: "QUEUED" },
      });
    return updated.count === 1;
  });
}
