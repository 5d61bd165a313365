import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { approvalLetter } from "~/modules/events/approval.server";
import { PRIVATE_NO_STORE } from "~/utils/cache-control";
import { contentDisposition } from "~/utils/content-disposition";

/** The JPN/PPD approval letter, only for staff who can see the event. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const letter = await approvalLetter(user, params.eventId!);
  if (!letter) throw new Response("Not found", { status: 404 });
  return new Response(new Blob([new Uint8Array(letter)]), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition("inline", "surat-kelulusan.pdf"),
      "Cache-Control": PRIVATE_NO_STORE,
      "Content-Security-Policy": "sandbox",
    },
  });
}
