import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ShareLink } from "~/components/events/share-link";
import { PrintButton } from "~/components/print-button";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysiaRange } from "~/modules/calendar/malaysia-time";
import { getEvent } from "~/modules/events/events.server";
// Both languages on one printout: this page brings the other catalogue to the browser too.
import "~/modules/i18n/both-catalogues";
import { translator, useT } from "~/modules/i18n/i18n";
import { invitationText } from "~/modules/events/share";
import { qrSvg } from "~/modules/registrations/qr-code.server";
import { env } from "~/utils/env.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const event = await getEvent(user, params.eventId!);
  const url = `${env.APP_URL}/r/${event.publicCode}`;
  const place = [event.venue, event.school?.name, event.state.name].filter(Boolean).join(", ");
  return {
    event: {
      id: event.id,
      title: event.title,
      status: event.status,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      place,
      programme: event.programme.title,
    },
    url,
    invitation: invitationText({ title: event.title, startsAt: event.startsAt, endsAt: event.endsAt, place }, url),
    qr: await qrSvg(url, url),
  };
}

/**
 * The A4 invitation poster: what, when, where, the QR code to register, and the helpline. It is
 * printed for parents and the community, so it is in Bahasa Melayu with an English line, whatever
 * the language of the person printing it; the buttons around it are in theirs.
 */
export default function PosterPage() {
  const { event, url, invitation, qr } = useLoaderData<typeof loader>();
  const t = useT();
  const ms = translator("ms");
  const en = translator("en");
  return (
    <>
      <div className="no-print stack">
        <p className="actions">
          <Link to={`/events/${event.id}`}>{event.title}</Link>
          <PrintButton />
          <a className="button button--secondary" href={`/events/${event.id}/qr?format=png`} download>
            {t("poster.downloadPng")}
          </a>
          <a className="button button--secondary" href={`/events/${event.id}/qr?format=svg`} download>
            {t("poster.downloadSvg")}
          </a>
        </p>
        {event.status === "DRAFT" ? (
          <p className="notice">{t("share.draft")}</p>
        ) : (
          <ShareLink id="poster-url" url={url} text={invitation} />
        )}
      </div>
      <article className="poster" lang="ms">
        <p className="poster__programme">{event.programme}</p>
        <h1 className="poster__title">{event.title}</h1>
        <p className="poster__when">{formatMalaysiaRange(event.startsAt, event.endsAt, "ms")}</p>
        <p className="poster__where">{event.place}</p>
        <div className="poster__qr" dangerouslySetInnerHTML={{ __html: qr }} />
        <p className="poster__cta">{ms("poster.scanToRegister")}</p>
        <p className="poster__cta-en" lang="en">
          {en("poster.scanToRegister")} · {formatMalaysiaRange(event.startsAt, event.endsAt, "en")}
        </p>
        <p className="poster__url">{url}</p>
        <div className="poster__helpline">
          <p>{ms("helpline.body")}</p>
          <p lang="en" className="poster__helpline-en">
            {en("helpline.body")}
          </p>
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
