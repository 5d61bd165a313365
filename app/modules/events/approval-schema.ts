import { z } from "zod";
import { isDateKey } from "~/modules/calendar/malaysia-time";
import { requiredText } from "~/utils/zod";

/**
 * The JPN/PPD approval form: reference, date and issuing office. Used in the browser as well as
 * on the server, so it lives outside approval.server.ts (a .server module is empty in the browser).
 */
export const ApprovalSchema = z.object({
  approvalReference: requiredText(120),
  approvalDate: z.string({ error: "errors.required" }).min(1, "errors.required").refine(isDateKey, "errors.date"),
  approvalOffice: requiredText(150),
});
export type ApprovalInput = z.infer<typeof ApprovalSchema>;
