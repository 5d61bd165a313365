import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { FormErrors, SubmitButton, TextField } from "~/components/forms";
import { EventSummary } from "~/components/registrations/event-summary";
import { RouteError } from "~/components/route-error";
import { personalLinkText, whatsAppShareUrl } from "~/modules/events/share";
import { useT } from "~/modules/i18n/i18n";
import { getLanguage } from "~/modules/i18n/language.server";
import { formatMobile } from "~/modules/people/contact";
import { cancelRegistration, canUpdateOwnContact, registrationByToken, updateOwnContact } from "~/modules/registrations/manage.server";
import { OwnContactSchema } from "~/modules/registrations/registration-schema";
import { publicEvent } from "~/modules/registrations/register.server";
import { registrationWindow } from "~/modules/registrations/registration-window";
import { checkInPayload, qrSvg } from "~/modules/registrations/qr-code.server";
import { env } from "~/utils/env.server";
import { readFormData } from "~/utils/form-data.server";
import { invariantResponse } from "~/utils/invariant";
import { namedTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";
import { labels } from "~/modules/i18n/labels";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const registration = await registrationByToken(params.token ?? "");
  invariantResponse(registration, "Registration not found");
  const now = new Date();
  const eventCancelled = registration.event.status === "CANCELLED";
  const upcoming = new Date(registration.event.endsAt) > now && !eventCancelled;
  // What the page offers depends on where the person stands (issue 16: a waitlisted person was
  // shown a check-in QR, "add to calendar" and a green banner as if they had a place).
  const holdsPlace = registration.status === "REGISTERED" && upcoming;
  const canCancel =
    (registration.status === "REGISTERED" || registration.status === "WAITLISTED") && new Date(registration.event.startsAt) > now;
  // Someone who cancelled can register again while the event takes registrations.
  const publicEventRow = registration.status === "CANCELLED" ? await publicEvent(registration.event.publicCode) : null;
  const canRegisterAgain = publicEventRow ? registrationWindow(publicEventRow, now).open : false;
  const canUpdateContact = canUpdateOwnContact(registration, now);
  const event = registration.event;
  const place = [event.venue, event.school?.name].filter(Boolean).join(", ") || event.state.name;
  const saveText = personalLinkText(
    { title: event.title, startsAt: event.startsAt, endsAt: event.endsAt, place },
    registration,
    `${env.APP_URL}/registration/${params.token}`,
    await getLanguage(request),
  );
  return {
    registration: {
      status: registration.status,
      category: registration.category,
      position: registration.position,
      checkInCode: registration.checkInCode,
      name: registration.fullName,
      phone: formatMobile(registration.phoneE164),
      email: registration.email,
      organisation: registration.organisation,
    },
    event: registration.event,
    qr: holdsPlace ? await qrSvg(checkInPayload(registration.checkInCode), registration.checkInCode) : null,
    calendar: holdsPlace,
    canCancel,
    // Cancelling asks first: a link to this page with ?cancel=1 shows the question (no JavaScript needed).
    confirmingCancel: canCancel && new URL(request.url).searchParams.get("cancel") === "1",
    registerAgain: canRegisterAgain ? `/r/${registration.event.publicCode}` : null,
    canUpdateContact,
    // Like cancelling, changing details opens from a link (?contact=1), so it works without JavaScript.
    editingContact: canUpdateContact && new URL(request.url).searchParams.get("contact") === "1",
    contact: { phone: formatMobile(registration.phoneE164) ?? "", email: registration.email ?? "" },
    // Zero set-up: a wa.me link with the personal link in the message, for the person to send on.
    saveToWhatsApp: whatsAppShareUrl(saveText),
  };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const registration = await registrationByToken(params.token ?? "");
  invariantResponse(registration, "Registration not found");
  const page = `/registration/${params.token}`;
  const formData = await readFormData(request);
  if (formData.get("intent") === "contact") {
    if (!canUpdateOwnContact(registration)) return redirectWithToast(page, { kind: "error", key: "errors.registration.contactClosed" });
    const submission = parseWithZod(formData, { schema: OwnContactSchema });
    if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
    const { changed } = await updateOwnContact(registration.id, submission.value);
    return redirectWithToast(page, { key: changed ? "toast.contactUpdated" : "toast.nothingChanged" });
  }
  // Only the confirmation step cancels: an old one-tap form (or a stray request) is asked first.
  if (formData.get("confirm") !== "yes") return redirect(`${page}?cancel=1`);
  // The page hides the button once the session has started; the rule holds for a replayed form too.
  if (new Date(registration.event.startsAt) <= new Date())
    return redirectWithToast(page, { kind: "error", key: "errors.registration.tooLateToCancel" });
  const wasWaiting = registration.status === "WAITLISTED";
  await cancelRegistration(registration.id, null);
  return redirectWithToast(page, { key: wasWaiting ? "toast.leftWaitlist" : "toast.registrationCancelled" });
}

