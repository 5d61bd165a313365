import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { whatsAppConfigured } from "~/modules/whatsapp/whatsapp-channel.server";
import { applyWebhook, handshake, signatureIsValid, WEBHOOK_MAX_BYTES } from "~/modules/whatsapp/whatsapp-webhook.server";

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/** Meta's verification handshake when the webhook address is saved in the app's settings. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!whatsAppConfigured()) return text("Not Found", 404);
  const challenge = handshake(new URL(request.url).searchParams);
  return challenge ? text(challenge, 200) : text("Forbidden", 403);
}

/**
 * Delivery statuses and replies from the Cloud API. The raw body is read (up to a bound), its
 * signature checked with the app secret, and only then parsed: an unsigned post changes nothing
 * and reveals nothing. docs/decisions/018-whatsapp-channel.md.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (!whatsAppConfigured()) return text("Not Found", 404);
  if (request.method !== "POST") return text("Method Not Allowed", 405);
  const raw = await readBounded(request, WEBHOOK_MAX_BYTES);
  if (!raw) return text("Payload Too Large", 413);
  if (!signatureIsValid(raw, request.headers.get("x-hub-signature-256"))) return text("Unauthorized", 401);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return text("Bad Request", 400);
  }
  const result = await applyWebhook(body);
  return result ? text("OK", 200) : text("Bad Request", 400);
}

/** The body, or null once it passes `max` bytes (announced or sent), without holding more than that. */
async function readBounded(request: Request, max: number): Promise<Buffer | null> {
  if (Number(request.headers.get("content-length") ?? 0) > max) return null;
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
