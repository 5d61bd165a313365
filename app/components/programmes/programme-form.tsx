import { FormToken } from "~/components/form-token";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { CheckboxField, FieldErrors, FormErrors, SelectField, SubmitButton, TextareaField, TextField } from "~/components/forms";
import { useT } from "~/modules/i18n/i18n";
import { ProgrammeSchema } from "~/modules/programmes/programme-schema";

type Props = {
  lastResult?: SubmissionResult<string[]>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  defaultValue?: Record<string, any>;
  states: { code: string; name: string }[];
  coordinators: { id: string; name: string }[];
  allowNational: boolean;
  submitLabel: string;
};

export function ProgrammeForm({ lastResult, defaultValue, states, coordinators, allowNational, submitLabel }: Props) {
  const t = useT();
  const [form, fields] = useForm({
    id: "programme",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(ProgrammeSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProgrammeSchema }),
  });
  const chosen = new Set((fields.coordinatorIds.initialValue as string[] | undefined) ?? []);
  return (
    <Form method="post" {...getFormProps(form)} className="stack form-grid">
      <FormErrors id={form.errorId} errors={form.errors} />
      <FormToken />
      <TextField meta={fields.title} label={t("programme.field.title")} />
      <div className="row">
        <TextField meta={fields.year} label={t("programme.field.year")} type="number" inputMode="numeric" />
        <SelectField
          meta={fields.stateCode}
          label={t("programme.field.state")}
          placeholder={allowNational ? t("programme.national") : undefined}
          options={states.map((s) => ({ value: s.code, label: s.name }))}
        />
      </div>
      <TextareaField meta={fields.description} label={t("programme.field.description")} rows={4} />
      <fieldset className="row">
        <legend>{t("programme.targets")}</legend>
        <TextField meta={fields.targetSchools} label={t("programme.field.targetSchools")} type="number" inputMode="numeric" />
        <TextField meta={fields.targetParticipants} label={t("programme.field.targetParticipants")} type="number" inputMode="numeric" />
        <TextField meta={fields.targetChildren} label={t("programme.field.targetChildren")} type="number" inputMode="numeric" />
        <TextField meta={fields.targetMaterials} label={t("programme.field.targetMaterials")} type="number" inputMode="numeric" />
      </fieldset>
      <fieldset>
        <legend>{t("programme.field.coordinators")}</legend>
        {coordinators.length === 0 ? <p className="muted">{t("programme.noCoordinators")}</p> : null}
        <ul className="checkbox-list">
          {coordinators.map((c) => (
            <li key={c.id}>
              <label>
                <input type="checkbox" name={fields.coordinatorIds.name} value={c.id} defaultChecked={chosen.has(c.id)} /> {c.name}
              </label>
            </li>
          ))}
        </ul>
        <FieldErrors id={fields.coordinatorIds.errorId} errors={fields.coordinatorIds.errors} />
      </fieldset>
      <CheckboxField
        meta={fields.approvalRequired}
        label={t("programme.field.approvalRequired")}
        help={t("programme.field.approvalRequiredHelp")}
      />
      <div>
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
