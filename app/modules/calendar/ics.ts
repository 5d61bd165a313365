/**
 * iCalendar (RFC 5545) files for events: one per event (download, email attachment) or a feed.
 * Times are written in UTC so every calendar shows them right in its own zone; the Malaysian
 * zone is named for clients that display it.
 *
 * Calendars keep one copy per UID and replace it with whatever carries a higher SEQUENCE, or the
 * same SEQUENCE and a later DTSTAMP (RFC 5546 §2.1.5). So every copy of an event has the same UID;
 * SEQUENCE is the event's own counter, raised when its time, place or status changes; and DTSTAMP
 * is when the file or message was made.
 */
export type IcsEvent = {
  uid: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  location?: string | null;
  description?: string | null;
  url?: string | null;
  /** The app's event status (or CANCELLED for a cancelled registration, WAITLISTED for someone waiting) */
  status?: string;
  /** The event's calendar sequence: a small counter, raised by each significant change */
  sequence: number;
};

/** Someone named in the file: the organiser (the app's sender) or the person the message is for. */
export type IcsPerson = { name?: string | null; email: string };

/**
 * PUBLISH: a copy to keep (downloads, the feed, confirmations). REQUEST: an update to an entry
 * the person already has (a new time or place, a postponement). CANCEL: take it out.
 */
export type IcsMethod = "PUBLISH" | "REQUEST" | "CANCEL";

export type IcsOptions = {
  name?: string;
  method?: IcsMethod;
  /** When the file or message is made (DTSTAMP); now unless given */
  stamp?: Date;
  organizer?: IcsPerson;
  /** The recipient of an emailed REQUEST or CANCEL */
  attendee?: IcsPerson;
};

export function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

export function escapeIcsText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** A CN parameter: quoted, and without the characters a quoted parameter may not hold. */
function commonName(person: IcsPerson): string {
  const name = (person.name ?? "").replace(/["\r\n]/g, "").trim();
  return name ? `;CN="${name}"` : "";
}

/** Lines longer than 75 octets are folded with CRLF + space (RFC 5545 §3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let size = 0;
  for (const char of line) {
    const charSize = Buffer.byteLength(char, "utf8");
    if (size + charSize > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += char;
    size += charSize;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

// WAITLISTED is a participant's, not an event's: the session may still happen without them.
const STATUS: Record<string, string> = { CANCELLED: "CANCELLED", DRAFT: "TENTATIVE", POSTPONED: "TENTATIVE", WAITLISTED: "TENTATIVE" };

/** The STATUS an event's entry carries for an app status. */
export function icsStatus(status: string | undefined, method: IcsMethod = "PUBLISH"): string {
  return method === "CANCEL" ? "CANCELLED" : (STATUS[status ?? ""] ?? "CONFIRMED");
}

export function buildIcs(events: IcsEvent[], options: IcsOptions = {}): string {
  const method = options.method ?? "PUBLISH";
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//KASIH Outreach//KASIH Kanak-Kanak//MS",
    "CALSCALE:GREGORIAN",
    `METHOD:${method}`,
    "X-WR-TIMEZONE:Asia/Kuala_Lumpur",
  ];
  if (options.name) lines.push(`X-WR-CALNAME:${escapeIcsText(options.name)}`);
  const stamp = utcStamp(options.stamp ?? new Date());
  for (const event of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${event.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${utcStamp(event.startsAt)}`,
      `DTEND:${utcStamp(event.endsAt)}`,
      `SUMMARY:${escapeIcsText(event.title)}`,
      `SEQUENCE:${event.sequence}`,
      `STATUS:${icsStatus(event.status, method)}`,
    );
    if (options.organizer) lines.push(`ORGANIZER${commonName(options.organizer)}:mailto:${options.organizer.email}`);
    // The person has their place already: no reply is asked for (a reply would go to a no-reply address).
    if (options.attendee)
      lines.push(
        `ATTENDEE${commonName(options.attendee)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:${options.attendee.email}`,
      );
    if (event.location) lines.push(`LOCATION:${escapeIcsText(event.location)}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeIcsText(event.description)}`);
    if (event.url) lines.push(`URL:${event.url}`);
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
