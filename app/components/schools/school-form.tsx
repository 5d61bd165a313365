import { FormToken } from "~/components/form-token";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { FormErrors, SelectField, SubmitButton, TextareaField, TextField } from "~/components/forms";
import { useT } from "~/modules/i18n/i18n";
import { SCHOOL_LEVELS, SCHOOL_TYPES, SchoolSchema } from "~/modules/schools/school-schema";
import { labels } from "~/modules/i18n/labels";

type Props = {
  lastResult?: SubmissionResult<string[]>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  defaultValue?: Record<string, any>;
  states: { code: string; name: string }[];
  districts: { name: string; stateCode: string }[];
  submitLabel: string;
};

export function SchoolForm({ lastResult, defaultValue, states, districts, submitLabel }: Props) {
  const t = useT();
  const [form, fields] = useForm({
    id: "school",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(SchoolSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SchoolSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack form-grid">
      <FormErrors id={form.errorId} errors={form.errors} />
      <FormToken />
      <div className="row">
        <TextField meta={fields.code} label={t("school.field.code")} help={t("school.field.codeHelp")} autoCapitalize="characters" />
        <TextField meta={fields.name} label={t("school.field.name")} />
      </div>
      <div className="row">
        <SelectField
          meta={fields.type}
          label={t("school.field.type")}
          placeholder={t("common.choose")}
          options={SCHOOL_TYPES.map((v) => ({ value: v, label: v }))}
        />
        <SelectField
          meta={fields.level}
          label={t("school.field.level")}
          placeholder={t("common.choose")}
          options={SCHOOL_LEVELS.map((v) => ({ value: v, label: labels.schoolLevel(t, v) }))}
        />
      </div>
      <div className="row">
        <SelectField
          meta={fields.stateCode}
          label={t("school.field.state")}
          placeholder={t("common.choose")}
          options={states.map((s) => ({ value: s.code, label: s.name }))}
        />
        <TextField meta={fields.district} label={t("school.field.district")} list="district-choices" autoComplete="off" />
        <datalist id="district-choices">
          {districts.map((d) => (
            <option key={`${d.stateCode}-${d.name}`} value={d.name} />
          ))}
        </datalist>
      </div>
      <TextareaField meta={fields.address} label={t("school.field.address")} />
      <div className="row">
        <TextField meta={fields.postcode} label={t("school.field.postcode")} inputMode="numeric" />
        <TextField meta={fields.town} label={t("school.field.town")} />
      </div>
      <div className="row">
        <TextField meta={fields.phone} label={t("school.field.phone")} type="tel" />
        <TextField meta={fields.email} label={t("school.field.email")} type="email" />
      </div>
      <div className="row">
        <TextField meta={fields.headTeacherName} label={t("school.field.headTeacher")} />
        <TextField meta={fields.enrolment} label={t("school.field.enrolment")} type="number" inputMode="numeric" />
        <TextField meta={fields.teachers} label={t("school.field.teachers")} type="number" inputMode="numeric" />
      </div>
      <div>
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
