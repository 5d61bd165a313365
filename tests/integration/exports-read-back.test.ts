/**
 * Every export, in both formats, opened with other software than the app's writer: Excel files
 * with read-excel-file (the app writes them with exceljs), CSV with csv-parse (the app writes CSV
 * itself). Dates must be real dates (Excel date cells in Malaysian time; ISO 8601 with +08:00 in
 * CSV), numbers numbers, headers unique, and text exactly what was typed in Excel, where the CSV
 * formula guard has no place.
 */
import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import fs from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import { readSheet } from "read-excel-file/node";
import { beforeAll, describe, expect, it } from "vitest";
import { DATASETS } from "../../app/modules/exports/export-datasets.server";
import { createExportJob } from "../../app/modules/exports/export-jobs.server";
import { EXPORT_DATASETS, type ExportDataset } from "../../app/modules/exports/export-schema";
import { translator, type MessageKey } from "../../app/modules/i18n/i18n";
import { applyMovement } from "../../app/modules/materials/stock.server";
import * as registrationsExport from "../../app/routes/events.$eventId.registrations-export";
import * as stockExport from "../../app/routes/stock-export";
import { db } from "../../app/utils/db.server";
import { dataPath } from "../../app/utils/env.server";
import { makeEvent, makeRegistration } from "../support/factories";
import { cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

type Value = string | number | boolean | Date | null;
type Sheet = Value[][];

const HOSTILE_NAME = '=HYPERLINK("http://jahat.contoh","Klik")';
const HOSTILE_ORGANISATION = "-2+3 Persatuan Penduduk";
const ISO_MALAYSIA = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const HOUR = 3_600_000;

/** The columns that hold instants, by catalogue key: an expectation written here, not read from the app. */
const DATE_COLUMNS: Record<ExportDataset, MessageKey[]> = {
  events: ["event.field.startsAt", "event.field.endsAt"],
  registrations: ["event.field.startsAt", "registrations.registeredAt", "registrations.checkedInAt"],
  attendance: ["event.field.startsAt", "registrations.registeredAt", "registrations.checkedInAt"],
  deliveries: ["event.field.startsAt", "exports.deliveredAt", "exports.reversed"],
  stock: ["stock.when"],
  schools: ["exports.invitedAt", "exports.lastSession"],
};
const NUMBER_COLUMNS: Partial<Record<ExportDataset, MessageKey[]>> = {
  events: ["event.field.capacity", "dashboard.registered"],
  deliveries: ["stock.quantity"],
  stock: ["stock.quantity"],
  schools: ["school.field.enrolment", "school.sessionsHeld"],
};

const ms = translator("ms");
let world: Awaited<ReturnType<typeof twoStates>>;
let held: Awaited<ReturnType<typeof makeEvent>>;
const arrived = at("2026-03-03T08:41");
const registered = at("2026-02-20T21:15");
const handedOver = at("2026-03-03T11:50");
const reversed = at("2026-03-04T10:05");
const invited = at("2026-02-02T15:30");

beforeAll(async () => {
  world = await twoStates();
  held = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    title: "Sesi Eksport",
    status: "COMPLETED",
    startsAt: at("2026-03-03T09:00"),
    capacity: 120,
  });
  await makeRegistration(db, {
    eventId: held.id,
    status: "ATTENDED",
    organisation: HOSTILE_ORGANISATION,
    createdAt: registered,
    checkedInAt: arrived,
    person: { fullName: HOSTILE_NAME, phoneE164: "+60192615999", email: "formula@contoh.my" },
  });
  await makeRegistration(db, { eventId: held.id, status: "NO_SHOW", person: { fullName: "Tidak Datang" } });
  const material = await db.material.create({ data: { code: "RIS-X", titleMs: "Risalah X", titleEn: "Leaflet X", kind: "PAMPHLET" } });
  await db.$transaction((tx) =>
    applyMovement(tx, { stateCode: "05", materialId: material.id, quantity: 500, type: "RECEIVED", createdById: world.nsCoordinator.id }),
  );
  await db.delivery.create({
    data: {
      eventId: held.id,
      materialId: material.id,
      stateCode: "05",
      quantity: 40,
      recipientType: "PIBG",
      recipientName: "PIBG SMK Seri Ampangan",
      acknowledgedByName: "Encik Lim",
      deliveredAt: handedOver,
      reversedAt: reversed,
      reversalReason: "Kuantiti salah",
    },
  });
  await db.schoolInvitation.create({
    data: { programmeId: world.nsProgramme.id, schoolId: world.nsOtherSchool.id, invitedAt: invited, createdById: world.nsCoordinator.id },
  });
});

