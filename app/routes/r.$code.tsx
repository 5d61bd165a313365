import { useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { formTokenOf } from "~/modules/audit/form-once.server";
import { RadioGroupField } from "~/components/choice-fields";
import { CheckboxField, TextField } from "~/components/forms";
import { BusyRetry } from "~/components/registrations/busy-retry";
import { EventSummary } from "~/components/registrations/event-summary";
import { PublicForm } from "~/components/public-form";
import { RouteError } from "~/components/route-error";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { parseCategories } from "~/modules/events/event-rules";
import { errorMessage, useLanguage, useT, type MessageKey } from "~/modules/i18n/i18n";
import { currentNotice, publicEvent, registerPublicly } from "~/modules/registrations/register.server";
import { waitlistAhead } from "~/modules/registrations/seats.server";
import { PublicRegistrationSchema } from "~/modules/registrations/registration-schema";
import { registrationWindow } from "~/modules/registrations/registration-window";
import { countRegistrationAttempt, spreadRetry } from "~/modules/registrations/registration-limits.server";
import { env } from "~/utils/env.server";
import { readFormData } from "~/utils/form-data.server";
import { invariantResponse } from "~/utils/invariant";
import { namedTitle } from "~/utils/meta";
import { labels } from "~/modules/i18n/labels";
import { whatsAppConfigured } from "~/modules/whatsapp/whatsapp-channel.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const event = await publicEvent(params.code ?? "");
  invariantResponse(event, "Event not found");
  const notice = await currentNotice();
  const window = registrationWindow(event);
  return {
    event: { ...event, categories: parseCategories(event.registrationCategories) },
    // Full: the form says before it is filled in that the person joins the waitlist.
    waitlist: window.open ? await waitlistAhead(event) : null,
    unavailable: window.open ? null : { reason: window.reason, opensAt: window.reason === "notYet" ? window.opensAt : null },
    notice: { version: notice.version, ms: notice.textMs, en: notice.textEn },
    // Asked only while the WhatsApp channel is on: nobody agrees to messages that cannot come.
    askWhatsApp: whatsAppConfigured(),
  };
}

