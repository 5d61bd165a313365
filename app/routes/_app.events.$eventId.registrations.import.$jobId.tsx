import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, SelectField, SubmitButton } from "~/components/forms";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { parseCategories } from "~/modules/events/event-rules";
import { translateError, useLanguage, useT } from "~/modules/i18n/i18n";
import {
  cancelRegistrationImport,
  ColumnMappingSchema,
  confirmRegistrationImport,
  getRegistrationImport,
  guessMapping,
  previewRegistrationImport,
} from "~/modules/registrations/registration-import.server";
import { IMPORT_ACTIONS, IMPORT_FIELDS } from "~/modules/registrations/registration-schema";
import { eventForRegistrations } from "~/modules/registrations/registrations.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { JobStatusPanel } from "~/components/job-status";
import { UnreadFile } from "~/components/imports/unread-file";
import { isUnfinished } from "~/modules/jobs/job-types";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const event = await eventForRegistrations(user, params.eventId!, "write:registration");
  const job = await getRegistrationImport(user, event.id, params.jobId!);
  const categories = parseCategories(event.registrationCategories);
  return {
    event: { id: event.id, title: event.title },
    categories,
    fileName: job.fileName,
    phase: job.phase,
    // Until the worker has read the file there are no columns or rows, only its progress.
    columns: (job.sheet?.headers ?? []).map((h, i) => ({ value: h, label: job.sheet!.labels[i] || h })).filter((c) => c.value),
    rowCount: job.sheet ? job.sheet.rows.length : null,
    mapping: job.mapping ?? { ...guessMapping(job.sheet?.headers ?? []), defaultCategory: categories[0] },
    report: job.report,
    job: { status: job.status, total: job.total, processed: job.processed, error: job.error, waitingSince: job.waitingSince },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  // Apply or resume: the worker registers the rows; this page follows its progress.
  if (intent === "apply" || intent === "resume" || intent === "cancel") {
    if (intent === "cancel") await cancelRegistrationImport(user, params.eventId!, params.jobId!);
    else await confirmRegistrationImport(user, params.eventId!, params.jobId!);
    return redirect(`/events/${params.eventId}/registrations/import/${params.jobId}`);
  }
  const submission = parseWithZod(formData, { schema: ColumnMappingSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  // The worker checks the rows; this page follows it and then shows what it found.
  await previewRegistrationImport(user, params.eventId!, params.jobId!, submission.value);
  return redirect(`/events/${params.eventId}/registrations/import/${params.jobId}`);
}

export default function RegistrationImportJobPage() {
  const { event, categories, fileName, phase, columns, rowCount, mapping, report, job } = useLoaderData<typeof loader>();
  const status = job.status;
  const actionData = useActionData<typeof action>();
  const t = useT();
  const language = useLanguage();
  const [form, fields] = useForm({ id: "mapping", lastResult: actionData?.result, defaultValue: mapping, shouldValidate: "onSubmit" });
  const columnOptions = columns.map((c) => ({ value: c.value, label: c.label }));
  return (
    <>
      <p className="eyebrow">
        <Link to={`/events/${event.id}/registrations`}>{event.title}</Link>
      </p>
      <h1>{t("registrations.import")}</h1>
      {rowCount === null ? (
        <p className="muted">{fileName}</p>
      ) : (
        <p className="muted">{t("registrationImport.fileSummary", { file: fileName, rows: rowCount })}</p>
      )}

      {phase === "read" ? (
        <section className="panel" aria-labelledby="status-heading" aria-live="polite">
          <h2 id="status-heading">{t("registrationImport.status")}</h2>
          {isUnfinished(status) ? <p>{t("imports.reading")}</p> : null}
          {isUnfinished(status) ? (
            <JobStatusPanel job={job} progressLabel={t("registrationImport.progress")} resumeLabel="" progressText={() => ""} />
          ) : (
            <UnreadFile error={job.error} againTo={`/events/${event.id}/registrations/import`} />
          )}
        </section>
      ) : null}

      {phase !== "read" && status !== "PENDING" ? (
        <section className="panel" aria-labelledby="status-heading" aria-live="polite">
          <h2 id="status-heading">{t("registrationImport.status")}</h2>
          {status === "DONE" ? (
            <p>
              {t("registrationImport.done", { count: report?.counts.create ?? 0 })}{" "}
              <Link to={`/events/${event.id}/registrations`}>{t("registrations.title")}</Link>
            </p>
          ) : (
            <JobStatusPanel
              job={job}
              progressLabel={t("registrationImport.progress")}
              resumeLabel={t("registrationImport.resume")}
              progressText={(percent) =>
                t(phase === "preview" ? "registrationImport.checkingText" : "registrationImport.progressText", {
                  processed: job.processed,
                  total: job.total,
                  percent,
                })
              }
            />
          )}
        </section>
      ) : null}

      {rowCount !== null && status === "PENDING" ? (
        <section className="panel" aria-labelledby="mapping-heading">
          <h2 id="mapping-heading">{t("registrationImport.mapping")}</h2>
          <p className="small">{t("registrationImport.mappingHelp")}</p>
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrors id={form.errorId} errors={form.errors} />
            <div className="row">
              {IMPORT_FIELDS.map((field) => (
                <SelectField
                  key={field}
                  meta={fields[field]}
                  label={labels.importField(t, field)}
                  placeholder={field === "fullName" ? t("common.choose") : t("registrationImport.notInFile")}
                  options={columnOptions}
                />
              ))}
              <SelectField
                meta={fields.defaultCategory}
                label={t("registrationImport.defaultCategory")}
                options={categories.map((c) => ({ value: c, label: labels.registrationCategory(t, c) }))}
              />
            </div>
            <SubmitButton variant="secondary">{t("registrationImport.preview")}</SubmitButton>
          </Form>
        </section>
      ) : null}

      {report ? (
        <section className="panel" aria-labelledby="preview-heading" aria-live="polite">
          <h2 id="preview-heading">{t("registrationImport.previewTitle")}</h2>
          <ul className="stat-list">
            {IMPORT_ACTIONS.map((k) => (
              <li key={k}>
                <span className="stat-list__value">{report.counts[k] ?? 0}</span> {labels.importCount(t, k)}
              </li>
            ))}
          </ul>
          <div className="table-wrap" role="region" aria-label={t("registrationImport.previewTitle")} tabIndex={0}>
            <table>
              <caption className="visually-hidden">{t("registrationImport.previewTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("school.importRow")}</th>
                  <th scope="col">{t("register.fullName")}</th>
                  <th scope="col">{t("registrationImport.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.slice(0, 500).map((row) => (
                  <tr key={row.rowNumber} className={row.action === "reject" ? "row--problem" : undefined}>
                    <td>{row.rowNumber}</td>
                    <td>{row.name || "—"}</td>
                    <td>
                      {labels.importAction(t, row.action)}
                      {row.errors.length ? (
                        <ul className="plain field__errors">
                          {row.errors.map((e) => (
                            <li key={e}>{translateError(language, e)}</li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {status === "PENDING" && (report.counts.create ?? 0) > 0 ? (
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="apply" />
              <SubmitButton name="intent" value="apply">
                {t("registrationImport.apply", { count: report.counts.create ?? 0 })}
              </SubmitButton>
            </Form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

// Without JavaScript the page reloads itself while the worker registers the rows.
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  ...pageTitle(matches, "registrations.import"),
  ...(data && isUnfinished(data.job.status) ? [{ httpEquiv: "refresh", content: "2" } as const] : []),
];

export function ErrorBoundary() {
  return <RouteError />;
}
