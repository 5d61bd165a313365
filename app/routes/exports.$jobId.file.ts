import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { exportDownload } from "~/modules/exports/export-jobs.server";

/** A finished export, streamed; only to the person who made it (or an administrator). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return exportDownload(user, params.jobId!);
}
