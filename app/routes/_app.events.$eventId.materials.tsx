import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { RadioGroupField } from "~/components/choice-fields";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/forms";
import { SignatureImage, SignaturePad } from "~/components/materials/signature-pad";
import { FormToken, useFormToken } from "~/components/form-token";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { submitOnce } from "~/modules/audit/form-once.server";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { translateError, useLanguage, useT } from "~/modules/i18n/i18n";
import { eventMaterials, recordDelivery, reverseDelivery, saveMaterialPlan } from "~/modules/materials/deliveries.server";
import { DeliverySchema, MaterialPlanSchema, RECIPIENT_TYPES, ReversalSchema } from "~/modules/materials/material-schema";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event, deliveries, participants, plan, planSaved, people, staff } = await eventMaterials(user, params.eventId!);
  return {
    event: { id: event.id, title: event.title, school: event.school?.name ?? null, state: event.state.name },
    deliveries,
    participants,
    plan,
    planSaved,
    people,
    staff,
    me: user.id,
    canDeliver: can(user, "write:delivery"),
    canPlan: can(user, "write:stock"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  if (formData.get("intent") === "plan") {
    const submission = parseWithZod(formData, { schema: MaterialPlanSchema });
    if (submission.status !== "success") return data({ form: "plan", result: submission.reply() }, { status: 400 });
    const saved = await saveMaterialPlan(user, params.eventId!, submission.value.plan);
    if (!saved.ok) return data({ form: "plan", result: submission.reply({ formErrors: saved.errors[""] }) }, { status: 400 });
    return redirectWithToast(`/events/${params.eventId}/materials`, { key: "toast.materialPlanSaved" });
  }
  if (formData.get("intent") === "reverse") {
    const submission = parseWithZod(formData, { schema: ReversalSchema });
    if (submission.status !== "success") return data({ form: "reverse", result: submission.reply() }, { status: 400 });
    const reversed = await reverseDelivery(user, params.eventId!, submission.value.deliveryId, submission.value.reason);
    return redirectWithToast(
      `/events/${params.eventId}/materials`,
      reversed ? { key: "toast.deliveryReversed" } : { kind: "error", key: "errors.delivery.alreadyReversed" },
    );
  }
  // A delivery issues stock: a second tap on the same form is answered, not recorded again.
  const recorded = () => redirectWithToast(`/events/${params.eventId}/materials`, { key: "toast.deliveryRecorded" });
  return submitOnce(
    formData,
    async () => {
      const submission = parseWithZod(formData, { schema: DeliverySchema });
      if (submission.status !== "success") return data({ form: "deliver", result: submission.reply() }, { status: 400 });
      const result = await recordDelivery(user, params.eventId!, submission.value);
      if (!result.ok) return data({ form: "deliver", result: submission.reply({ fieldErrors: result.errors }) }, { status: 400 });
      return recorded();
    },
    recorded,
  );
}

export default function EventMaterialsPage() {
  const { event, deliveries, participants, plan, planSaved, people, staff, me, canDeliver, canPlan } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  const title = (m: { titleMs: string; titleEn: string }) => (language === "en" ? m.titleEn : m.titleMs);
  // A new token after each delivery recorded: the form starts empty again.
  const formToken = useFormToken();
  return (
    <>
      <p className="eyebrow">
        <Link to={`/events/${event.id}`}>{event.title}</Link>
      </p>
      <h1>{t("delivery.title")}</h1>
      <MaterialPlan
        eventId={event.id}
        plan={plan}
        planSaved={planSaved}
        participants={participants}
        state={event.state}
        canPlan={canPlan}
      />

      {canDeliver ? (
        <DeliveryForm key={formToken} plan={plan} people={people} staff={staff} me={me} hasSchool={Boolean(event.school)} />
      ) : null}

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
                  {title(d.material)} → {d.recipientName} ({labels.deliveryRecipient(t, d.recipientType)})
                </p>
                <p className="muted small">
                  {formatMalaysia(d.deliveredAt, "dateTime", language)}
                  {d.deliveredBy ? ` · ${d.deliveredBy.name}` : ""}
                  {d.acknowledgedByName
                    ? ` · ${t("delivery.acknowledgedBy", { name: [d.acknowledgedByName, d.acknowledgedByRole].filter(Boolean).join(", ") })}`
                    : ""}
                </p>
                {d.signatureSvg ? (
                  <SignatureImage path={d.signatureSvg} label={t("delivery.signatureOf", { name: d.acknowledgedByName ?? "" })} />
                ) : null}
                {d.reversedAt ? (
                  <p className="small">{t("delivery.reversed", { reason: d.reversalReason ?? "" })}</p>
                ) : d.canReverse ? (
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

type PlanRow = {
  id: string;
  code: string;
  titleMs: string;
  titleEn: string;
  unit: string;
  suggested: number;
  planned: number | null;
  delivered: number;
  inStock: number;
  short: number;
};

/**
 * What to take to the event: the suggestion from the numbers registered, the quantities planned
 * (saved, for the state office to pack), what has been handed over, and whether stock covers the rest.
 */
function MaterialPlan({
  eventId,
  plan,
  planSaved,
  participants,
  state,
  canPlan,
}: {
  eventId: string;
  plan: PlanRow[];
  planSaved: { at: Date; by: string | null } | null;
  participants: number;
  state: string;
  canPlan: boolean;
}) {
  const t = useT();
  const language = useLanguage();
  const actionData = useActionData<typeof action>();
  const result = actionData?.form === "plan" ? actionData.result : undefined;
  const submitted = ((result?.initialValue as { plan?: Record<string, string> } | undefined)?.plan ?? null) as Record<
    string,
    string
  > | null;
  const errors = (result?.error ?? {}) as Record<string, string[] | null>;
  // A field the page does not show (only a tampered form names one) is reported for the whole form.
  const shown = new Set(plan.map((m) => `plan.${m.id}`));
  const stray = Object.keys(errors).some((key) => key !== "" && !shown.has(key));
  const formErrors = errors[""] ?? (stray ? ["errors.materialPlan.unknownMaterial"] : null);
  const initial = (row: PlanRow) =>
    submitted
      ? (submitted[row.id] ?? "")
      : row.planned !== null
        ? String(row.planned)
        : planSaved
          ? ""
          : row.suggested > 0
            ? String(row.suggested)
            : "";
  const table = (
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
              {t("delivery.planned")}
            </th>
            <th scope="col" className="num">
              {t("delivery.delivered")}
            </th>
            <th scope="col" className="num">
              {t("delivery.inStock", { state })}
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.map((m) => {
            const title = language === "en" ? m.titleEn : m.titleMs;
            const fieldError = errors[`plan.${m.id}`]?.[0];
            return (
              <tr key={m.id} className={m.short > 0 ? "row--problem" : undefined}>
                <td data-label={t("material.field.title")}>
                  <code>{m.code}</code> {title}
                </td>
                <td className="num" data-label={t("delivery.suggested")}>
                  {m.suggested}
                </td>
                <td className="num" data-label={t("delivery.planned")}>
                  {canPlan ? (
                    <>
                      <input
                        className="input--count"
                        name={`plan.${m.id}`}
                        aria-label={t("delivery.plannedOf", { material: title })}
                        type="number"
                        inputMode="numeric"
                        min={0}
                        max={1_000_000}
                        defaultValue={initial(m)}
                        aria-invalid={fieldError ? true : undefined}
                        aria-describedby={fieldError ? `plan-${m.id}-error` : undefined}
                      />
                      {fieldError ? (
                        <span id={`plan-${m.id}-error`} className="field__errors">
                          {translateError(language, fieldError)}
                        </span>
                      ) : null}
                    </>
                  ) : (
                    (m.planned ?? "—")
                  )}
                </td>
                <td className="num" data-label={t("delivery.delivered")}>
                  <strong>{m.delivered}</strong>
                </td>
                <td className="num" data-label={t("delivery.inStock", { state })}>
                  {m.inStock} {m.unit}
                  {m.short > 0 ? <span className="small"> · {t("delivery.short", { short: m.short })}</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
  return (
    <section className="panel">
      <h2 id="plan-heading">{t("delivery.plan")}</h2>
      <p>
        <Link to={`/events/${eventId}/packing-list`} className="button button--secondary">
          {t("packing.open")}
        </Link>
      </p>
      <p className="small">{t("delivery.planHelp", { participants })}</p>
      <p className="small muted">
        {planSaved
          ? t("delivery.planSaved", { at: formatMalaysia(planSaved.at, "dateTime", language), by: planSaved.by ?? "—" })
          : t(canPlan ? "delivery.planNotSaved" : "delivery.planReadOnly")}
      </p>
      {canPlan ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="plan" />
          <FormErrors id="plan-errors" errors={formErrors ?? undefined} />
          {table}
          <SubmitButton>{t("delivery.savePlan")}</SubmitButton>
        </Form>
      ) : (
        table
      )}
    </section>
  );
}

function DeliveryForm({
  plan,
  people,
  staff,
  me,
  hasSchool,
}: {
  plan: PlanRow[];
  people: { id: string; name: string }[];
  staff: { id: string; name: string }[];
  me: string;
  hasSchool: boolean;
}) {
  const t = useT();
  const language = useLanguage();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "deliver",
    lastResult: actionData?.form === "deliver" ? actionData.result : undefined,
    defaultValue: { recipientType: hasSchool ? "PIBG" : "PERSON", deliveredById: me },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeliverySchema }),
  });
  const [recipientType, setRecipientType] = useState(String(fields.recipientType.initialValue ?? (hasSchool ? "PIBG" : "PERSON")));
  return (
    <section className="panel" aria-labelledby="deliver-heading">
      <h2 id="deliver-heading">{t("delivery.record")}</h2>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormToken />
        <div className="row">
          <SelectField
            meta={fields.materialId}
            label={t("material.field.title")}
            placeholder={t("common.choose")}
            options={plan.map((m) => ({ value: m.id, label: `${m.code} · ${language === "en" ? m.titleEn : m.titleMs}` }))}
          />
          <TextField meta={fields.quantity} label={t("stock.quantity")} type="number" inputMode="numeric" min={1} />
        </div>
        <RadioGroupField
          meta={fields.recipientType}
          legend={t("delivery.recipient")}
          options={RECIPIENT_TYPES.filter((r) => hasSchool || r === "PERSON").map((r) => ({
            value: r,
            label: labels.deliveryRecipient(t, r),
          }))}
          onChange={setRecipientType}
        />
        {recipientType === "PERSON" ? (
          <SelectField
            meta={fields.registrationId}
            label={t("delivery.participant")}
            placeholder={t("common.choose")}
            options={people.map((p) => ({ value: p.id, label: p.name }))}
          />
        ) : (
          <TextField meta={fields.recipientName} label={t("delivery.recipientName")} help={t("delivery.recipientNameHelp")} />
        )}
        <fieldset>
          <legend>{t("delivery.acknowledgement")}</legend>
          <div className="row">
            <TextField meta={fields.acknowledgedByName} label={t("delivery.receiverName")} />
            <TextField meta={fields.acknowledgedByRole} label={t("delivery.receiverRole")} />
            <TextField
              meta={fields.deliveredAt}
              label={t("delivery.deliveredAt")}
              help={t("delivery.deliveredAtHelp")}
              type="datetime-local"
            />
          </div>
          <SelectField
            meta={fields.deliveredById}
            label={t("delivery.deliveredBy")}
            options={staff.map((s) => ({ value: s.id, label: s.name }))}
          />
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
