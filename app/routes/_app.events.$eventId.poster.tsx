import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/print-button";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysiaRange } from "~/modules/calendar/malaysia-time";
import { getEvent } from "~/modules/events/events.server";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { qrSvg } from "~/modules/registrations/qr-code.server";
import { env } from "~/utils/env.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const event = await getEvent(user, params.eventId!);
  const url = `${env.APP_URL}/r/${event.publicCode}`;
  return {
    event: {
      id: event.id,
      title: event.title,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      venue: event.venue,
      school: event.school?.name ?? null,
      state: event.state.name,
      programme: event.programme.title,
    },
    url,
    qr: await qrSvg(url, url),
  };
}

/** The A4 invitation poster: what, when, where, the QR code to register, and the helpline. */
export default function PosterPage() {
  const { event, url, qr } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  return (
    <>
      <p className="actions no-print">
        <Link to={`/events/${event.id}`}>{event.title}</Link>
        <PrintButton />
        <a className="button button--secondary" href={`/events/${event.id}/qr?format=png`} download>
          {t("poster.downloadPng")}
        </a>
        <a className="button button--secondary" href={`/events/${event.id}/qr?format=svg`} download>
          {t("poster.downloadSvg")}
        </a>
      </p>
      <article className="poster">
        <p className="poster__programme">{event.programme}</p>
        <h1 className="poster__title">{event.title}</h1>
        <p className="poster__when">{formatMalaysiaRange(event.startsAt, event.endsAt, language)}</p>
        <p className="poster__where">{[event.venue, event.school, event.state].filter(Boolean).join(", ")}</p>
        <div className="poster__qr" dangerouslySetInnerHTML={{ __html: qr }} />
        <p className="poster__cta">{t("poster.scanToRegister")}</p>
        <p className="poster__url">{url}</p>
        <div className="poster__helpline">
          <p>{t("helpline.body")}</p>
          <p className="poster__numbers">Talian Kasih 15999 · WhatsApp 019-2615999</p>
        </div>
      </article>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "poster.title");

export function ErrorBoundary() {
  return <RouteError />;
}
