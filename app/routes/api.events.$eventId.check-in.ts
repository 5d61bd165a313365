import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { applyCheckInOps } from "~/modules/registrations/attendance.server";
import { CheckInBatchSchema } from "~/modules/registrations/check-in-sync";

/** Receives the check-in screen's queue (JSON) and answers per operation. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: "errors.invalid" }, { status: 400 });
  }
  const batch = CheckInBatchSchema.safeParse(body);
  if (!batch.success) return Response.json({ error: "errors.invalid" }, { status: 400 });
  const results = await applyCheckInOps(user, params.eventId!, batch.data.ops);
  return Response.json({ results }, { headers: { "Cache-Control": "no-store" } });
}
