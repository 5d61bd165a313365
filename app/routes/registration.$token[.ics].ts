import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildIcs, eventToIcs, icsResponse } from "~/modules/events/event-ics.server";
import { registrationByToken } from "~/modules/registrations/manage.server";
import { invariantResponse } from "~/utils/invariant";

/** The participant's own calendar entry for the session. */
export async function loader({ params }: LoaderFunctionArgs) {
  const registration = await registrationByToken(params.token ?? "");
  invariantResponse(registration, "Registration not found");
  return icsResponse(buildIcs([eventToIcs(registration.event)]), "kasih-kanak-kanak.ics", true);
}
