/**
 * The real worker process (as `npm run worker` starts it) is killed with SIGKILL in the middle of a
 * school import, a registration import and an export; a second worker takes each job up after its
 * lease and finishes it, and every row ends up written exactly once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExportJob } from "../../app/modules/exports/export-jobs.server";
import { confirmRegistrationImport } from "../../app/modules/registrations/registration-import.server";
import { startSchoolImport } from "../../app/modules/schools/school-import.server";
import { db } from "../../app/utils/db.server";
import { dataPath } from "../../app/utils/env.server";
import { makeEvent } from "../support/factories";
import { previewRegistrationList, uploadRegistrationList, uploadSchoolList } from "../support/imports";
import { at, twoStates } from "../support/scenario";
import { kpmCsv } from "../support/spreadsheets";
import { ROOT } from "../support/test-database";

const children: ChildProcess[] = [];
let world: Awaited<ReturnType<typeof twoStates>>;

beforeAll(async () => {
  world = await twoStates();
});
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

/** The real worker process; a short lease so the second one takes the job up quickly. */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "server/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, WORKER_POLL_MS: "50", JOB_LEASE_SECONDS: "4", NODE_ENV: "test" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  return child;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("timed out");
}

const job = (id: string) => db.job.findUniqueOrThrow({ where: { id } });

/** Starts a worker, kills it once the job is part-way, checks it was, and lets a second worker finish. */
async function killMidwayAndResume(jobId: string) {
  const first = startWorker();
  await until(async () => (await job(jobId)).processed > 0, 120_000);
  first.kill("SIGKILL");
  await new Promise((resolve) => first.once("exit", resolve));
  const atKill = await job(jobId);
  // Really in the middle: held by the dead worker, some rows recorded, not all.
  expect(atKill.status).toBe("RUNNING");
  expect(atKill.processed).toBeGreaterThan(0);
  expect(atKill.processed).toBeLessThan(atKill.total);

  const second = startWorker();
  await until(async () => ["DONE", "FAILED"].includes((await job(jobId)).status), 180_000);
  second.kill("SIGTERM");
  await new Promise((resolve) => second.once("exit", resolve));
  const done = await job(jobId);
  expect(done).toMatchObject({ status: "DONE", error: null });
  // Taken up again after the crash (on a busy machine a lease may also run out once more: the rows still count once).
  expect(done.attempts).toBeGreaterThanOrEqual(2);
  return done;
}

describe("the worker beside the web server", () => {
  it("runs at a lower priority, so heavy jobs take only the CPU the web server leaves free", async () => {
    const worker = startWorker();
    // WORKER_NICENESS defaults to 10; a process already run at a lower priority keeps its own.
    const expected = Math.max(10, os.getPriority());
    await until(() => os.getPriority(worker.pid!) === expected, 60_000);
    worker.kill("SIGTERM");
    await new Promise((resolve) => worker.once("exit", resolve));
  });
});

describe("a worker killed in the middle of a job", () => {
  it("resumes a school import and saves every school exactly once", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      NEGERI: "PERAK",
      PPD: `PPD UJIAN ${i % 7}`,
      "JENIS/LABEL": "SK",
      KODSEKOLAH: `ABC${String(i).padStart(4, "0")}`,
      NAMASEKOLAH: `SK RANTAU ${i}`,
    }));
    const jobId = await uploadSchoolList(world.admin, "perak.csv", kpmCsv(rows));
    await startSchoolImport(world.admin, jobId);
    const done = await killMidwayAndResume(jobId);
    expect(done.processed).toBe(3000);
    expect(await db.school.count({ where: { code: { startsWith: "ABC" } } })).toBe(3000);
    expect(await db.district.count({ where: { stateCode: "08", name: { startsWith: "UJIAN" } } })).toBe(7);
    // The import's audit entry is written once, with its last chunk.
    expect(await db.auditEntry.count({ where: { entityId: jobId, action: "IMPORT" } })).toBe(1);
  }, 400_000);

  it("resumes a registration import and registers every row exactly once", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      startsAt: at("2030-09-01T09:00"),
      capacity: null,
    });
    const list = ["Nama,Telefon", ...Array.from({ length: 600 }, (_, i) => `Peserta Senarai ${i},011-2${String(i).padStart(7, "0")}`)];
    const jobId = await uploadRegistrationList(world.nsCoordinator, event.id, new TextEncoder().encode(list.join("\n")), "senarai.csv");
    await previewRegistrationList(world.nsCoordinator, event.id, jobId, {
      fullName: "NAMA",
      phone: "TELEFON",
      defaultCategory: "TEACHER",
    });
    await confirmRegistrationImport(world.nsCoordinator, event.id, jobId);
    await killMidwayAndResume(jobId);
    const registrations = await db.registration.findMany({ where: { eventId: event.id }, select: { personId: true, phoneE164: true } });
    expect(registrations).toHaveLength(600);
    expect(new Set(registrations.map((r) => r.personId)).size).toBe(600);
    expect(new Set(registrations.map((r) => r.phoneE164)).size).toBe(600);
    // One confirmation each, never two.
    expect(await db.message.count({ where: { eventId: event.id, template: "registration-confirmation" } })).toBeLessThanOrEqual(600);
  }, 400_000);

  it("resumes an export and writes every row exactly once", async () => {
    const jobId = await createExportJob(world.admin, { dataset: "schools", format: "csv", contacts: false }, "en");
    const total = (await job(jobId)).total;
    expect(total).toBeGreaterThan(3000);
    const done = await killMidwayAndResume(jobId);
    expect(done.processed).toBe(total);
    const lines = fs
      .readFileSync(dataPath("exports", `${jobId}.csv`), "utf8")
      .slice(1)
      .trimEnd()
      .split("\r\n");
    expect(lines).toHaveLength(total + 1);
    const body = lines.slice(1);
    expect(new Set(body).size).toBe(total);
    expect(body.filter((l) => l.includes("ABC")).length).toBe(3000);
    expect(fs.existsSync(dataPath("exports", `${jobId}.part`))).toBe(false);
  }, 400_000);
});
