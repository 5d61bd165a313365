import crypto from "node:crypto";
import { z } from "zod";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { storable } from "~/utils/text";
import { LIVE_WHATSAPP_CONSENT } from "./whatsapp-channel.server";

/** Meta's webhook posts are small (a few statuses or messages); anything far larger is not theirs. */
export const WEBHOOK_MAX_BYTES = 256 * 1024;

/**
 * Whether the body was signed with the app secret: X-Hub-Signature-256 is "sha256=" and the
 * hex HMAC-SHA256 of the raw bytes, compared in constant time. Nothing of the body is read before.
 */
export function signatureIsValid(raw: Buffer, header: string | null, secret = env.WHATSAPP_APP_SECRET): boolean {
  if (!secret || !header) return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return false;
  const expected = crypto.createHmac("sha256", secret).update(raw).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(match[1], "hex"));
}

/** The verification handshake Meta makes when the webhook address is saved: the challenge, echoed. */
export function handshake(params: URLSearchParams): string | null {
  const token = env.WHATSAPP_VERIFY_TOKEN;
  const given = params.get("hub.verify_token") ?? "";
  if (!token || params.get("hub.mode") !== "subscribe" || given.length !== token.length) return null;
  if (!crypto.timingSafeEqual(Buffer.from(given), Buffer.from(token))) return null;
  const challenge = params.get("hub.challenge") ?? "";
  return /^[\w-]{1,200}$/.test(challenge) ? challenge : null;
}

// Ids and references are printable ASCII (a wamid is base64, our reference a Message-ID): anything
// else is not about a message of ours, and must not reach a query.
const printable = (max: number) => z.string().regex(new RegExp(`^[\\x21-\\x7e]{1,${max}}$`));
const Status = z.object({
  id: printable(200),
  status: z.string().max(40),
  timestamp: z.string().regex(/^\d{1,12}$/),
  biz_opaque_callback_data: printable(512).optional(),
  errors: z
    .array(z.object({ code: z.number().int().optional(), title: z.string().max(500).optional(), message: z.string().max(500).optional() }))
    .max(10)
    .optional(),
});
const Inbound = z.object({
  from: z.string().regex(/^\d{6,20}$/),
  type: z.string().max(40),
  text: z.object({ body: z.string().max(4096) }).optional(),
});
/** What the app reads of a webhook post; anything else in it is left alone. */
const WebhookBody = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z
    .array(
      z.object({
        changes: z
          .array(
            z.object({
              value: z.object({
                statuses: z.array(z.unknown()).max(1000).optional(),
                messages: z.array(z.unknown()).max(1000).optional(),
              }),
            }),
          )
          .max(100),
      }),
    )
    .max(100),
});

/** Replies that end WhatsApp messages, as the templates' footer says (case and punctuation aside). */
const OPT_OUT_WORDS = new Set(["STOP", "BERHENTI", "UNSUBSCRIBE"]);

export type WebhookResult = { statuses: number; optOuts: number; ignored: number };

/**
 * Applies a signed webhook post: delivery statuses to the messages they are about (by the Cloud
 * API's message id, or for a resend after a crash by our reference), and STOP/BERHENTI replies as
 * withdrawals of WhatsApp consent. Entries that do not make sense are skipped, never an error:
 * Meta retries a post that fails, and a bad entry would fail every time.
 */
export async function applyWebhook(body: unknown): Promise<WebhookResult | null> {
  const parsed = WebhookBody.safeParse(body);
  if (!parsed.success) return null;
  const result: WebhookResult = { statuses: 0, optOuts: 0, ignored: 0 };
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      for (const raw of change.value.statuses ?? []) {
        const status = Status.safeParse(raw);
        if (status.success && (await applyStatus(status.data))) result.statuses++;
        else result.ignored++;
      }
      for (const raw of change.value.messages ?? []) {
        const message = Inbound.safeParse(raw);
        const word = message.success
          ? (message.data.text?.body ?? "")
              .trim()
              .replace(/[.!\s]+$/, "")
              .toUpperCase()
          : "";
        if (message.success && message.data.type === "text" && OPT_OUT_WORDS.has(word)) {
          await optOutOfWhatsApp(`+${message.data.from}`);
          result.optOuts++;
        } else result.ignored++;
      }
    }
  }
  return result;
}

async function applyStatus(status: z.infer<typeof Status>): Promise<boolean> {
  const message = await db.message.findFirst({
    where: {
      channel: "WHATSAPP",
      OR: [
        { providerMessageId: status.id },
        ...(status.biz_opaque_callback_data ? [{ messageIdHeader: status.biz_opaque_callback_data }] : []),
      ],
    },
    select: { id: true, deliveredAt: true, readAt: true },
  });
  if (!message) return false;
  const at = new Date(Number(status.timestamp) * 1000);
  switch (status.status) {
    case "sent":
      // Recorded when the Cloud API took it; a status for a resend changes nothing.
      return true;
    case "delivered":
      if (!message.deliveredAt) await db.message.update({ where: { id: message.id }, data: { deliveredAt: at } });
      return true;
    case "read":
      // Read implies delivered, whichever status arrives first.
      await db.message.update({
        where: { id: message.id },
        data: { readAt: message.readAt ?? at, deliveredAt: message.deliveredAt ?? at },
      });
      return true;
    case "failed": {
      const error = status.errors?.[0];
      const reason = storable(`WHATSAPP code ${error?.code ?? "?"}: ${error?.title ?? error?.message ?? "failed"}`);
      await db.message.update({
        where: { id: message.id },
        data: { status: "FAILED", lastError: reason.replace(/\+?\d[\d\s-]{7,}\d/g, "[number]").slice(0, 500) },
      });
      return true;
    }
    default:
      return false;
  }
}

/**
 * A STOP (or BERHENTI) reply: every WhatsApp consent of the people with that number, on file or on
 * a registration, is withdrawn, and WhatsApp messages to it not yet sent are cancelled. Registering
 * again with the question ticked gives a new consent.
 */
export async function optOutOfWhatsApp(phoneE164: string, now = new Date()) {
  await db.$transaction(async (tx) => {
    await tx.consent.updateMany({
      where: { ...LIVE_WHATSAPP_CONSENT, person: { OR: [{ phoneE164 }, { registrations: { some: { phoneE164 } } }] } },
      data: { withdrawnAt: now },
    });
    await tx.message.updateMany({
      where: { channel: "WHATSAPP", toPhone: phoneE164, status: { in: ["QUEUED", "PAUSED"] } },
      data: { status: "CANCELLED", lastError: "the recipient replied STOP" },
    });
  });
}
