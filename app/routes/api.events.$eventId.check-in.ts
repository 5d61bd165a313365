import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/modules/auth/session.server";
import { parseCategories } from "~/modules/events/event-rules";
import { applyCheckInOps, checkInList, checkInListVersion } from "~/modules/registrations/attendance.server";
import { parseCheckInBatch, type CheckInListResponse } from "~/modules/registrations/check-in-sync";
import { eventForRegistrations } from "~/modules/registrations/registrations.server";
import { PRIVATE_NO_STORE } from "~/utils/cache-control";

const NO_STORE = { "Cache-Control": PRIVATE_NO_STORE };

/**
 * The check-in screen's list as JSON, polled by the phone. `?since=<version>` answers in a few
 * bytes when nothing changed. A signed-out phone gets 401 (not a redirect to the sign-in page), so
 * the screen can say so and keep what it has.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (!user) return Response.json({ error: "signedOut" }, { status: 401, headers: NO_STORE });
  const since = new URL(request.url).searchParams.get("since");
  const fetchedAt = new Date().toISOString();
  if (since) {
    await eventForRegistrations(user, params.eventId!, "checkin:registration");
    const version = await checkInListVersion(params.eventId!);
    if (version === since)
      return Response.json({ eventId: params.eventId!, unchanged: true, version, fetchedAt } satisfies CheckInListResponse, {
        headers: NO_STORE,
      });
  }
  const { event, people, version } = await checkInList(user, params.eventId!);
  return Response.json(
    {
      eventId: event.id,
      people,
      categories: parseCategories(event.registrationCategories),
      version,
      fetchedAt,
    } satisfies CheckInListResponse,
    { headers: NO_STORE },
  );
}

/** Receives the check-in screen's queue (JSON) and answers per operation. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await getSessionUser(request);
  if (!user) return Response.json({ error: "signedOut" }, { status: 401, headers: NO_STORE });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: "errors.invalid" }, { status: 400, headers: NO_STORE });
  }
  const batch = parseCheckInBatch(body);
  if (!batch) return Response.json({ error: "errors.invalid" }, { status: 400, headers: NO_STORE });
  const applied = await applyCheckInOps(user, params.eventId!, batch.ops);
  // Answers in the order the phone sent them.
  const byClientId = new Map([...applied, ...batch.invalid].map((r) => [r.clientId, r]));
  const results = batch.order.map((clientId) => byClientId.get(clientId)!);
  return Response.json({ results }, { headers: NO_STORE });
}
