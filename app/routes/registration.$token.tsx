import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { EventSummary } from "~/components/registrations/event-summary";
import { RouteError } from "~/components/route-error";
import { useT, type MessageKey } from "~/modules/i18n/i18n";
import { formatMobile } from "~/modules/people/contact";
import { cancelRegistration, registrationByToken } from "~/modules/registrations/manage.server";
import { checkInPayload, qrSvg } from "~/modules/registrations/qr-code.server";
import { invariantResponse } from "~/utils/invariant";
import { namedTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const registration = await registrationByToken(params.token ?? "");
  invariantResponse(registration, "Registration not found");
  const seated = registration.status === "REGISTERED" || registration.status === "WAITLISTED" || registration.status === "ATTENDED";
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
    qr:
      seated && registration.event.status !== "CANCELLED"
        ? await qrSvg(checkInPayload(registration.checkInCode), registration.checkInCode)
        : null,
    canCancel:
      (registration.status === "REGISTERED" || registration.status === "WAITLISTED") && new Date(registration.event.startsAt) > new Date(),
  };
}

export async function action({ params }: ActionFunctionArgs) {
  const registration = await registrationByToken(params.token ?? "");
  invariantResponse(registration, "Registration not found");
  // The page hides the button once the session has started; the rule holds for a replayed form too.
  if (new Date(registration.event.startsAt) <= new Date())
    return redirectWithToast(`/registration/${params.token}`, { kind: "error", key: "errors.registration.tooLateToCancel" });
  await cancelRegistration(registration.id, null);
  return redirectWithToast(`/registration/${params.token}`, { key: "toast.registrationCancelled" });
}

export default function MyRegistrationPage() {
  const { registration, event, qr, canCancel } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const { token } = useParams();
  const statusKey = `register.status.${registration.status}` as MessageKey;
  return (
    <div className="public-page">
      {params.get("new") ? (
        <p className="toast toast--success" role="status">
          {registration.status === "WAITLISTED"
            ? t("register.waitlistedNow", { position: registration.position ?? 0 })
            : t("register.registeredNow")}
        </p>
      ) : null}
      <EventSummary event={event} headingLevel={1} />
      {event.status === "CANCELLED" ? <p className="notice">{t("register.unavailable.cancelled")}</p> : null}
      {event.status === "POSTPONED" ? <p className="notice">{t("register.unavailable.postponed")}</p> : null}
      <section className="panel" aria-labelledby="mine-heading">
        <h2 id="mine-heading">{t("register.mineTitle")}</h2>
        <p className={`registration-status registration-status--${registration.status.toLowerCase()}`}>
          {t(statusKey, { position: registration.position ?? 0 })}
        </p>
        <dl className="details details--plain">
          <dt>{t("register.fullName")}</dt>
          <dd>{registration.name}</dd>
          <dt>{t("register.category")}</dt>
          <dd>{t(`registration.category.${registration.category}` as MessageKey)}</dd>
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
        {qr ? (
          <figure className="check-in-code">
            <div className="check-in-code__qr" dangerouslySetInnerHTML={{ __html: qr }} />
            <figcaption>
              {t("register.checkInCode")} <strong className="code">{registration.checkInCode}</strong>
              <span className="muted small">{t("register.checkInHelp")}</span>
            </figcaption>
          </figure>
        ) : null}
        <p className="actions">
          <a className="button button--secondary" href={`/registration/${token}.ics`} download>
            {t("register.addToCalendar")}
          </a>
        </p>
      </section>
      {canCancel ? (
        <Form method="post" className="panel">
          <h2>{t("register.cancelTitle")}</h2>
          <p>{t("register.cancelHelp")}</p>
          <SubmitButton variant="danger">{t("register.cancel")}</SubmitButton>
        </Form>
      ) : null}
      <p className="muted small">{t("register.keepLink")}</p>
    </div>
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
