import { z } from "zod";
import { STATE_CODES } from "~/modules/schools/school-schema";
import {
  checkbox,
  checkboxList,
  optionalInt,
  optionalMalaysiaDateTime,
  optionalMultiline,
  optionalText,
  requiredChoice,
  requiredMalaysiaDateTime,
  requiredText,
} from "~/utils/zod";
import { EVENT_STATUSES, EVENT_TYPES, REASON_REQUIRED, REGISTRATION_CATEGORIES } from "./event-rules";

/** The tabs of the events list. */
export const EVENT_WHEN = ["upcoming", "past", "held", "all"] as const;

const requiredDateTime = requiredMalaysiaDateTime();
const optionalDateTime = optionalMalaysiaDateTime();

const optionalId = z.preprocess((v) => (v === "" ? undefined : v), z.string().max(40).optional());

export const EventSchema = z
  .object({
    programmeId: z.preprocess((v) => (v === "" ? undefined : v), z.string({ error: "errors.choose" }).max(40)),
    type: requiredChoice(EVENT_TYPES),
    title: requiredText(200),
    schoolCode: z.preprocess(
      // The school field shows "NEB2069 — SMK Seri Ampangan"; the code is what counts.
      (v) => (typeof v === "string" ? v.trim().split(/\s|—/)[0].toUpperCase() || undefined : v),
      z
        .string()
        .regex(/^[A-Z]{3}\d{4}$/, "errors.schoolCode")
        .optional(),
    ),
    stateCode: z.preprocess((v) => (v === "" ? undefined : v), z.enum(STATE_CODES, { error: "errors.choose" }).optional()),
    venue: optionalText(200),
    startsAt: requiredDateTime,
    endsAt: requiredDateTime,
    capacity: optionalInt(1, 100_000),
    registrationOpensAt: optionalDateTime,
    registrationClosesAt: optionalDateTime,
    leadCoordinatorId: optionalId,
    officials: optionalMultiline(2000),
    partnerAgencies: optionalMultiline(1000),
    notes: optionalMultiline(4000),
    registrationCategories: checkboxList(z.array(z.enum(REGISTRATION_CATEGORIES)).min(1, "errors.chooseAtLeastOne")),
    /** Set when the coordinator has seen the scheduling warnings and saves anyway */
    acknowledgeWarnings: checkbox(),
  })
  .superRefine((event, ctx) => {
    if (event.type === "SCHOOL_SESSION" && !event.schoolCode) {
      ctx.addIssue({ code: "custom", path: ["schoolCode"], message: "errors.event.schoolRequired" });
    }
    if (!event.schoolCode && !event.stateCode) {
      ctx.addIssue({ code: "custom", path: ["stateCode"], message: "errors.event.stateRequired" });
    }
    if (event.startsAt && event.endsAt && event.endsAt <= event.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "errors.event.endBeforeStart" });
    }
    if (event.startsAt && event.endsAt && event.endsAt.getTime() - event.startsAt.getTime() > 14 * 24 * 3600 * 1000) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "errors.event.tooLong" });
    }
    if (event.registrationOpensAt && event.registrationClosesAt && event.registrationClosesAt <= event.registrationOpensAt) {
      ctx.addIssue({ code: "custom", path: ["registrationClosesAt"], message: "errors.event.closeBeforeOpen" });
    }
    if (event.registrationClosesAt && event.endsAt && event.registrationClosesAt > event.endsAt) {
      ctx.addIssue({ code: "custom", path: ["registrationClosesAt"], message: "errors.event.closeAfterEnd" });
    }
  });
export type EventInput = z.infer<typeof EventSchema>;

export const EventStatusSchema = z
  .object({
    to: requiredChoice(EVENT_STATUSES),
    reason: optionalText(500),
  })
  .superRefine((value, ctx) => {
    if ((REASON_REQUIRED as readonly string[]).includes(value.to) && !value.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "errors.event.reasonRequired" });
    }
  });

const dateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

export const EventFilterSchema = z.object({
  q: optionalText(100).catch(undefined),
  programme: z.string().max(40).optional().catch(undefined),
  state: z.enum(STATE_CODES).optional().catch(undefined),
  district: z.string().max(40).optional().catch(undefined),
  status: z.enum(EVENT_STATUSES).optional().catch(undefined),
  from: dateOnly,
  to: dateOnly,
  /** "held": sessions that took place, by the reports' one definition (the dashboard's figure links here) */
  when: z.enum(EVENT_WHEN).default("upcoming").catch("upcoming"),
});
export type EventFilters = z.infer<typeof EventFilterSchema>;
