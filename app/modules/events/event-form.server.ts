import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { SessionUser } from "~/modules/auth/session.server";
import { schoolScope } from "~/modules/auth/scope.server";
import { submitOnce } from "~/modules/audit/form-once.server";
import type { Language } from "~/modules/i18n/i18n";
import { getLanguage } from "~/modules/i18n/language.server";
import { db } from "~/utils/db.server";
import { readFormData } from "~/utils/form-data.server";
import { redirectWithToast } from "~/utils/toast.server";
import { EventSchema } from "./event-schema";
import { eventFormChoices, saveEvent } from "./events.server";

/** The choices the event form needs, with the schools of the user's scope for the school picker. */
export async function loadEventFormChoices(user: SessionUser) {
  const [choices, schools] = await Promise.all([
    eventFormChoices(user),
    db.school.findMany({ where: schoolScope(user), select: { code: true, name: true }, orderBy: { name: "asc" }, take: 3000 }),
  ]);
  return { ...choices, schools };
}

/** Shared by "new event" and "edit event": validate, warn, save, redirect. */
export async function submitEventForm(request: Request, user: SessionUser, eventId?: string) {
  const formData = await readFormData(request);
  const language = await getLanguage(request);
  const submit = () => saveEventForm(formData, user, language, eventId);
  // A new event is made once, however often its form is sent; a second "save" of an edit is harmless.
  if (eventId) return submit();
  return submitOnce(formData, submit, (first) => redirectWithToast(`/events/${first.entityId}`, { key: "toast.eventCreated" }));
}

async function saveEventForm(formData: FormData, user: SessionUser, language: Language, eventId?: string) {
  const submission = parseWithZod(formData, { schema: EventSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), warnings: undefined }, { status: 400 });
  const result = await saveEvent(user, submission.value, language, eventId);
  switch (result.status) {
    case "invalid":
      return data(
        { result: submission.reply({ fieldErrors: result.errors as Record<string, string[]> }), warnings: undefined },
        { status: 400 },
      );
    case "warnings":
      return data({ result: submission.reply(), warnings: result.warnings }, { status: 200 });
    case "saved":
      return redirectWithToast(`/events/${result.id}`, { key: eventId ? "toast.eventSaved" : "toast.eventCreated" });
  }
}
