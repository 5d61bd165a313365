import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RegistrationForm } from "~/components/registrations/registration-form";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { parseCategories } from "~/modules/events/event-rules";
import { useT } from "~/modules/i18n/i18n";
import { formatMobile } from "~/modules/people/contact";
import { eventCheckInWindow } from "~/modules/registrations/check-in-window.server";
import { EditRegistrationSchema } from "~/modules/registrations/registration-schema";
import { eventForRegistrations, getRegistration, updateRegistration } from "~/modules/registrations/registrations.server";
import { readFormData } from "~/utils/form-data.server";
import { invariantResponse } from "~/utils/invariant";
import { namedTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const event = await eventForRegistrations(user, params.eventId!, "write:registration");
  const registration = await getRegistration(user, params.registrationId!);
  invariantResponse(registration.eventId === event.id, "Registration not found");
  return {
    event: { id: event.id, title: event.title },
    categories: parseCategories(event.registrationCategories),
    attendanceOpen: eventCheckInWindow(event).open,
    name: registration.fullName,
    defaults: {
      fullName: registration.fullName,
      phone: formatMobile(registration.phoneE164),
      email: registration.email ?? "",
      language: registration.language,
      category: registration.category,
      status: registration.status,
      organisation: registration.organisation ?? "",
      pibgRole: registration.pibgRole ?? "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const registration = await getRegistration(user, params.registrationId!);
  invariantResponse(registration.eventId === params.eventId, "Registration not found");
  const submission = parseWithZod(await readFormData(request), { schema: EditRegistrationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const result = await updateRegistration(user, registration.id, submission.value);
  if (!result.ok) return data({ result: submission.reply({ fieldErrors: result.errors }) }, { status: 400 });
  return redirectWithToast(`/events/${params.eventId}/registrations`, { key: "toast.registrationSaved" });
}

export default function EditRegistrationPage() {
  const { event, categories, attendanceOpen, name, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p className="eyebrow">
        <Link to={`/events/${event.id}/registrations`}>{event.title}</Link>
      </p>
      <h1>{name}</h1>
      <RegistrationForm
        mode="edit"
        lastResult={actionData?.result}
        defaultValue={defaults}
        categories={categories}
        attendanceOpen={attendanceOpen}
        submitLabel={t("common.save")}
      />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => namedTitle(data?.name);

export function ErrorBoundary() {
  return <RouteError />;
}
