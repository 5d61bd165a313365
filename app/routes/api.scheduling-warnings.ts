import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { coversState, requirePermission } from "~/modules/auth/scope.server";
import { requireUser } from "~/modules/auth/session.server";
import { parseMalaysiaDateTime } from "~/modules/calendar/malaysia-time";
import { schedulingWarnings } from "~/modules/calendar/scheduling-warnings.server";
import { getLanguage } from "~/modules/i18n/language.server";
import { schoolByCode } from "~/modules/schools/schools.server";

const QuerySchema = z.object({
  schoolCode: z.string().max(200).optional(),
  stateCode: z.string().max(2).optional(),
  startsAt: z.string().max(30),
  endsAt: z.string().max(30),
  leadCoordinatorId: z.string().max(40).optional(),
  eventId: z.string().max(40).optional(),
  programmeId: z.string().max(40).optional(),
});

/** Live scheduling warnings for the event form, before anything is saved. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "write:event");
  const query = QuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return { warnings: [] };
  const startsAt = parseMalaysiaDateTime(query.data.startsAt);
  const endsAt = parseMalaysiaDateTime(query.data.endsAt);
  const code = query.data.schoolCode?.trim().split(/\s|—/)[0]?.toUpperCase();
  const school = code ? await schoolByCode(code) : null;
  const stateCode = school?.stateCode ?? query.data.stateCode;
  // Warnings name other events: only for a place the user plans in.
  if (!startsAt || !endsAt || !stateCode || !coversState(user, stateCode)) return { warnings: [] };
  const warnings = await schedulingWarnings(
    {
      stateCode,
      schoolId: school?.id,
      startsAt,
      endsAt,
      leadCoordinatorId: query.data.leadCoordinatorId || null,
      eventId: query.data.eventId,
      programmeId: query.data.programmeId || null,
    },
    await getLanguage(request),
  );
  return { warnings };
}
