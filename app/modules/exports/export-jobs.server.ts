import fs from "node:fs";
import readline from "node:readline";
import { createReadableStreamFromReadable } from "@remix-run/node";
import ExcelJS from "exceljs";
import { PRIVATE_NO_STORE } from "~/utils/cache-control";
import { contentDisposition } from "~/utils/content-disposition";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { translator, type Language } from "~/modules/i18n/i18n";
import { actingUser } from "~/modules/jobs/acting-user.server";
import { jobQueue } from "~/modules/jobs/job-queue.server";
import type { JobHandler } from "~/modules/jobs/job-runner.server";
import { db } from "~/utils/db.server";
import { dataPath } from "~/utils/env.server";
import { invariantResponse } from "~/utils/invariant";
import { DATASETS, includesContacts, type ExportContext } from "./export-datasets.server";
import type { EXPORT_STATUSES, ExportDataset, ExportFormat, ExportRequest } from "./export-schema";
import { addSheetRow, csvLine, decodeRow, encodeRow, sheetColumns, type Cell } from "./tabular.server";

const BATCH = 500;
/** Finished files hold personal data: they are deleted after this long. */
export const EXPORT_FILE_DAYS = 7;

type ExportInput = {
  dataset: ExportDataset;
  format: ExportFormat;
  filters: ExportContext["filters"];
  contacts: boolean;
  language: Language;
};
/** Progress kept with the job so a restart carries on from the last batch written. */
type ExportProgress = { afterId: string | null; bytes: number };

const partFile = (jobId: string) => dataPath("exports", `${jobId}.part`);
const finalFile = (jobId: string, format: ExportFormat) => dataPath("exports", `${jobId}.${format}`);

/** Queues an export of rows in the user's scope for the worker; the caller shows its page. */
export async function createExportJob(user: ScopedUser, request: ExportRequest, language: Language) {
  const dataset = DATASETS[request.dataset];
  requirePermission(user, dataset.permission);
  const { dataset: name, format, contacts, ...filters } = request;
  const input: ExportInput = { dataset: name, format, filters, contacts: includesContacts(user, contacts), language };
  const total = await dataset.count({ user, filters, contacts: input.contacts, language });
  return db.$transaction(async (tx) => {
    const jobId = (await jobQueue.enqueue(
      {
        kind: "EXPORT",
        total,
        input,
        report: { afterId: null, bytes: 0 } satisfies ExportProgress,
        createdById: user.id,
      },
      tx,
    ))!;
    // Who took which personal data out of the system, and with or without contacts.
    await recordAudit(tx, {
      actorId: user.id,
      action: "EXPORT",
      entityType: "Export",
      entityId: jobId,
      after: { dataset: name, format, filters, contacts: input.contacts, rows: total },
    });
    return jobId;
  });
}

function parseInput(json: string | null): ExportInput {
  return JSON.parse(json ?? "{}") as ExportInput;
}

/** One of the user's exports (administrators: anyone's), for its progress page. */
type ExportStatus = (typeof EXPORT_STATUSES)[number];

export async function getExportJob(user: ScopedUser, jobId: string) {
  const job = await db.job.findFirst({
    where: { id: jobId, kind: "EXPORT", ...(user.role === "ADMIN" ? {} : { createdById: user.id }) },
    select: { id: true, status: true, total: true, processed: true, input: true, error: true, runAt: true, createdAt: true },
  });
  invariantResponse(job, "Export not found");
  const input = parseInput(job.input);
  const expired = job.status === "DONE" && !fs.existsSync(finalFile(job.id, input.format));
  return {
    id: job.id,
    status: job.status as ExportStatus,
    total: job.total,
    processed: job.processed,
    createdAt: job.createdAt,
    dataset: input.dataset,
    format: input.format,
    contacts: input.contacts,
    filters: input.filters,
    error: job.error,
    waitingSince: job.status === "QUEUED" ? job.runAt.toISOString() : null,
    expired,
  };
}

/** Stops an export that has not finished; its half-written file is removed. */
export async function cancelExport(user: ScopedUser, jobId: string) {
  const job = await getExportJob(user, jobId);
  return jobQueue.cancel(job.id);
}

/** Runs a failed or stopped export again, from the last batch written. */
export async function resumeExport(user: ScopedUser, jobId: string) {
  const job = await getExportJob(user, jobId);
  return jobQueue.retry(job.id);
}

export async function recentExports(user: ScopedUser) {
  const jobs = await db.job.findMany({
    where: { kind: "EXPORT", createdById: user.id },
    select: { id: true, status: true, total: true, processed: true, input: true, createdAt: true },
    orderBy: { createdAt: "desc" },
    take: 10,
  });
  return jobs.map(({ input, ...job }) => {
    const parsed = parseInput(input);
    return { ...job, status: job.status as ExportStatus, dataset: parsed.dataset, format: parsed.format, contacts: parsed.contacts };
  });
}

/**
 * Writes the export in batches of rows, each batch appended to a part file and recorded with the
 * job (the last id written and the file's length), so a job interrupted by a crash resumes from
 * the last recorded batch: the file is cut back to the recorded length and the rows after the
 * recorded id are read again. No transaction: each batch is one read, and the record of it one write.
 */
