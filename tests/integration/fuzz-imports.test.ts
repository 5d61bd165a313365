/**
 * Property-based tests of the two imports (KPM's school list, a school's participant list) with
 * hostile files: whatever is uploaded, the answer is a translated message or a plan, never a
 * server error; planning writes nothing but the job; applying writes exactly what the plan said.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { isMessageKey } from "../../app/modules/i18n/translate";
import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import { startSchoolImport } from "../../app/modules/schools/school-import.server";
import * as registrationImportJob from "../../app/routes/_app.events.$eventId.registrations.import.$jobId";
import * as registrationImportPage from "../../app/routes/_app.events.$eventId.registrations.import._index";
import * as schoolImportJob from "../../app/routes/_app.schools.import.$jobId";
import * as schoolImportPage from "../../app/routes/_app.schools.import._index";
import { db } from "../../app/utils/db.server";
import { makeEvent } from "../support/factories";
import {
  hostileCsv,
  hostileWorkbooks,
  junkFile,
  mutatedWorkbook,
  uploadForm,
  uploadShape,
  type HostileFile,
} from "../support/hostile-files";
import { FUZZ_RUNS, FUZZ_TIMEOUT, hostileForm, toFormData, untranslatableMessages } from "../support/hostile-input";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { countChanges, rowCounts } from "../support/row-counts";
import { at, twoStates } from "../support/scenario";
import { KPM_HEADER } from "../support/spreadsheets";

let world: Awaited<ReturnType<typeof twoStates>>;
let coordinator: string;
beforeAll(async () => {
  world = await twoStates();
  coordinator = await cookieFor(world.nsCoordinator.id);
});

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

/** Every message in a plan or a refusal must be a catalogue key (parameters after "|"). */
const isKey = (message: string) => isMessageKey(message.split("|")[0]);

const kpmRow = fc
  .record({
    prefix: fc.constantFrom("NEA", "NBA", "NEB", "BEA", "KBA"),
    number: fc.integer({ min: 0, max: 9999 }),
    state: fc.constantFrom(
      "NEGERI SEMBILAN",
      "NEGERI SEMBILAN",
      "Negeri Sembilan",
      "SELANGOR",
      "KEDAH",
      "N. SEMBILAN",
      "WILAYAH PERSEKUTUAN KUALA LUMPUR",
    ),
    type: fc.constantFrom("SK", "SMK", "SJK(C)", "SJK(T)", "SMKA", "KV"),
    enrolment: fc.integer({ min: 0, max: 5000 }),
  })
  .map(({ prefix, number, state, type, enrolment }) => {
    const code = `${prefix}${String(number).padStart(4, "0")}`;
    const values: Record<string, string> = {
      NEGERI: state,
      PPD: "PPD SEREMBAN",
      PERINGKAT: "Rendah",
      "JENIS/LABEL": type,
      KODSEKOLAH: code,
      NAMASEKOLAH: `${type} UJIAN ${code}`,
      ALAMATSURAT: "JALAN UJIAN",
      POSKODSURAT: "70200",
      BANDARSURAT: "SEREMBAN",
      NOTELEFON: "06-7631234",
      EMAIL: `${code}@moe.edu.my`,
      ENROLMEN: String(enrolment),
      GURU: "40",
      KOORDINATXX: "101.94",
      KOORDINATYY: "2.72",
    };
    return KPM_HEADER.map((h) => values[h] ?? "");
  });

