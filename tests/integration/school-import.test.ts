import { beforeAll, describe, expect, it } from "vitest";
import { SpreadsheetError } from "../../app/modules/imports/spreadsheet.server";
import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import { getImportJob, planSchoolImport, startSchoolImport } from "../../app/modules/schools/school-import.server";
import * as importPage from "../../app/routes/_app.schools.import._index";
import { db } from "../../app/utils/db.server";
import { makeSchool, makeUser } from "../support/factories";
import { uploadSchoolList } from "../support/imports";
import { callAction, cookieFor } from "../support/route-calls";
import { kpmCsv, kpmWorkbook, type KpmRow } from "../support/spreadsheets";

let admin: Awaited<ReturnType<typeof makeUser>>;
let nsCoordinator: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  admin = await makeUser(db, { role: "ADMIN" });
  nsCoordinator = await makeUser(db, { role: "COORDINATOR", stateCode: "05" });
});

const good: KpmRow[] = [
  {
    NEGERI: "NEGERI SEMBILAN",
    PPD: "PPD SEREMBAN",
    PERINGKAT: "Menengah",
    "JENIS/LABEL": "SMK",
    KODSEKOLAH: "NEA0101",
    NAMASEKOLAH: "SMK DATO' ABDUL SAMAD",
    ALAMATSURAT: "JALAN SUNGAI UJONG",
    POSKODSURAT: 70200,
    BANDARSURAT: "SEREMBAN",
    NOTELEFON: "06-7631234",
    EMAIL: "NEA0101@moe.edu.my",
    ENROLMEN: 1100,
    GURU: 80,
    KOORDINATXX: 101.94,
    KOORDINATYY: 2.72,
  },
  {
    NEGERI: "NEGERI SEMBILAN",
    PPD: "PPD JEMPOL",
    PERINGKAT: "Rendah",
    "JENIS/LABEL": "SJK(C)",
    KODSEKOLAH: "NBC0102",
    NAMASEKOLAH: "SJK (C) SUNGAI JERNEH",
    POSKODSURAT: "72100",
    BANDARSURAT: "BAHAU",
    ENROLMEN: "240",
  },
  {
    NEGERI: "KEDAH",
    PPD: "KOTA SETAR",
    PERINGKAT: "Rendah",
    "JENIS/LABEL": "SK",
    KODSEKOLAH: "KBA0103",
    NAMASEKOLAH: "SK ALOR SETAR",
    POSKODSURAT: 5100,
    BANDARSURAT: "ALOR SETAR",
  },
];

async function plan(bytes: Uint8Array, user = admin) {
  return planSchoolImport(user, bytes);
}

