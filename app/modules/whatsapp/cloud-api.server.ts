import { z } from "zod";
import { env } from "~/utils/env.server";
import { whatsAppConfigured } from "./whatsapp-channel.server";
import type { WhatsAppTemplate } from "./whatsapp-templates";

/** One template message for the Cloud API. */
export type WhatsAppSend = {
  /** E.164, as stored */
  toPhone: string;
  template: WhatsAppTemplate;
  language: "ms" | "en";
  parameters: string[];
  /** Our message's own reference (its Message-ID), handed back with every status of it, a resend's too */
  reference: string;
};

export type WhatsAppSender = { send(message: WhatsAppSend): Promise<{ providerMessageId: string }> };

/**
 * The Cloud API's error codes a later attempt can get past: throttling (130429, 131056, 80007, 4),
 * its own trouble (1, 2, 131000, 131016) and an expired or replaced access token (190), which the
 * operator fixes while the messages wait. Every other refusal (an undeliverable number 131026, a
 * template not approved or not in the language 132001, paused 132015, disabled 132016, parameters
 * that do not fit 132000/132012, …) is final: trying again would fail the same way.
 */
const TRANSIENT_CODES = new Set([1, 2, 4, 190, 80007, 130429, 131000, 131016, 131056]);

export class CloudApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number | null,
    detail: string,
  ) {
    super(detail);
    this.name = "CloudApiError";
  }

  get permanent(): boolean {
    if (this.httpStatus === 429 || this.httpStatus >= 500 || this.httpStatus === 401) return false;
    return this.code === null ? this.httpStatus >= 400 : !TRANSIENT_CODES.has(this.code);
  }
}

const ErrorBody = z.object({
  error: z.object({
    code: z.number().int().optional(),
    message: z.string().max(2000).optional(),
    error_data: z.object({ details: z.string().max(2000).optional() }).optional(),
  }),
});
const SentBody = z.object({ messages: z.array(z.object({ id: z.string().min(1).max(200) })).min(1) });

/** Waits this long for the Cloud API before the attempt counts as failed (and is tried again). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Sends template messages through the WhatsApp Business Cloud API with fetch: one POST per message
 * to {WHATSAPP_API_URL}/{version}/{phone number id}/messages with the access token as bearer.
 * See docs/decisions/018-whatsapp-channel.md.
 */
export function createCloudApiSender(): WhatsAppSender {
  const url = `${env.WHATSAPP_API_URL.replace(/\/$/, "")}/${env.WHATSAPP_API_VERSION}/${env.WHATSAPP_PHONE_NUMBER_ID}/messages`;
  return {
    async send(message) {
      // Queued while the channel was on, and it has been turned off since: nothing can send it.
      if (!whatsAppConfigured())
        throw new Error("the WhatsApp channel is not configured (WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID)");
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { Authorization: `Bearer ${env.WHATSAPP_ACCESS_TOKEN}`, "Content-Type": "application/json" },
          body: JSON.stringify({
            messaging_product: "whatsapp",
            recipient_type: "individual",
            to: message.toPhone.replace(/^\+/, ""),
            type: "template",
            biz_opaque_callback_data: message.reference,
            template: {
              name: `${env.WHATSAPP_TEMPLATE_PREFIX}${message.template}`,
              language: { code: message.language },
              components: message.parameters.length
                ? [{ type: "body", parameters: message.parameters.map((text) => ({ type: "text", text })) }]
                : [],
            },
          }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        // No answer (a network failure, a timeout): the message may or may not have gone; try again.
        throw new CloudApiError(0, null, `no answer from the Cloud API: ${(error as Error).message}`);
      }
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) {
        const sent = SentBody.safeParse(body);
        if (sent.success) return { providerMessageId: sent.data.messages[0].id };
        throw new CloudApiError(response.status, null, "the Cloud API accepted the message without giving its id");
      }
      const failure = ErrorBody.safeParse(body);
      const e = failure.success ? failure.data.error : null;
      throw new CloudApiError(
        response.status,
        e?.code ?? null,
        [e?.message, e?.error_data?.details].filter(Boolean).join(": ") || `HTTP ${response.status}`,
      );
    },
  };
}

/** An error as stored on the message and shown on the Outbox page: the code, and no phone numbers. */
export function describeWhatsAppFailure(error: unknown): string {
  const text =
    error instanceof CloudApiError
      ? `WHATSAPP${error.httpStatus ? ` HTTP ${error.httpStatus}` : ""}${error.code !== null ? ` code ${error.code}` : ""}: ${error.message}`
      : `WHATSAPP: ${(error as Error)?.message ?? String(error)}`;
  return text.replace(/\+?\d[\d\s-]{7,}\d/g, "[number]").slice(0, 500);
}
