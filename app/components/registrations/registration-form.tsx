import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { FormToken } from "~/components/form-token";
import { CheckboxField, FormErrors, SelectField, SubmitButton, TextField } from "~/components/forms";
import { REGISTRATION_CATEGORIES } from "~/modules/events/event-rules";
import { useT } from "~/modules/i18n/i18n";
import { EditRegistrationSchema, REGISTRATION_STATUSES, StaffRegistrationSchema } from "~/modules/registrations/registration-schema";
import { labels } from "~/modules/i18n/labels";

type Props = {
  mode: "add" | "edit";
  lastResult?: SubmissionResult<string[]>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  defaultValue?: Record<string, any>;
  categories: string[];
  /** False before check-in opens: nobody can be marked present yet (unless they already are). */
  attendanceOpen: boolean;
  submitLabel: string;
};

/** Staff form for adding or correcting a registration. */
export function RegistrationForm({ mode, lastResult, defaultValue, categories, attendanceOpen, submitLabel }: Props) {
  const t = useT();
  const schema = mode === "add" ? StaffRegistrationSchema : EditRegistrationSchema;
  const [form, fields] = useForm({
    id: "registration",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const statuses = (mode === "add" ? (["REGISTERED", "WAITLISTED", "ATTENDED"] as const) : REGISTRATION_STATUSES).filter(
    (s) => s !== "ATTENDED" || attendanceOpen || defaultValue?.status === "ATTENDED",
  );
  const offered = REGISTRATION_CATEGORIES.filter((c) => categories.includes(c) || defaultValue?.category === c);
  return (
    <Form method="post" {...getFormProps(form)} className="stack form-grid">
      <FormErrors id={form.errorId} errors={form.errors} />
      <FormToken />
      <TextField meta={fields.fullName} label={t("register.fullName")} />
      <div className="row">
        <TextField meta={fields.phone} label={t("register.phone")} type="tel" inputMode="tel" />
        <TextField meta={fields.email} label={t("register.email")} type="email" />
      </div>
      <div className="row">
        <SelectField
          meta={fields.category}
          label={t("registrations.category")}
          placeholder={t("common.choose")}
          options={offered.map((c) => ({ value: c, label: labels.registrationCategory(t, c) }))}
        />
        <SelectField
          meta={fields.status}
          label={t("event.field.status")}
          options={statuses.map((s) => ({ value: s, label: labels.registrationStatus(t, s) }))}
        />
        <SelectField
          meta={fields.language}
          label={t("register.language")}
          options={[
            { value: "ms", label: "Bahasa Melayu" },
            { value: "en", label: "English" },
          ]}
        />
      </div>
      <div className="row">
        <TextField meta={fields.organisation} label={t("register.organisation")} />
        <TextField meta={fields.pibgRole} label={t("register.pibgRole")} />
      </div>
      {mode === "add" ? <CheckboxField meta={fields.consent} label={t("registrations.consentInformed")} /> : null}
      <div>
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