/** Runs an export job and reads its file back with the other readers. */
async function exportBoth(dataset: ExportDataset, user = world.admin) {
  const read: Record<"xlsx" | "csv", Sheet> = { xlsx: [], csv: [] };
  for (const format of ["xlsx", "csv"] as const) {
    const jobId = await createExportJob(user, { dataset, format, contacts: true }, "ms");
    await runJobsUntilIdle();
    expect((await db.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("DONE");
    const file = dataPath("exports", `${jobId}.${format}`);
    read[format] =
      format === "xlsx" ? ((await readSheet(file)) as Sheet) : (parseCsv(fs.readFileSync(file, "utf8"), { bom: true }) as Sheet);
  }
  return read;
}

const column = (sheet: Sheet, header: string) => {
  const index = sheet[0].indexOf(header);
  expect(index, `column "${header}"`).toBeGreaterThanOrEqual(0);
  return sheet.slice(1).map((row) => row[index] ?? null);
};
const rowWith = (sheet: Sheet, text: string) => sheet.find((row) => row.some((cell) => typeof cell === "string" && cell.includes(text)))!;
const cellOf = (sheet: Sheet, row: Value[], header: string) => row[sheet[0].indexOf(header)];

/** An Excel date cell holds Malaysian wall-clock digits (read back as if UTC), to the second. */
const wallClock = (instant: Date) => new Date(Math.floor(instant.getTime() / 1000) * 1000 + 8 * HOUR);
/** Excel keeps a date as a fraction of days: read back, it can be a millisecond off. */
const toSecond = (value: Value) => (value instanceof Date ? new Date(Math.round(value.getTime() / 1000) * 1000) : value);

describe("every export read back by other software", () => {
  for (const dataset of EXPORT_DATASETS) {
    it(`${dataset}: unique headers, real dates and numbers, the same rows in Excel and CSV`, async () => {
      const { xlsx, csv } = await exportBoth(dataset);
      expect(xlsx[0]).toEqual(csv[0]);
      for (const language of ["ms", "en"] as const) {
        const headers = DATASETS[dataset].headers(translator(language), { user: world.admin, filters: {}, contacts: true, language });
        expect(headers, `${dataset} headers (${language})`).toEqual([...new Set(headers)]);
      }
      expect(xlsx.length).toBeGreaterThan(1);
      expect(xlsx.length).toBe(csv.length);
      for (const key of DATE_COLUMNS[dataset]) {
        const inExcel = column(xlsx, ms(key));
        const inCsv = column(csv, ms(key));
        for (const [i, value] of inExcel.entries()) {
          if (value === null) {
            expect(inCsv[i], `${dataset} ${key} row ${i}`).toBe("");
            continue;
          }
          expect(value, `${dataset} ${key} row ${i}`).toBeInstanceOf(Date);
          expect(inCsv[i]).toMatch(ISO_MALAYSIA);
          // The same instant: the CSV's exact time, the Excel cell its Malaysian wall clock (to the second Excel keeps).
          expect(toSecond(value)).toEqual(wallClock(new Date(inCsv[i] as string)));
        }
        expect(inExcel.some((v) => v instanceof Date)).toBe(true);
      }
      for (const key of NUMBER_COLUMNS[dataset] ?? []) {
        expect(column(xlsx, ms(key)).every((v) => v === null || typeof v === "number")).toBe(true);
      }
    });
  }

  it("the check-in time, handover and correction are the real ones, in Malaysian time", async () => {
    const attendance = await exportBoth("attendance");
    const xlsxRow = rowWith(attendance.xlsx, HOSTILE_NAME);
    const csvRow = rowWith(attendance.csv, HOSTILE_NAME);
    expect(toSecond(cellOf(attendance.xlsx, xlsxRow, "Masa hadir"))).toEqual(new Date("2026-03-03T08:41:00Z"));
    expect(cellOf(attendance.csv, csvRow, "Masa hadir")).toBe("2026-03-03T08:41:00+08:00");
    expect(toSecond(cellOf(attendance.xlsx, xlsxRow, "Didaftarkan"))).toEqual(wallClock(registered));
    expect(cellOf(attendance.csv, csvRow, "Mula")).toBe("2026-03-03T09:00:00+08:00");

    const deliveries = await exportBoth("deliveries");
    const delivery = rowWith(deliveries.xlsx, "Risalah X");
    expect(toSecond(cellOf(deliveries.xlsx, delivery, ms("exports.deliveredAt")))).toEqual(wallClock(handedOver));
    expect(toSecond(cellOf(deliveries.xlsx, delivery, ms("exports.reversed")))).toEqual(wallClock(reversed));
    expect(cellOf(deliveries.xlsx, delivery, ms("exports.reversalReason"))).toBe("Kuantiti salah");
    expect(cellOf(deliveries.xlsx, delivery, ms("stock.quantity"))).toBe(40);
    expect(deliveries.xlsx[0].filter((h) => h === "Nama penerima")).toHaveLength(1);
  });

  it("Excel cells hold exactly what was typed; only the CSV carries the formula guard", async () => {
    const { xlsx, csv } = await exportBoth("registrations");
    const name = ms("register.fullName");
    const organisation = ms("register.organisation");
    const excelRow = rowWith(xlsx, "HYPERLINK");
    expect(cellOf(xlsx, excelRow, name)).toBe(HOSTILE_NAME);
    expect(cellOf(xlsx, excelRow, organisation)).toBe(HOSTILE_ORGANISATION);
    const csvRow = rowWith(csv, "HYPERLINK");
    expect(cellOf(csv, csvRow, name)).toBe(`'${HOSTILE_NAME}`);
    expect(cellOf(csv, csvRow, organisation)).toBe(`'${HOSTILE_ORGANISATION}`);
    expect(column(xlsx, name).some((v) => typeof v === "string" && v.startsWith("'"))).toBe(false);
  });

  it("the schools export: the directory in the coordinator's scope with KPM codes, districts, levels, contacts, invitations and sessions", async () => {
    await db.school.update({ where: { id: world.nsSchool.id }, data: { phone: "06-631 2345", email: "neb2069@moe.gov.my" } });
    const { xlsx, csv } = await exportBoth("schools", world.nsCoordinator);
    const codes = column(xlsx, "Kod sekolah");
    expect(codes.sort()).toEqual(["NBA2001", "NEB2069"]);
    expect(column(csv, "Kod sekolah").sort()).toEqual(["NBA2001", "NEB2069"]);
    expect(column(xlsx, "Negeri").every((v) => v === "Negeri Sembilan")).toBe(true);

    const ampangan = xlsx.find((row) => row[0] === "NEB2069")!;
    expect(cellOf(xlsx, ampangan, "Nama sekolah")).toBe("SMK SERI AMPANGAN");
    expect(cellOf(xlsx, ampangan, "Daerah (PPD)")).toBe("SEREMBAN");
    expect(cellOf(xlsx, ampangan, "Peringkat")).toBe("Menengah");
    expect(cellOf(xlsx, ampangan, "No. telefon")).toBe("06-631 2345");
    expect(cellOf(xlsx, ampangan, "E-mel")).toBe("neb2069@moe.gov.my");
    expect(cellOf(xlsx, ampangan, "Enrolmen")).toBe(1450);
    expect(cellOf(xlsx, ampangan, ms("exports.invitationStatus"))).toBe("Belum dijemput");
    expect(cellOf(xlsx, ampangan, "Sesi selesai")).toBe(1);
    expect(toSecond(cellOf(xlsx, ampangan, "Sesi terakhir"))).toEqual(wallClock(held.startsAt));

    const invitedSchool = xlsx.find((row) => row[0] === "NBA2001")!;
    expect(cellOf(xlsx, invitedSchool, ms("exports.invitationStatus"))).toBe("Dijemput");
    expect(cellOf(xlsx, invitedSchool, ms("exports.invitationProgramme"))).toBe(world.nsProgramme.title);
    expect(toSecond(cellOf(xlsx, invitedSchool, ms("exports.invitedAt")))).toEqual(wallClock(invited));
    expect(cellOf(xlsx, invitedSchool, "Sesi selesai")).toBe(0);
    expect(
      cellOf(
        csv,
        csv.find((row) => row[0] === "NBA2001")!,
        ms("exports.invitedAt"),
      ),
    ).toBe("2026-02-02T15:30:00+08:00");
  });

  it("the per-event registration list and the stock ledger downloads read back the same way", async () => {
    const cookie = await cookieFor(world.nsCoordinator.id);
    const download = async (loader: typeof stockExport.loader, url: string, params: Record<string, string> = {}) => {
      const response = (await loader({
        request: new Request(new URL(url, "http://localhost"), { headers: { Cookie: cookie } }),
        params,
        context: { clientIp: "127.0.0.1", cspNonce: "test" },
      })) as Response;
      expect(response.status).toBe(200);
      return Buffer.from(await response.arrayBuffer());
    };
    const list = `/events/${held.id}/registrations-export`;
    const excel = (await readSheet(await download(registrationsExport.loader, `${list}?format=xlsx`, { eventId: held.id }))) as Sheet;
    const text = parseCsv((await download(registrationsExport.loader, `${list}?format=csv`, { eventId: held.id })).toString("utf8"), {
      bom: true,
    }) as Sheet;
    expect(cellOf(excel, rowWith(excel, "HYPERLINK"), "Nama penuh")).toBe(HOSTILE_NAME);
    expect(toSecond(cellOf(excel, rowWith(excel, "HYPERLINK"), "Masa hadir"))).toEqual(wallClock(arrived));
    expect(cellOf(text, rowWith(text, "HYPERLINK"), "Masa hadir")).toBe("2026-03-03T08:41:00+08:00");
    expect(cellOf(excel, rowWith(excel, "HYPERLINK"), "#")).toBe(1);

    const ledger = (await readSheet(await download(stockExport.loader, "/stock-export?format=xlsx"))) as Sheet;
    const ledgerCsv = parseCsv((await download(stockExport.loader, "/stock-export?format=csv")).toString("utf8"), { bom: true }) as Sheet;
    expect(column(ledger, "Bila").every((v) => v instanceof Date)).toBe(true);
    expect(column(ledgerCsv, "Bila").every((v) => ISO_MALAYSIA.test(String(v)))).toBe(true);
    expect(column(ledger, "Kuantiti").every((v) => typeof v === "number")).toBe(true);
  });
});
