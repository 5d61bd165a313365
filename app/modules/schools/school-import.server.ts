import { recordAudit } from "~/modules/audit/audit.server";
import { coversState, requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { stateCodeFromName } from "~/modules/geography/states";
import { readSpreadsheet, type SheetRow } from "~/modules/imports/spreadsheet.server";
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

const CHUNK = 200;

/** Stores the plan as a job so it can be applied (and resumed) without uploading again. */
export async function saveImportJob(user: ScopedUser, fileName: string, plan: ImportPlan) {
  const applicable = plan.rows.filter((r) => r.action === "create" || r.action === "update");
  const job = await db.job.create({
    data: {
      kind: "SCHOOL_IMPORT",
      status: "PENDING",
      total: applicable.length,
      processed: 0,
      input: JSON.stringify({ fileName, rows: applicable.map((r) => r.input) }),
      report: JSON.stringify({ counts: plan.counts, rejected: plan.rows.filter((r) => r.action === "reject").slice(0, 1000) }),
      createdById: user.id,
    },
    select: { id: true },
  });
  return job.id;
}

export async function getImportJob(user: ScopedUser, jobId: string) {
  requirePermission(user, "import:school");
  const job = await db.job.findFirst({
    where: { id: jobId, kind: "SCHOOL_IMPORT", ...(user.role === "ADMIN" ? {} : { createdById: user.id }) },
    select: { id: true, status: true, total: true, processed: true, report: true, input: true, updatedAt: true },
  });
  invariantResponse(job, "Import not found");
  const report = JSON.parse(job.report ?? "{}") as { counts: ImportPlan["counts"]; rejected: ImportRowPlan[] };
  const input = JSON.parse(job.input ?? "{}") as { fileName?: string; rows?: SchoolInput[] };
  const preview = (input.rows ?? []).slice(0, 50);
  return {
    id: job.id,
    status: job.status,
    total: job.total,
    processed: job.processed,
    updatedAt: job.updatedAt,
    fileName: input.fileName ?? "",
    report,
    preview,
  };
}

/**
 * Applies a planned import in chunks of 200 rows, one transaction each, recording progress in
 * the same transaction. Interrupted, it resumes from the last committed chunk; because rows are
 * keyed by school code, running it twice gives the same result.
 */
export async function applySchoolImport(user: ScopedUser, jobId: string): Promise<void> {
  requirePermission(user, "import:school");
  const claimed = await db.job.updateMany({
    where: {
      id: jobId,
      kind: "SCHOOL_IMPORT",
      OR: [{ status: "PENDING" }, { status: "FAILED" }, { status: "RUNNING", updatedAt: { lt: new Date(Date.now() - 60_000) } }],
    },
    data: { status: "RUNNING" },
  });
  if (claimed.count === 0) return;
  const job = await db.job.findUniqueOrThrow({ where: { id: jobId }, select: { input: true, processed: true } });
  const rows = (JSON.parse(job.input ?? "{}") as { rows: SchoolInput[] }).rows ?? [];
  try {
    for (let start = job.processed; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      await db.$transaction(async (tx) => {
        for (const input of chunk) {
          const district = await findOrCreateDistrict(tx, input.stateCode, input.district);
          const data = schoolData(input, district.id);
          await tx.school.upsert({ where: { code: input.code }, create: { code: input.code, ...data }, update: data });
        }
        await tx.job.update({ where: { id: jobId }, data: { processed: Math.min(rows.length, start + chunk.length) } });
      });
    }
    await db.$transaction(async (tx) => {
      await tx.job.update({ where: { id: jobId }, data: { status: "DONE", processed: rows.length } });
      await recordAudit(tx, { actorId: user.id, action: "IMPORT", entityType: "School", entityId: jobId, after: { rows: rows.length } });
    });
  } catch (error) {
    await db.job.update({ where: { id: jobId }, data: { status: "FAILED" } });
    throw error;
  }
}
