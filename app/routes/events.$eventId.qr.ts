import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { getEvent } from "~/modules/events/events.server";
import { qrPng, qrSvg } from "~/modules/registrations/qr-code.server";
import { contentDisposition } from "~/utils/content-disposition";
import { env } from "~/utils/env.server";

/** The QR code of the registration (or ?for=feedback, the feedback) link: ?format=png (1024 px) or ?format=svg. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const event = await getEvent(user, params.eventId!);
  const query = new URL(request.url).searchParams;
  // The registration link by default; ?for=feedback gives the feedback form's.
  const feedback = query.get("for") === "feedback";
  const url = `${env.APP_URL}/${feedback ? "feedback" : "r"}/${event.publicCode}`;
  const svg = query.get("format") === "svg";
  const fileName = `kasih-${feedback ? "maklum-balas" : "daftar"}-${event.publicCode}.${svg ? "svg" : "png"}`;
  const headers = { "Content-Disposition": contentDisposition("attachment", fileName), "Cache-Control": "private, max-age=3600" };
  return svg
    ? new Response(await qrSvg(url), { headers: { ...headers, "Content-Type": "image/svg+xml" } })
    : new Response(new Blob([new Uint8Array(await qrPng(url))]), { headers: { ...headers, "Content-Type": "image/png" } });
}
