import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RegistrationForm } from "~/components/registrations/registration-form";
import { RouteError } from "~/components/route-error";
import { submitOnce } from "~/modules/audit/form-once.server";
import { requireUser } from "~/modules/auth/session.server";
import { parseCategories } from "~/modules/events/event-rules";
import { useT } from "~/modules/i18n/i18n";
import { eventCheckInWindow } from "~/modules/registrations/check-in-window.server";
import { StaffRegistrationSchema } from "~/modules/registrations/registration-schema";
import { addRegistration, eventForRegistrations } from "~/modules/registrations/registrations.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const event = await eventForRegistrations(user, params.eventId!, "write:registration");
  return {
    event: { id: event.id, title: event.title },
    categories: parseCategories(event.registrationCategories),
    attendanceOpen: eventCheckInWindow(event).open,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const back = `/events/${params.eventId}/registrations`;
  // One registration per form: a second tap is answered with the first, not "already registered".
  return submitOnce(
    formData,
    async () => {
      const submission = parseWithZod(formData, { schema: StaffRegistrationSchema });
      if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
      const result = await addRegistration(user, params.eventId!, submission.value);
      if (!result.ok) return data({ result: submission.reply({ fieldErrors: result.errors }) }, { status: 400 });
      return redirectWithToast(back, { key: result.outcome === "waitlisted" ? "toast.registrationWaitlisted" : "toast.registrationAdded" });
    },
    () => redirectWithToast(back, { key: "toast.registrationAdded" }),
  );
}

export default function AddRegistrationPage() {
  const { event, categories, attendanceOpen } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p className="eyebrow">
        <Link to={`/events/${event.id}/registrations`}>{event.title}</Link>
      </p>
      <h1>{t("registrations.add")}</h1>
      <RegistrationForm
        mode="add"
        lastResult={actionData?.result}
        defaultValue={{ status: "REGISTERED", language: "ms", category: categories[0] }}
        categories={categories}
        attendanceOpen={attendanceOpen}
        submitLabel={t("registrations.addSubmit")}
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registrations.add");

export function ErrorBoundary() {
  return <RouteError />;
}
