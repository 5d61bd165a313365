import { z } from "zod";
import { STATE_CODES } from "~/modules/schools/school-schema";
import { cleanText } from "~/utils/text";
import {
  checkbox,
  checkboxList,
  optionalInt,
  optionalMalaysiaDateTime,
  optionalMultiline,
  optionalText,
  requiredChoice,
  requiredInt,
  requiredText,
} from "~/utils/zod";

export const PRINT_KINDS = ["PAMPHLET", "POSTER", "BOOKLET", "CARD", "STICKER", "BANNER", "OTHER_PRINT"] as const;
export const DIGITAL_KINDS = ["PDF", "VIDEO", "LINK"] as const;
export const MATERIAL_KINDS = [...PRINT_KINDS, ...DIGITAL_KINDS] as const;
export const MATERIAL_LANGUAGES = ["ms", "en", "zh", "ta"] as const;
export const AUDIENCES = ["TEACHER", "PIBG", "COMMUNITY", "PUPIL"] as const;
export const ADJUSTMENT_REASONS = ["DAMAGED", "COUNT_CORRECTION", "LOST", "EXPIRED"] as const;
export const RECIPIENT_TYPES = ["SCHOOL", "PIBG", "PERSON"] as const;
export const TOTAL_GROUPS = ["material", "event", "school", "district", "programme"] as const;
export type TotalGroup = (typeof TOTAL_GROUPS)[number];
export const MOVEMENT_TYPES = ["RECEIVED", "ISSUED", "ADJUSTED", "TRANSFER_OUT", "TRANSFER_IN", "REVERSAL"] as const;

export function isPrint(kind: string): boolean {
  return (PRINT_KINDS as readonly string[]).includes(kind);
}

export const MaterialSchema = z
  .object({
    code: z.preprocess(
      (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
      z
        .string({ error: "errors.required" })
        .min(1, "errors.required")
        .max(30, "errors.material.code")
        .regex(/^[A-Z0-9][A-Z0-9-]*$/, "errors.material.code"),
    ),
    titleMs: requiredText(200),
    titleEn: requiredText(200),
    descriptionMs: optionalMultiline(2000),
    descriptionEn: optionalMultiline(2000),
    kind: requiredChoice(MATERIAL_KINDS),
    languages: checkboxList(z.array(z.enum(MATERIAL_LANGUAGES)).min(1, "errors.chooseAtLeastOne")),
    audiences: checkboxList(z.array(z.enum(AUDIENCES)).min(1, "errors.chooseAtLeastOne")),
    unit: requiredText(30),
    url: z.preprocess(
      (v) => (cleanText(v) === "" ? undefined : cleanText(v)),
      z
        .string()
        .max(500, "errors.url")
        .url("errors.url")
        .refine((u) => /^https?:\/\//i.test(u), "errors.url")
        .optional(),
    ),
    active: checkbox(),
  })
  .superRefine((m, ctx) => {
    if ((m.kind === "VIDEO" || m.kind === "LINK") && !m.url)
      ctx.addIssue({ code: "custom", path: ["url"], message: "errors.material.urlRequired" });
  });
export type MaterialInput = z.infer<typeof MaterialSchema>;

const stateCode = requiredChoice(STATE_CODES);
const materialId = z.string({ error: "errors.choose" }).min(1, "errors.choose").max(40);

export const ReceiptSchema = z.object({
  intent: z.literal("receive"),
  stateCode,
  materialId,
  quantity: requiredInt(1, 10_000_000),
  reference: requiredText(120),
});

export const AdjustmentSchema = z.object({
  intent: z.literal("adjust"),
  stateCode,
  materialId,
  // Signed: negative for damaged or missing stock, positive for a count that found more.
  quantity: requiredInt(-10_000_000, 10_000_000).refine((n) => n !== 0, "errors.stock.zero"),
  reason: requiredChoice(ADJUSTMENT_REASONS),
  note: optionalText(300),
});

export const TransferSchema = z
  .object({
    intent: z.literal("transfer"),
    stateCode,
    toStateCode: requiredChoice(STATE_CODES),
    materialId,
    quantity: requiredInt(1, 10_000_000),
    reference: optionalText(120),
  })
  .refine((t) => t.stateCode !== t.toStateCode, { path: ["toStateCode"], message: "errors.stock.sameState" });

export const ThresholdSchema = z.object({
  intent: z.literal("threshold"),
  stateCode,
  materialId,
  lowAt: requiredInt(0, 10_000_000),
});

/** A drawn signature as SVG path data: only move/line commands and numbers, so it is safe to draw back. */
const SIGNATURE_PATH = /^(?:[ML]\s?-?\d{1,4}(?:\.\d{1,2})?[ ,]-?\d{1,4}(?:\.\d{1,2})?\s?)+$/;

export const DeliverySchema = z
  .object({
    materialId,
    quantity: requiredInt(1, 1_000_000),
    recipientType: requiredChoice(RECIPIENT_TYPES),
    registrationId: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(40).optional()),
    recipientName: optionalText(150),
    acknowledgedByName: optionalText(120),
    acknowledgedByRole: optionalText(120),
    signature: z.preprocess(
      (v) => (cleanText(v) === "" ? undefined : String(v).trim()),
      z.string().max(20_000, "errors.delivery.signature").regex(SIGNATURE_PATH, "errors.delivery.signature").optional(),
    ),
    /** When it was handed over, if not now (a delivery typed in later from a paper form). */
    deliveredAt: optionalMalaysiaDateTime(),
    /** The staff member who handed it over, if not the person typing it in. */
    deliveredById: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(40).optional()),
  })
  .superRefine((d, ctx) => {
    if (d.deliveredAt && d.deliveredAt.getTime() > Date.now() + 5 * 60_000)
      ctx.addIssue({ code: "custom", path: ["deliveredAt"], message: "errors.delivery.inFuture" });
    if (d.recipientType === "PERSON" && !d.registrationId)
      ctx.addIssue({ code: "custom", path: ["registrationId"], message: "errors.choose" });
    if (d.signature && !d.acknowledgedByName)
      ctx.addIssue({ code: "custom", path: ["acknowledgedByName"], message: "errors.delivery.whoSigned" });
  });
export type DeliveryInput = z.infer<typeof DeliverySchema>;

/** A record id as the plan form names its fields: `plan.<materialId>`. */
const PLAN_KEY = /^[a-z0-9]{1,40}$/;

/**
 * The quantities of each material planned for an event. A blank leaves a material out of the
 * plan; 0 plans none of it on purpose.
 */
export const MaterialPlanSchema = z.object({
  intent: z.literal("plan"),
  plan: z
    .record(z.string().regex(PLAN_KEY, "errors.materialPlan.unknownMaterial"), optionalInt(0, 1_000_000))
    .default({})
    .refine((plan) => Object.keys(plan).length <= 500, "errors.materialPlan.unknownMaterial"),
});

export const ReversalSchema = z.object({
  intent: z.literal("reverse"),
  deliveryId: z.string().min(1).max(40),
  reason: requiredText(300),
});
