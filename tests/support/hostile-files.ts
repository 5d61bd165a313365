/**
 * Hostile spreadsheet uploads for the import fuzz tests: random bytes, CSV with injections and
 * broken quoting in several encodings, and real .xlsx workbooks with hostile cells, truncated or
 * with bytes changed.
 */
import ExcelJS from "exceljs";
import fc from "fast-check";
import { hostileString } from "./hostile-input";

export type HostileFile = { name: string; type: string; bytes: Uint8Array; kind: string };

const cell = (valid: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 2, arbitrary: hostileString.map((s) => s.slice(0, 400)) },
    { weight: 1, arbitrary: fc.constant("") },
  );

function encode(text: string, encoding: "utf8" | "utf8-bom" | "windows-1252" | "utf16le"): Uint8Array {
  if (encoding === "utf8") return new TextEncoder().encode(text);
  if (encoding === "utf8-bom") return new TextEncoder().encode(`\uFEFF${text}`);
  if (encoding === "utf16le") return new Uint8Array(Buffer.from(text, "utf16le"));
  // Windows-1252 as Excel writes it: one byte per character, anything else becomes "?".
  return Uint8Array.from(text, (c) => (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 63));
}

function quote(value: string, style: "proper" | "raw" | "always"): string {
  if (style === "raw") return value;
  if (style === "always" || /[",;\t\r\n|]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/**
 * A CSV built from a header (`columns`, sometimes shuffled, cut short or replaced) and rows whose
 * cells are valid values from `row` or hostile strings.
 */
export function hostileCsv(columns: string[], row: fc.Arbitrary<string[]>): fc.Arbitrary<HostileFile> {
  const header = fc.oneof(
    { weight: 5, arbitrary: fc.constant(columns) },
    { weight: 1, arbitrary: fc.shuffledSubarray(columns) },
    {
      weight: 1,
      arbitrary: fc.array(
        hostileString.map((s) => s.slice(0, 60)),
        { maxLength: 8 },
      ),
    },
  );
  // Most rows are valid but for a cell or two, so some rows pass and the rest fail one field at a time.
  const edits = fc.array(
    fc.tuple(
      fc.nat({ max: 63 }),
      fc.oneof({ weight: 3, arbitrary: hostileString.map((v) => v.slice(0, 400)) }, { weight: 1, arbitrary: fc.constant("") }),
    ),
    { maxLength: 2 },
  );
  const rows = fc.array(
    fc.tuple(row, edits).map(([valid, changes]) => {
      const cells = [...valid];
      for (const [at, value] of changes) cells[at % cells.length] = value;
      return cells;
    }),
    { maxLength: 6 },
  );
  return fc
    .record({
      titleRows: fc.array(cell(fc.constant("SENARAI KESELURUHAN SEKOLAH")), { maxLength: 2 }),
      header,
      rows,
      delimiter: fc.constantFrom(",", ",", ";", "\t", "|"),
      quoting: fc.constantFrom("proper", "proper", "raw", "always") as fc.Arbitrary<"proper" | "raw" | "always">,
      newline: fc.constantFrom("\r\n", "\n", "\r"),
      encoding: fc.constantFrom("utf8", "utf8", "utf8-bom", "windows-1252", "utf16le") as fc.Arbitrary<
        "utf8" | "utf8-bom" | "windows-1252" | "utf16le"
      >,
      name: fc.constantFrom("senarai.csv", "../../etc/passwd.csv", "=cmd|calc.csv", "\u202eslx.csv", "a".repeat(300) + ".csv", ""),
    })
    .map(({ titleRows, header, rows, delimiter, quoting, newline, encoding, name }) => {
      const lines = [...titleRows.map((t) => [t]), header, ...rows].map((cells) => cells.map((c) => quote(c, quoting)).join(delimiter));
      return { name, type: "text/csv", bytes: encode(lines.join(newline), encoding), kind: `csv/${encoding}/${quoting}` };
    });
}

/** Real workbooks with hostile cells: formulas, rich text, errors, dates, huge numbers, merged cells. */
export async function hostileWorkbooks(columns: string[], rows: (string | number)[][]): Promise<Uint8Array[]> {
  const books: Uint8Array[] = [];
  const nasty: ExcelJS.CellValue[] = [
    { formula: 'HYPERLINK("http://jahat.example","klik")', result: "klik" },
    { formula: "1/0", result: { error: "#DIV/0!" } },
    { richText: [{ text: "SMK " }, { text: "\u202eBERBAHAYA", font: { bold: true } }] },
    { text: "pautan", hyperlink: "javascript:alert(1)" },
    new Date("1900-01-01T00:00:00Z"),
    1e308,
    -0,
    '=HYPERLINK("http://jahat.example")',
    "\u0000\u0001\u0002",
    "x".repeat(32_000),
    true,
    null,
  ];
  for (let variant = 0; variant < 4; variant++) {
    const workbook = new ExcelJS.Workbook();
    if (variant === 3) workbook.addWorksheet("Kosong");
    const sheet = workbook.addWorksheet(variant === 2 ? "<script>" : "Senarai");
    if (variant === 1) sheet.addRow(["SENARAI KESELURUHAN SEKOLAH KPM"]);
    sheet.addRow(columns);
    rows.forEach((row, r) =>
      sheet.addRow(row.map((value, c) => ((r + c + variant) % 3 === 0 ? nasty[(r * 7 + c + variant) % nasty.length] : value))),
    );
    if (variant === 2) sheet.mergeCells("A3:C4");
    books.push(new Uint8Array(await workbook.xlsx.writeBuffer()));
  }
  return books;
}

/** A workbook as uploaded, or broken: cut short, a byte changed, garbage inserted. */
export function mutatedWorkbook(books: Uint8Array[]): fc.Arbitrary<HostileFile> {
  return fc
    .record({
      book: fc.constantFrom(...books),
      mutation: fc.constantFrom("none", "none", "truncate", "flip", "insert"),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      byte: fc.integer({ min: 0, max: 255 }),
    })
    .map(({ book, mutation, at, byte }) => {
      const i = Math.floor(at * book.length);
      let bytes = book;
      if (mutation === "truncate") bytes = book.slice(0, i);
      if (mutation === "flip") bytes = Uint8Array.from(book, (b, j) => (j === i ? b ^ (byte || 1) : b));
      if (mutation === "insert") bytes = new Uint8Array([...book.slice(0, i), byte, byte, byte, ...book.slice(i)]);
      return {
        name: "senarai.xlsx",
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
        kind: `xlsx/${mutation}`,
      };
    });
}

/** Bytes that are not a spreadsheet at all, some dressed up as one. */
export const junkFile: fc.Arbitrary<HostileFile> = fc.oneof(
  fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({ name: "senarai.xlsx", type: "application/octet-stream", bytes, kind: "random" })),
  fc
    .constantFrom(
      { prefix: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], name: "lama.xls" },
      { prefix: [0x50, 0x4b, 0x03, 0x04], name: "zip.xlsx" },
      { prefix: [0x25, 0x50, 0x44, 0x46, 0x2d], name: "surat.pdf" },
      { prefix: [0x89, 0x50, 0x4e, 0x47], name: "gambar.png" },
      { prefix: [0xff, 0xd8, 0xff], name: "gambar.jpg" },
      { prefix: [0x1f, 0x8b], name: "arkib.gz" },
    )
    .chain(({ prefix, name }) =>
      fc
        .uint8Array({ maxLength: 2048 })
        .map((rest) => ({ name, type: "application/octet-stream", bytes: new Uint8Array([...prefix, ...rest]), kind: `junk/${name}` })),
    ),
);

/** How the upload arrives: the file where it belongs, or missing, twice, or as text. */
export type UploadShape = "file" | "missing" | "twice" | "as-text" | "empty";
export const uploadShape: fc.Arbitrary<UploadShape> = fc.constantFrom(
  "file",
  "file",
  "file",
  "file",
  "file",
  "file",
  "missing",
  "twice",
  "as-text",
  "empty",
);

export function uploadForm(file: HostileFile, shape: UploadShape, field = "file"): FormData {
  const form = new FormData();
  const blob = () => new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type });
  if (shape === "file") form.append(field, blob());
  if (shape === "twice") {
    form.append(field, blob());
    form.append(field, blob());
  }
  if (shape === "as-text") form.append(field, new TextDecoder().decode(file.bytes.slice(0, 2000)));
  if (shape === "empty") form.append(field, new File([], file.name, { type: file.type }));
  return form;
}
