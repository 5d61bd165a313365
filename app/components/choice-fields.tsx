import { getCollectionProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { FieldErrors } from "./forms";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

/** Big, tappable radio buttons: better than a select on a phone. */
export function RadioGroupField({
  meta,
  legend,
  options,
  help,
  onChange,
}: {
  meta: AnyField;
  legend: ReactNode;
  options: { value: string; label: ReactNode }[];
  help?: ReactNode;
  onChange?: (value: string) => void;
}) {
  const inputs = getCollectionProps(meta, { type: "radio", options: options.map((o) => o.value), ariaAttributes: true });
  return (
    <fieldset className="choice-group" aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
      <legend>{legend}</legend>
      {help ? <p className="field__help">{help}</p> : null}
      <div className="choice-group__options">
        {inputs.map((input, i) => (
          <label key={input.key} className="choice">
            <input {...input} onChange={(e) => onChange?.(e.currentTarget.value)} /> <span>{options[i].label}</span>
          </label>
        ))}
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}
