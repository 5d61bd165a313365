import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FeedbackSummary } from "~/components/reports/feedback-summary";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { getEvent } from "~/modules/events/events.server";
import { feedbackResults } from "~/modules/feedback/feedback.server";
import { useT } from "~/modules/i18n/i18n";
import { qrSvg } from "~/modules/registrations/qr-code.server";
import { env } from "~/utils/env.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const event = await getEvent(user, params.eventId!);
  const url = `${env.APP_URL}/feedback/${event.publicCode}`;
  return {
    event: { id: event.id, title: event.title },
    results: await feedbackResults(user, { eventId: event.id }),
    url,
    qr: await qrSvg(url, url),
  };
}

export default function EventFeedbackPage() {
  const { event, results, url, qr } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <p className="eyebrow">
        <Link to={`/events/${event.id}`}>{event.title}</Link>
      </p>
      <h1>{t("feedback.results")}</h1>
      <FeedbackSummary results={results} />
      <section className="panel" aria-labelledby="qr-heading">
        <h2 id="qr-heading">{t("feedback.qrTitle")}</h2>
        <p>{t("feedback.qrHelp")}</p>
        <div className="check-in-code__qr" dangerouslySetInnerHTML={{ __html: qr }} />
        <p>
          <a className="share__url" href={url}>
            {url}
          </a>
        </p>
        <p className="actions">
          <a className="button button--secondary" href={`/events/${event.id}/qr?format=png&for=feedback`} download>
            {t("poster.downloadPng")}
          </a>
          <a className="button button--secondary" href={`/events/${event.id}/qr?format=svg&for=feedback`} download>
            {t("poster.downloadSvg")}
          </a>
        </p>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "feedback.results");

export function ErrorBoundary() {
  return <RouteError />;
}
