import { recordAudit } from "~/modules/audit/audit.server";
import { coversState, requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { stateCodeFromName } from "~/modules/geography/states";
import { readSpreadsheet, readStoredUpload, storedUpload, type SheetRow } from "~/modules/imports/spreadsheet.server";
import { actingUser } from "~/modules/jobs/acting-user.server";
import { jobQueue } from "~/modules/jobs/job-queue.server";
import type { JobHandler } from "~/modules/jobs/job-runner.server";
import type { JobStatus } from "~/modules/jobs/job-types";
import { db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { cleanText } from "~/utils/text";
import { SCHOOL_CODE, SCHOOL_TYPES, SchoolSchema, type SchoolInput } from "./school-schema";
import { findOrCreateDistrict, schoolData } from "./schools.server";

/** The columns of KPM's "Senarai Keseluruhan Sekolah" that we read. */
export const REQUIRED_COLUMNS = ["KODSEKOLAH", "NAMASEKOLAH", "NEGERI", "PPD"];

export type ImportRowPlan = {
  rowNumber: number;
  code: string;
  name: string;
  action: "create" | "update" | "unchanged" | "reject";
  errors: string[];
  input?: SchoolInput;
};

export type ImportPlan = {
  rows: ImportRowPlan[];
  counts: { create: number; update: number; unchanged: number; reject: number };
};

const PRIMARY_TYPES = new Set(["SK", "SJKC", "SJKT", "SKM"]);

function schoolType(raw: string): string {
  const compact = raw.toUpperCase().replace(/[^A-Z]/g, "");
  if ((SCHOOL_TYPES as readonly string[]).includes(compact)) return compact;
  if (compact.startsWith("SJKC")) return "SJKC";
  if (compact.startsWith("SJKT")) return "SJKT";
  if (compact.startsWith("SMKA")) return "SMKA";
  if (compact.startsWith("SMK")) return "SMK";
  if (compact.startsWith("SK")) return "SK";
  return "LAIN";
}

function schoolLevel(raw: string, type: string): string {
  const value = raw.toUpperCase();
  if (value.includes("RENDAH") || value.includes("PRIMARY")) return "RENDAH";
  if (value.includes("MENENGAH") || value.includes("SECONDARY")) return "MENENGAH";
  return PRIMARY_TYPES.has(type) ? "RENDAH" : "MENENGAH";
}

function column(values: Record<string, string>, ...names: string[]): string {
  for (const name of names) {
    const value = values[name];
    if (value !== undefined && cleanText(value) !== "") return cleanText(value);
  }
  return "";
}

/** KPM's coordinates, kept only when both are numbers inside Malaysia (bad ones are dropped, not fatal). */
function coordinates(latitudeText: string, longitudeText: string) {
  const latitude = Number(latitudeText);
  const longitude = Number(longitudeText);
  const inMalaysia = latitude > 0 && latitude < 8 && longitude > 99 && longitude < 120;
  return latitudeText && longitudeText && inMalaysia ? { latitude, longitude } : {};
}

/** Turns one KPM row into a validated school, or the reasons it cannot be one. */
export function rowToSchool(row: SheetRow): { input?: SchoolInput; errors: string[]; code: string; name: string } {
  const v = row.values;
  const code = column(v, "KODSEKOLAH").toUpperCase();
  const name = column(v, "NAMASEKOLAH");
  const stateCode = stateCodeFromName(column(v, "NEGERI"));
  const type = schoolType(column(v, "JENISLABEL", "JENIS", "LABEL"));
  const postcode = column(v, "POSKODSURAT", "POSKOD");
  const errors: string[] = [];
  if (!stateCode) errors.push("errors.import.unknownState");
  const parsed = SchoolSchema.safeParse({
    code,
    name,
    type,
    level: schoolLevel(column(v, "PERINGKAT"), type),
    stateCode: stateCode ?? "",
    district: column(v, "PPD").replace(/^PPD\s+/i, ""),
    address: column(v, "ALAMATSURAT", "ALAMAT"),
    // Excel stores postcodes as numbers and drops the leading zero of 0xxxx (Kedah, Perlis, Pulau Pinang).
    postcode: /^\d{4}$/.test(postcode) ? `0${postcode}` : postcode,
    town: column(v, "BANDARSURAT", "BANDAR"),
    phone: column(v, "NOTELEFON"),
    email: column(v, "EMAIL"),
    enrolment: column(v, "ENROLMEN"),
    teachers: column(v, "GURU"),
    ...coordinates(column(v, "KOORDINATYY"), column(v, "KOORDINATXX")),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      if (field === "stateCode" && !stateCode) continue;
      errors.push(`${issue.message}|field=${field}`);
    }
  }
  if (!SCHOOL_CODE.test(code) && !errors.some((e) => e.includes("field=code"))) errors.push("errors.schoolCode|field=code");
  return { input: errors.length || !parsed.success ? undefined : parsed.data, errors, code, name };
}

const COMPARED: (keyof SchoolInput)[] = [
  "name",
  "type",
  "level",
  "stateCode",
  "address",
  "postcode",
  "town",
  "phone",
  "email",
  "enrolment",
  "teachers",
];

/** Reads the file and decides, per row, what applying it would do. Writes nothing. */
export async function planSchoolImport(user: ScopedUser, bytes: Uint8Array): Promise<ImportPlan> {
  requirePermission(user, "import:school");
  const sheet = await readSpreadsheet(bytes, REQUIRED_COLUMNS);
  const converted = sheet.rows.map((row) => ({ rowNumber: row.rowNumber, ...rowToSchool(row) }));
  const codes = converted.map((r) => r.code).filter(Boolean);
  const existing = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < codes.length; i += 500) {
    const batch = await db.school.findMany({
      where: { code: { in: codes.slice(i, i + 500) } },
      include: { district: { select: { name: true } } },
    });
    for (const school of batch) existing.set(school.code, school);
  }

  const seen = new Set<string>();
  const rows: ImportRowPlan[] = converted.map((row) => {
    const plan: ImportRowPlan = { rowNumber: row.rowNumber, code: row.code, name: row.name, action: "reject", errors: row.errors };
    if (!row.input) return plan;
    if (seen.has(row.code)) return { ...plan, errors: ["errors.import.duplicateInFile"] };
    seen.add(row.code);
    if (!coversState(user, row.input.stateCode)) return { ...plan, errors: ["errors.import.stateOutOfScope"] };
    const current = existing.get(row.code);
    if (!current) return { ...plan, action: "create", input: row.input };
    if (!coversState(user, current.stateCode as string)) return { ...plan, errors: ["errors.import.stateOutOfScope"] };
    const differs =
      COMPARED.some((key) => (current[key] ?? undefined) !== (row.input![key] ?? undefined)) ||
      (current.district as { name: string }).name !== row.input.district.toUpperCase();
    return { ...plan, action: differs ? "update" : "unchanged", input: row.input };
  });
  const counts = { create: 0, update: 0, unchanged: 0, reject: 0 };
  for (const row of rows) counts[row.action]++;
  return { rows, counts };
}

/** Rows per transaction: a chunk is a few statements (one read, one insert, the changed rows' updates), well under a second. */
const CHUNK = 100;
const PREVIEW_ROWS = 50;

/**
 * A job first reads the uploaded file and plans (`plan`: the file itself, base64), then waits for
 * the user with the rows to apply (`apply`). Jobs saved before phases existed hold rows only.
 */
type SchoolImportInput = { phase: "plan"; fileName: string; file: string } | { phase?: "apply"; fileName: string; rows: SchoolInput[] };
type SchoolImportReport = { fileName?: string; counts?: ImportPlan["counts"]; rejected?: ImportRowPlan[]; preview?: SchoolInput[] };

/**
 * Takes the upload and leaves the reading and planning to the worker: a 10,000-row workbook takes
 * seconds of CPU, which the web process must not spend while others wait. What the first bytes
 * tell (an empty file, an old Excel file, a PDF) is refused at once with a SpreadsheetError.
 */
export async function queueSchoolImport(user: ScopedUser, fileName: string, bytes: Uint8Array) {
  requirePermission(user, "import:school");
  const jobId = await jobQueue.enqueue({
    kind: "SCHOOL_IMPORT",
    input: { phase: "plan", fileName, file: storedUpload(bytes) } satisfies SchoolImportInput,
    report: { fileName } satisfies SchoolImportReport,
    createdById: user.id,
  });
  return jobId!;
}

/** The plan, kept on the job while it waits for the user's confirmation, so it is applied (and resumed) without uploading again. */
function waitForConfirmation(fileName: string, plan: ImportPlan) {
  const applicable = plan.rows.filter((r) => r.action === "create" || r.action === "update").map((r) => r.input!);
  return {
    status: "PENDING" as const,
    processed: 0,
    total: applicable.length,
    input: { phase: "apply", fileName, rows: applicable } satisfies SchoolImportInput,
    report: {
      fileName,
      counts: plan.counts,
      rejected: plan.rows.filter((r) => r.action === "reject").slice(0, 1000),
      preview: applicable.slice(0, PREVIEW_ROWS),
    } satisfies SchoolImportReport,
  };
}

async function ownImportJob(user: ScopedUser, jobId: string) {
  requirePermission(user, "import:school");
  const job = await db.job.findFirst({
    where: { id: jobId, kind: "SCHOOL_IMPORT", ...(user.role === "ADMIN" ? {} : { createdById: user.id }) },
    select: {
      id: true,
      status: true,
      total: true,
      processed: true,
      report: true,
      error: true,
      runAt: true,
      createdAt: true,
      updatedAt: true,
    },
  });
  invariantResponse(job, "Import not found");
  return job;
}

/** The import's plan and progress for its page (the rows themselves stay in the job's input). */
export async function getImportJob(user: ScopedUser, jobId: string) {
  const job = await ownImportJob(user, jobId);
  // The report, not the input: the page reloads every two seconds and the input holds every row.
  const report = JSON.parse(job.report ?? "{}") as SchoolImportReport;
  return {
    id: job.id,
    status: job.status as JobStatus,
    total: job.total,
    processed: job.processed,
    error: job.error,
    fileName: report.fileName ?? "",
    // Until the worker has read the file there is no plan to show, only its progress.
    counts: report.counts ?? null,
    rejected: report.rejected ?? [],
    preview: report.preview ?? [],
    waitingSince: job.status === "QUEUED" ? job.runAt.toISOString() : null,
  };
}

/** The user confirms the plan (or asks for a stopped import to go on): the worker applies it. */
export async function startSchoolImport(user: ScopedUser, jobId: string) {
  const job = await ownImportJob(user, jobId);
  if (job.status === "PENDING") return jobQueue.start(job.id);
  return jobQueue.retry(job.id);
}

export async function cancelSchoolImport(user: ScopedUser, jobId: string) {
  const job = await ownImportJob(user, jobId);
  return jobQueue.cancel(job.id);
}

/**
 * Applies a confirmed import in chunks of CHUNK rows, one short transaction each, recording
 * progress in the same transaction. Interrupted, it resumes from the last committed chunk;
 * rows are keyed by school code, so even a chunk written twice gives the same result.
 */
export const schoolImportHandler: JobHandler = {
  async run({ job, progress, nextChunk }) {
    const user = await actingUser(job.createdById);
    requirePermission(user, "import:school");
    const input = JSON.parse(job.input ?? "{}") as SchoolImportInput;
    if (input.phase === "plan") {
      return waitForConfirmation(input.fileName, await readStoredUpload(input.file, (bytes) => planSchoolImport(user, bytes)));
    }
    const { rows } = input;
    const districts = new Map<string, string>();
    for (let start = job.processed; start < rows.length; start += CHUNK) {
      await nextChunk();
      const chunk = rows.slice(start, start + CHUNK);
      // Districts first, outside the chunk's transaction: each is an idempotent upsert, usually cached.
      for (const input of chunk) {
        const key = `${input.stateCode}|${input.district.trim().toUpperCase()}`;
        if (!districts.has(key)) districts.set(key, (await findOrCreateDistrict(db, input.stateCode, input.district)).id);
      }
      const last = start + chunk.length >= rows.length;
      await db.$transaction(async (tx) => {
        const existing = new Set(
          (await tx.school.findMany({ where: { code: { in: chunk.map((r) => r.code) } }, select: { code: true } })).map((s) => s.code),
        );
        const data = (input: SchoolInput) => schoolData(input, districts.get(`${input.stateCode}|${input.district.trim().toUpperCase()}`)!);
        const fresh = chunk.filter((input) => !existing.has(input.code));
        if (fresh.length) await tx.school.createMany({ data: fresh.map((input) => ({ code: input.code, ...data(input) })) });
        for (const input of chunk) if (existing.has(input.code)) await tx.school.update({ where: { code: input.code }, data: data(input) });
        await progress({ processed: start + chunk.length }, tx);
        if (last)
          await recordAudit(tx, {
            actorId: user.id,
            action: "IMPORT",
            entityType: "School",
            entityId: job.id,
            after: { rows: rows.length },
          });
      });
    }
    return { processed: rows.length };
  },
};
