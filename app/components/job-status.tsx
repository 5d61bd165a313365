import { Form } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { isMessageKey, translateError, useLanguage, useT, type Language } from "~/modules/i18n/i18n";
import { NO_WORKER_AFTER_MS, type JobProgress } from "~/modules/jobs/job-types";

/** Why a job failed, in words: our reasons are message keys; anything else is the error's own words, shown as they are. */
export function jobReasonText(language: Language, error: string): string {
  return isMessageKey(error.split("|")[0]) ? translateError(language, error) : error;
}

/**
 * Where a background job stands, the same on every page that starts one: waiting for the worker,
 * running (with a stop button), failed with its reason and a resume button, or stopped by the user.
 * The forms post `intent=cancel` or `intent=resume` to the page's own action.
 */
export function JobStatusPanel({
  job,
  progressLabel,
  progressText,
  resumeLabel,
}: {
  job: JobProgress;
  progressLabel: string;
  progressText: (percent: number) => string;
  resumeLabel: string;
}) {
  const t = useT();
  const language = useLanguage();
  const percent = job.total ? Math.min(100, Math.round((job.processed / job.total) * 100)) : 100;
  const reason = job.error ? jobReasonText(language, job.error) : "";
  const waitingLong = job.status === "QUEUED" && job.waitingSince && Date.now() - Date.parse(job.waitingSince) > NO_WORKER_AFTER_MS;
  const showProgress = job.status === "RUNNING" || job.processed > 0;
  return (
    <div className="stack">
      {showProgress && job.status !== "DONE" ? (
        <>
          <progress value={job.processed} max={job.total || 1} aria-label={progressLabel} />
          <p>{progressText(percent)}</p>
        </>
      ) : null}
      {job.status === "QUEUED" ? <p>{waitingLong ? t("jobs.noWorker") : t("jobs.queued")}</p> : null}
      {job.status === "QUEUED" && reason ? <p role="status">{t("jobs.retrying", { reason })}</p> : null}
      {job.status === "FAILED" ? (
        <p role="alert">
          <strong>{t("jobs.failed")}</strong> {reason}
        </p>
      ) : null}
      {job.status === "CANCELLED" ? <p>{t("jobs.cancelled")}</p> : null}
      {job.status === "QUEUED" || job.status === "RUNNING" ? (
        <Form method="post">
          <SubmitButton name="intent" value="cancel" variant="secondary">
            {t("jobs.cancel")}
          </SubmitButton>
        </Form>
      ) : null}
      {job.status === "FAILED" || job.status === "CANCELLED" ? (
        <Form method="post">
          <SubmitButton name="intent" value="resume">
            {resumeLabel}
          </SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}
