import { z } from "zod";
import { STATE_CODES } from "~/modules/schools/school-schema";

const dateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/**
 * The filters every report shares (dashboard, exports): programme, state, district and a date
 * range in Malaysian dates. Anything odd in a query string is dropped rather than refused.
 */
export const ReportFilterSchema = z.object({
  programme: z.string().max(40).optional().catch(undefined),
  state: z.enum(STATE_CODES).optional().catch(undefined),
  district: z.string().max(40).optional().catch(undefined),
  from: dateOnly,
  to: dateOnly,
});
export type ReportFilters = z.infer<typeof ReportFilterSchema>;

/** The filters as a query string, for links from a figure to the rows behind it. */
export function reportQuery(filters: ReportFilters, extra: Record<string, string> = {}): string {
  const entries = Object.entries({ ...filters, ...extra }).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "");
  return new URLSearchParams(entries).toString();
}
