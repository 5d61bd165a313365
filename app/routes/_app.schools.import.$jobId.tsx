import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { isMessageKey, translateError, useLanguage, useT } from "~/modules/i18n/i18n";
import { JobStatusPanel } from "~/components/job-status";
import { UnreadFile } from "~/components/imports/unread-file";
import { cancelSchoolImport, getImportJob, startSchoolImport } from "~/modules/schools/school-import.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { isUnfinished } from "~/modules/jobs/job-types";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { job: await getImportJob(user, params.jobId!) };
}

/** Apply (or resume, or stop): the worker does the work; this page follows its progress. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  if (formData.get("intent") === "cancel") await cancelSchoolImport(user, params.jobId!);
  else await startSchoolImport(user, params.jobId!);
  return redirect(`/schools/import/${params.jobId}`);
}

export default function SchoolImportJobPage() {
  const { job } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  const describeRowError = (error: string) => {
    const field = new URLSearchParams(error.split("|")[1] ?? "").get("field");
    const key = `school.field.${field}`;
    const label = field && isMessageKey(key) ? `${t(key)}: ` : "";
    return label + translateError(language, error);
  };
  return (
    <>
      <h1>{t("school.importTitle")}</h1>
      <p className="muted">{job.fileName}</p>
      {job.counts ? (
        <section className="panel" aria-labelledby="plan-heading">
          <h2 id="plan-heading">{t("school.importPlan")}</h2>
          <ul className="stat-list">
            <li>
              <span className="stat-list__value">{job.counts.create}</span> {t("school.importCreate")}
            </li>
            <li>
              <span className="stat-list__value">{job.counts.update}</span> {t("school.importUpdate")}
            </li>
            <li>
              <span className="stat-list__value">{job.counts.unchanged}</span> {t("school.importUnchanged")}
            </li>
            <li>
              <span className="stat-list__value">{job.counts.reject}</span> {t("school.importReject")}
            </li>
          </ul>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="status-heading" aria-live="polite">
        <h2 id="status-heading">{t("school.importStatus")}</h2>
        {job.status === "PENDING" ? (
          job.total > 0 ? (
            <Form method="post">
              <p>{t("school.importReady", { count: job.total })}</p>
              <SubmitButton>{t("school.importApply")}</SubmitButton>
            </Form>
          ) : (
            <p>{t("school.importNothing")}</p>
          )
        ) : null}
        {job.status !== "PENDING" && !job.counts && isUnfinished(job.status) ? <p>{t("imports.reading")}</p> : null}
        {job.status !== "PENDING" && (job.counts || isUnfinished(job.status)) ? (
          <JobStatusPanel
            job={job}
            progressLabel={t("school.importProgress")}
            resumeLabel={t("school.importResume")}
            progressText={(percent) => t("school.importProgressText", { processed: job.processed, total: job.total, percent })}
          />
        ) : null}
        {!job.counts && (job.status === "FAILED" || job.status === "CANCELLED") ? (
          <UnreadFile error={job.error} againTo="/schools/import" />
        ) : null}
        {job.status === "DONE" ? (
          <p>
            {t("school.importDone", { count: job.total })} <Link to="/schools">{t("school.listTitle")}</Link>
          </p>
        ) : null}
      </section>

      {job.rejected.length ? (
        <section aria-labelledby="rejected-heading">
          <h2 id="rejected-heading">{t("school.importRejectedRows")}</h2>
          <div className="table-wrap" role="region" aria-label={t("school.importRejectedRows")} tabIndex={0}>
            <table>
              <caption className="visually-hidden">{t("school.importRejectedRows")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("school.importRow")}</th>
                  <th scope="col">{t("school.field.code")}</th>
                  <th scope="col">{t("school.field.name")}</th>
                  <th scope="col">{t("school.importProblems")}</th>
                </tr>
              </thead>
              <tbody>
                {job.rejected.map((row) => (
                  <tr key={row.rowNumber}>
                    <td>{row.rowNumber}</td>
                    <td>
                      <code>{row.code}</code>
                    </td>
                    <td>{row.name}</td>
                    <td>
                      <ul className="plain">
                        {row.errors.map((e) => (
                          <li key={e}>{describeRowError(e)}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {job.preview.length && job.status === "PENDING" ? (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t("school.importPreviewRows")}</h2>
          <div className="table-wrap" role="region" aria-label={t("school.importPreviewRows")} tabIndex={0}>
            <table>
              <caption className="visually-hidden">{t("school.importPreviewRows")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("school.field.code")}</th>
                  <th scope="col">{t("school.field.name")}</th>
                  <th scope="col">{t("school.field.district")}</th>
                </tr>
              </thead>
              <tbody>
                {job.preview.map((row) => (
                  <tr key={row.code}>
                    <td>
                      <code>{row.code}</code>
                    </td>
                    <td>{row.name}</td>
                    <td>{row.district}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}

// Without JavaScript the page reloads itself while the import runs.
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  ...pageTitle(matches, "school.importTitle"),
  ...(data && isUnfinished(data.job.status) ? [{ httpEquiv: "refresh", content: "2" } as const] : []),
];

export function ErrorBoundary() {
  return <RouteError />;
}
