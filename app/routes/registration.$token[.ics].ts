import type { LoaderFunctionArgs } from "@remix-run/node";
import { icsFile, icsResponse, participantEventToIcs } from "~/modules/events/event-ics.server";
import { registrationByToken } from "~/modules/registrations/manage.server";
import { invariantResponse } from "~/utils/invariant";

/** The participant's own calendar entry for the session, linking back to their own page. */
export async function loader({ params }: LoaderFunctionArgs) {
  const registration = await registrationByToken(params.token ?? "");
  invariantResponse(registration, "Registration not found");
  return icsResponse(icsFile([participantEventToIcs(registration.event, registration)]), "kasih-kanak-kanak.ics", true);
}
