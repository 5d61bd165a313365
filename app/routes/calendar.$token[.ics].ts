import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventToIcs, icsFile, icsResponse } from "~/modules/events/event-ics.server";
import { eventsBetween } from "~/modules/events/events.server";
import { userByCalendarToken } from "~/modules/users/users.server";

const DAY = 24 * 60 * 60 * 1000;

/**
 * A user's subscribable iCal feed: the events in their scope from 90 days ago to a year ahead.
 * The secret token in the URL is the credential; rotating it on the account page revokes it.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const user = await userByCalendarToken(params.token ?? "");
  if (!user) throw new Response("Not found", { status: 404 });
  const now = Date.now();
  const events = await eventsBetween(user, new Date(now - 90 * DAY), new Date(now + 365 * DAY));
  return icsResponse(icsFile(events.map(eventToIcs), { name: `KASIH Outreach · ${user.name}` }), "kasih-outreach.ics", false);
}
