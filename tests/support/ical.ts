import ICAL from "ical.js";

export type ReadEvent = {
  uid: string;
  summary: string;
  dtstamp: Date;
  sequence: number;
  status: string;
  start: Date;
  end: Date;
  /** Both times written in UTC (a trailing Z), as the app promises */
  utc: boolean;
  url: string | null;
  location: string | null;
  organizer: string | null;
  attendee: string | null;
};

export type ReadCalendar = { method: string | null; name: string | null; events: ReadEvent[] };

/**
 * An .ics file as a calendar program reads it: parsed by ical.js (Mozilla's iCalendar library,
 * not the app's writer), which rejects what is not valid iCalendar.
 */
export function readIcs(text: string): ReadCalendar {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const value = (component: ICAL.Component, name: string) => {
    const v = component.getFirstPropertyValue(name);
    return v === null || v === undefined ? null : String(v);
  };
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const dtstamp = vevent.getFirstPropertyValue("dtstamp") as ICAL.Time;
    return {
      uid: event.uid,
      summary: event.summary,
      dtstamp: dtstamp.toJSDate(),
      sequence: event.sequence,
      status: value(vevent, "status") ?? "",
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
      utc: event.startDate.zone?.tzid === "UTC" && event.endDate.zone?.tzid === "UTC",
      url: value(vevent, "url"),
      location: event.location,
      organizer: value(vevent, "organizer"),
      attendee: value(vevent, "attendee"),
    };
  });
  return { method: value(calendar, "method"), name: value(calendar, "x-wr-calname"), events };
}
