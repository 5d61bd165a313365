import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { JobError } from "~/modules/jobs/job-queue.server";

/** Why a file could not be read as a table; each maps to a translated message. */
export class SpreadsheetError extends Error {
  constructor(
    public readonly key:
      "errors.file.empty" | "errors.file.notSpreadsheet" | "errors.file.oldExcel" | "errors.file.noHeader" | "errors.file.tooManyRows",
  ) {
    super(key);
  }
}

export type SheetRow = { rowNumber: number; values: Record<string, string> };
export type Sheet = { headers: string[]; labels: string[]; rows: SheetRow[] };

export const MAX_IMPORT_ROWS = 20_000;

/** Column names compared without case, spaces or punctuation: "KOD SEKOLAH" = "KodSekolah". */
export function normaliseHeader(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
// Excel 97–2003 (.xls) files are OLE compound documents.
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * Reads an .xlsx or .csv upload into rows keyed by normalised header. The header row is found
 * among the first rows (KPM's workbook can start with a title), as the first row that contains
 * every `requiredHeaders` column.
 */
export async function readSpreadsheet(bytes: Uint8Array, requiredHeaders: string[]): Promise<Sheet> {
  checkSpreadsheetKind(bytes);
  const grid = ZIP_MAGIC.every((b, i) => bytes[i] === b) ? await readXlsx(bytes) : readCsv(bytes);
  const nonEmpty = grid.filter((row) => row.some((cell) => cell.trim() !== ""));
  if (nonEmpty.length === 0) throw new SpreadsheetError("errors.file.empty");

  // Without required columns, the header is the first row with anything in it.
  const headerIndex = grid.slice(0, 15).findIndex((row) => {
    const names = new Set(row.map(normaliseHeader).filter(Boolean));
    return requiredHeaders.length ? requiredHeaders.every((h) => names.has(h)) : names.size > 0;
  });
  if (headerIndex < 0) throw new SpreadsheetError("errors.file.noHeader");
  const labels = grid[headerIndex].map((cell) => cell.trim());
  const headers = labels.map(normaliseHeader);

  const rows: SheetRow[] = [];
  for (let i = headerIndex + 1; i < grid.length; i++) {
    const cells = grid[i];
    if (!cells.some((cell) => cell.trim() !== "")) continue;
    if (rows.length >= MAX_IMPORT_ROWS) throw new SpreadsheetError("errors.file.tooManyRows");
    const values: Record<string, string> = {};
    headers.forEach((header, column) => {
      if (header && !(header in values)) values[header] = cells[column] ?? "";
    });
    rows.push({ rowNumber: i + 1, values });
  }
  return { headers, labels, rows };
}

/**
 * An upload as an import job keeps it until the worker reads it (base64, in the job's input),
 * after refusing at once what its first bytes tell: an empty file, an old Excel file, a PDF.
 */
export function storedUpload(bytes: Uint8Array): string {
  checkSpreadsheetKind(bytes);
  return Buffer.from(bytes).toString("base64");
}

/**
 * Reads an upload kept by `storedUpload`, in the worker. A file that is wrong in itself fails its
 * job with the reason, shown to the user, and is not retried: reading it again would fail the same
 * way.
 */
export async function readStoredUpload<T>(file: string, read: (bytes: Buffer) => Promise<T>): Promise<T> {
  try {
    return await read(Buffer.from(file, "base64"));
  } catch (error) {
    if (error instanceof SpreadsheetError) throw new JobError(error.key);
    throw error;
  }
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new SpreadsheetError("errors.file.notSpreadsheet");
  }
  // A workbook without sheets is a damaged file; a blank cover sheet before the list is common.
  if (workbook.worksheets.length === 0) throw new SpreadsheetError("errors.file.notSpreadsheet");
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) throw new SpreadsheetError("errors.file.empty");
  const grid: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    grid[rowNumber - 1] = Array.from(cells, (c) => c ?? "");
  });
  return Array.from(grid, (row) => row ?? []);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return String(value.text);
    if ("result" in value) return value.result === undefined || value.result === null ? "" : String(value.result);
    if ("error" in value) return "";
    return "";
  }
  return String(value);
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  return [...prefix].every((char, i) => bytes[i] === char.charCodeAt(0));
}

/**
 * What can be told from the first bytes, at once: an empty file, an old Excel file, a PDF or an
 * image. The upload is refused on the spot for these; reading the rest is the worker's job.
 */
export function checkSpreadsheetKind(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new SpreadsheetError("errors.file.empty");
  if (OLE_MAGIC.every((b, i) => bytes[i] === b)) throw new SpreadsheetError("errors.file.oldExcel");
  if (ZIP_MAGIC.every((b, i) => bytes[i] === b)) return;
  // Binary files (PDF, images) are full of NUL bytes; a text file has none, or a stray one.
  const nulBytes = bytes.subarray(0, 8192).reduce((count, b) => count + (b === 0 ? 1 : 0), 0);
  const looksBinary = nulBytes > 2 || startsWith(bytes, "%PDF") || startsWith(bytes, "\x89PNG") || (bytes[0] === 0xff && bytes[1] === 0xd8);
  if (looksBinary) throw new SpreadsheetError("errors.file.notSpreadsheet");
}

function readCsv(bytes: Uint8Array): string[][] {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Excel on Windows saves CSV in Windows-1252.
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  text = text.replace(/^\uFEFF/, "");
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [",", ";", "\t"].reduce((best, d) => (firstLine.split(d).length > firstLine.split(best).length ? d : best));
  try {
    return parseCsv(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
  } catch {
    throw new SpreadsheetError("errors.file.notSpreadsheet");
  }
}
