import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EventForm } from "~/components/events/event-form";
import { RouteError } from "~/components/route-error";
import { requirePermission, requireStateInScope } from "~/modules/auth/scope.server";
import { requireUser } from "~/modules/auth/session.server";
import { toMalaysiaInputValue } from "~/modules/calendar/malaysia-time";
import { parseCategories } from "~/modules/events/event-rules";
import { loadEventFormChoices, submitEventForm } from "~/modules/events/event-form.server";
import { getEvent } from "~/modules/events/events.server";
import { useT } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "write:event");
  const event = await getEvent(user, params.eventId!);
  requireStateInScope(user, event.stateCode);
  const choices = await loadEventFormChoices(user);
  return {
    ...choices,
    event: { id: event.id, title: event.title },
    defaults: {
      programmeId: event.programmeId,
      type: event.type,
      title: event.title,
      schoolCode: event.school ? `${event.school.code} — ${event.school.name}` : "",
      stateCode: event.stateCode,
      venue: event.venue ?? "",
      startsAt: toMalaysiaInputValue(event.startsAt),
      endsAt: toMalaysiaInputValue(event.endsAt),
      capacity: event.capacity ?? "",
      registrationOpensAt: toMalaysiaInputValue(event.registrationOpensAt),
      registrationClosesAt: toMalaysiaInputValue(event.registrationClosesAt),
      leadCoordinatorId: event.leadCoordinatorId ?? "",
      officials: event.officials ?? "",
      partnerAgencies: event.partnerAgencies ?? "",
      notes: event.notes ?? "",
      registrationCategories: parseCategories(event.registrationCategories),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return submitEventForm(request, await requireUser(request), params.eventId);
}

export default function EditEventPage() {
  const { defaults, event, ...choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("event.editTitle", { title: event.title })}</h1>
      <EventForm
        {...choices}
        eventId={event.id}
        defaultValue={defaults}
        lastResult={actionData?.result}
        warnings={actionData?.warnings}
        submitLabel={t("common.save")}
      />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, "event.editTitle", { title: data?.event.title ?? "" });

export function ErrorBoundary() {
  return <RouteError />;
}
