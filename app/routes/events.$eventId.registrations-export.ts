import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { getLanguage } from "~/modules/i18n/language.server";
import { exportRegistrations } from "~/modules/registrations/registration-export.server";
import { RegistrationFilterSchema } from "~/modules/registrations/registration-schema";

/** The registration list as CSV or Excel (?format=csv|xlsx), with the list's filters; contacts only with ?contacts=1. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filters = RegistrationFilterSchema.parse(Object.fromEntries(url.searchParams));
  return exportRegistrations(user, params.eventId!, filters, {
    contacts: url.searchParams.get("contacts") === "1",
    language: await getLanguage(request),
    format: url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv",
  });
}
