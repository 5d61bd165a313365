import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { JobStatusPanel } from "~/components/job-status";
import { cancelExport, getExportJob, resumeExport } from "~/modules/exports/export-jobs.server";
import { isUnfinished } from "~/modules/jobs/job-types";
import { readFormData } from "~/utils/form-data.server";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { job: await getExportJob(user, params.jobId!) };
}

/** Stop, or resume a failed or stopped export: the worker does the work; this page follows it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  if (formData.get("intent") === "cancel") await cancelExport(user, params.jobId!);
  else await resumeExport(user, params.jobId!);
  return redirect(`/exports/${params.jobId}`);
}

export default function ExportJobPage() {
  const { job } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  const filters = [
    job.filters.from ? `${t("common.from")} ${job.filters.from}` : null,
    job.filters.to ? `${t("common.to")} ${job.filters.to}` : null,
  ].filter(Boolean);
  return (
    <>
      <p className="eyebrow">
        <Link to="/exports">{t("exports.title")}</Link>
      </p>
      <h1>
        {labels.exportDataset(t, job.dataset)} · {t(`exports.format.${job.format}`)}
      </h1>
      <p className="muted">
        {formatMalaysia(job.createdAt, "dateTime", language)}
        {filters.length ? ` · ${filters.join(" · ")}` : ""} · {job.contacts ? t("exports.withContacts") : t("exports.masked")}
      </p>
      <section className="panel" aria-labelledby="status-heading" aria-live="polite">
        <h2 id="status-heading">{labels.exportStatus(t, job.status)}</h2>
        {job.status !== "DONE" && job.status !== "WITHDRAWN" ? (
          <JobStatusPanel
            job={job}
            progressLabel={t("exports.progressLabel")}
            resumeLabel={t("exports.resume")}
            progressText={(percent) => t("exports.progress", { processed: job.processed, total: job.total, percent })}
          />
        ) : null}
        {job.status === "DONE" && !job.expired ? (
          <p>
            {t("exports.rows", { count: job.processed })}{" "}
            <a className="button button--primary" href={`/exports/${job.id}/file`} download>
              {t("exports.download")}
            </a>
          </p>
        ) : null}
        {job.expired ? <p>{t("exports.expired")}</p> : null}
        {job.status === "WITHDRAWN" ? <p>{t("exports.withdrawn")}</p> : null}
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  ...pageTitle(matches, "exports.title"),
  // Without JavaScript too, the page follows the export until it is done.
  ...(data && isUnfinished(data.job.status) ? [{ httpEquiv: "refresh", content: "2" } as const] : []),
];

export function ErrorBoundary() {
  return <RouteError />;
}
