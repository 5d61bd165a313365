import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FieldErrors } from "~/components/forms";
import { districtOptions, FilterBar, FilterSelect, plainOptions } from "~/components/filter-bar";
import { FormToken, useFormToken } from "~/components/form-token";
import { RouteError } from "~/components/route-error";
import { submitOnce } from "~/modules/audit/form-once.server";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia, parseMalaysiaDate } from "~/modules/calendar/malaysia-time";
import { translateError, useLanguage, useT } from "~/modules/i18n/i18n";
import { INVITATION_STATUSES, InviteSchema, RemindSchema, RespondSchema } from "~/modules/invitations/invitation-schema";
import {
  invitationCandidates,
  inviteSchools,
  listInvitations,
  remindNonResponders,
  respondToInvitation,
} from "~/modules/invitations/invitations.server";
import { getProgramme } from "~/modules/programmes/programmes.server";
import { SCHOOL_TYPES } from "~/modules/schools/school-schema";
import { districtChoices } from "~/modules/schools/schools.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const programme = await getProgramme(user, params.programmeId!);
  const type = url.searchParams.get("type");
  const filters = {
    district: url.searchParams.get("district")?.slice(0, 40) || undefined,
    type: (SCHOOL_TYPES as readonly string[]).includes(type ?? "") ? type! : undefined,
    notReached: url.searchParams.get("notReached") === "1",
  };
  const [candidates, invitations, districts] = await Promise.all([
    invitationCandidates(user, programme.id, filters),
    listInvitations(user, programme.id),
    districtChoices(programme.stateCode ?? user.stateCode ?? undefined),
  ]);
  return { programme: { id: programme.id, title: programme.title, year: programme.year }, candidates, invitations, districts, filters };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const back = `/programmes/${params.programmeId}/invitations`;
  // Invitations and reminders go out once per form, however often it is sent.
  const alreadyDone = () => redirectWithToast(back, { key: "toast.alreadyDone" });
  if (intent === "invite") {
    return submitOnce(
      formData,
      async () => {
        const submission = parseWithZod(formData, { schema: InviteSchema });
        if (submission.status !== "success") return data({ form: "invite", result: submission.reply() }, { status: 400 });
        const result = await inviteSchools(user, params.programmeId!, submission.value.schoolIds, submission.value.proposedDates);
        return redirectWithToast(back, { key: "toast.schoolsInvited", params: result });
      },
      alreadyDone,
    );
  }
  if (intent === "remind") {
    return submitOnce(
      formData,
      async () => {
        const submission = parseWithZod(formData, { schema: RemindSchema });
        if (submission.status !== "success") return data({ form: "remind", result: submission.reply() }, { status: 400 });
        const result = await remindNonResponders(user, params.programmeId!, submission.value.olderThanDays);
        return redirectWithToast(back, { key: "toast.invitationsReminded", params: result });
      },
      alreadyDone,
    );
  }
  const submission = parseWithZod(formData, { schema: RespondSchema });
  if (submission.status !== "success")
    return data({ form: `respond-${formData.get("invitationId")}`, result: submission.reply() }, { status: 400 });
  const { eventId } = await respondToInvitation(user, submission.value);
  return redirectWithToast(back, {
    key: eventId && submission.value.status === "ACCEPTED" ? "toast.invitationAccepted" : "toast.invitationUpdated",
  });
}

