import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { SpreadsheetUploadForm } from "~/components/imports/spreadsheet-upload";
import { RouteError } from "~/components/route-error";
import { requirePermission } from "~/modules/auth/scope.server";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { SpreadsheetError } from "~/modules/imports/spreadsheet.server";
import { queueSchoolImport } from "~/modules/schools/school-import.server";
import { pageTitle } from "~/utils/meta";
import { readUpload } from "~/utils/upload.server";

const MAX_BYTES = 10 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  requirePermission(await requireUser(request), "import:school");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "import:school");
  const upload = await readUpload(request, "file", MAX_BYTES);
  if (!upload.ok) return data({ error: upload.error }, { status: 400 });
  try {
    // The worker reads and plans the file; the job's page follows it and shows the plan.
    const jobId = await queueSchoolImport(user, upload.fileName, upload.bytes);
    return redirect(`/schools/import/${jobId}`);
  } catch (error) {
    if (error instanceof SpreadsheetError) return data({ error: error.key }, { status: 400 });
    throw error;
  }
}

export default function SchoolImportPage() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  return (
    <section className="narrow-wide">
      <h1>{t("school.importTitle")}</h1>
      <p>{t("school.importIntro")}</p>
      <p className="muted small">{t("school.importColumns")}</p>
      <SpreadsheetUploadForm label={t("school.importFile")} submit={t("school.importPreview")} error={actionData?.error} />
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "school.importTitle");

export function ErrorBoundary() {
  return <RouteError />;
}
