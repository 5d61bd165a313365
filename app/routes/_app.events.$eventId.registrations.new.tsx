import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RegistrationForm } from "~/components/registrations/registration-form";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { parseCategories } from "~/modules/events/event-rules";
import { useT } from "~/modules/i18n/i18n";
import { StaffRegistrationSchema } from "~/modules/registrations/registration-schema";
import { addRegistration, eventForRegistrations } from "~/modules/registrations/registrations.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const event = await eventForRegistrations(user, params.eventId!, "write:registration");
  return { event: { id: event.id, title: event.title }, categories: parseCategories(event.registrationCategories) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: StaffRegistrationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const result = await addRegistration(user, params.eventId!, submission.value);
  if (!result.ok) return data({ result: submission.reply({ fieldErrors: result.errors }) }, { status: 400 });
  return redirectWithToast(`/events/${params.eventId}/registrations`, {
    key: result.outcome === "waitlisted" ? "toast.registrationWaitlisted" : "toast.registrationAdded",
  });
}

export default function AddRegistrationPage() {
  const { event, categories } = useLoaderData<typeof loader>();
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
        submitLabel={t("registrations.addSubmit")}
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "registrations.add");

export function ErrorBoundary() {
  return <RouteError />;
}