describe("importing KPM's school list", () => {
  it(
    "answers 1,000 hostile uploads with a plan or a translated message; applying writes only the planned schools in scope",
    async () => {
      const sample = fc.sample(kpmRow, { numRuns: 8, seed: 7 });
      const books = await hostileWorkbooks(KPM_HEADER, sample);
      const file: fc.Arbitrary<HostileFile> = fc.oneof(
        { weight: 5, arbitrary: hostileCsv(KPM_HEADER, kpmRow) },
        { weight: 3, arbitrary: mutatedWorkbook(books) },
        { weight: 2, arbitrary: junkFile },
      );
      let planned = 0;
      let created = 0;
      await fc.assert(
        fc.asyncProperty(file, uploadShape, async (upload, shape) => {
          const before = await rowCounts();
          const result = await callAction(schoolImportPage.action, {
            url: "/schools/import",
            cookie: coordinator,
            form: uploadForm(upload, shape),
          });
          const changes = countChanges(before, await rowCounts());
          expect(result.status, upload.kind).toBeLessThan(500);
          if (result.status !== 302) {
            expect(result.status).toBe(400);
            expect(isKey(result.data.error), result.data.error).toBe(true);
            expect(changes).toEqual({});
            return;
          }
          expect(changes).toEqual({ job: 1 });
          const jobId = result.location!.split("/").pop()!;
          // The worker reads the file: what it cannot read fails with a translated reason, writing nothing else.
          await runJobsUntilIdle({ kinds: ["SCHOOL_IMPORT"] });
          const page = await callLoader(schoolImportJob.loader, { url: result.location!, cookie: coordinator, params: { jobId } });
          expect(page.status).toBe(200);
          if (page.data.job.status === "FAILED") {
            expect(isKey(page.data.job.error), page.data.job.error).toBe(true);
            expect(page.data.job.counts).toBeNull();
            expect(countChanges(before, await rowCounts())).toEqual({ job: 1 });
            return;
          }
          planned++;
          expect(page.data.job.status).toBe("PENDING");
          const { counts, rejected } = page.data.job as { counts: Record<string, number>; rejected: { errors: string[] }[] };
          expect(rejected.flatMap((r) => r.errors).filter((e) => !isKey(e))).toEqual([]);

          const outsideBefore = await db.school.count({ where: { stateCode: { not: "05" } } });
          await startSchoolImport(world.nsCoordinator, jobId);
          await runJobsUntilIdle();
          const applied = countChanges(before, await rowCounts());
          created += counts.create;
          expect(applied.school ?? 0).toBe(counts.create);
          // A Negeri Sembilan coordinator's import never reaches another state's schools.
          expect(await db.school.count({ where: { stateCode: { not: "05" } } })).toBe(outsideBefore);
          const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
          expect(job.status).toBe("DONE");
          const stored = await db.school.findMany({ where: { updatedAt: { gte: job.createdAt } }, select: { name: true, address: true } });
          for (const school of stored) expect(`${school.name} ${school.address ?? ""}`).not.toMatch(CONTROL);
        }),
        FUZZ_RUNS,
      );
      expect(planned).toBeGreaterThan(100);
      expect(created).toBeGreaterThan(20);
    },
    FUZZ_TIMEOUT,
  );

  it("refuses a file over 10 MB, keeping nothing", async () => {
    const before = await rowCounts();
    const big = { name: "besar.csv", type: "text/csv", bytes: new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41), kind: "big" };
    const result = await callAction(schoolImportPage.action, {
      url: "/schools/import",
      cookie: coordinator,
      form: uploadForm(big, "file"),
    });
    expect(result.status).toBe(400);
    expect(result.data.error).toBe("errors.file.tooLarge");
    expect(countChanges(before, await rowCounts())).toEqual({});
  });

  it("refuses a multipart body that is broken, keeping nothing", async () => {
    const before = await rowCounts();
    for (const body of [
      "",
      '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nKODSEKOLAH',
      "\u0000".repeat(100),
    ]) {
      const result = await callAction(schoolImportPage.action, {
        url: "/schools/import",
        cookie: coordinator,
        body,
        headers: { "Content-Type": "multipart/form-data; boundary=x" },
      });
      expect(result.status).toBe(400);
      expect(isKey(result.data.error)).toBe(true);
    }
    expect(countChanges(before, await rowCounts())).toEqual({});
  });
});

const PARTICIPANT_HEADER = ["Bil", "Nama Peserta", "No. Telefon", "Emel", "Kategori", "Sekolah", "Jawatan"];
const participantRow = fc
  .record({
    n: fc.integer({ min: 1, max: 999 }),
    name: fc.constantFrom("Cikgu Hafiz bin Osman", "Puan Tan Mei Ling", "Encik Muthu a/l Rajan", "Siti 'Aisyah"),
    phone: fc.noBias(fc.integer({ min: 0, max: 9_999_999 })).map((n) => `012-${String(n).padStart(7, "0")}`),
    email: fc.noBias(fc.integer({ min: 0, max: 99_999 })).map((n) => `guru${n}@contoh.my`),
    category: fc.constantFrom("Guru", "PIBG", "Komuniti", "Presiden", ""),
  })
  .map(({ n, name, phone, email, category }) => [String(n), name, phone, email, category, "SK Ampangan", "AJK"]);