export default function InvitationsPage() {
  const { programme, candidates, invitations, districts, filters } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const formToken = useFormToken();
  const language = useLanguage();
  const [params] = useSearchParams();
  const errorsFor = (form: string) => (actionData?.form === form ? ((actionData.result?.error ?? {}) as Record<string, string[]>) : {});
  const inviteErrors = errorsFor("invite");
  const remindErrors = errorsFor("remind");
  const uninvited = candidates.schools;
  return (
    <>
      <p className="eyebrow">
        <Link to={`/programmes/${programme.id}`}>{programme.title}</Link>
      </p>
      <h1>{t("invitations.title")}</h1>

      <section className="panel" aria-labelledby="status-heading">
        <h2 id="status-heading">{t("invitations.sent")}</h2>
        <ul className="stat-list">
          {INVITATION_STATUSES.map((s) => (
            <li key={s}>
              <span className="stat-list__value">{invitations.filter((i) => i.status === s).length}</span> {labels.invitationStatus(t, s)}
            </li>
          ))}
        </ul>
        {invitations.length ? (
          <ul className="invitations">
            {invitations.map((inv) => {
              const errors = errorsFor(`respond-${inv.id}`);
              return (
                <li key={inv.id} className="invitation">
                  <p>
                    <strong>{inv.school.name}</strong> <code>{inv.school.code}</code> · {inv.school.district.name} ·{" "}
                    <span className={`badge badge--inv-${inv.status.toLowerCase()}`}>{labels.invitationStatus(t, inv.status)}</span>
                  </p>
                  <p className="muted small">
                    {t("invitations.invitedOn", { date: formatMalaysia(inv.invitedAt, "date", language) })}
                    {inv.proposedDates ? ` · ${t("invitations.proposed", { dates: inv.proposedDates })}` : ""}
                    {inv.reminders.length
                      ? ` · ${t("invitations.remindedOn", { dates: inv.reminders.map((r) => `${formatMalaysia(r.sentAt, "date", language)}${r.sentBy ? ` (${r.sentBy.name})` : ""}`).join(", ") })}`
                      : ""}
                    {inv.chosenDate
                      ? ` · ${t("invitations.chosen", { date: formatMalaysia(parseMalaysiaDate(inv.chosenDate)!, "date", language) })}`
                      : ""}
                    {inv.declineReason ? ` · ${t("invitations.declinedBecause", { reason: inv.declineReason })}` : ""}
                  </p>
                  <p className="actions">
                    {inv.eventId ? <Link to={`/events/${inv.eventId}`}>{t("invitations.openEvent")}</Link> : null}
                    {!inv.school.email ? (
                      <Link to={`${inv.id}/letter`} className="button button--quiet">
                        {t("invitations.printLetter")}
                      </Link>
                    ) : null}
                  </p>
                  <details open={Object.keys(errors).length > 0}>
                    <summary>{t("invitations.recordAnswer")}</summary>
                    <Form method="post" className="row">
                      <input type="hidden" name="intent" value="respond" />
                      <input type="hidden" name="invitationId" value={inv.id} />
                      <div className="field">
                        <label htmlFor={`status-${inv.id}`}>{t("invitations.answer")}</label>
                        <select id={`status-${inv.id}`} name="status" defaultValue={inv.status}>
                          {INVITATION_STATUSES.map((s) => (
                            <option key={s} value={s}>
                              {labels.invitationStatus(t, s)}
                            </option>
                          ))}
                        </select>
                      </div>
                      <div className="field">
                        <label htmlFor={`date-${inv.id}`}>{t("invitations.chosenDate")}</label>
                        <input
                          id={`date-${inv.id}`}
                          name="chosenDate"
                          type="date"
                          defaultValue={inv.chosenDate ?? ""}
                          aria-invalid={errors.chosenDate ? true : undefined}
                          aria-describedby={errors.chosenDate ? `date-${inv.id}-error` : undefined}
                        />
                        <FieldErrors id={`date-${inv.id}-error`} errors={errors.chosenDate} />
                      </div>
                      <div className="field">
                        <label htmlFor={`reason-${inv.id}`}>{t("invitations.declineReason")}</label>
                        <input
                          id={`reason-${inv.id}`}
                          name="declineReason"
                          defaultValue={inv.declineReason ?? ""}
                          aria-invalid={errors.declineReason ? true : undefined}
                          aria-describedby={errors.declineReason ? `reason-${inv.id}-error` : undefined}
                        />
                        <FieldErrors id={`reason-${inv.id}-error`} errors={errors.declineReason} />
                      </div>
                      <div>
                        <button type="submit" className="button button--secondary">
                          {t("common.save")} <span className="visually-hidden">{inv.school.name}</span>
                        </button>
                      </div>
                    </Form>
                  </details>
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="empty">{t("invitations.none")}</p>
        )}
        <Form method="post" className="inline-code" key={`remind-${formToken}`}>
          <input type="hidden" name="intent" value="remind" />
          <FormToken />
          <label htmlFor="olderThanDays">{t("invitations.remindAfter")}</label>
          <input
            id="olderThanDays"
            name="olderThanDays"
            type="number"
            inputMode="numeric"
            min={0}
            defaultValue={
              (actionData?.form === "remind" ? (actionData.result?.initialValue?.olderThanDays as string | undefined) : undefined) ?? 14
            }
            aria-invalid={remindErrors.olderThanDays ? true : undefined}
            aria-describedby={remindErrors.olderThanDays ? "olderThanDays-error" : undefined}
          />
          <FieldErrors id="olderThanDays-error" errors={remindErrors.olderThanDays} />
          <button type="submit" className="button button--secondary">
            {t("invitations.remind")}
          </button>
        </Form>
      </section>

      <section className="panel" aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t("invitations.invite")}</h2>
        <FilterBar>
          <FilterSelect name="district" label={t("school.field.district")} value={filters.district} options={districtOptions(districts)} />
          <FilterSelect name="type" label={t("school.field.type")} value={filters.type} options={plainOptions(SCHOOL_TYPES)} />
          <div className="field field--checkbox">
            <input type="checkbox" id="f-notReached" name="notReached" value="1" defaultChecked={params.get("notReached") === "1"} />
            <label htmlFor="f-notReached">{t("invitations.notReached", { year: programme.year })}</label>
          </div>
        </FilterBar>
        <Form method="post" className="stack" key={`invite-${formToken}`}>
          <input type="hidden" name="intent" value="invite" />
          <FormToken />
          <fieldset aria-describedby={candidates.total > uninvited.length ? "more-schools" : undefined}>
            <legend>{t("invitations.chooseSchools", { count: candidates.total })}</legend>
            {candidates.total > uninvited.length ? (
              <p id="more-schools" className="field__help">
                {t("invitations.moreSchools", { shown: uninvited.length, total: candidates.total })}
              </p>
            ) : null}
            <ul className="checkbox-list">
              {uninvited.map((s) => (
                <li key={s.id}>
                  <label>
                    <input type="checkbox" name="schoolIds" value={s.id} /> {s.name} <code>{s.code}</code> · {s.district.name}
                    {s.reachedThisYear ? ` · ${t("invitations.reachedThisYear")}` : ""}
                    {!s.email ? ` · ${t("invitations.noEmail")}` : ""}
                  </label>
                </li>
              ))}
            </ul>
            {inviteErrors.schoolIds ? <p className="field__errors">{translateError(language, inviteErrors.schoolIds[0])}</p> : null}
          </fieldset>
          <div className="field">
            <label htmlFor="proposedDates">{t("invitations.proposedDates")}</label>
            <p className="field__help" id="proposedDates-help">
              {t("invitations.proposedDatesHelp")}
            </p>
            <input id="proposedDates" name="proposedDates" aria-describedby="proposedDates-help" maxLength={300} />
          </div>
          <button type="submit" className="button button--primary">
            {t("invitations.send")}
          </button>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invitations.title");

export function ErrorBoundary() {
  return <RouteError />;
}
