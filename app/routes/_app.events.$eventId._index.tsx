import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ShareLink } from "~/components/events/share-link";
import { SeatLine } from "~/components/registrations/seat-line";
import { StatusBadge } from "~/components/events/status-badge";
import { FormErrors, SubmitButton, TextField } from "~/components/forms";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { coversState } from "~/modules/auth/scope.server";
import { requireUser } from "~/modules/auth/session.server";
import { formatDateKey, formatMalaysia, formatMalaysiaRange } from "~/modules/calendar/malaysia-time";
import { allowedTransitions, parseCategories, REASON_REQUIRED } from "~/modules/events/event-rules";
import { EventStatusSchema } from "~/modules/events/event-schema";
import { changeEventStatus, getEvent, registrationCounts } from "~/modules/events/events.server";
import { invitationText } from "~/modules/events/share";
import { registrationWindow } from "~/modules/registrations/registration-window";
import { seatSummary } from "~/modules/registrations/seat-summary";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { env } from "~/utils/env.server";
import { readFormData } from "~/utils/form-data.server";
import { namedTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const event = await getEvent(user, params.eventId!);
  const counts = await registrationCounts(event.id);
  const canEdit = can(user, "write:event") && coversState(user, event.stateCode);
  const registrationUrl = `${env.APP_URL}/r/${event.publicCode}`;
  const place = event.school ? `${event.school.name}${event.venue ? `, ${event.venue}` : ""}` : (event.venue ?? event.state.name);
  return {
    event,
    counts,
    seats: seatSummary(event.capacity, counts),
    publicWindow: registrationWindow(event),
    canEdit,
    transitions: canEdit ? allowedTransitions(event.status) : [],
    registrationUrl,
    invitation: invitationText({ title: event.title, startsAt: event.startsAt, endsAt: event.endsAt, place }, registrationUrl),
    canSeeParticipants: can(user, "read:registration"),
    canEmail: can(user, "send:email"),
    canRecordPupils: can(user, "record:pupils"),
    canSeeReports: can(user, "read:report"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: EventStatusSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const result = await changeEventStatus(user, params.eventId!, submission.value.to, submission.value.reason);
  if (!result.ok) return data({ result: submission.reply({ formErrors: [result.error] }) }, { status: 400 });
  return redirectWithToast(`/events/${params.eventId}`, {
    key: "toast.eventStatusChanged",
    params: { status: submission.value.to },
  });
}

export default function EventPage() {
  const {
    event,
    counts,
    seats,
    publicWindow,
    canEdit,
    transitions,
    registrationUrl,
    invitation,
    canSeeParticipants,
    canEmail,
    canRecordPupils,
    canSeeReports,
  } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  const place = event.school ? `${event.school.name} (${event.school.code})` : event.venue;
  const until = event.registrationClosesAt ? formatMalaysia(event.registrationClosesAt, "dateTime", language) : t("event.window.untilEnd");
  // What the public link does now, in words (a draft's link answers "not open", so it never says "open now").
  const windowText = (w: typeof publicWindow) => {
    if (w.open) return t("event.window.open", { until });
    switch (w.reason) {
      case "notYet":
        return t("event.window.notYet", { date: formatMalaysia(w.opensAt, "dateTime", language), until });
      case "closed":
        return t("event.window.closed", { date: formatMalaysia(event.registrationClosesAt!, "dateTime", language) });
      default:
        return t(`event.window.${w.reason}`);
    }
  };
  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to={`/programmes/${event.programme.id}`}>{event.programme.title}</Link>
          </p>
          <h1>{event.title}</h1>
          <p>
            <StatusBadge status={event.status} /> {labels.eventType(t, event.type)}
          </p>
        </div>
        <div className="actions">
          {canEdit ? (
            <Link to="edit" className="button button--secondary">
              {t("common.edit")}
            </Link>
          ) : null}
          <a href={`/events/${event.id}.ics`} className="button button--secondary" download>
            {t("event.downloadIcs")}
          </a>
        </div>
      </div>

      <dl className="details">
        <dt>{t("event.when")}</dt>
        <dd>{formatMalaysiaRange(event.startsAt, event.endsAt, language)}</dd>
        <dt>{t("event.place")}</dt>
        <dd>
          {place}
          {event.school && event.venue ? ` · ${event.venue}` : ""}
          <div className="muted small">{[event.district?.name, event.state.name].filter(Boolean).join(", ")}</div>
        </dd>
        {event.statusReason ? (
          <>
            <dt>{t("event.field.statusReason")}</dt>
            <dd>{event.statusReason}</dd>
          </>
        ) : null}
        <dt>{t("event.field.capacity")}</dt>
        <dd>
          {event.capacity ?? t("event.noLimit")}
          <div className="muted small">
            <SeatLine summary={seats} />
          </div>
        </dd>
        <dt>{t("event.registrationWindow")}</dt>
        <dd>{windowText(publicWindow)}</dd>
        <dt>{t("event.field.registrationCategories")}</dt>
        <dd>
          {parseCategories(event.registrationCategories)
            .map((c) => labels.registrationCategory(t, c))
            .join(", ")}
        </dd>
        <dt>{t("event.registrationLink")}</dt>
        <dd>
          {event.status === "DRAFT" ? (
            <>
              <code className="share__url">{registrationUrl}</code>
              <p className="notice small">{t("share.draft")}</p>
            </>
          ) : (
            <ShareLink id="registration-url" url={registrationUrl} text={invitation} />
          )}
        </dd>
        {event.schoolId ? (
          <>
            <dt>{t("approval.title")}</dt>
            <dd>
              {event.approvalReference ? (
                t("approval.summary", {
                  reference: event.approvalReference,
                  office: event.approvalOffice ?? "",
                  date: event.approvalDate ? formatDateKey(event.approvalDate, language) : "",
                })
              ) : event.programme.approvalRequired ? (
                <strong>{t("approval.missing")}</strong>
              ) : (
                t("approval.none")
              )}
              {canEdit ? (
                <>
                  {" "}
                  <Link to="approval">{event.approvalReference ? t("common.edit") : t("approval.record")}</Link>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        <dt>{t("event.field.leadCoordinator")}</dt>
        <dd>{event.leadCoordinator?.name ?? "—"}</dd>
        {event.officials ? (
          <>
            <dt>{t("event.field.officials")}</dt>
            <dd className="preserve-lines">{event.officials}</dd>
          </>
        ) : null}
        {event.partnerAgencies ? (
          <>
            <dt>{t("event.field.partnerAgencies")}</dt>
            <dd className="preserve-lines">{event.partnerAgencies}</dd>
          </>
        ) : null}
        {event.notes ? (
          <>
            <dt>{t("event.field.notes")}</dt>
            <dd className="preserve-lines">{event.notes}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="registrations-heading" className="panel">
        <h2 id="registrations-heading">{t("event.registrations")}</h2>
        <div className="actions">
          {canSeeParticipants ? (
            <>
              <Link to="registrations" className="button button--secondary">
                {t("event.participants")}
              </Link>
              <Link to="check-in" className="button button--primary">
                {t("checkIn.open")}
              </Link>
              <Link to="attendance" className="button button--secondary">
                {t("attendance.sheet")}
              </Link>
              {canEmail ? (
                <Link to="follow-up" className="button button--secondary">
                  {t("followUp.title")}
                </Link>
              ) : null}
            </>
          ) : null}
          <Link to="poster" className="button button--secondary">
            {t("event.poster")}
          </Link>
          <Link to="materials" className="button button--secondary">
            {t("delivery.title")}
          </Link>
          {canRecordPupils ? (
            <Link to="pupils" className="button button--secondary">
              {t("pupils.title")}
            </Link>
          ) : null}
          {canSeeReports ? (
            <Link to="feedback" className="button button--secondary">
              {t("feedback.results")}
            </Link>
          ) : null}
        </div>
        <ul className="stat-list">
          {["REGISTERED", "WAITLISTED", "ATTENDED", "NO_SHOW", "CANCELLED"].map((status) => (
            <li key={status}>
              <span className="stat-list__value">{counts[status] ?? 0}</span> {labels.registrationStatus(t, status)}
            </li>
          ))}
        </ul>
      </section>

      {transitions.length ? <StatusActions transitions={transitions} /> : null}
    </>
  );
}

function StatusActions({ transitions }: { transitions: readonly string[] }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({ id: "status", lastResult: actionData?.result });
  const needsReason = transitions.some((to) => (REASON_REQUIRED as readonly string[]).includes(to));
  return (
    <section aria-labelledby="status-heading" className="panel">
      <h2 id="status-heading">{t("event.changeStatus")}</h2>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        {needsReason ? <TextField meta={fields.reason} label={t("event.field.statusReason")} help={t("event.reasonHelp")} /> : null}
        <div className="actions">
          {transitions.map((to) => (
            <SubmitButton key={to} name="to" value={to} variant={to === "CANCELLED" ? "danger" : "secondary"}>
              {labels.eventTransition(t, to)}
            </SubmitButton>
          ))}
        </div>
      </Form>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => namedTitle(data?.event.title);

export function ErrorBoundary() {
  return <RouteError />;
}
