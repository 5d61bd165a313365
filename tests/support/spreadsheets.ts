import ExcelJS from "exceljs";

export const KPM_HEADER = [
  "NEGERI",
  "PPD",
  "PERINGKAT",
  "JENIS/LABEL",
  "KODSEKOLAH",
  "NAMASEKOLAH",
  "ALAMATSURAT",
  "POSKODSURAT",
  "BANDARSURAT",
  "NOTELEFON",
  "NOFAX",
  "EMAIL",
  "LOKASI",
  "ENROLMEN",
  "GURU",
  "KOORDINATXX",
  "KOORDINATYY",
];

export type KpmRow = Partial<Record<(typeof KPM_HEADER)[number], string | number>>;

export function kpmRow(fields: KpmRow): (string | number)[] {
  return KPM_HEADER.map((h) => fields[h] ?? "");
}

/** An .xlsx like KPM's, optionally with title rows above the header as the published file has. */
export async function kpmWorkbook(rows: KpmRow[], options: { titleRows?: string[] } = {}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Senarai Sekolah");
  for (const title of options.titleRows ?? []) sheet.addRow([title]);
  sheet.addRow(KPM_HEADER);
  for (const row of rows) sheet.addRow(kpmRow(row));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export function kpmCsv(rows: KpmRow[], delimiter = ","): Uint8Array {
  const quote = (v: string | number) => {
    const s = String(v);
    return /[",;\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [KPM_HEADER, ...rows.map(kpmRow)].map((cells) => cells.map(quote).join(delimiter));
  return new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`);
}
