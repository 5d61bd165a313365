import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EventTable } from "~/components/events/event-table";
import { ProgressFigure } from "~/components/progress-figure";
import { FeedbackSummary } from "~/components/reports/feedback-summary";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { coversState } from "~/modules/auth/scope.server";
import { requireUser } from "~/modules/auth/session.server";
import { listEvents } from "~/modules/events/events.server";
import { feedbackResults } from "~/modules/feedback/feedback.server";
import { useT } from "~/modules/i18n/i18n";
import { getProgramme, programmeProgress } from "~/modules/programmes/programmes.server";
import { namedTitle } from "~/utils/meta";
import { pageFromSearch } from "~/utils/pagination";
import { Pagination } from "~/components/pagination";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const programme = await getProgramme(user, params.programmeId!);
  const url = new URL(request.url);
  const [progress, events, feedback] = await Promise.all([
    programmeProgress(user, programme.id),
    listEvents(user, { programme: programme.id, when: "all", from: "1900-01-01" }, pageFromSearch(url.searchParams)),
    can(user, "read:report") ? feedbackResults(user, { programmeId: programme.id }) : Promise.resolve(null),
  ]);
  return {
    programme,
    progress,
    events,
    feedback,
    canEdit: can(user, "write:programme") && coversState(user, programme.stateCode),
    canAddEvent: can(user, "write:event"),
    canInvite: can(user, "invite:school"),
  };
}

export default function ProgrammePage() {
  const { programme, progress, events, feedback, canEdit, canAddEvent, canInvite } = useLoaderData<typeof loader>();
  const t = useT();
  const eventsHeld = progress.events.COMPLETED ?? 0;
  const eventsPlanned = Object.values(progress.events).reduce((a, b) => a + b, 0);
  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">
            {programme.year} · {programme.state?.name ?? t("programme.national")}
          </p>
          <h1>{programme.title}</h1>
        </div>
        <div className="actions">
          {canEdit ? (
            <Link to="edit" className="button button--secondary">
              {t("common.edit")}
            </Link>
          ) : null}
          {canInvite ? (
            <Link to="invitations" className="button button--secondary">
              {t("invitations.title")}
            </Link>
          ) : null}
          {canAddEvent ? (
            <Link to={`/events/new?programme=${programme.id}`} className="button button--primary">
              {t("event.new")}
            </Link>
          ) : null}
        </div>
      </div>
      {programme.description ? <p className="lead preserve-lines">{programme.description}</p> : null}

      <section aria-labelledby="progress-heading" className="panel">
        <h2 id="progress-heading">{t("programme.progress")}</h2>
        <div className="figures">
          <ProgressFigure label={t("programme.schoolsReached")} value={progress.schoolsReached} target={programme.targetSchools} />
          <ProgressFigure label={t("programme.childrenReached")} value={progress.childrenReached} target={programme.targetChildren} />
          <ProgressFigure
            label={t("programme.participantsAttended")}
            value={progress.participantsAttended}
            target={programme.targetParticipants}
          />
          <ProgressFigure
            label={t("programme.materialsDelivered")}
            value={progress.materialsDelivered}
            target={programme.targetMaterials}
          />
          <ProgressFigure label={t("programme.eventsHeld")} value={eventsHeld} target={eventsPlanned || null} />
        </div>
        <p className="muted small">{t("programme.registeredNote", { registered: progress.participantsRegistered })}</p>
      </section>

      <section aria-labelledby="coordinators-heading">
        <h2 id="coordinators-heading">{t("programme.field.coordinators")}</h2>
        {programme.coordinators.length ? (
          <ul>
            {programme.coordinators.map((c) => (
              <li key={c.user.id}>{c.user.name}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("programme.noCoordinatorsAssigned")}</p>
        )}
        {programme.approvalRequired ? <p className="notice">{t("programme.approvalRequiredNotice")}</p> : null}
      </section>

      {feedback ? (
        <section aria-labelledby="feedback-heading" className="panel">
          <h2 id="feedback-heading">{t("feedback.results")}</h2>
          <FeedbackSummary results={feedback} level={3} />
        </section>
      ) : null}

      <section>
        <h2 id="events-heading">{t("programme.events")}</h2>
        {events.items.length ? (
          <EventTable events={events.items} caption={t("programme.events")} />
        ) : (
          <p className="empty">{t("event.none")}</p>
        )}
        <Pagination page={events.page} pageCount={events.pageCount} total={events.total} />
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => namedTitle(data?.programme.title);

export function ErrorBoundary() {
  return <RouteError />;
}
