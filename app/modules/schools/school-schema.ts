import { z } from "zod";
import { STATES } from "~/modules/geography/states";
import { optionalEmail, optionalInt, optionalMultiline, optionalText, requiredChoice, requiredText } from "~/utils/zod";

/** School types as KPM's list labels them (JENIS/LABEL). */
export const SCHOOL_TYPES = ["SK", "SJKC", "SJKT", "SMK", "SMKA", "SBP", "SABK", "SMT", "KV", "SM", "SMJK", "SPK", "SKM", "LAIN"] as const;
export const SCHOOL_LEVELS = ["RENDAH", "MENENGAH"] as const;
export const STATE_CODES = STATES.map((s) => s.code) as [string, ...string[]];

/** KPM school codes: three letters and four digits, e.g. NEB2069. */
export const SCHOOL_CODE = /^[A-Z]{3}\d{4}$/;

export const SchoolSchema = z.object({
  code: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
    z.string({ error: "errors.required" }).min(1, "errors.required").regex(SCHOOL_CODE, "errors.schoolCode"),
  ),
  name: requiredText(200),
  type: requiredChoice(SCHOOL_TYPES),
  level: requiredChoice(SCHOOL_LEVELS),
  stateCode: requiredChoice(STATE_CODES),
  district: requiredText(100),
  address: optionalMultiline(300),
  postcode: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v),
    z
      .string()
      .regex(/^\d{5}$/, "errors.postcode")
      .optional(),
  ),
  town: optionalText(100),
  phone: optionalText(40),
  email: optionalEmail(),
  headTeacherName: optionalText(120),
  enrolment: optionalInt(0, 20_000),
  teachers: optionalInt(0, 2_000),
  latitude: z.number().min(0).max(8).optional(),
  longitude: z.number().min(99).max(120).optional(),
});
export type SchoolInput = z.infer<typeof SchoolSchema>;

export const SchoolFilterSchema = z.object({
  q: optionalText(100),
  state: z.enum(STATE_CODES).optional().catch(undefined),
  district: optionalText(40).catch(undefined),
  type: z.enum(SCHOOL_TYPES).optional().catch(undefined),
  level: z.enum(SCHOOL_LEVELS).optional().catch(undefined),
});
export type SchoolFilters = z.infer<typeof SchoolFilterSchema>;
