import ExcelJS from "exceljs";
import { PRIVATE_NO_STORE } from "~/utils/cache-control";
import { contentDisposition } from "~/utils/content-disposition";

export type Cell = string | number | Date | null | undefined;
export type Table = { sheetName: string; headers: string[]; rows: Cell[][] };

/**
 * Spreadsheet programs run cells that start with = + - @ (and tab/CR) as formulas: a participant
 * named "=HYPERLINK(…)" must stay text. Prefixing a quote keeps it inert.
 */
export function inertText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cellText(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
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

export async function toXlsx(table: Table): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "KASIH Outreach";
  const sheet = workbook.addWorksheet(table.sheetName.slice(0, 31).replace(/[[\]*?/\\:]/g, " "));
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(row.map((value) => (typeof value === "string" ? inertText(value) : (value ?? null))));
  }
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.columns.forEach((column) => {
    column.width = Math.min(50, Math.max(10, ...(column.values ?? []).map((v) => String(v ?? "").length + 2)));
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
