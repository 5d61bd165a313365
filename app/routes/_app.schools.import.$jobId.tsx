import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { isMessageKey, translateError, useLanguage, useT } from "~/modules/i18n/i18n";
import { applySchoolImport, getImportJob } from "~/modules/schools/school-import.server";
import { pageTitle } from "~/utils/meta";

const STALE_MS = 60_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const job = await getImportJob(user, params.jobId!);
  const stale = job.status === "RUNNING" && Date.now() - new Date(job.updatedAt).getTime() > STALE_MS;
  return { job, stale };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await getImportJob(user, params.jobId!);
  // Runs on in the background; this page shows its progress and offers to resume if it stops.
  void applySchoolImport(user, params.jobId!).catch(() => undefined);
  return redirect(`/schools/import/${params.jobId}`);
}

export default function SchoolImportJobPage() {
  const { job, stale } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  const describeRowError = (error: string) => {
    const field = new URLSearchParams(error.split("|")[1] ?? "").get("field");
    const key = `school.field.${field}`;
    const label = field && isMessageKey(key) ? `${t(key)}: ` : "";
    return label + translateError(language, error);
  };
  const percent = job.total ? Math.round((job.processed / job.total) * 100) : 100;
  return (
    <>
      <h1>{t("school.importTitle")}</h1>
      <p className="muted">{job.fileName}</p>
      <section className="panel" aria-labelledby="plan-heading">
        <h2 id="plan-heading">{t("school.importPlan")}</h2>
        <ul className="stat-list">
          <li>
            <span className="stat-list__value">{job.report.counts.create}</span> {t("school.importCreate")}
          </li>
          <li>
            <span className="stat-list__value">{job.report.counts.update}</span> {t("school.importUpdate")}
          </li>
          <li>
            <span className="stat-list__value">{job.report.counts.unchanged}</span> {t("school.importUnchanged")}
          </li>
          <li>
            <span className="stat-list__value">{job.report.counts.reject}</span> {t("school.importReject")}
          </li>
        </ul>
      </section>

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
        {job.status === "RUNNING" || job.status === "FAILED" ? (
          <>
            <progress value={job.processed} max={job.total || 1} aria-label={t("school.importProgress")} />
            <p>{t("school.importProgressText", { processed: job.processed, total: job.total, percent })}</p>
            {stale || job.status === "FAILED" ? (
              <Form method="post">
                <p>{t("school.importInterrupted")}</p>
                <SubmitButton>{t("school.importResume")}</SubmitButton>
              </Form>
            ) : null}
          </>
        ) : null}
        {job.status === "DONE" ? (
          <p>
            {t("school.importDone", { count: job.total })} <Link to="/schools">{t("school.listTitle")}</Link>
          </p>
        ) : null}
      </section>

      {job.report.rejected.length ? (
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
                {job.report.rejected.map((row) => (
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
  ...(data?.job.status === "RUNNING" && !data.stale ? [{ httpEquiv: "refresh", content: "2" } as const] : []),
];

export function ErrorBoundary() {
  return <RouteError />;
}
