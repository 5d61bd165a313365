import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/modules/i18n/i18n";

/**
 * The filter bar every list has: a GET form (so a filtered list is a link anyone can share), its
 * fields, the Filter button and whatever follows it (clear, export). Each field's id is `f-<name>`.
 */
export function FilterBar({ children, after, label }: { children: ReactNode; after?: ReactNode; label?: string }) {
  const t = useT();
  return (
    <Form method="get" className="filters" aria-label={label ?? t("common.filters")}>
      {children}
      <button type="submit" className="button button--secondary">
        {t("common.filter")}
      </button>
      {after}
    </Form>
  );
}

/** A choice among values, "All" (or `allLabel`) first, meaning no filter; `allLabel={false}` when one value is always chosen. */
export function FilterSelect({
  name,
  label,
  value,
  options,
  allLabel,
}: {
  name: string;
  label: string;
  value: string | null | undefined;
  options: readonly { value: string; label: string }[];
  allLabel?: string | false;
}) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={value ?? ""}>
        {allLabel === false ? null : <option value="">{allLabel ?? t("common.all")}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A text field: a search box by default, or a number (a year). */
export function FilterText({
  name,
  label,
  value,
  type = "search",
}: {
  name: string;
  label: string;
  value: string | number | null | undefined;
  type?: "search" | "text" | "number";
}) {
  return (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <input id={`f-${name}`} name={name} type={type} inputMode={type === "number" ? "numeric" : undefined} defaultValue={value ?? ""} />
    </div>
  );
}

/** The From and To dates of a period (`from`, `to`, as YYYY-MM-DD). */
export function FilterDates({ from, to }: { from: string | null | undefined; to: string | null | undefined }) {
  const t = useT();
  return (
    <>
      <div className="field">
        <label htmlFor="f-from">{t("common.from")}</label>
        <input id="f-from" name="from" type="date" defaultValue={from ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="f-to">{t("common.to")}</label>
        <input id="f-to" name="to" type="date" defaultValue={to ?? ""} />
      </div>
    </>
  );
}

/** Options for the lists most filters offer: states, districts, programmes. */
export const stateOptions = (states: readonly { code: string; name: string }[]) => states.map((s) => ({ value: s.code, label: s.name }));
export const districtOptions = (districts: readonly { id: string; name: string }[]) =>
  districts.map((d) => ({ value: d.id, label: d.name }));
export const programmeOptions = (programmes: readonly { id: string; title: string }[]) =>
  programmes.map((p) => ({ value: p.id, label: p.title }));
/** Values that are their own words (KPM's school types: SK, SMK, SJKC …). */
export const plainOptions = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));
