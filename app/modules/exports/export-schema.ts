import { z } from "zod";
import { ReportFilterSchema } from "~/modules/reports/report-filters";
import { checkbox } from "~/utils/zod";

/** What can be exported across events (the per-event registration list has its own export). */
export const EXPORT_DATASETS = ["events", "registrations", "attendance", "deliveries", "stock", "schools"] as const;
export type ExportDataset = (typeof EXPORT_DATASETS)[number];

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The job statuses an export goes through; WITHDRAWN: its file was deleted because it named someone whose data was then erased. */
export const EXPORT_STATUSES = ["QUEUED", "RUNNING", "DONE", "FAILED", "CANCELLED", "WITHDRAWN"] as const;

/** The export form: which rows, which format, the report filters, and whether to include contacts. */
export const ExportRequestSchema = ReportFilterSchema.extend({
  dataset: z.enum(EXPORT_DATASETS, { error: "errors.choose" }),
  format: z.enum(EXPORT_FORMATS, { error: "errors.choose" }),
  contacts: checkbox(),
}).refine((v) => !v.from || !v.to || v.from <= v.to, { message: "errors.dateRange", path: ["to"] });
export type ExportRequest = z.infer<typeof ExportRequestSchema>;
