import type { Prisma } from "@prisma/client";
import type { Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import type { NewMessage } from "~/modules/mail/outbox.server";
import { goesByWhatsApp } from "./whatsapp-templates";

/** The channel is on when an operator has configured the Cloud API (env.server.ts asks for all of it or none). */
export function whatsAppConfigured(): boolean {
  return Boolean(env.WHATSAPP_ACCESS_TOKEN && env.WHATSAPP_PHONE_NUMBER_ID);
}

/** A WhatsApp consent still standing: given on the form, not ended by a STOP reply or an erasure. */
export const LIVE_WHATSAPP_CONSENT = { kind: "WHATSAPP", withdrawnAt: null } as const;

/** Registrations a campaign or notice can reach: by email, or by WhatsApp when the channel is on and the person agreed. */
export function reachableWhere(): Prisma.RegistrationWhereInput {
  if (!whatsAppConfigured()) return { email: { not: null } };
  return { OR: [{ email: { not: null } }, { phoneE164: { not: null }, person: { consents: { some: LIVE_WHATSAPP_CONSENT } } }] };
}

type Registrant = { id: string; personId: string; email: string | null; phoneE164: string | null };
/** A message to a registrant before its channel is chosen. */
export type RegistrantMessage = Omit<NewMessage, "channel" | "toEmail" | "toPhone">;

/**
 * The outbox rows for messages to registrants: an email to whoever gave an email, and a WhatsApp
 * message to whoever gave a phone and agreed to WhatsApp, when the channel is configured, and
 * (unless WHATSAPP_ALSO_WITH_EMAIL) gave no email. One look-up of consents for the lot.
 */
export async function messagesForRegistrants(
  tx: Db,
  items: { registration: Registrant; message: RegistrantMessage }[],
): Promise<NewMessage[]> {
  const byWhatsApp = new Set<string>();
  if (whatsAppConfigured()) {
    const candidates = items.filter(
      ({ registration: r, message: m }) => r.phoneE164 && goesByWhatsApp(m.template) && (!r.email || env.WHATSAPP_ALSO_WITH_EMAIL),
    );
    if (candidates.length) {
      const agreed = await tx.consent.findMany({
        where: { personId: { in: [...new Set(candidates.map((c) => c.registration.personId))] }, ...LIVE_WHATSAPP_CONSENT },
        select: { personId: true },
      });
      for (const c of agreed) byWhatsApp.add(c.personId);
    }
  }
  return items.flatMap(({ registration: r, message }) => [
    ...(r.email ? [{ ...message, channel: "EMAIL" as const, toEmail: r.email }] : []),
    ...(r.phoneE164 && byWhatsApp.has(r.personId) && goesByWhatsApp(message.template) && (!r.email || env.WHATSAPP_ALSO_WITH_EMAIL)
      ? [{ ...message, idempotencyKey: `whatsapp:${message.idempotencyKey}`, channel: "WHATSAPP" as const, toPhone: r.phoneE164 }]
      : []),
  ]);
}