export const exportHandler: JobHandler = {
  async run({ job, progress, nextChunk }) {
    const input = parseInput(job.input);
    // The exporter's scope as it is now: a coordinator moved to another state exports that state.
    const user = await actingUser(job.createdById);
    const dataset = DATASETS[input.dataset];
    requirePermission(user, dataset.permission);
    const ctx: ExportContext = {
      user,
      filters: input.filters,
      contacts: input.contacts && includesContacts(user, true),
      language: input.language,
    };
    let state = JSON.parse(job.report ?? "{}") as ExportProgress;
    let processed = job.processed;
    fs.mkdirSync(dataPath("exports"), { recursive: true });
    const part = partFile(job.id);
    // The part file is gone or shorter than recorded (a stopped export's file was removed): start again.
    if (!fs.existsSync(part) || fs.statSync(part).size < state.bytes) {
      state = { afterId: null, bytes: 0 };
      processed = 0;
      fs.writeFileSync(part, "");
    }
    fs.truncateSync(part, state.bytes);
    for (;;) {
      await nextChunk();
      const batch = await dataset.batch(ctx, state.afterId, BATCH);
      if (!batch.rows.length) break;
      fs.appendFileSync(part, batch.rows.map(encodeRow).join("\n") + "\n");
      processed += batch.rows.length;
      state = { afterId: batch.lastId, bytes: fs.statSync(part).size };
      await progress({ processed, report: state });
    }
    const t = translator(input.language);
    await writeFinalFile(part, finalFile(job.id, input.format), input.format, t(dataset.sheetName), dataset.headers(t, ctx));
    fs.rmSync(part, { force: true });
    return { processed, total: processed };
  },
  // Stopped or withdrawn (an erasure) while it ran: what it wrote may name the erased person.
  async abandoned(job) {
    removeExportFiles(job.id);
  },
};

function removeExportFiles(jobId: string) {
  for (const file of [partFile(jobId), finalFile(jobId, "csv"), finalFile(jobId, "xlsx")]) fs.rmSync(file, { force: true });
}

async function* partRows(part: string): AsyncGenerator<Cell[]> {
  const lines = readline.createInterface({ input: fs.createReadStream(part, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield decodeRow(line);
}

/** The part file becomes a CSV (UTF-8 with BOM, for Excel) or an Excel workbook, streamed row by row. */
async function writeFinalFile(part: string, target: string, format: ExportFormat, sheetName: string, headers: string[]) {
  const temporary = `${target}.tmp`;
  if (format === "csv") {
    const out = fs.createWriteStream(temporary, "utf8");
    out.write(`\uFEFF${csvLine(headers)}`);
    for await (const row of partRows(part)) {
      if (!out.write(csvLine(row))) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  } else {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: temporary, useStyles: true });
    workbook.creator = "KASIH Outreach";
    const sheet = workbook.addWorksheet(sheetName.slice(0, 31).replace(/[[\]*?/\\:]/g, " "), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = sheetColumns(headers);
    const header = sheet.addRow(headers);
    header.font = { bold: true };
    header.commit();
    for await (const row of partRows(part)) addSheetRow(sheet, row).commit();
    sheet.commit();
    await workbook.commit();
  }
  fs.renameSync(temporary, target);
}

/** The finished file, streamed to the browser. */
export async function exportDownload(user: ScopedUser, jobId: string): Promise<Response> {
  const job = await getExportJob(user, jobId);
  invariantResponse(job.status === "DONE" && !job.expired, "Export not ready", { status: 404 });
  const file = finalFile(job.id, job.format);
  const stamp = job.createdAt.toISOString().slice(0, 10);
  const fileName = `${DATASETS[job.dataset].fileStem}-${stamp}.${job.format}`;
  return new Response(createReadableStreamFromReadable(fs.createReadStream(file)), {
    headers: {
      "Content-Type":
        job.format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": contentDisposition("attachment", fileName),
      "Content-Length": String(fs.statSync(file).size),
      "Cache-Control": PRIVATE_NO_STORE,
    },
  });
}

/** Datasets whose files name participants. */
const PERSONAL_DATASETS: ExportDataset[] = ["registrations", "attendance", "deliveries"];

/**
 * Erasure: every export that may list the person (of a dataset naming participants, made since
 * their first registration, finished or not) is withdrawn: its files are deleted and its page
 * says why instead of offering the download. Returns how many were withdrawn.
 */
export async function withdrawExportsSince(since: Date): Promise<number> {
  const jobs = await db.job.findMany({
    where: { kind: "EXPORT", status: { not: "WITHDRAWN" }, createdAt: { gte: since } },
    select: { id: true, input: true },
  });
  const withdrawn = jobs.filter((job) => PERSONAL_DATASETS.includes(parseInput(job.input).dataset));
  if (!withdrawn.length) return 0;
  // A runner writing one of them loses it at its next batch and removes what it wrote (exportHandler.abandoned).
  await db.job.updateMany({
    where: { id: { in: withdrawn.map((j) => j.id) } },
    data: { status: "WITHDRAWN", lockedBy: null, lockedUntil: null },
  });
  for (const job of withdrawn) removeExportFiles(job.id);
  return withdrawn.length;
}

/** Housekeeping: deletes export files older than EXPORT_FILE_DAYS (a stopped export is resumed by its lease, not here). */
export function deleteOldExportFiles(now = new Date()) {
  const folder = dataPath("exports");
  if (!fs.existsSync(folder)) return 0;
  let deleted = 0;
  for (const name of fs.readdirSync(folder)) {
    const file = `${folder}/${name}`;
    if (now.getTime() - fs.statSync(file).mtimeMs > EXPORT_FILE_DAYS * 86_400_000) {
      fs.rmSync(file, { force: true });
      deleted++;
    }
  }
  return deleted;
}
