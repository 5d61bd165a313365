import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { FormToken } from "~/components/form-token";
import { FieldErrors, FormErrors, SelectField, SubmitButton, TextareaField, TextField } from "~/components/forms";
import { EVENT_TYPES, REGISTRATION_CATEGORIES } from "~/modules/events/event-rules";
import { EventSchema } from "~/modules/events/event-schema";
import { useT } from "~/modules/i18n/i18n";
import { SchedulingWarnings, type WarningView } from "./scheduling-warnings";
import { labels } from "~/modules/i18n/labels";

/** The fields the scheduling warnings depend on: a change to any of them asks for them again. */
const WARNING_FIELDS = ["programmeId", "schoolCode", "stateCode", "startsAt", "endsAt", "leadCoordinatorId"] as const;

type Props = {
  lastResult?: SubmissionResult<string[]>;
  warnings?: WarningView[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  defaultValue?: Record<string, any>;
  programmes: { id: string; title: string; year: number }[];
  coordinators: { id: string; name: string }[];
  states: { code: string; name: string }[];
  schools: { code: string; name: string }[];
  submitLabel: string;
  eventId?: string;
};

export function EventForm({ lastResult, warnings, defaultValue, programmes, coordinators, states, schools, submitLabel, eventId }: Props) {
  const t = useT();
  const [form, fields] = useForm({
    id: "event",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(EventSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EventSchema }),
  });

  // Live warnings while the coordinator picks a school and a time (the server checks again on save).
  const warningsFetcher = useFetcher<{ warnings: WarningView[] }>();
  const formRef = useRef<HTMLFormElement>(null);
  const checkWarnings = () => {
    const el = formRef.current;
    if (!el) return;
    const data = new FormData(el);
    const params = new URLSearchParams();
    for (const key of WARNING_FIELDS) params.set(key, String(data.get(key) ?? ""));
    if (eventId) params.set("eventId", eventId);
    if (params.get("startsAt") && params.get("endsAt")) warningsFetcher.load(`/api/scheduling-warnings?${params}`);
  };
  useEffect(() => {
    if (defaultValue?.startsAt) checkWarnings();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const shownWarnings = warnings ?? warningsFetcher.data?.warnings ?? [];
  const chosenCategories = new Set((fields.registrationCategories.initialValue as string[] | undefined) ?? []);

  return (
    <Form
      method="post"
      {...getFormProps(form)}
      ref={formRef}
      className="stack form-grid"
      onChange={(e) => {
        const name = (e.target as HTMLInputElement).name;
        if ((WARNING_FIELDS as readonly string[]).includes(name)) checkWarnings();
      }}
    >
      <FormErrors id={form.errorId} errors={form.errors} />
      <FormToken />
      <SelectField
        meta={fields.programmeId}
        label={t("event.field.programme")}
        placeholder={t("common.choose")}
        options={programmes.map((p) => ({ value: p.id, label: `${p.title} (${p.year})` }))}
      />
      <div className="row">
        <SelectField
          meta={fields.type}
          label={t("event.field.type")}
          options={EVENT_TYPES.map((type) => ({ value: type, label: labels.eventType(t, type) }))}
        />
        <TextField meta={fields.title} label={t("event.field.title")} />
      </div>
      <div className="row">
        <TextField
          meta={fields.schoolCode}
          label={t("event.field.school")}
          help={t("event.field.schoolHelp")}
          list="school-choices"
          autoComplete="off"
        />
        <datalist id="school-choices">
          {schools.map((s) => (
            <option key={s.code} value={`${s.code} — ${s.name}`} />
          ))}
        </datalist>
        <SelectField
          meta={fields.stateCode}
          label={t("event.field.state")}
          help={t("event.field.stateHelp")}
          placeholder={t("common.choose")}
          options={states.map((s) => ({ value: s.code, label: s.name }))}
        />
      </div>
      <TextField meta={fields.venue} label={t("event.field.venue")} />
      <div className="row">
        <TextField meta={fields.startsAt} label={t("event.field.startsAt")} type="datetime-local" help={t("event.field.timeHelp")} />
        <TextField meta={fields.endsAt} label={t("event.field.endsAt")} type="datetime-local" />
      </div>
      {/* Beside the dates they are about, where the coordinator is looking (not at the foot of the form). */}
      <SchedulingWarnings warnings={shownWarnings} askToConfirm={Boolean(warnings?.length)} />
      <div className="row">
        <TextField meta={fields.capacity} label={t("event.field.capacity")} type="number" inputMode="numeric" min={1} />
        <SelectField
          meta={fields.leadCoordinatorId}
          label={t("event.field.leadCoordinator")}
          placeholder={t("common.none")}
          options={coordinators.map((c) => ({ value: c.id, label: c.name }))}
        />
      </div>
      <div className="row">
        <TextField meta={fields.registrationOpensAt} label={t("event.field.registrationOpensAt")} type="datetime-local" />
        <TextField meta={fields.registrationClosesAt} label={t("event.field.registrationClosesAt")} type="datetime-local" />
      </div>
      <fieldset>
        <legend>{t("event.field.registrationCategories")}</legend>
        <ul className="checkbox-list checkbox-list--inline">
          {REGISTRATION_CATEGORIES.map((c) => (
            <li key={c}>
              <label>
                <input type="checkbox" name={fields.registrationCategories.name} value={c} defaultChecked={chosenCategories.has(c)} />{" "}
                {labels.registrationCategory(t, c)}
              </label>
            </li>
          ))}
        </ul>
        <FieldErrors id={fields.registrationCategories.errorId} errors={fields.registrationCategories.errors} />
      </fieldset>
      <TextareaField meta={fields.officials} label={t("event.field.officials")} help={t("event.field.officialsHelp")} />
      <TextareaField meta={fields.partnerAgencies} label={t("event.field.partnerAgencies")} />
      <TextareaField meta={fields.notes} label={t("event.field.notes")} />
      {warnings?.length ? <p className="muted small">{t("warnings.aboveTheDates")}</p> : null}
      <div>
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
