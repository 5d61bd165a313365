import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { RadioGroupField } from "~/components/choice-fields";
import { CheckboxField, FormErrors, SelectField, SubmitButton, TextField } from "~/components/forms";
import { FormToken } from "~/components/form-token";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { submitOnce } from "~/modules/audit/form-once.server";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { DATASETS } from "~/modules/exports/export-datasets.server";
import { createExportJob, recentExports } from "~/modules/exports/export-jobs.server";
import { EXPORT_FORMATS, ExportRequestSchema } from "~/modules/exports/export-schema";
import { getLanguage } from "~/modules/i18n/language.server";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { ReportFilterSchema } from "~/modules/reports/report-filters";
import { reportFilterChoices } from "~/modules/reports/filter-choices.server";
import { pageTitle } from "~/utils/meta";
import { readFormData } from "~/utils/form-data.server";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // The form starts from the filters the user came with (e.g. from the dashboard).
  const filters = ReportFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const datasets = (Object.keys(DATASETS) as (keyof typeof DATASETS)[]).filter((name) => can(user, DATASETS[name].permission));
  const [recent, { programmes, states, districts }] = await Promise.all([
    recentExports(user),
    reportFilterChoices(user, filters.state ?? user.stateCode ?? undefined),
  ]);
  return {
    datasets,
    recent,
    programmes,
    states,
    districts,
    filters,
    national: user.role === "ADMIN" || !user.stateCode,
    canContacts: can(user, "export:contacts"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const language = await getLanguage(request);
  // One export per form: a second tap opens the first one's page.
  return submitOnce(
    formData,
    async () => {
      const submission = parseWithZod(formData, { schema: ExportRequestSchema });
      if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
      // Queued for the worker; its page shows the progress.
      const jobId = await createExportJob(user, submission.value, language);
      return redirect(`/exports/${jobId}`);
    },
    (first) => redirect(`/exports/${first.entityId}`),
  );
}

export default function ExportsPage() {
  const { datasets, recent, programmes, states, districts, filters, national, canContacts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const language = useLanguage();
  const [form, fields] = useForm({
    id: "export",
    lastResult: actionData?.result,
    defaultValue: { dataset: datasets[0], format: "xlsx", ...filters },
    constraint: getZodConstraint(ExportRequestSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExportRequestSchema }),
  });
  return (
    <>
      <h1>{t("exports.title")}</h1>
      <p>{t("exports.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack panel">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormToken />
        <RadioGroupField
          meta={fields.dataset}
          legend={t("exports.dataset")}
          options={datasets.map((d) => ({ value: d, label: labels.exportDataset(t, d) }))}
        />
        <RadioGroupField
          meta={fields.format}
          legend={t("exports.format")}
          options={EXPORT_FORMATS.map((f) => ({ value: f, label: t(`exports.format.${f}`) }))}
        />
        <div className="row">
          <SelectField
            meta={fields.programme}
            label={t("event.field.programme")}
            placeholder={t("common.all")}
            options={programmes.map((p) => ({ value: p.id, label: p.title }))}
          />
          {national ? (
            <SelectField
              meta={fields.state}
              label={t("event.field.state")}
              placeholder={t("dashboard.allStates")}
              options={states.map((s) => ({ value: s.code, label: s.name }))}
            />
          ) : null}
          <SelectField
            meta={fields.district}
            label={t("event.field.district")}
            placeholder={t("common.all")}
            options={districts.map((d) => ({ value: d.id, label: d.name }))}
          />
        </div>
        <div className="row">
          <TextField meta={fields.from} label={t("common.from")} type="date" />
          <TextField meta={fields.to} label={t("common.to")} type="date" />
        </div>
        {canContacts ? (
          <CheckboxField meta={fields.contacts} label={t("exports.contacts")} help={t("exports.contactsHelp")} />
        ) : (
          <p className="muted small">{t("exports.masked")}</p>
        )}
        <SubmitButton>{t("exports.start")}</SubmitButton>
      </Form>

      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">{t("exports.recent")}</h2>
        {recent.length ? (
          <ul className="card-list">
            {recent.map((job) => (
              <li key={job.id} className="card">
                <Link to={job.id}>
                  {labels.exportDataset(t, job.dataset)} · {t(`exports.format.${job.format}`)}
                </Link>
                <p className="muted small">
                  {formatMalaysia(job.createdAt, "dateTime", language)} · {labels.exportStatus(t, job.status)} ·{" "}
                  {t("exports.rows", { count: job.status === "DONE" ? job.processed : job.total })}
                  {job.contacts ? ` · ${t("exports.withContacts")}` : ""}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t("exports.none")}</p>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "exports.title");

export function ErrorBoundary() {
  return <RouteError />;
}
