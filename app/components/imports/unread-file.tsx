import { Link } from "@remix-run/react";
import { jobReasonText } from "~/components/job-status";
import { useLanguage, useT } from "~/modules/i18n/i18n";

/** An upload the worker could not read (or that was stopped before it was read): why, and a way to try another file. */
export function UnreadFile({ error, againTo }: { error: string | null; againTo: string }) {
  const t = useT();
  const language = useLanguage();
  const reason = error ? jobReasonText(language, error) : t("jobs.cancelled");
  return (
    <div className="stack">
      <p role="alert">
        <strong>{t("imports.unreadable")}</strong> {reason}
      </p>
      <p>
        <Link to={againTo}>{t("imports.chooseAnother")}</Link>
      </p>
    </div>
  );
}