export default function MyRegistrationPage() {
  const {
    registration,
    event,
    qr,
    calendar,
    canCancel,
    confirmingCancel,
    registerAgain,
    canUpdateContact,
    editingContact,
    contact,
    saveToWhatsApp,
  } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const { token } = useParams();
  const waiting = registration.status === "WAITLISTED";

  return (
    <div className="public-page">
      {params.get("new") && registration.status === "REGISTERED" ? (
        <p className="toast toast--success" role="status">
          {t("register.registeredNow")}
        </p>
      ) : null}
      {params.get("new") && waiting ? (
        <p className="notice" role="status">
          {t("register.waitlistedNow", { position: registration.position ?? 0 })}
        </p>
      ) : null}
      <EventSummary event={event} headingLevel={1} />
      {event.status === "CANCELLED" ? <p className="notice">{t("register.unavailable.cancelled")}</p> : null}
      {event.status === "POSTPONED" ? <p className="notice">{t("register.unavailable.postponed")}</p> : null}
      <section className="panel" aria-labelledby="mine-heading">
        <h2 id="mine-heading">{t("register.mineTitle")}</h2>
        <p className={`registration-status registration-status--${registration.status.toLowerCase()}`}>
          {labels.participantStatus(t, registration.status, { position: registration.position ?? 0 })}
        </p>
        {waiting ? <p>{t("register.waitlistNext")}</p> : null}
        {registration.status === "CANCELLED" ? (
          <p>
            {registerAgain ? (
              <>
                {t("register.cancelledAgain")}{" "}
                <a className="button button--secondary" href={registerAgain}>
                  {t("register.registerAgain")}
                </a>
              </>
            ) : (
              t("register.cancelledClosed")
            )}
          </p>
        ) : null}
        <dl className="details details--plain">
          <dt>{t("register.fullName")}</dt>
          <dd>{registration.name}</dd>
          <dt>{t("register.category")}</dt>
          <dd>{labels.registrationCategory(t, registration.category)}</dd>
          {registration.phone ? (
            <>
              <dt>{t("register.phone")}</dt>
              <dd>{registration.phone}</dd>
            </>
          ) : null}
          {registration.email ? (
            <>
              <dt>{t("register.email")}</dt>
              <dd>{registration.email}</dd>
            </>
          ) : null}
        </dl>
        {editingContact ? (
          <ContactForm contact={contact} />
        ) : canUpdateContact ? (
          <p>
            <Link to="?contact=1" className="button button--secondary" preventScrollReset>
              {t("register.updateContact")}
            </Link>
          </p>
        ) : null}
        {qr ? (
          <figure className="check-in-code">
            <div className="check-in-code__qr" dangerouslySetInnerHTML={{ __html: qr }} />
            <figcaption>
              {t("register.checkInCode")} <strong className="code">{registration.checkInCode}</strong>
              <span className="muted small">{t("register.checkInHelp")}</span>
            </figcaption>
          </figure>
        ) : null}
        {calendar ? (
          <p className="actions">
            <a className="button button--secondary" href={`/registration/${token}.ics`} download>
              {t("register.addToCalendar")}
            </a>
          </p>
        ) : null}
      </section>
      {canCancel && confirmingCancel ? (
        <Form method="post" className="panel panel--notice" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">{waiting ? t("register.leaveWaitlistConfirm") : t("register.cancelConfirm")}</h2>
          <p>{waiting ? t("register.leaveWaitlistHelp") : t("register.cancelHelp")}</p>
          <input type="hidden" name="confirm" value="yes" />
          <div className="actions">
            <SubmitButton variant="danger">{waiting ? t("register.leaveWaitlistYes") : t("register.cancelYes")}</SubmitButton>
            <Link to={`/registration/${token}`} className="button button--secondary" preventScrollReset>
              {waiting ? t("register.keepWaiting") : t("register.keepPlace")}
            </Link>
          </div>
        </Form>
      ) : canCancel ? (
        <section className="panel" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{waiting ? t("register.leaveWaitlistTitle") : t("register.cancelTitle")}</h2>
          <p>{waiting ? t("register.leaveWaitlistHelp") : t("register.cancelHelp")}</p>
          <Link to="?cancel=1" className="button button--secondary">
            {waiting ? t("register.leaveWaitlist") : t("register.cancel")}
          </Link>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="keep-heading">
        <h2 id="keep-heading">{t("register.keepTitle")}</h2>
        <p className="muted small">{t("register.keepLink")}</p>
        <p className="actions">
          <a className="button button--secondary" href={saveToWhatsApp} target="_blank" rel="noopener noreferrer">
            {t("register.saveToWhatsApp")}
          </a>
        </p>
        <p className="muted small">{t("register.saveToWhatsAppHelp")}</p>
      </section>
    </div>
  );
}

/** The person's own phone and email, kept as typed when something is wrong with them. */
function ContactForm({ contact }: { contact: { phone: string; email: string } }) {
  const t = useT();
  const { token } = useParams();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "own-contact",
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    constraint: getZodConstraint(OwnContactSchema),
    defaultValue: contact,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OwnContactSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack" aria-labelledby="contact-heading">
      <h3 id="contact-heading">{t("register.updateContactTitle")}</h3>
      <p className="muted small">{t("register.updateContactHelp")}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="contact" />
      <TextField meta={fields.phone} label={t("register.phone")} type="tel" autoComplete="tel" help={t("register.phoneHelp")} />
      <TextField meta={fields.email} label={t("register.email")} type="email" autoComplete="email" />
      <div className="actions">
        <SubmitButton>{t("register.updateContactSave")}</SubmitButton>
        <Link to={`/registration/${token}`} className="button button--secondary" preventScrollReset>
          {t("register.keepDetails")}
        </Link>
      </div>
    </Form>
  );
}

// The token in this page's address must not reach other sites in a Referer; "same-origin" (not
// "no-referrer") still lets the cancel form say where it came from (server/same-origin.js).
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  ...namedTitle(data?.event.title),
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export function ErrorBoundary() {
  return <RouteError />;
}
