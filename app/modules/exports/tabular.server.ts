import ExcelJS from "exceljs";
import { malaysiaWallClock, toMalaysiaIso } from "~/modules/calendar/malaysia-time";
import { PRIVATE_NO_STORE } from "~/utils/cache-control";
import { contentDisposition } from "~/utils/content-disposition";

/** A cell: text, a number, or an instant (a real date in the file, never formatted text). */
export type Cell = string | number | Date | null | undefined;
export type Table = { sheetName: string; headers: string[]; rows: Cell[][] };

/** How Excel shows a date cell: day/month/year and the 24-hour time, as read in Malaysia. */
export const EXCEL_DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm";

/**
 * Spreadsheet programs run CSV fields that start with = + - @ (and tab/CR) as formulas: a
 * participant named "=HYPERLINK(…)" must stay text. Prefixing a quote keeps it inert. Only CSV
 * needs it: an Excel cell written as a string is text whatever it starts with.
 */
export function inertText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cellText(value: Cell): string {
  if (value === null || value === undefined) return "";
  // ISO 8601 with +08:00: sorts as text, and every program (and person) reads the Malaysian time.
  if (value instanceof Date) return toMalaysiaIso(value);
  return typeof value === "number" ? String(value) : inertText(value);
}

/** One CSV line as Excel reads it: fields quoted when needed, formulas made inert, CRLF. */
export function csvLine(cells: Cell[]): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return `${cells.map((c) => quote(cellText(c))).join(",")}\r\n`;
}

/** CSV that Excel opens correctly: UTF-8 with BOM, CRLF, every field quoted when needed. */
export function toCsv(table: Table): string {
  return `\uFEFF${csvLine(table.headers)}${table.rows.map(csvLine).join("")}`;
}

/** A row as a line of JSON and back, dates kept as dates (an export job keeps its rows so between batches). */
export function encodeRow(cells: Cell[]): string {
  return JSON.stringify(cells.map((c) => (c instanceof Date ? { at: c.toISOString() } : (c ?? null))));
}

export function decodeRow(line: string): Cell[] {
  return (JSON.parse(line) as (string | number | null | { at: string })[]).map((c) =>
    c !== null && typeof c === "object" ? new Date(c.at) : c,
  );
}

/**
 * Adds a row with typed cells: text stays text (no quote prefix: Excel never runs a string cell),
 * numbers are numbers, and instants are Excel dates in Malaysian time with a date-time format.
 */
export function addSheetRow(sheet: { addRow(values: ExcelJS.CellValue[]): ExcelJS.Row }, cells: Cell[]): ExcelJS.Row {
  const row = sheet.addRow(cells.map((value) => (value instanceof Date ? malaysiaWallClock(value) : (value ?? null))));
  cells.forEach((value, index) => {
    if (value instanceof Date) row.getCell(index + 1).numFmt = EXCEL_DATE_TIME_FORMAT;
  });
  return row;
}

/** Column width for a value, in characters: a date cell shows as "23/04/2024 08:30". */
function shownLength(value: unknown): number {
  return value instanceof Date ? EXCEL_DATE_TIME_FORMAT.length : String(value ?? "").length;
}

/**
 * Column widths for a sheet written row by row (widths come before the rows in the file): wide
 * enough for the header and for a date cell, which Excel shows as #### when it does not fit.
 */
export function sheetColumns(headers: string[]): { width: number }[] {
  return headers.map((header) => ({ width: Math.min(50, Math.max(EXCEL_DATE_TIME_FORMAT.length + 2, header.length + 2)) }));
}

export async function toXlsx(table: Table): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "KASIH Outreach";
  const sheet = workbook.addWorksheet(table.sheetName.slice(0, 31).replace(/[[\]*?/\\:]/g, " "));
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) addSheetRow(sheet, row);
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.columns.forEach((column) => {
    column.width = Math.min(50, Math.max(10, ...(column.values ?? []).map((v) => shownLength(v) + 2)));
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export function downloadResponse(body: string | Uint8Array, fileName: string, format: "csv" | "xlsx"): Response {
  return new Response(typeof body === "string" ? body : new Blob([body as Uint8Array<ArrayBuffer>]), {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": contentDisposition("attachment", fileName),
      "Cache-Control": PRIVATE_NO_STORE,
    },
  });
}
