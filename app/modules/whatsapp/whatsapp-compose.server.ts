import type { EventChange } from "../../../emails/templates/event-changed";
import { formatMalaysiaRange } from "~/modules/calendar/malaysia-time";
import { participantUrl } from "~/modules/events/event-ics.server";
import { isLanguage, translate, type Language } from "~/modules/i18n/translate";
import { campaignMaterialIds, emailEvent, followUpMaterials, loadRegistration, type LoadedEvent } from "~/modules/mail/compose.server";
import { NON_ESSENTIAL, type TemplateName } from "~/modules/mail/template-names";
import { waitlistPosition } from "~/modules/registrations/seats.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { LIVE_WHATSAPP_CONSENT } from "./whatsapp-channel.server";
import {
  parameterText,
  whatsAppBody,
  WHATSAPP_FOR,
  WHATSAPP_TEMPLATES,
  type WhatsAppParam,
  type WhatsAppTemplate,
} from "./whatsapp-templates";

export type ComposedWhatsApp = {
  template: WhatsAppTemplate;
  language: Language;
  /** The body parameters, in the template's order */
  parameters: string[];
  /** The message as the person reads it (kept on the outbox row, for the Outbox page) */
  body: string;
};

/**
 * The WhatsApp message an outbox row stands for, from the current data, under the rules its email
 * follows (composeEmail), and two of its own: the registration still has the phone the message was
 * queued for, and the person has not withdrawn their WhatsApp consent (a STOP reply). Null: it
 * should no longer go out.
 */
export async function composeWhatsApp(message: {
  template: string;
  language: string;
  payload: string;
  toPhone: string | null;
}): Promise<ComposedWhatsApp | null> {
  const language: Language = isLanguage(message.language) ? message.language : "ms";
  const payload = JSON.parse(message.payload) as Record<string, string>;
  const kind = message.template as TemplateName;
  const mapped = WHATSAPP_FOR[kind];
  if (!mapped || !payload.registrationId || payload.test === "1") return null;
  const registration = await loadRegistration(payload.registrationId);
  if (!registration || registration.person.erasedAt || !message.toPhone || registration.phoneE164 !== message.toPhone) return null;
  if (NON_ESSENTIAL.includes(kind) && registration.person.unsubscribedAt) return null;
  const consent = await db.consent.findFirst({
    where: { personId: registration.personId, ...LIVE_WHATSAPP_CONSENT },
    select: { id: true },
  });
  if (!consent) return null;

  const loaded = registration.event as LoadedEvent;
  const event = emailEvent(loaded);
  const values: Record<WhatsAppParam, string> = {
    name: registration.fullName,
    event: event.title,
    when: formatMalaysiaRange(loaded.startsAt, loaded.endsAt, language),
    place: [event.place, event.address].filter(Boolean).join(", "),
    position: "",
    link: participantUrl(registration.manageToken),
    materials: "",
  };
  const template = typeof mapped === "string" ? mapped : mapped[(payload.change ?? "CHANGED") as EventChange];
  switch (kind) {
    case "registration-confirmation":
    case "promoted":
      if (registration.status !== "REGISTERED") return null;
      break;
    case "waitlisted": {
      const position = await waitlistPosition(db, registration);
      if (registration.status !== "WAITLISTED" || !position) return null;
      values.position = String(position);
      break;
    }
    case "event-reminder":
      if (registration.status !== "REGISTERED" || registration.event.status !== "SCHEDULED") return null;
      break;
    case "registration-cancelled":
      if (registration.status !== "CANCELLED") return null;
      break;
    case "follow-up": {
      const materials = await followUpMaterials(
        payload.materialIds?.split(",") ?? (await campaignMaterialIds(payload.campaignId)),
        language,
      );
      values.materials = materials.length
        ? materials.map((m) => `${m.title}: ${m.url}`).join(" · ")
        : translate(language, "whatsapp.noMaterials");
      values.link = `${env.APP_URL}/feedback/${registration.event.publicCode}?r=${registration.manageToken}`;
      break;
    }
  }
  const flat = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, parameterText(v)])) as Record<WhatsAppParam, string>;
  return {
    template,
    language,
    parameters: WHATSAPP_TEMPLATES[template].params.map((param) => flat[param]),
    body: whatsAppBody(template, language, flat),
  };
}