describe("reading KPM's school list", () => {
  it("plans an .xlsx with title rows above the header, then applies it", async () => {
    const file = await kpmWorkbook(good, { titleRows: ["SENARAI KESELURUHAN SEKOLAH KPM", "Kemas kini: Jun 2025"] });
    const result = await plan(file);
    expect(result.counts).toEqual({ create: 3, update: 0, unchanged: 0, reject: 0 });
    expect(await db.school.count({ where: { code: { in: ["NEA0101", "NBC0102", "KBA0103"] } } })).toBe(0);

    const jobId = await uploadSchoolList(admin, "senarai.xlsx", file);
    expect(await getImportJob(admin, jobId)).toMatchObject({ status: "PENDING", total: 3, counts: result.counts });
    await startSchoolImport(admin, jobId);
    await runJobsUntilIdle();
    const job = await getImportJob(admin, jobId);
    expect(job).toMatchObject({ status: "DONE", processed: 3, total: 3 });

    const samad = await db.school.findUniqueOrThrow({ where: { code: "NEA0101" }, include: { district: true } });
    expect(samad).toMatchObject({
      name: "SMK DATO' ABDUL SAMAD",
      type: "SMK",
      level: "MENENGAH",
      stateCode: "05",
      postcode: "70200",
      enrolment: 1100,
      email: "nea0101@moe.edu.my",
      latitude: 2.72,
      longitude: 101.94,
    });
    expect(samad.district.name).toBe("SEREMBAN");
    const chinese = await db.school.findUniqueOrThrow({ where: { code: "NBC0102" } });
    expect(chinese).toMatchObject({ type: "SJKC", level: "RENDAH", enrolment: 240 });
    // Excel drops the leading zero of Kedah's postcodes.
    expect((await db.school.findUniqueOrThrow({ where: { code: "KBA0103" } })).postcode).toBe("05100");
  });

  it("is idempotent by school code: a second run updates what changed and leaves the rest", async () => {
    const changed = good.map((row) => (row.KODSEKOLAH === "NEA0101" ? { ...row, ENROLMEN: 1150 } : row));
    const result = await plan(kpmCsv(changed));
    expect(result.counts).toEqual({ create: 0, update: 1, unchanged: 2, reject: 0 });
    const jobId = await uploadSchoolList(admin, "senarai.csv", kpmCsv(changed));
    await startSchoolImport(admin, jobId);
    await runJobsUntilIdle();
    expect((await db.school.findUniqueOrThrow({ where: { code: "NEA0101" } })).enrolment).toBe(1150);
    expect(await db.school.count({ where: { code: "NEA0101" } })).toBe(1);
  });

  it("rejects bad rows with reasons and keeps the good ones", async () => {
    const rows: KpmRow[] = [
      { NEGERI: "NEGERI SEMBILAN", PPD: "SEREMBAN", KODSEKOLAH: "NEA0201", NAMASEKOLAH: "SMK BAIK", "JENIS/LABEL": "SMK" },
      { NEGERI: "NEGERI SEMBILAN", PPD: "SEREMBAN", KODSEKOLAH: "12345", NAMASEKOLAH: "KOD SALAH", "JENIS/LABEL": "SK" },
      { NEGERI: "ATLANTIS", PPD: "SEREMBAN", KODSEKOLAH: "NEA0202", NAMASEKOLAH: "NEGERI SALAH", "JENIS/LABEL": "SK" },
      { NEGERI: "NEGERI SEMBILAN", PPD: "SEREMBAN", KODSEKOLAH: "NEA0203", NAMASEKOLAH: "", "JENIS/LABEL": "SK" },
      { NEGERI: "NEGERI SEMBILAN", PPD: "SEREMBAN", KODSEKOLAH: "NEA0201", NAMASEKOLAH: "SMK BAIK (SALINAN)", "JENIS/LABEL": "SMK" },
      {
        NEGERI: "NEGERI SEMBILAN",
        PPD: "SEREMBAN",
        KODSEKOLAH: "NEA0204",
        NAMASEKOLAH: "ENROLMEN SALAH",
        ENROLMEN: "banyak",
        POSKODSURAT: "7020X",
        EMAIL: "bukan emel",
      },
    ];
    const result = await plan(kpmCsv(rows));
    expect(result.counts).toEqual({ create: 1, update: 0, unchanged: 0, reject: 5 });
    const reasons = Object.fromEntries(result.rows.map((r) => [r.rowNumber, r.errors]));
    expect(reasons[3]).toContain("errors.schoolCode|field=code");
    expect(reasons[4]).toContain("errors.import.unknownState");
    expect(reasons[5]).toContain("errors.required|field=name");
    expect(reasons[6]).toEqual(["errors.import.duplicateInFile"]);
    expect(reasons[7]).toEqual(
      expect.arrayContaining(["errors.notNumber|field=enrolment", "errors.postcode|field=postcode", "errors.email|field=email"]),
    );
  });

  it("a state coordinator cannot import another state's schools", async () => {
    const result = await plan(kpmCsv(good), nsCoordinator);
    const kedah = result.rows.find((r) => r.code === "KBA0103")!;
    expect(kedah).toMatchObject({ action: "reject", errors: ["errors.import.stateOutOfScope"] });
  });

  it("stores hostile text as inert text", async () => {
    const rows: KpmRow[] = [
      {
        NEGERI: "NEGERI SEMBILAN",
        PPD: "SEREMBAN",
        KODSEKOLAH: "NEA0301",
        NAMASEKOLAH: '=HYPERLINK("http://evil","klik")',
        "JENIS/LABEL": "SMK",
      },
      {
        NEGERI: "NEGERI SEMBILAN",
        PPD: "<script>alert(1)</script>",
        KODSEKOLAH: "NEA0302",
        NAMASEKOLAH: "SMK\u0000 NUL\u202E BIDI",
        "JENIS/LABEL": "SMK",
      },
      { NEGERI: "NEGERI SEMBILAN", PPD: "SEREMBAN", KODSEKOLAH: "NEA0303", NAMASEKOLAH: "X".repeat(5000), "JENIS/LABEL": "SMK" },
    ];
    const result = await plan(kpmCsv(rows));
    expect(result.rows.map((r) => r.action)).toEqual(["create", "create", "reject"]);
    expect(result.rows[2].errors[0]).toMatch(/^errors.tooLong/);
    expect(result.rows[1].input?.name).toBe("SMK NUL BIDI");
  });
});

