import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { eventToIcs, icsFile, icsResponse } from "~/modules/events/event-ics.server";
import { getEvent } from "~/modules/events/events.server";

/** One event as an .ics file for the coordinator's own calendar. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const event = await getEvent(user, params.eventId!);
  return icsResponse(icsFile([eventToIcs(event)]), `kasih-${event.publicCode}.ics`, true);
}
