import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors, FormErrors, SelectField, SubmitButton, TextField } from "~/components/forms";
import { FormToken, useFormToken } from "~/components/form-token";
import { RouteError } from "~/components/route-error";
import { submitOnce } from "~/modules/audit/form-once.server";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia, malaysiaDateKey, parseMalaysiaDateTime, toMalaysiaInputValue } from "~/modules/calendar/malaysia-time";
import { parseCategories } from "~/modules/events/event-rules";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import {
  followUpOverview,
  FollowUpSchema,
  previewFollowUp,
  scheduleFollowUp,
  sendTestFollowUp,
  setCampaignState,
} from "~/modules/mail/follow-up.server";
import { addDays } from "date-fns";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const overview = await followUpOverview(user, params.eventId!);
  // Default send time: 9.00 am Malaysian time the morning after the session.
  const nextMorning = parseMalaysiaDateTime(`${malaysiaDateKey(addDays(overview.event.endsAt, 1))}T09:00`)!;
  return {
    event: {
      id: overview.event.id,
      title: overview.event.title,
      startsAt: overview.event.startsAt,
      categories: parseCategories(overview.event.registrationCategories),
    },
    // A follow-up thanks people for coming: it can be scheduled once the session has started.
    started: overview.event.startsAt <= new Date(),
    campaigns: overview.campaigns,
    progress: overview.progress,
    materials: overview.materials,
    recipients: overview.recipients.map((r) => ({ id: r.id, name: r.fullName, status: r.status })),
    defaultSendAt: toMalaysiaInputValue(nextMorning > new Date() ? nextMorning : new Date(Date.now() + 10 * 60_000)),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const back = `/events/${params.eventId}/follow-up`;
  if (["pause", "resume", "cancel"].includes(intent)) {
    await setCampaignState(user, params.eventId!, String(formData.get("campaignId")), intent as "pause");
    return redirectWithToast(back, { key: "toast.campaignUpdated" });
  }
  const submission = parseWithZod(formData, { schema: FollowUpSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), previews: null }, { status: 400 });
  const { recipientId, materialIds } = submission.value;
  if (intent === "preview" || intent === "test") {
    if (!recipientId)
      return data({ result: submission.reply({ fieldErrors: { recipientId: ["errors.choose"] } }), previews: null }, { status: 400 });
    if (intent === "test") {
      await sendTestFollowUp(user, params.eventId!, recipientId, materialIds);
      return data({ result: submission.reply(), previews: null, tested: user.email });
    }
    return data({ result: submission.reply(), previews: await previewFollowUp(user, params.eventId!, recipientId, materialIds) });
  }
  if (submission.value.sendAt.getTime() < Date.now() - 5 * 60_000) {
    return data({ result: submission.reply({ fieldErrors: { sendAt: ["errors.followUp.sendAtPast"] } }), previews: null }, { status: 400 });
  }
  // One campaign per form, however often "schedule" is sent.
  const done = () => redirectWithToast(back, { key: "toast.followUpScheduled" });
  return submitOnce(
    formData,
    async () => {
      const scheduled = await scheduleFollowUp(user, params.eventId!, submission.value);
      if (!scheduled.ok) return data({ result: submission.reply({ formErrors: [scheduled.error] }), previews: null }, { status: 409 });
      return done();
    },
    done,
  );
}