const UNAVAILABLE: Record<string, MessageKey> = {
  draft: "register.unavailable.draft",
  cancelled: "register.unavailable.cancelled",
  postponed: "register.unavailable.postponed",
  ended: "register.unavailable.ended",
  closed: "register.unavailable.closed",
  notYet: "register.unavailable.notYet",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  // The whole request, from its arrival, may take REGISTRATION_QUEUE_SECONDS before it is turned
  // away: time spent queued in a busy process counts, not only the database's waits.
  const deadline = (context?.receivedAt ?? Date.now()) + env.REGISTRATION_QUEUE_SECONDS * 1000;
  const formData = await readFormData(request);
  if (Date.now() >= deadline) busy(formData);
  const submission = parseWithZod(formData, { schema: PublicRegistrationSchema });
  const code = params.code ?? "";
  // Every submission counts against its event and address; a valid one against its phone too.
  const limit = await countRegistrationAttempt(
    code,
    context?.clientIp ?? "unknown",
    submission.status === "success" ? (submission.value.phone ?? null) : null,
    deadline,
  );
  if (!limit.allowed && "busy" in limit) busy(formData, limit.retryAfterSeconds);
  if (!limit.allowed) {
    return data(
      {
        result: submission.reply({
          formErrors: [errorMessage("errors.rateLimited", { minutes: Math.ceil(limit.retryAfterSeconds / 60) })],
        }),
      },
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  // Sent twice (a double tap, a retry on a weak signal): the form's one-time token is checked in the
  // registration's own transaction, and the second answer is the first registration.
  const result = await registerPublicly(code, submission.value, new Date(), formTokenOf(formData), deadline);
  switch (result.outcome) {
    case "registered":
    case "waitlisted":
      return redirect(`/registration/${result.manageToken}?new=1`);
    case "repeat":
      return result.manageToken
        ? redirect(`/registration/${result.manageToken}?new=1`)
        : data({ result: submission.reply() }, { status: 409 });
    case "existing":
      // Nothing of the registration on file is shown here: its link went to the email it was made with.
      return data({ result: submission.reply({ resetForm: true }), alreadyRegistered: true });
    case "unavailable":
      return data({ result: submission.reply({ formErrors: [UNAVAILABLE[result.reason]] }) }, { status: 409 });
    case "invalid":
      return data({ result: submission.reply({ fieldErrors: { [result.field]: [result.error] } }) }, { status: 400 });
    case "busy":
      return busy(formData, result.retryAfterSeconds);
  }
}

/**
 * Too many at once to take in time: nothing was saved. Thrown, so the page is the error boundary's
 * (BusyRetry) and this route's loader, which reads the database, does not run for it: a crowd
 * turned away must cost the server little. What was sent goes back, to be sent again with one press.
 */
function busy(formData: FormData, retryAfterSeconds = spreadRetry()): never {
  const values = [...formData.entries()]
    .filter((entry): entry is [string, string] => typeof entry[1] === "string")
    .slice(0, 40)
    .map(([name, value]) => [name.slice(0, 100), value.slice(0, 2000)] as [string, string]);
  throw data({ busy: true, values }, { status: 503, headers: { "Retry-After": String(retryAfterSeconds) } });
}

/** A person asked to wait (503, 429) is told for how long, on the document itself. */
export const headers: HeadersFunction = ({ actionHeaders, errorHeaders }) => {
  const retryAfter = errorHeaders?.get("Retry-After") ?? actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

/**
 * A phone on a school's weak line loads this page: it is sent without scripts (no React, no
 * validation library, no messages), as the form works as plain HTML and the server checks every
 * answer. See docs/decisions/015-what-a-phone-downloads.md and root.tsx.
 */
export const handle = { hydrate: false };

export default function PublicRegistrationPage() {
  const { event, unavailable, waitlist, notice, askWhatsApp } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const language = useLanguage();
  const [form, fields] = useForm({
    id: "register",
    lastResult: actionData?.result,
    constraint: getZodConstraint(PublicRegistrationSchema),
    defaultValue: { language, category: event.categories.length === 1 ? event.categories[0] : undefined },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PublicRegistrationSchema }),
  });

  return (
    <div className="public-page">
      <EventSummary event={event} />
      {actionData && "alreadyRegistered" in actionData ? (
        <p className="notice" role="status">
          {t("register.alreadyRegistered")}
        </p>
      ) : null}
      {unavailable ? (
        <section className="panel panel--notice" role="status">
          <h2>{t("register.closedTitle")}</h2>
          <p>
            {t(
              UNAVAILABLE[unavailable.reason],
              unavailable.opensAt ? { date: formatMalaysia(unavailable.opensAt, "dateTime", language) } : undefined,
            )}
          </p>
          {event.statusReason && unavailable.reason !== "ended" ? <p>{event.statusReason}</p> : null}
        </section>
      ) : (
        <section aria-labelledby="form-heading">
          <h2 id="form-heading">{t("register.formTitle")}</h2>
          {waitlist ? (
            <div className="panel panel--notice" role="note">
              <p>
                <strong>{t("register.fullTitle")}</strong>
              </p>
              <p>{t("register.fullHelp", { position: waitlist.position })}</p>
            </div>
          ) : null}
          <PublicForm form={form} submit={waitlist ? t("register.submitWaitlist") : t("register.submit")}>
            <TextField meta={fields.fullName} label={t("register.fullName")} autoComplete="name" />
            <TextField
              meta={fields.phone}
              label={t("register.phone")}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              help={t("register.phoneHelp")}
            />
            <TextField meta={fields.email} label={t("register.email")} type="email" autoComplete="email" help={t("register.emailHelp")} />
            <RadioGroupField
              meta={fields.category}
              legend={t("register.category")}
              options={event.categories.map((c) => ({ value: c, label: labels.registrationCategory(t, c) }))}
            />
            <TextField meta={fields.organisation} label={t("register.organisation")} autoComplete="organization" />
            {/* Shown until another category is chosen, by the style sheet: the page has no scripts. */}
            <div className="register-form__pibg">
              <TextField meta={fields.pibgRole} label={t("register.pibgRole")} help={t("register.pibgRoleHelp")} />
            </div>
            <RadioGroupField
              meta={fields.language}
              legend={t("register.language")}
              options={[
                { value: "ms", label: "Bahasa Melayu" },
                { value: "en", label: "English" },
              ]}
            />
            <section className="notice-box" aria-labelledby="notice-heading">
              <h3 id="notice-heading">{t("register.noticeTitle")}</h3>
              <p className="small">{language === "ms" ? notice.ms : notice.en}</p>
              <p className="muted small">{t("register.noticeVersion", { version: notice.version })}</p>
            </section>
            <input type="hidden" name="noticeVersion" value={notice.version} />
            <div className="field field--checkbox">
              <input
                type="checkbox"
                id={fields.consent.id}
                name={fields.consent.name}
                value="on"
                aria-invalid={fields.consent.errors?.length ? true : undefined}
                aria-describedby={fields.consent.errors?.length ? fields.consent.errorId : undefined}
              />
              <label htmlFor={fields.consent.id}>{t("register.consent")}</label>
              {fields.consent.errors?.length ? (
                <ul id={fields.consent.errorId} className="field__errors">
                  <li>{t("errors.consentRequired")}</li>
                </ul>
              ) : null}
            </div>
            {askWhatsApp ? (
              <CheckboxField meta={fields.whatsappConsent} label={t("register.whatsappConsent")} help={t("register.whatsappConsentHelp")} />
            ) : null}
          </PublicForm>
        </section>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [...namedTitle(data?.event.title), { name: "robots", content: "noindex" }];

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 503 && error.data?.busy) return <BusyRetry values={error.data.values} />;
  return <RouteError />;
}
