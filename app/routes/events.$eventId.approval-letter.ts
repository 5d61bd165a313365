import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { approvalLetter } from "~/modules/events/approval.server";

/** The JPN/PPD approval letter, only for staff who can see the event. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const letter = await approvalLetter(user, params.eventId!);
  if (!letter) throw new Response("Not found", { status: 404 });
  return new Response(new Blob([new Uint8Array(letter)]), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": 'inline; filename="surat-kelulusan.pdf"',
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "sandbox",
    },
  });
}
