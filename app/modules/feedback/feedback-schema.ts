import { z } from "zod";
import { LANGUAGES } from "~/modules/i18n/translate";
import { optionalMultiline, requiredChoice } from "~/utils/zod";

export const SIGNS_OPTIONS = ["INJURIES", "BEHAVIOUR", "ALL", "NONE"] as const;
export const REPORT_OPTIONS = ["WAIT", "REPORT", "CONFRONT"] as const;
export const HELPLINE_OPTIONS = ["999", "15999", "112"] as const;
/** The three knowledge questions, by the field that holds each answer. */
export const KNOWLEDGE_QUESTIONS = ["answerSigns", "answerReport", "answerHelpline"] as const;
export const RATINGS = ["1", "2", "3", "4", "5"] as const;

/** The short form after a session: a rating, three questions on recognising and reporting abuse, a comment. */
export const FeedbackSchema = z.object({
  rating: z.preprocess(
    (v) => (v === "" ? undefined : Number(v)),
    z.number({ error: "errors.choose" }).int().min(1, "errors.choose").max(5, "errors.choose"),
  ),
  answerSigns: requiredChoice(SIGNS_OPTIONS),
  answerReport: requiredChoice(REPORT_OPTIONS),
  answerHelpline: requiredChoice(HELPLINE_OPTIONS),
  comment: optionalMultiline(1000),
  language: z.enum(LANGUAGES).catch("ms"),
  // The participant's personal token, from a hidden field: anything else is ignored, never looked up.
  r: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/)
    .optional()
    .catch(undefined),
  website: z.string().max(0, "errors.invalid").optional(),
});
export type FeedbackInput = z.infer<typeof FeedbackSchema>;