export default function FollowUpPage() {
  const { event, started, campaigns, progress, materials, recipients, defaultSendAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const language = useLanguage();
  const formToken = useFormToken();
  const [form, fields] = useForm<{ statuses: string[]; categories: string[]; materialIds: string[]; sendAt: string; recipientId: string }>({
    id: "follow-up",
    lastResult: actionData?.result,
    defaultValue: { statuses: ["ATTENDED"], sendAt: defaultSendAt, recipientId: recipients[0]?.id },
    shouldValidate: "onSubmit",
  });
  const chosen = (name: "statuses" | "categories" | "materialIds") => new Set((fields[name].initialValue as string[] | undefined) ?? []);
  return (
    <>
      <p className="eyebrow">
        <Link to={`/events/${event.id}`}>{event.title}</Link>
      </p>
      <h1>{t("followUp.title")}</h1>
      <p>{t("followUp.intro")}</p>

      {campaigns.length ? (
        <section className="panel" aria-labelledby="campaigns-heading">
          <h2 id="campaigns-heading">{t("followUp.campaigns")}</h2>
          <ul className="campaigns">
            {campaigns.map((c) => {
              const counts = progress[c.id] ?? {};
              const total = Object.values(counts).reduce((a, b) => a + b, 0);
              const sent = counts.SENT ?? 0;
              return (
                <li key={c.id} className="campaign">
                  <p>
                    <strong>{labels.campaignKind(t, c.kind)}</strong> · {labels.campaignStatus(t, c.status)} ·{" "}
                    {formatMalaysia(c.sendAt, "dateTime", language)}
                  </p>
                  {total ? (
                    <>
                      <progress value={sent} max={total} aria-label={t("followUp.progress")} />
                      <p className="small">
                        {t("followUp.progressText", {
                          sent,
                          total,
                          failed: counts.FAILED ?? 0,
                          waiting: (counts.QUEUED ?? 0) + (counts.SENDING ?? 0) + (counts.PAUSED ?? 0),
                        })}{" "}
                        <Link to={`/outbox?campaign=${c.id}`}>{t("followUp.perRecipient")}</Link>
                      </p>
                    </>
                  ) : null}
                  <Form method="post" className="actions">
                    <input type="hidden" name="campaignId" value={c.id} />
                    {["SCHEDULED", "EXPANDING", "SENDING"].includes(c.status) ? (
                      <button type="submit" name="intent" value="pause" className="button button--secondary">
                        {t("followUp.pause")}
                      </button>
                    ) : null}
                    {c.status === "PAUSED" ? (
                      <button type="submit" name="intent" value="resume" className="button button--primary">
                        {t("followUp.resume")}
                      </button>
                    ) : null}
                    {!["DONE", "CANCELLED"].includes(c.status) ? (
                      <button type="submit" name="intent" value="cancel" className="button button--quiet">
                        {t("followUp.cancel")}
                      </button>
                    ) : null}
                  </Form>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="new-heading">
        <h2 id="new-heading">{t("followUp.prepare")}</h2>
        <Form method="post" {...getFormProps(form)} className="stack" key={formToken}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <FormToken />
          <fieldset>
            <legend>{t("followUp.audience")}</legend>
            <ul className="checkbox-list checkbox-list--inline">
              {(["ATTENDED", "REGISTERED", "NO_SHOW"] as const).map((s) => (
                <li key={s}>
                  <label>
                    <input type="checkbox" name="statuses" value={s} defaultChecked={chosen("statuses").has(s)} />{" "}
                    {labels.registrationStatus(t, s)}
                  </label>
                </li>
              ))}
            </ul>
            <FieldErrors id={fields.statuses.errorId} errors={fields.statuses.errors} />
          </fieldset>
          <fieldset>
            <legend>{t("followUp.categories")}</legend>
            <p className="field__help">{t("followUp.categoriesHelp")}</p>
            <ul className="checkbox-list checkbox-list--inline">
              {event.categories.map((c) => (
                <li key={c}>
                  <label>
                    <input type="checkbox" name="categories" value={c} defaultChecked={chosen("categories").has(c)} />{" "}
                    {labels.registrationCategory(t, c)}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <fieldset>
            <legend>{t("followUp.materials")}</legend>
            {materials.length === 0 ? <p className="muted small">{t("followUp.noMaterials")}</p> : null}
            <ul className="checkbox-list">
              {materials.map((m) => (
                <li key={m.id}>
                  <label>
                    <input type="checkbox" name="materialIds" value={m.id} defaultChecked={chosen("materialIds").has(m.id)} />{" "}
                    {language === "en" ? m.titleEn : m.titleMs} ({labels.materialKind(t, m.kind)})
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <TextField meta={fields.sendAt} label={t("followUp.sendAt")} type="datetime-local" help={t("event.field.timeHelp")} />
          <SelectField
            meta={fields.recipientId}
            label={t("followUp.previewAs")}
            options={recipients.map((r) => ({ value: r.id, label: `${r.name} (${labels.registrationStatus(t, r.status)})` }))}
            placeholder={t("common.choose")}
          />
          <div className="actions">
            <SubmitButton name="intent" value="preview" variant="secondary">
              {t("followUp.preview")}
            </SubmitButton>
            <SubmitButton name="intent" value="test" variant="secondary">
              {t("followUp.test")}
            </SubmitButton>
            {started ? (
              <SubmitButton name="intent" value="schedule">
                {t("followUp.schedule")}
              </SubmitButton>
            ) : null}
          </div>
          {started ? null : (
            <p className="notice" role="note">
              {t("followUp.notStarted", { date: formatMalaysia(event.startsAt, "dateTime", language) })}
            </p>
          )}
        </Form>
        {actionData && "tested" in actionData && actionData.tested ? (
          <p role="status" className="toast toast--success">
            {t("followUp.testQueued", { email: actionData.tested })}
          </p>
        ) : null}
      </section>

      {actionData?.previews ? (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t("followUp.previewTitle")}</h2>
          <div className="previews">
            {actionData.previews.map((p: { language: string; subject: string; html: string }) => (
              <figure key={p.language}>
                <figcaption>
                  {p.language === "ms" ? "Bahasa Melayu" : "English"}: <strong>{p.subject}</strong>
                </figcaption>
                <iframe title={`${t("followUp.previewTitle")} (${p.language})`} srcDoc={p.html} sandbox="" className="email-preview" />
              </figure>
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "followUp.title");

export function ErrorBoundary() {
  return <RouteError />;
}
