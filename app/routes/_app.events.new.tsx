import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EventForm } from "~/components/events/event-form";
import { RouteError } from "~/components/route-error";
import { requirePermission } from "~/modules/auth/scope.server";
import { requireUser } from "~/modules/auth/session.server";
import { DEFAULT_CATEGORIES } from "~/modules/events/event-rules";
import { loadEventFormChoices, submitEventForm } from "~/modules/events/event-form.server";
import { useT } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "write:event");
  const choices = await loadEventFormChoices(user);
  const programme = new URL(request.url).searchParams.get("programme") ?? "";
  return {
    ...choices,
    defaults: {
      programmeId: choices.programmes.some((p) => p.id === programme) ? programme : (choices.programmes[0]?.id ?? ""),
      type: "SCHOOL_SESSION",
      stateCode: user.stateCode ?? "",
      leadCoordinatorId: user.role === "COORDINATOR" ? user.id : "",
      registrationCategories: DEFAULT_CATEGORIES,
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  return submitEventForm(request, await requireUser(request));
}

export default function NewEventPage() {
  const { defaults, ...choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("event.new")}</h1>
      <EventForm
        {...choices}
        defaultValue={defaults}
        lastResult={actionData?.result}
        warnings={actionData?.warnings}
        submitLabel={t("event.create")}
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "event.new");

export function ErrorBoundary() {
  return <RouteError />;
}
