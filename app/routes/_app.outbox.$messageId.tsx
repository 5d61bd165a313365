import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { messageDetail, retryMessage } from "~/modules/mail/outbox-view.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";
import { formatMobile } from "~/modules/people/contact";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const detail = await messageDetail(user, params.messageId!);
  return { ...detail, canRetry: can(user, "send:email") && detail.message.status === "FAILED" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const retried = await retryMessage(user, params.messageId!);
  return redirectWithToast(
    `/outbox/${params.messageId}`,
    retried ? { key: "toast.messageRetried" } : { kind: "error", key: "errors.outbox.notFailed" },
  );
}

export default function MessagePage() {
  const { message, subject, html, text, whatsApp, attachments, canRetry } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  return (
    <>
      <p className="eyebrow">
        <Link to="/outbox">{t("outbox.title")}</Link>
      </p>
      <h1>{subject ?? labels.messageTemplate(t, message.template)}</h1>
      <dl className="details">
        <dt>{t("outbox.to")}</dt>
        <dd>
          {message.channel === "WHATSAPP"
            ? `${message.toName ?? ""} · ${t("outbox.channel.WHATSAPP")} ${formatMobile(message.toPhone) ?? ""}`
            : `${message.toName ?? ""} <${message.toEmail ?? ""}>`}{" "}
          · {message.language.toUpperCase()}
        </dd>
        <dt>{t("event.field.status")}</dt>
        <dd>
          {labels.messageStatus(t, message.status)}
          {message.sentAt ? ` · ${formatMalaysia(message.sentAt, "dateTime", language)}` : ""}
        </dd>
        {message.deliveredAt || message.readAt ? (
          <>
            <dt>{t("outbox.delivered")}</dt>
            <dd>
              {message.deliveredAt ? formatMalaysia(message.deliveredAt, "dateTime", language) : ""}
              {message.readAt ? ` · ${t("outbox.read")} ${formatMalaysia(message.readAt, "dateTime", language)}` : ""}
            </dd>
          </>
        ) : null}
        <dt>{t("outbox.attempts")}</dt>
        <dd>
          {message.attempts} / {message.maxAttempts}
        </dd>
        {message.lastError ? (
          <>
            <dt>{t("outbox.error")}</dt>
            <dd className="field__errors">{message.lastError}</dd>
          </>
        ) : null}
        <dt>Message-ID</dt>
        <dd>
          <code>{message.messageIdHeader}</code>
        </dd>
        {message.event ? (
          <>
            <dt>{t("email.event")}</dt>
            <dd>
              <Link to={`/events/${message.event.id}`}>{message.event.title}</Link>
            </dd>
          </>
        ) : null}
        {attachments.length ? (
          <>
            <dt>{t("outbox.attachments")}</dt>
            <dd>{attachments.join(", ")}</dd>
          </>
        ) : null}
      </dl>
      {canRetry ? (
        <Form method="post" className="panel">
          <p>{t("outbox.retryHelp")}</p>
          <SubmitButton>{t("outbox.retry")}</SubmitButton>
        </Form>
      ) : null}
      {whatsApp ? (
        whatsApp.body ? (
          <section aria-labelledby="preview-heading">
            <h2 id="preview-heading">{t("outbox.preview")}</h2>
            {whatsApp.template ? <p className="muted small">{t("outbox.whatsappTemplate", { name: whatsApp.template })}</p> : null}
            <pre className="email-text">{whatsApp.body}</pre>
          </section>
        ) : (
          <p className="notice">{t("outbox.notApplicable")}</p>
        )
      ) : html ? (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t("outbox.preview")}</h2>
          <iframe title={t("outbox.preview")} srcDoc={html} sandbox="" className="email-preview" />
          <details>
            <summary>{t("outbox.plainText")}</summary>
            <pre className="email-text">{text}</pre>
          </details>
        </section>
      ) : (
        <p className="notice">{t("outbox.notApplicable")}</p>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "outbox.title");

export function ErrorBoundary() {
  return <RouteError />;
}
