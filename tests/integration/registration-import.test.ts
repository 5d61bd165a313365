import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import { beforeAll, describe, expect, it } from "vitest";
import {
  confirmRegistrationImport,
  getRegistrationImport,
  guessMapping,
  startRegistrationImport,
} from "../../app/modules/registrations/registration-import.server";
import * as importJob from "../../app/routes/_app.events.$eventId.registrations.import.$jobId";
import * as importPage from "../../app/routes/_app.events.$eventId.registrations.import._index";
import { db } from "../../app/utils/db.server";
import { makeEvent, makePerson, makeRegistration } from "../support/factories";
import { previewRegistrationList } from "../support/imports";
import { callAction, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
beforeAll(async () => {
  world = await twoStates();
});

const csv = (text: string) => new TextEncoder().encode(text);

const TEACHER_LIST = [
  "Bil,Nama Guru,No. Telefon,Emel,Kategori,Sekolah",
  "1,Cikgu Hafiz bin Osman,012-111 2222,hafiz@contoh.my,Guru,SK Ampangan",
  "2,Puan Tan Mei Ling,0133334444,,PIBG,SK Ampangan",
  "3,,019-555 6666,tiada.nama@contoh.my,Guru,SK Ampangan",
  "4,Encik Telefon Salah,12345,,Guru,SK Ampangan",
  "5,CIKGU HAFIZ BIN OSMAN,+60121112222,,Guru,SK Ampangan",
  "6,Cikgu Sedia Ada,017-888 9999,,Guru,SK Ampangan",
  "7,Cikgu Sudah Daftar,017-300 1111,,Guru,SK Ampangan",
  "8,Tiada Hubungan,,,Guru,SK Ampangan",
  "9,Kategori Pelik,019-123 4567,,Presiden,SK Ampangan",
].join("\n");

describe("importing a school's teacher list", () => {
  it("guesses the columns, checks every row, links known people without saying so and registers the rest", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsOtherSchool.id,
      startsAt: at("2030-07-02T09:00"),
      capacity: 100,
    });
    await makePerson(db, { fullName: "Cikgu Sedia Ada", phoneE164: "+60178889999", email: null });
    await makeRegistration(db, { eventId: event.id, person: { fullName: "Cikgu Sudah Daftar", phoneE164: "+60173001111", email: null } });

    const jobId = await startRegistrationImport(world.nsCoordinator, event.id, csv(TEACHER_LIST), "guru.csv");
    // The page only takes the file: the worker reads it, then hands it back to choose the columns.
    expect(await getRegistrationImport(world.nsCoordinator, event.id, jobId)).toMatchObject({
      status: "QUEUED",
      phase: "read",
      sheet: null,
    });
    await runJobsUntilIdle({ kinds: ["REGISTRATION_IMPORT"] });
    const job = await getRegistrationImport(world.nsCoordinator, event.id, jobId);
    expect(job).toMatchObject({ status: "PENDING", phase: "preview" });
    const mapping = guessMapping(job.sheet!.headers);
    expect(mapping).toEqual({ fullName: "NAMAGURU", phone: "NOTELEFON", email: "EMEL", category: "KATEGORI", organisation: "SEKOLAH" });

    const peopleBefore = await db.person.count();
    const plan = await previewRegistrationList(world.nsCoordinator, event.id, jobId, {
      ...mapping,
      fullName: mapping.fullName!,
      defaultCategory: "TEACHER",
    });
    // Cikgu Sedia Ada is known from elsewhere: to the importer she is simply someone to register.
    expect(plan.counts).toEqual({ create: 3, existing: 1, reject: 5 });
    expect(plan.rows.find((r) => r.name === "Cikgu Sedia Ada")).toMatchObject({ action: "create" });
    const byRow = Object.fromEntries(plan.rows.map((r) => [r.rowNumber, r]));
    expect(byRow[4].errors).toEqual(["errors.import.missingName"]);
    expect(byRow[5].errors).toEqual(["errors.import.badPhone"]);
    expect(byRow[6].errors).toEqual(["errors.import.duplicateInFile"]);
    expect(byRow[9].errors).toEqual(["errors.import.noContact"]);
    expect(byRow[10].errors).toEqual(["errors.import.badCategory"]);
    expect(byRow[3]).toMatchObject({ action: "create", values: { category: "PIBG", phoneE164: "+60133334444" } });
    // A preview writes nothing.
    expect(await db.person.count()).toBe(peopleBefore);
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(1);

    expect(await confirmRegistrationImport(world.nsCoordinator, event.id, jobId)).toBe(true);
    // The page only queues it; the worker registers the rows.
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(1);
    await runJobsUntilIdle();
    expect(await getRegistrationImport(world.nsCoordinator, event.id, jobId)).toMatchObject({ status: "DONE", processed: 9 });
    const registrations = await db.registration.findMany({ where: { eventId: event.id } });
    expect(registrations.map((r) => r.fullName).sort()).toEqual([
      "Cikgu Hafiz bin Osman",
      "Cikgu Sedia Ada",
      "Cikgu Sudah Daftar",
      "Puan Tan Mei Ling",
    ]);
    expect(registrations.filter((r) => r.source === "IMPORT")).toHaveLength(3);
    expect(await db.person.count({ where: { phoneE164: "+60178889999" } })).toBe(1);
    // Applying again (a double click, a retry) adds nothing.
    expect(await confirmRegistrationImport(world.nsCoordinator, event.id, jobId)).toBe(false);
    await runJobsUntilIdle();
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(4);
  });

  it("through the pages: upload, map, preview, apply; a bad file gets a message", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-07-09T09:00") });
    const cookie = await cookieFor(world.nsCoordinator.id);
    const bad = new FormData();
    bad.append("file", new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 0, 0, 0])], "a.pdf"));
    const refused = await callAction(importPage.action, { url: "/", cookie, params: { eventId: event.id }, form: bad });
    expect(refused).toMatchObject({ status: 400, data: { error: "errors.file.notSpreadsheet" } });

    const upload = new FormData();
    upload.append(
      "file",
      new File([csv("Name,Phone\nAhmad Faris,012-555 0001\nSiti Aminah,012-555 0002\n")], "list.csv", { type: "text/csv" }),
    );
    const started = await callAction(importPage.action, { url: "/", cookie, params: { eventId: event.id }, form: upload });
    expect(started.status).toBe(302);
    const jobId = started.location!.split("/").pop()!;
    await runJobsUntilIdle({ kinds: ["REGISTRATION_IMPORT"] });
    const missingName = await callAction(importJob.action, {
      url: "/",
      cookie,
      params: { eventId: event.id, jobId },
      form: { phone: "PHONE", defaultCategory: "TEACHER" },
    });
    expect(missingName.status).toBe(400);
    expect(missingName.data.result.error.fullName).toEqual(["errors.import.mapName"]);
    const preview = await callAction(importJob.action, {
      url: "/",
      cookie,
      params: { eventId: event.id, jobId },
      form: { fullName: "NAME", phone: "PHONE", defaultCategory: "COMMUNITY" },
    });
    expect(preview.status).toBe(302);
    await runJobsUntilIdle({ kinds: ["REGISTRATION_IMPORT"] });
    expect((await getRegistrationImport(world.nsCoordinator, event.id, jobId)).report?.counts).toEqual({
      create: 2,
      existing: 0,
      reject: 0,
    });
    const applied = await callAction(importJob.action, {
      url: "/",
      cookie,
      params: { eventId: event.id, jobId },
      form: { intent: "apply" },
    });
    expect(applied.status).toBe(302);
    expect(applied.location).toBe(`/events/${event.id}/registrations/import/${jobId}`);
    await runJobsUntilIdle();
    expect(await db.registration.count({ where: { eventId: event.id, category: "COMMUNITY" } })).toBe(2);
  });

  it("another state's coordinator cannot open the import", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-07-16T09:00") });
    await expect(
      startRegistrationImport(world.selCoordinator, event.id, csv("Nama,Telefon\nA,012-555 0003\n"), "x.csv"),
    ).rejects.toMatchObject({ status: 404 });
  });
});
