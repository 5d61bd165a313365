import { formatMalaysiaRange } from "~/modules/calendar/malaysia-time";
import { translate } from "~/modules/i18n/i18n";

type Shared = { title: string; startsAt: Date | string; endsAt: Date | string; place: string };

/**
 * The message a coordinator or liaison teacher forwards to parents and teachers (WhatsApp first):
 * Bahasa Melayu, then English, each with the link, and the helpline. The same text whatever the
 * sender's own language, as the poster is.
 */
export function invitationText(event: Shared, url: string): string {
  const part = (language: "ms" | "en") =>
    translate(language, "share.message", {
      title: event.title,
      when: formatMalaysiaRange(event.startsAt, event.endsAt, language),
      place: event.place,
      url,
    });
  return `${part("ms")}\n\n${part("en")}\n\nTalian Kasih 15999 · WhatsApp 019-2615999`;
}

/**
 * What "Save to WhatsApp" on a participant's own page puts in WhatsApp, in the page's language: the
 * session, where they stand (a place, the waiting list, cancelled) and their personal link, to send
 * to themselves or to someone in the family. No account or provider is involved.
 */
export function personalLinkText(
  event: Shared,
  registration: { status: string; position: number | null; checkInCode: string },
  url: string,
  language: "ms" | "en",
): string {
  const params = {
    title: event.title,
    when: formatMalaysiaRange(event.startsAt, event.endsAt, language),
    place: event.place,
    url,
    code: registration.checkInCode,
    position: registration.position ?? 0,
  };
  const key =
    registration.status === "WAITLISTED"
      ? "register.whatsappText.waitlisted"
      : registration.status === "CANCELLED"
        ? "register.whatsappText.cancelled"
        : "register.whatsappText.registered";
  return `${translate(language, key, params)}

Talian Kasih 15999 · WhatsApp 019-2615999`;
}

/** A wa.me link that opens WhatsApp (app or web) with the message ready to send to anyone. */
export function whatsAppShareUrl(text: string): string {
  return `https://wa.me/?text=${encodeURIComponent(text)}`;
}
