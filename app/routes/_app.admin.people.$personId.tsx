import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/forms";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { formatMobile } from "~/modules/people/contact";
import { erasePerson } from "~/modules/privacy/erasure.server";
import { CorrectionSchema, correctPerson, personRecord } from "~/modules/privacy/privacy.server";
import { readFormData } from "~/utils/form-data.server";
import { namedTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const person = await personRecord(user, params.personId!);
  return {
    person: {
      ...person,
      phone: formatMobile(person.phoneE164),
      language: person.registrations.at(-1)?.language ?? "ms",
      registrations: person.registrations.map((r) => ({ ...r, phone: formatMobile(r.phoneE164) })),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  if (formData.get("intent") === "erase") {
    if (formData.get("confirm") !== "on")
      return data({ form: "erase", result: undefined, confirmError: "errors.privacy.confirmErase" }, { status: 400 });
    await erasePerson(user, params.personId!);
    return redirectWithToast("/admin/people", { key: "toast.personErased" });
  }
  const submission = parseWithZod(formData, { schema: CorrectionSchema });
  if (submission.status !== "success")
    return data({ form: "correct", result: submission.reply(), confirmError: undefined }, { status: 400 });
  const result = await correctPerson(user, params.personId!, submission.value);
  if (!result.ok)
    return data({ form: "correct", result: submission.reply({ fieldErrors: result.errors }), confirmError: undefined }, { status: 400 });
  return redirectWithToast(`/admin/people/${params.personId}`, { key: "toast.personCorrected" });
}

export default function PersonPage() {
  const { person } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const language = useLanguage();
  const [form, fields] = useForm({
    id: "correct",
    lastResult: actionData?.form === "correct" ? actionData.result : undefined,
    defaultValue: {
      fullName: person.fullName,
      phone: person.phone,
      email: person.email ?? "",
      language: person.language,
    },
    shouldValidate: "onSubmit",
  });
  const erased = Boolean(person.erasedAt);
  return (
    <>
      <p className="eyebrow">
        <Link to="/admin/people">{t("privacy.peopleTitle")}</Link>
      </p>
      <h1>{person.fullName}</h1>
      {erased ? <p className="notice">{t("privacy.erasedOn", { date: formatMalaysia(person.erasedAt!, "date", language) })}</p> : null}
      <p className="actions">
        <a className="button button--secondary" href={`/admin/people/${person.id}/export?format=json`} download>
          {t("privacy.exportJson")}
        </a>
        <a className="button button--secondary" href={`/admin/people/${person.id}/export?format=csv`} download>
          {t("privacy.exportCsv")}
        </a>
      </p>
      <section className="panel" aria-labelledby="held-heading">
        <h2 id="held-heading">{t("privacy.held")}</h2>
        <dl className="details details--plain">
          <dt>{t("register.phone")}</dt>
          <dd>{person.phone || "—"}</dd>
          <dt>{t("register.email")}</dt>
          <dd>{person.email ?? "—"}</dd>
          <dt>{t("privacy.unsubscribed")}</dt>
          <dd>{person.unsubscribedAt ? formatMalaysia(person.unsubscribedAt, "date", language) : "—"}</dd>
        </dl>
        <h3>{t("privacy.consents")}</h3>
        <ul>
          {person.consents.map((c) => (
            <li key={c.id}>
              {c.kind === "WHATSAPP"
                ? t(c.withdrawnAt ? "privacy.whatsappConsentWithdrawn" : "privacy.whatsappConsentLine", {
                    method: c.method,
                    date: formatMalaysia(c.acceptedAt, "dateTime", language),
                    withdrawn: c.withdrawnAt ? formatMalaysia(c.withdrawnAt, "dateTime", language) : "",
                  })
                : t("privacy.consentLine", {
                    version: c.noticeVersion,
                    method: c.method,
                    date: formatMalaysia(c.acceptedAt, "dateTime", language),
                  })}
            </li>
          ))}
        </ul>
        <h3>{t("registrations.title")}</h3>
        <ul>
          {person.registrations.map((r) => (
            <li key={r.id}>
              <Link to={`/events/${r.event.id}`}>{r.event.title}</Link> · {formatMalaysia(r.event.startsAt, "date", language)} ·{" "}
              {labels.registrationCategory(t, r.category)} · {labels.registrationStatus(t, r.status)}
              <br />
              <span className="muted small">
                {t("privacy.registrationDetails")}: {[r.fullName, r.phone, r.email, r.organisation].filter(Boolean).join(" · ")}
              </span>
            </li>
          ))}
        </ul>
        {person.deliveries.length ? (
          <>
            <h3>{t("delivery.list")}</h3>
            <ul>
              {person.deliveries.map((d) => (
                <li key={d.id}>
                  {d.quantity} × {d.material.code} {d.material.titleMs} · {d.event.title}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3>{t("outbox.title")}</h3>
        <ul>
          {person.messages.map((m) => (
            <li key={m.id}>
              {labels.messageTemplate(t, m.template)} · {labels.messageStatus(t, m.status)} ·{" "}
              {formatMalaysia(m.createdAt, "dateTime", language)}
            </li>
          ))}
        </ul>
      </section>
      {!erased ? (
        <>
          <section className="panel" aria-labelledby="correct-heading">
            <h2 id="correct-heading">{t("privacy.correct")}</h2>
            <p className="muted small">{t("privacy.correctHelp")}</p>
            <Form method="post" {...getFormProps(form)} className="stack">
              <FormErrors id={form.errorId} errors={form.errors} />
              <input type="hidden" name="intent" value="correct" />
              <div className="row">
                <TextField meta={fields.fullName} label={t("register.fullName")} />
                <TextField meta={fields.phone} label={t("register.phone")} type="tel" />
                <TextField meta={fields.email} label={t("register.email")} type="email" />
              </div>
              <div className="row">
                <SelectField
                  meta={fields.language}
                  label={t("register.language")}
                  options={[
                    { value: "ms", label: "Bahasa Melayu" },
                    { value: "en", label: "English" },
                  ]}
                />
              </div>
              <SubmitButton>{t("common.save")}</SubmitButton>
            </Form>
          </section>
          <section className="panel panel--error" aria-labelledby="erase-heading">
            <h2 id="erase-heading">{t("privacy.erase")}</h2>
            <p>{t("privacy.eraseHelp")}</p>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="erase" />
              <div className="field field--checkbox">
                <input
                  type="checkbox"
                  id="confirm"
                  name="confirm"
                  value="on"
                  aria-describedby={actionData?.confirmError ? "confirm-error" : undefined}
                />
                <label htmlFor="confirm">{t("privacy.eraseConfirm", { name: person.fullName })}</label>
                {actionData?.confirmError ? (
                  <p id="confirm-error" className="field__errors">
                    {t("errors.privacy.confirmErase")}
                  </p>
                ) : null}
              </div>
              <SubmitButton variant="danger">{t("privacy.eraseButton")}</SubmitButton>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => namedTitle(data?.person.fullName);

export function ErrorBoundary() {
  return <RouteError />;
}
