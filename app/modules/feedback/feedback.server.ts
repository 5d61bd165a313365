import { can } from "~/modules/auth/permissions";
import { eventScope, requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { getEvent } from "~/modules/events/events.server";
import { publicEvent } from "~/modules/registrations/register.server";
import { CORRECT_ANSWERS, isCorrect } from "~/modules/reports/dashboard.server";
import { isUniqueViolation } from "~/utils/database-errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { hitRateLimit } from "~/utils/rate-limit.server";
import type { FeedbackInput } from "./feedback-schema";

export async function feedbackEvent(publicCode: string, now = new Date()) {
  const event = await publicEvent(publicCode);
  invariantResponse(event, "Event not found");
  return { ...event, feedbackClosed: feedbackClosedReason(event, now) };
}

/**
 * Feedback is about a session that took place: it opens when a scheduled or completed session
 * starts. A draft, cancelled or postponed one takes none (its QR code may already be on a poster).
 */
export function feedbackClosedReason(event: { status: string; startsAt: Date }, now: Date): FeedbackClosed | null {
  if (event.status === "CANCELLED") return "errors.feedback.cancelled";
  if (event.status === "POSTPONED") return "errors.feedback.postponed";
  if (event.status === "DRAFT" || now < event.startsAt) return "errors.feedback.notYet";
  return null;
}

type FeedbackClosed = "errors.feedback.cancelled" | "errors.feedback.postponed" | "errors.feedback.notYet";
type FeedbackRefusal = "errors.rateLimited" | "errors.feedback.already" | FeedbackClosed;

/**
 * Stores one response. With the participant's personal token (from the follow-up email) it is
 * linked to their registration, and a second response replaces nothing: the first one stands.
 */
export async function submitFeedback(
  publicCode: string,
  input: FeedbackInput,
  clientIp: string,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; error: FeedbackRefusal }> {
  const event = await feedbackEvent(publicCode, now);
  if (event.feedbackClosed) return { ok: false, error: event.feedbackClosed };
  const limit = await hitRateLimit("feedback", clientIp, 200, 600);
  if (!limit.allowed) return { ok: false, error: "errors.rateLimited" };
  const registration = input.r
    ? await db.registration.findFirst({ where: { manageToken: input.r, eventId: event.id }, select: { id: true } })
    : null;
  if (registration && (await db.feedback.count({ where: { registrationId: registration.id } })))
    return { ok: false, error: "errors.feedback.already" };
  const score = (["answerSigns", "answerReport", "answerHelpline"] as const).filter((q) => isCorrect(q, input[q])).length;
  try {
    await db.$transaction(async (tx) => {
      const created = await tx.feedback.create({
        data: {
          eventId: event.id,
          registrationId: registration?.id ?? null,
          rating: input.rating,
          answerSigns: input.answerSigns,
          answerReport: input.answerReport,
          answerHelpline: input.answerHelpline,
          score,
          comment: input.comment ?? null,
          language: input.language,
        },
        select: { id: true },
      });
      // Anonymous (no actor, nothing personal): it lets a repeat of the same form be recognised.
      await recordAudit(tx, {
        actorId: null,
        action: "CREATE",
        entityType: "Feedback",
        entityId: created.id,
        after: { eventId: event.id },
      });
    });
  } catch (error) {
    // The same personal link sent twice at once: the unique registration id lets one through.
    if (isUniqueViolation(error)) return { ok: false, error: "errors.feedback.already" };
    throw error;
  }
  return { ok: true };
}

/** Results for one event, or for every event of a programme. */
export async function feedbackResults(user: ScopedUser, scope: { eventId?: string; programmeId?: string }) {
  requirePermission(user, "read:report");
  if (scope.eventId) await getEvent(user, scope.eventId);
  const rows = await db.feedback.findMany({
    where: scope.eventId ? { eventId: scope.eventId } : { event: { AND: [eventScope(user), { programmeId: scope.programmeId }] } },
    select: {
      rating: true,
      score: true,
      answerSigns: true,
      answerReport: true,
      answerHelpline: true,
      comment: true,
      createdAt: true,
      language: true,
    },
    orderBy: { createdAt: "desc" },
  });
  const n = rows.length;
  const share = (q: keyof typeof CORRECT_ANSWERS) =>
    n ? Math.round((rows.filter((r) => r[q] === CORRECT_ANSWERS[q]).length / n) * 100) : 0;
  return {
    responses: n,
    averageRating: n ? Math.round((rows.reduce((s, r) => s + r.rating, 0) / n) * 10) / 10 : null,
    ratings: [1, 2, 3, 4, 5].map((rating) => ({ rating, count: rows.filter((r) => r.rating === rating).length })),
    correct: { answerSigns: share("answerSigns"), answerReport: share("answerReport"), answerHelpline: share("answerHelpline") },
    // Free text can name people; viewers, who never see personal data, get the figures only.
    comments: can(user, "read:registration")
      ? rows
          .filter((r) => r.comment)
          .slice(0, 50)
          .map((r) => ({ comment: r.comment!, rating: r.rating, createdAt: r.createdAt }))
      : [],
  };
}
