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

/** A wa.me link that opens WhatsApp (app or web) with the message ready to send to anyone. */
export function whatsAppShareUrl(text: string): string {
  return `https://wa.me/?text=${encodeURIComponent(text)}`;
}