describe("files that are not a school list", () => {
  it.each([
    ["an empty file", new Uint8Array(), "errors.file.empty"],
    ["a PDF", new TextEncoder().encode("%PDF-1.7\n\u0000\u0001binary"), "errors.file.notSpreadsheet"],
    ["an image", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), "errors.file.notSpreadsheet"],
    ["an old .xls workbook", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "errors.file.oldExcel"],
    ["a spreadsheet without KPM's columns", kpmCsvWithHeader("NAMA,ALAMAT\nA,B\n"), "errors.file.noHeader"],
    ["a broken zip posing as .xlsx", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), "errors.file.notSpreadsheet"],
    ["only blank lines", new TextEncoder().encode("\n\n\n"), "errors.file.empty"],
  ])("%s gets a clear message", async (_name, bytes, key) => {
    await expect(plan(bytes)).rejects.toEqual(new SpreadsheetError(key as SpreadsheetError["key"]));
  });

  it("the upload page answers a bad file with a 400 and a message, never a 500, and writes nothing", async () => {
    const cookie = await cookieFor(admin.id);
    const before = await db.job.count();
    const form = new FormData();
    form.append("file", new File([new TextEncoder().encode("%PDF-1.7\u0000")], "surat.pdf", { type: "application/pdf" }));
    const result = await callAction(importPage.action, { url: "/schools/import", cookie, form });
    expect(result.status).toBe(400);
    expect(result.data).toEqual({ error: "errors.file.notSpreadsheet" });
    const empty = new FormData();
    const missing = await callAction(importPage.action, { url: "/schools/import", cookie, form: empty });
    expect(missing.data).toEqual({ error: "errors.file.missing" });
    expect(await db.job.count()).toBe(before);
  });

  it("the upload page answers at once and leaves the reading to the worker; a file it cannot read fails with its reason", async () => {
    const cookie = await cookieFor(admin.id);
    const form = new FormData();
    form.append("file", new File([kpmCsv(good) as Uint8Array<ArrayBuffer>], "senarai.csv", { type: "text/csv" }));
    const result = await callAction(importPage.action, { url: "/schools/import", cookie, form });
    expect(result.status).toBe(302);
    const jobId = result.location!.split("/").pop()!;
    // Nothing read in the request: no plan yet, the job waits for the worker.
    expect(await getImportJob(admin, jobId)).toMatchObject({ status: "QUEUED", counts: null });
    await runJobsUntilIdle();
    const planned = await getImportJob(admin, jobId);
    expect(planned.status).toBe("PENDING");
    // The schools exist from the tests above: whatever each row does, all three were read and none refused.
    expect(planned.counts).toMatchObject({ create: 0, reject: 0 });
    expect(planned.counts!.update + planned.counts!.unchanged).toBe(3);

    // Text without the KPM columns passes the first look, then the worker says why it cannot be read.
    const noHeader = await callAction(importPage.action, {
      url: "/schools/import",
      cookie,
      form: (() => {
        const f = new FormData();
        f.append("file", new File([new TextEncoder().encode("nama,alamat\nSK A,Jalan 1\n")], "salah.csv", { type: "text/csv" }));
        return f;
      })(),
    });
    const failedId = noHeader.location!.split("/").pop()!;
    await runJobsUntilIdle();
    expect(await getImportJob(admin, failedId)).toMatchObject({ status: "FAILED", error: "errors.file.noHeader", counts: null });
  });
});

describe("resuming", () => {
  it("an interrupted import picks up where it stopped and ends with every school once", async () => {
    const rows: KpmRow[] = Array.from({ length: 450 }, (_, i) => ({
      NEGERI: "PERAK",
      PPD: "KINTA UTARA",
      "JENIS/LABEL": "SK",
      KODSEKOLAH: `ABA${String(i).padStart(4, "0")}`,
      NAMASEKOLAH: `SK UJIAN ${i}`,
    }));
    const jobId = await uploadSchoolList(admin, "perak.csv", kpmCsv(rows));
    // Simulate a crash after two chunks: 200 rows written and recorded, the job left running.
    await makeSchool(db, { code: "ABA0000", name: "SK UJIAN 0", stateCode: "08", district: "KINTA UTARA" });
    await db.job.update({
      where: { id: jobId },
      data: { status: "RUNNING", processed: 200, updatedAt: new Date(Date.now() - 5 * 60_000) },
    });
    await runJobsUntilIdle();
    expect(await getImportJob(admin, jobId)).toMatchObject({ status: "DONE", processed: 450 });
    expect(await db.school.count({ where: { code: { startsWith: "ABA" } } })).toBe(251);
  });
});

function kpmCsvWithHeader(text: string) {
  return new TextEncoder().encode(text);
}
