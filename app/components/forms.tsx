import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { translateError, useLanguage } from "~/modules/i18n/i18n";

// Field components accept any field: form schemas preprocess raw strings, so their input types are unknown.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyField = FieldMetadata<any, any, string[]>;

type InputType = "text" | "email" | "tel" | "number" | "date" | "datetime-local" | "password" | "url" | "search" | "file";

/** The messages under a field, translated (schemas carry message keys, not text). */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const language = useLanguage();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field__errors">
      {errors.map((error) => (
        <li key={error}>{translateError(language, error)}</li>
      ))}
    </ul>
  );
}

function describedBy(meta: AnyField, help?: ReactNode) {
  return [meta.errors?.length ? meta.errorId : null, help ? meta.descriptionId : null].filter(Boolean).join(" ") || undefined;
}

export function TextField({
  meta,
  label,
  type = "text",
  help,
  ...rest
}: {
  meta: AnyField;
  label: ReactNode;
  type?: InputType;
  help?: ReactNode;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "type">) {
  const props = getInputProps(meta, { type: type as "text", ariaAttributes: true });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {help ? (
        <p id={meta.descriptionId} className="field__help">
          {help}
        </p>
      ) : null}
      <input {...props} {...rest} aria-describedby={describedBy(meta, help)} key={props.key} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextareaField({
  meta,
  label,
  help,
  ...rest
}: {
  meta: AnyField;
  label: ReactNode;
  help?: ReactNode;
} & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const props = getTextareaProps(meta, { ariaAttributes: true });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {help ? (
        <p id={meta.descriptionId} className="field__help">
          {help}
        </p>
      ) : null}
      <textarea rows={3} {...props} {...rest} aria-describedby={describedBy(meta, help)} key={props.key} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({
  meta,
  label,
  options,
  placeholder,
  help,
  ...rest
}: {
  meta: AnyField;
  label: ReactNode;
  options: { value: string; label: string }[] | { group: string; options: { value: string; label: string }[] }[];
  placeholder?: string;
  help?: ReactNode;
} & React.SelectHTMLAttributes<HTMLSelectElement>) {
  const props = getSelectProps(meta, { ariaAttributes: true });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {help ? (
        <p id={meta.descriptionId} className="field__help">
          {help}
        </p>
      ) : null}
      <select {...props} {...rest} aria-describedby={describedBy(meta, help)} key={props.key}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) =>
          "group" in option ? (
            <optgroup key={option.group} label={option.group}>
              {option.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ) : (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ),
        )}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function CheckboxField({ meta, label, help }: { meta: AnyField; label: ReactNode; help?: ReactNode }) {
  const props = getInputProps(meta, { type: "checkbox", ariaAttributes: true });
  return (
    <div className="field field--checkbox">
      <input {...props} aria-describedby={describedBy(meta, help)} key={props.key} />
      <label htmlFor={meta.id}>{label}</label>
      {help ? (
        <p id={meta.descriptionId} className="field__help">
          {help}
        </p>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** A form-level message (errors not tied to one field). */
export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  const language = useLanguage();
  if (!errors?.length) return null;
  return (
    <div id={id} className="form-errors" role="alert">
      {errors.map((error) => (
        <p key={error}>{translateError(language, error)}</p>
      ))}
    </div>
  );
}

export function SubmitButton({
  children,
  name,
  value,
  variant = "primary",
}: {
  children: ReactNode;
  name?: string;
  value?: string;
  variant?: "primary" | "secondary" | "danger";
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && (!name || navigation.formData?.get(name) === value);
  return (
    <button type="submit" name={name} value={value} className={`button button--${variant}`} aria-disabled={busy || undefined}>
      {children}
    </button>
  );
}
