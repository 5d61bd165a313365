import { buildIcs, type IcsEvent, type IcsMethod, type IcsPerson } from "~/modules/calendar/ics";
import { PRIVATE_NO_STORE } from "~/utils/cache-control";
import { contentDisposition } from "~/utils/content-disposition";
import { env } from "~/utils/env.server";

type EventForIcs = {
  id: string;
  title: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  calendarSequence: number;
  venue: string | null;
  school: { name: string; address?: string | null; town?: string | null } | null;
  state: { name: string };
};

/** The same UID in every copy of an event: the staff download, the feed, each participant's files and emails. */
export function eventUid(eventId: string): string {
  return `event-${eventId}@kasih-outreach`;
}

/** The event as staff see it: it links the event's page in the app. */
export function eventToIcs(event: EventForIcs): IcsEvent {
  const location = [event.venue, event.school?.name, event.school?.address, event.school?.town, event.state.name]
    .filter(Boolean)
    .join(", ");
  return {
    uid: eventUid(event.id),
    title: event.title,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    location,
    status: event.status,
    description: "Talian Kasih 15999 · WhatsApp 019-2615999",
    url: `${env.APP_URL}/events/${event.id}`,
    sequence: event.calendarSequence,
  };
}

/**
 * The event as a participant has it: it links their own page (staff pages would send them to
 * sign in); a cancelled registration is a cancelled entry, and a place on the waiting list a
 * tentative one.
 */
export function participantEventToIcs(event: EventForIcs, registration: { manageToken: string; status: string }): IcsEvent {
  return {
    ...eventToIcs(event),
    url: participantUrl(registration.manageToken),
    status:
      registration.status === "CANCELLED" || event.status === "CANCELLED"
        ? "CANCELLED"
        : registration.status === "WAITLISTED" && event.status === "SCHEDULED"
          ? "WAITLISTED"
          : event.status,
  };
}

export function participantUrl(manageToken: string): string {
  return `${env.APP_URL}/registration/${manageToken}`;
}

/** Every calendar entry is organised by the address the app's email comes from (MAIL_FROM). */
export function calendarOrganizer(): IcsPerson {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(env.MAIL_FROM);
  return match ? { name: match[1] || null, email: match[2] } : { email: env.MAIL_FROM.trim() };
}

/** A file of events to download or subscribe to. */
export function icsFile(events: IcsEvent[], options: { name?: string } = {}): string {
  return buildIcs(events, { ...options, method: "PUBLISH", organizer: calendarOrganizer() });
}

/** The calendar part of an email to one participant: a copy to keep, an update, or a cancellation. */
export function icsMessage(event: IcsEvent, method: IcsMethod, attendee: IcsPerson | null): string {
  return buildIcs([event], {
    method,
    organizer: calendarOrganizer(),
    attendee: method === "PUBLISH" ? undefined : (attendee ?? undefined),
  });
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
