import { db } from "~/utils/db.server";

/**
 * The participant's own page for a registration, for answering a repeat of the public form that
 * made it (docs/decisions/009): only the browser that holds that form's one-time token gets here.
 */
export async function participantPath(registrationId: string): Promise<string | null> {
  const registration = await db.registration.findUnique({ where: { id: registrationId }, select: { manageToken: true } });
  return registration ? `/registration/${registration.manageToken}` : null;
}
