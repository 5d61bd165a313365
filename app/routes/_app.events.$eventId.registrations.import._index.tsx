import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SpreadsheetUploadForm } from "~/components/imports/spreadsheet-upload";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { SpreadsheetError } from "~/modules/imports/spreadsheet.server";
import { startRegistrationImport } from "~/modules/registrations/registration-import.server";
import { eventForRegistrations } from "~/modules/registrations/registrations.server";
import { pageTitle } from "~/utils/meta";
import { readUpload } from "~/utils/upload.server";

const MAX_BYTES = 5 * 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const event = await eventForRegistrations(user, params.eventId!, "write:registration");
  return { event: { id: event.id, title: event.title } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await eventForRegistrations(user, params.eventId!, "write:registration");
  const upload = await readUpload(request, "file", MAX_BYTES);
  if (!upload.ok) return data({ error: upload.error }, { status: 400 });
  try {
    const jobId = await startRegistrationImport(user, params.eventId!, upload.bytes, upload.fileName);
    return redirect(`/events/${params.eventId}/registrations/import/${jobId}`);
  } catch (error) {
    if (error instanceof SpreadsheetError) return data({ error: error.key }, { status: 400 });
    throw error;
  }
}

export default function ImportRegistrationsPage() {
  const { event } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="narrow-wide">
      <p className="eyebrow">
        <Link to={`/events/${event.id}/registrations`}>{event.title}</Link>
      </p>
      <h1>{t("registrations.import")}</h1>
      <p>{t("registrationImport.intro")}</p>
      <SpreadsheetUploadForm label={t("registrationImport.file")} submit={t("registrationImport.next")} error={actionData?.error} />
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registrations.import");

export function ErrorBoundary() {
  return <RouteError />;
}
