import { buildIcs, type IcsEvent } from "~/modules/calendar/ics";
import { PRIVATE_NO_STORE } from "~/utils/cache-control";
import { contentDisposition } from "~/utils/content-disposition";
import { env } from "~/utils/env.server";

type EventForIcs = {
  id: string;
  title: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  updatedAt: Date;
  venue: string | null;
  school: { name: string; address?: string | null; town?: string | null } | null;
  state: { name: string };
};

export function eventToIcs(event: EventForIcs): IcsEvent {
  const location = [event.venue, event.school?.name, event.school?.address, event.school?.town, event.state.name]
    .filter(Boolean)
    .join(", ");
  return {
    uid: `event-${event.id}@kasih-outreach`,
    title: event.title,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    location,
    status: event.status,
    description: "Talian Kasih 15999 · WhatsApp 019-2615999",
    url: `${env.APP_URL}/events/${event.id}`,
    sequence: Math.floor(event.updatedAt.getTime() / 1000) % 2_000_000_000,
    updatedAt: event.updatedAt,
  };
}

export function icsResponse(body: string, fileName: string, download: boolean): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": contentDisposition(download ? "attachment" : "inline", fileName),
      // A participant's entry or a staff member's feed: opened by a secret link, kept by nobody else.
      "Cache-Control": PRIVATE_NO_STORE,
    },
  });
}

export { buildIcs };
