import { FormToken } from "~/components/form-token";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { CheckboxField, FieldErrors, FormErrors, SelectField, SubmitButton, TextareaField, TextField } from "~/components/forms";
import { useT } from "~/modules/i18n/i18n";
import { AUDIENCES, MATERIAL_KINDS, MATERIAL_LANGUAGES, MaterialSchema } from "~/modules/materials/material-schema";
import { labels } from "~/modules/i18n/labels";

type Props = {
  lastResult?: SubmissionResult<string[]>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  defaultValue?: Record<string, any>;
  fileError?: string;
  currentFile?: { name: string; size: number } | null;
  maxMb: number;
  submitLabel: string;
};

export function MaterialForm({ lastResult, defaultValue, fileError, currentFile, maxMb, submitLabel }: Props) {
  const t = useT();
  const [form, fields] = useForm({
    id: "material",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(MaterialSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MaterialSchema }),
  });
  const chosen = (name: "languages" | "audiences") => new Set((fields[name].initialValue as string[] | undefined) ?? []);
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack form-grid">
      <FormErrors id={form.errorId} errors={form.errors} />
      <FormToken />
      <div className="row">
        <TextField meta={fields.code} label={t("material.field.code")} help={t("material.field.codeHelp")} autoCapitalize="characters" />
        <SelectField
          meta={fields.kind}
          label={t("material.field.kind")}
          placeholder={t("common.choose")}
          options={MATERIAL_KINDS.map((k) => ({ value: k, label: labels.materialKind(t, k) }))}
        />
        <TextField meta={fields.unit} label={t("material.field.unit")} help={t("material.field.unitHelp")} />
      </div>
      <div className="row">
        <TextField meta={fields.titleMs} label={t("material.field.titleMs")} />
        <TextField meta={fields.titleEn} label={t("material.field.titleEn")} />
      </div>
      <div className="row">
        <TextareaField meta={fields.descriptionMs} label={t("material.field.descriptionMs")} />
        <TextareaField meta={fields.descriptionEn} label={t("material.field.descriptionEn")} />
      </div>
      {(["languages", "audiences"] as const).map((name) => (
        <fieldset key={name}>
          <legend>{name === "languages" ? t("material.field.languages") : t("material.field.audiences")}</legend>
          <ul className="checkbox-list checkbox-list--inline">
            {(name === "languages" ? MATERIAL_LANGUAGES : AUDIENCES).map((v) => (
              <li key={v}>
                <label>
                  <input type="checkbox" name={name} value={v} defaultChecked={chosen(name).has(v)} />{" "}
                  {name === "languages" ? labels.materialLanguage(t, v) : labels.materialAudience(t, v)}
                </label>
              </li>
            ))}
          </ul>
          <FieldErrors id={fields[name].errorId} errors={fields[name].errors} />
        </fieldset>
      ))}
      <fieldset>
        <legend>{t("material.digital")}</legend>
        <p className="field__help">{t("material.digitalHelp", { max: maxMb })}</p>
        <div className="field">
          <label htmlFor="material-file">{t("material.field.file")}</label>
          {currentFile ? (
            <p className="small">{t("material.currentFile", { name: currentFile.name, size: Math.ceil(currentFile.size / 1024) })}</p>
          ) : null}
          <input
            id="material-file"
            name="file"
            type="file"
            accept="application/pdf,image/png,image/jpeg,image/webp"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? "material-file-error" : undefined}
          />
          <FieldErrors id="material-file-error" errors={fileError ? [fileError] : undefined} />
        </div>
        <TextField meta={fields.url} label={t("material.field.url")} type="url" />
      </fieldset>
      <CheckboxField meta={fields.active} label={t("material.field.active")} />
      <div>
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
