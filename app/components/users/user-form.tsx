import { FormToken } from "~/components/form-token";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { CheckboxField, FormErrors, SelectField, SubmitButton, TextField } from "~/components/forms";
import { ROLES } from "~/modules/auth/permissions";
import { useT } from "~/modules/i18n/i18n";
import { EditUserSchema, NewUserSchema, PASSWORD_MIN } from "~/modules/users/user-schema";
import { labels } from "~/modules/i18n/labels";

type Props = {
  mode: "new" | "edit";
  lastResult?: SubmissionResult<string[]>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  defaultValue?: Record<string, any>;
  states: { code: string; name: string }[];
  submitLabel: string;
};

export function UserForm({ mode, lastResult, defaultValue, states, submitLabel }: Props) {
  const t = useT();
  const schema = mode === "new" ? NewUserSchema : EditUserSchema;
  const [form, fields] = useForm({
    id: "user",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack form-grid">
      <FormErrors id={form.errorId} errors={form.errors} />
      <FormToken />
      <div className="row">
        <TextField meta={fields.name} label={t("account.name")} />
        <TextField meta={fields.email} label={t("signIn.email")} type="email" autoComplete="off" />
      </div>
      <div className="row">
        <SelectField meta={fields.role} label={t("account.role")} options={ROLES.map((r) => ({ value: r, label: labels.role(t, r) }))} />
        <SelectField
          meta={fields.stateCode}
          label={t("user.field.state")}
          help={t("user.field.stateHelp")}
          placeholder={t("account.national")}
          options={states.map((s) => ({ value: s.code, label: s.name }))}
        />
        <TextField meta={fields.schoolCode} label={t("user.field.school")} help={t("user.field.schoolHelp")} autoCapitalize="characters" />
      </div>
      <TextField
        meta={fields.password}
        label={mode === "new" ? t("user.field.password") : t("user.field.resetPassword")}
        type="password"
        autoComplete="new-password"
        help={t("account.passwordRuleN", { min: PASSWORD_MIN })}
      />
      <CheckboxField meta={fields.active} label={t("user.field.active")} />
      <div>
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
