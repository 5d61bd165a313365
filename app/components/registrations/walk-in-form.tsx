import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { FormToken } from "~/components/form-token";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { useT } from "~/modules/i18n/i18n";
import { StaffRegistrationSchema, type StaffRegistrationInput } from "~/modules/registrations/registration-schema";
import { labels } from "~/modules/i18n/labels";

/**
 * Someone who turns up without registering. The phone checks the form with the same schema as
 * the server (a bad phone number is caught here, beside the field, before anything is queued)
 * and keeps what was typed until it is valid. Without JavaScript the form posts to the page's
 * action, whose answer (`lastResult`) shows the same messages.
 */
export function WalkInForm({
  categories,
  lastResult,
  onQueue,
}: {
  categories: string[];
  lastResult?: SubmissionResult<string[]>;
  /** With JavaScript: queue the walk-in on the phone instead of posting the form. */
  onQueue: (walkIn: StaffRegistrationInput) => void;
}) {
  const t = useT();
  const [form, fields] = useForm({
    id: "walk-in",
    lastResult,
    defaultValue: { category: categories[0], language: "ms", consent: "on" },
    constraint: getZodConstraint(StaffRegistrationSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StaffRegistrationSchema }),
    // Only called once the phone's check passed.
    onSubmit(event, { submission }) {
      event.preventDefault();
      if (submission?.status !== "success") return;
      onQueue(submission.value);
      // The form's own reset: conform hears it and clears its state too.
      event.currentTarget.reset();
    },
  });
  return (
    <section className="panel" aria-labelledby="walk-in-heading">
      <h2 id="walk-in-heading">{t("checkIn.walkIn")}</h2>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormToken />
        <div className="row">
          <TextField meta={fields.fullName} label={t("register.fullName")} autoComplete="off" />
          <TextField meta={fields.phone} label={t("register.phone")} type="tel" inputMode="tel" autoComplete="off" />
          <SelectField
            meta={fields.category}
            label={t("registrations.category")}
            options={categories.map((c) => ({ value: c, label: labels.registrationCategory(t, c) }))}
          />
          <TextField meta={fields.organisation} label={t("register.organisation")} autoComplete="off" />
        </div>
        <input type="hidden" name="language" value="ms" />
        <input type="hidden" name="consent" value="on" />
        <p className="muted small">{t("checkIn.walkInNotice")}</p>
        <div>
          <button type="submit" name="intent" value="walk-in" className="button button--primary">
            {t("checkIn.addWalkIn")}
          </button>
        </div>
      </Form>
    </section>
  );
}
