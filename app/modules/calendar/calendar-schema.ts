import { z } from "zod";
import { STATE_CODES } from "~/modules/schools/school-schema";
import { optionalText, requiredChoice, requiredText } from "~/utils/zod";
import { isDateKey } from "./malaysia-time";

const dateKey = z
  .string({ error: "errors.required" })
  .min(1, "errors.required")
  .refine((v) => isDateKey(v), "errors.date");

export const HolidayOverrideSchema = z.object({
  intent: z.literal("add-holiday"),
  date: dateKey,
  stateCode: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.enum(STATE_CODES).nullable()),
  name: requiredText(120),
  action: requiredChoice(["ADD", "REMOVE"] as const),
  source: optionalText(200),
});

export const SchoolBreakSchema = z
  .object({
    intent: z.literal("add-break"),
    calendarGroup: requiredChoice(["A", "B"] as const),
    name: requiredText(120),
    startDate: dateKey,
    endDate: dateKey,
    source: optionalText(200),
  })
  .refine((v) => v.endDate >= v.startDate, { path: ["endDate"], message: "errors.event.endBeforeStart" });
