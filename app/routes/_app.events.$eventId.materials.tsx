import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { RadioGroupField } from "~/components/choice-fields";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/forms";
import { SignatureImage, SignaturePad } from "~/components/materials/signature-pad";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT, type MessageKey } from "~/modules/i18n/i18n";
import { eventMaterials, recordDelivery, reverseDelivery } from "~/modules/materials/deliveries.server";
import { DeliverySchema, RECIPIENT_TYPES, ReversalSchema } from "~/modules/materials/material-schema";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event, deliveries, participants, plan, people } = await eventMaterials(user, params.eventId!);
  return {
    event: { id: event.id, title: event.title, school: event.school?.name ?? null, state: event.state.name },
    deliveries,
    participants,
    plan,
    people,
    canDeliver: can(user, "write:delivery"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  if (formData.get("intent") === "reverse") {
    const submission = parseWithZod(formData, { schema: ReversalSchema });
    if (submission.status !== "success") return data({ form: "reverse", result: submission.reply() }, { status: 400 });
    const reversed = await reverseDelivery(user, params.eventId!, submission.value.deliveryId, submission.value.reason);
    return redirectWithToast(`/events/${params.eventId}/materials`, reversed ? { key: "toast.deliveryReversed" } : { kind: "error", key: "errors.delivery.alreadyReversed" });
  }
  const submission = parseWithZod(formData, { schema: DeliverySchema });
  if (submission.status !== "success") return data({ form: "deliver", result: submission.reply() }, { status: 400 });
  const result = await recordDelivery(user, params.eventId!, submission.value);
  if (!result.ok) return data({ form: "deliver", result: submission.reply({ fieldErrors: result.errors }) }, { status: 400 });
  return redirectWithToast(`/events/${params.eventId}/materials`, { key: "toast.deliveryRecorded" });
}

export default function EventMaterialsPage() {
  const { event, deliveries, participants, plan, people, canDeliver } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  const title = (m: { titleMs: string; titleEn: string }) => (language === "en" ? m.titleEn : m.titleMs);
  return (
    <>
      <p className="eyebrow">
        <Link to={`/events/${event.id}`}>{event.title}</Link>
      </p>
      <h1>{t("delivery.title")}</h1>
      <section className="panel" aria-labelledby="plan-heading">
        <h2 id="plan-heading">{t("delivery.plan")}</h2>
        <p className="small">{t("delivery.planHelp", { participants })}</p>
        <div className="table-wrap" role="region" aria-label={t("delivery.plan")} tabIndex={0}>
          <table className="table--stack">
            <caption className="visually-hidden">{t("delivery.plan")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("material.field.title")}</th>
                <th scope="col" className="num">
                  {t("delivery.suggested")}
                </th>
                <th scope="col" className="num">
                  {t("delivery.delivered")}
                </th>
                <th scope="col" className="num">
                  {t("delivery.inStock", { state: event.state })}
                </th>
              </tr>
            </thead>
            <tbody>
              {plan.map((m) => (
                <tr key={m.id} className={m.suggested > m.inStock + m.delivered ? "row--problem" : undefined}>
                  <td data-label={t("material.field.title")}>
                    <code>{m.code}</code> {title(m)}
                  </td>
                  <td className="num" data-label={t("delivery.suggested")}>
                    {m.suggested}
                  </td>
                  <td className="num" data-label={t("delivery.delivered")}>
                    <strong>{m.delivered}</strong>
                  </td>
                  <td className="num" data-label={t("delivery.inStock", { state: event.state })}>
                    {m.inStock} {m.unit}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {canDeliver ? <DeliveryForm plan={plan} people={people} hasSchool={Boolean(event.school)} /> : null}

      <section aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">{t("delivery.list")}</h2>
        {deliveries.length === 0 ? (
          <p className="empty">{t("delivery.none")}</p>
        ) : (
          <ul className="deliveries">
            {deliveries.map((d) => (
              <li key={d.id} className={`delivery${d.reversedAt ? " delivery--reversed" : ""}`}>
                <p>
                  <strong>
                    {d.quantity} {d.material.unit}
                  </strong>{" "}
                  {title(d.material)} → {d.recipientName} ({t(`delivery.recipient.${d.recipientType}` as MessageKey)})
                </p>
                <p className="muted small">
                  {formatMalaysia(d.deliveredAt, "dateTime", language)}
                  {d.deliveredBy ? ` · ${d.deliveredBy.name}` : ""}
                  {d.acknowledgedByName ? ` · ${t("delivery.acknowledgedBy", { name: [d.acknowledgedByName, d.acknowledgedByRole].filter(Boolean).join(", ") })}` : ""}
                </p>
                {d.signatureSvg ? <SignatureImage path={d.signatureSvg} label={t("delivery.signatureOf", { name: d.acknowledgedByName ?? "" })} /> : null}
                {d.reversedAt ? (
                  <p className="small">{t("delivery.reversed", { reason: d.reversalReason ?? "" })}</p>
                ) : canDeliver ? (
                  <Form method="post" className="inline-code">
                    <input type="hidden" name="intent" value="reverse" />
                    <input type="hidden" name="deliveryId" value={d.id} />
                    <label htmlFor={`reason-${d.id}`}>{t("delivery.reverseReason")}</label>
                    <input id={`reason-${d.id}`} name="reason" required maxLength={300} />
                    <button type="submit" className="button button--quiet">
                      {t("delivery.reverse")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function DeliveryForm({
  plan,
  people,
  hasSchool,
}: {
  plan: { id: string; code: string; titleMs: string; titleEn: string; unit: string; suggested: number }[];
  people: { id: string; name: string }[];
  hasSchool: boolean;
}) {
  const t = useT();
  const language = useLanguage();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "deliver",
    lastResult: actionData?.form === "deliver" ? actionData.result : undefined,
    defaultValue: { recipientType: hasSchool ? "PIBG" : "PERSON" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeliverySchema }),
  });
  const [recipientType, setRecipientType] = useState(String(fields.recipientType.initialValue ?? (hasSchool ? "PIBG" : "PERSON")));
  return (
    <section className="panel" aria-labelledby="deliver-heading">
      <h2 id="deliver-heading">{t("delivery.record")}</h2>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="row">
          <SelectField meta={fields.materialId} label={t("material.field.title")} placeholder={t("common.choose")} options={plan.map((m) => ({ value: m.id, label: `${m.code} · ${language === "en" ? m.titleEn : m.titleMs}` }))} />
          <TextField meta={fields.quantity} label={t("stock.quantity")} type="number" inputMode="numeric" min={1} />
        </div>
        <RadioGroupField
          meta={fields.recipientType}
          legend={t("delivery.recipient")}
          options={RECIPIENT_TYPES.filter((r) => hasSchool || r === "PERSON").map((r) => ({ value: r, label: t(`delivery.recipient.${r}` as MessageKey) }))}
          onChange={setRecipientType}
        />
        {recipientType === "PERSON" ? (
          <SelectField meta={fields.registrationId} label={t("delivery.participant")} placeholder={t("common.choose")} options={people.map((p) => ({ value: p.id, label: p.name }))} />
        ) : (
          <TextField meta={fields.recipientName} label={t("delivery.recipientName")} help={t("delivery.recipientNameHelp")} />
        )}
        <fieldset>
          <legend>{t("delivery.acknowledgement")}</legend>
          <div className="row">
            <TextField meta={fields.acknowledgedByName} label={t("delivery.receiverName")} />
            <TextField meta={fields.acknowledgedByRole} label={t("delivery.receiverRole")} />
            <TextField meta={fields.deliveredAt} label={t("delivery.deliveredAt")} help={t("delivery.deliveredAtHelp")} type="datetime-local" />
          </div>
          <SignaturePad name={fields.signature.name} />
        </fieldset>
        <SubmitButton>{t("delivery.save")}</SubmitButton>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "delivery.title");

export function ErrorBoundary() {
  return <RouteError />;
}