describe("importing a school's participant list", () => {
  it(
    "answers 1,000 hostile uploads and column mappings with messages; applying registers exactly the planned rows",
    async () => {
      const event = await makeEvent(db, {
        programmeId: world.nsProgramme.id,
        schoolId: world.nsSchool.id,
        startsAt: at("2030-11-01T09:00"),
        capacity: null,
        registrationCategories: "TEACHER,PIBG,COMMUNITY",
      });
      const params = { eventId: event.id };
      const books = await hostileWorkbooks(PARTICIPANT_HEADER, fc.sample(participantRow, { numRuns: 8, seed: 11 }));
      const file: fc.Arbitrary<HostileFile> = fc.oneof(
        { weight: 5, arbitrary: hostileCsv(PARTICIPANT_HEADER, participantRow) },
        { weight: 3, arbitrary: mutatedWorkbook(books) },
        { weight: 2, arbitrary: junkFile },
      );
      const column = fc.constantFrom("NAMAPESERTA", "NOTELEFON", "EMEL", "KATEGORI", "SEKOLAH", "JAWATAN", "BIL", "TIADA");
      const mapping = hostileForm({
        fullName: fc.constant("NAMAPESERTA"),
        phone: fc.oneof(fc.constant("NOTELEFON"), column),
        email: fc.oneof(fc.constant("EMEL"), column),
        category: fc.oneof(fc.constant("KATEGORI"), column, fc.constant("")),
        organisation: column,
        pibgRole: column,
        defaultCategory: fc.constantFrom("TEACHER", "PIBG", "VOLUNTEER"),
      });
      let applied = 0;
      await fc.assert(
        fc.asyncProperty(file, uploadShape, mapping, async (upload, shape, mappingParts) => {
          const startedAt = new Date();
          const before = await rowCounts();
          const uploaded = await callAction(registrationImportPage.action, {
            url: "/",
            cookie: coordinator,
            params,
            form: uploadForm(upload, shape),
          });
          expect(uploaded.status, upload.kind).toBeLessThan(500);
          if (uploaded.status !== 302) {
            expect(uploaded.status).toBe(400);
            expect(isKey(uploaded.data.error), uploaded.data.error).toBe(true);
            expect(countChanges(before, await rowCounts())).toEqual({});
            return;
          }
          expect(countChanges(before, await rowCounts())).toEqual({ job: 1 });
          const jobId = uploaded.location!.split("/").pop()!;
          const jobParams = { ...params, jobId };
          // The worker reads the file: what it cannot read fails with a translated reason and is not kept.
          await runJobsUntilIdle({ kinds: ["REGISTRATION_IMPORT"] });
          const read = await callLoader(registrationImportJob.loader, { url: "/", cookie: coordinator, params: jobParams });
          expect(read.status).toBe(200);
          if (read.data.job.status === "FAILED") {
            expect(isKey(read.data.job.error), read.data.job.error).toBe(true);
            expect(read.data.rowCount).toBeNull();
            expect(JSON.parse((await db.job.findUniqueOrThrow({ where: { id: jobId } })).input!)).not.toHaveProperty("file");
            return;
          }
          const preview = await callAction(registrationImportJob.action, {
            url: "/",
            cookie: coordinator,
            params: jobParams,
            form: toFormData(mappingParts),
          });
          expect(preview.status).toBeLessThan(500);
          await runJobsUntilIdle({ kinds: ["REGISTRATION_IMPORT"] });
          expect(countChanges(before, await rowCounts())).toEqual({ job: 1 });
          // The job's page opens whatever the file held, with or without a preview.
          const page = await callLoader(registrationImportJob.loader, { url: "/", cookie: coordinator, params: jobParams });
          expect(page.status).toBe(200);
          if (preview.status !== 302) {
            expect(preview.status).toBe(400);
            expect(untranslatableMessages(preview.data.result.error)).toEqual([]);
            return;
          }
          const { rows, counts } = page.data.report as { rows: { errors: string[] }[]; counts: Record<string, number> };
          expect(rows.flatMap((r) => r.errors).filter((e) => !isKey(e))).toEqual([]);

          const done = await callAction(registrationImportJob.action, {
            url: "/",
            cookie: coordinator,
            params: jobParams,
            form: { intent: "apply" },
          });
          expect(done.status).toBe(302);
          await runJobsUntilIdle();
          applied++;
          const changes = countChanges(before, await rowCounts());
          expect(changes.registration ?? 0).toBe(counts.create);
          // Someone already known (the same name with the same contact) is linked, not made again.
          expect(changes.person ?? 0).toBeLessThanOrEqual(counts.create);
          const names = await db.registration.findMany({
            where: { eventId: event.id, source: "IMPORT", createdAt: { gte: startedAt } },
            select: { fullName: true },
          });
          for (const r of names) expect(r.fullName).not.toMatch(CONTROL);
        }),
        FUZZ_RUNS,
      );
      expect(applied).toBeGreaterThan(100);
    },
    FUZZ_TIMEOUT,
  );

  it("refuses a file over 5 MB, keeping nothing", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-11-02T09:00") });
    const before = await rowCounts();
    const big = { name: "besar.xlsx", type: "application/octet-stream", bytes: new Uint8Array(5 * 1024 * 1024 + 1), kind: "big" };
    const result = await callAction(registrationImportPage.action, {
      url: "/",
      cookie: coordinator,
      params: { eventId: event.id },
      form: uploadForm(big, "file"),
    });
    expect(result.status).toBe(400);
    expect(result.data.error).toBe("errors.file.tooLarge");
    expect(countChanges(before, await rowCounts())).toEqual({});
  });
});
