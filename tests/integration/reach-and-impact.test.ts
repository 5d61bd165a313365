import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import fs from "node:fs";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { createExportJob } from "../../app/modules/exports/export-jobs.server";
import { dashboard, programmeTargets, reachAgainstNeed } from "../../app/modules/reports/dashboard.server";
import { saveNeed } from "../../app/modules/reports/need.server";
import * as exportsPage from "../../app/routes/_app.exports._index";
import * as exportJobPage from "../../app/routes/_app.exports.$jobId";
import * as exportFile from "../../app/routes/exports.$jobId.file";
import * as dashboardPage from "../../app/routes/_app.dashboard";
import { dataPath } from "../../app/utils/env.server";
import { db } from "../../app/utils/db.server";
import { makeEvent, makePerson, makeRegistration } from "../support/factories";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

/**
 * A small programme with known totals, so every figure can be checked against the rows:
 * Negeri Sembilan: two sessions held (212 + 100 pupils; 4 + 2 adults attended, 1 no-show, 1
 * cancelled), one coming up with 1 registered; 120 pamphlets and 5 posters delivered (2 more
 * posters delivered and reversed); 3 follow-ups sent, 1 failed; 2 feedback responses.
 * Selangor: one session held, 5 adults, 50 pupils.
 */
let world: Awaited<ReturnType<typeof twoStates>>;
let sessionA: { id: string };
let sessionB: { id: string };
let selSession: { id: string };
const NOW = at("2026-11-25T12:00");

async function pupils(eventId: string, counts: [string, string, number][]) {
  for (const [grade, sex, count] of counts) await db.pupilCount.create({ data: { eventId, grade, sex, count } });
}

async function registrations(eventId: string, rows: [category: string, status: string, n: number][]) {
  for (const [category, status, n] of rows) for (let i = 0; i < n; i++) await makeRegistration(db, { eventId, category, status });
}

beforeAll(async () => {
  world = await twoStates();
  sessionA = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    title: "Sesi A",
    status: "COMPLETED",
    startsAt: at("2026-03-10T09:00"),
  });
  sessionB = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsOtherSchool.id,
    title: "Sesi B",
    status: "COMPLETED",
    startsAt: at("2026-04-15T09:00"),
  });
  selSession = await makeEvent(db, {
    programmeId: world.selProgramme.id,
    schoolId: world.selSchool.id,
    title: "Sesi Selangor",
    status: "COMPLETED",
    startsAt: at("2026-05-05T09:00"),
  });
  await registrations(sessionA.id, [
    ["TEACHER", "ATTENDED", 3],
    ["PIBG", "ATTENDED", 1],
    ["COMMUNITY", "NO_SHOW", 1],
    ["TEACHER", "CANCELLED", 1],
  ]);
  await registrations(sessionB.id, [["PIBG", "ATTENDED", 2]]);
  await registrations(world.nsEvent.id, [["TEACHER", "REGISTERED", 1]]);
  await registrations(selSession.id, [["TEACHER", "ATTENDED", 5]]);
  await pupils(sessionA.id, [
    ["F1", "L", 100],
    ["F1", "P", 112],
  ]);
  await pupils(sessionB.id, [["T5", "P", 100]]);
  await pupils(selSession.id, [["F2", "L", 50]]);

  const pamphlet = await db.material.create({
    data: { code: "RIS-1", titleMs: "Risalah", titleEn: "Pamphlet", kind: "PAMPHLET", unit: "naskhah" },
  });
  const poster = await db.material.create({
    data: { code: "POS-1", titleMs: "Poster", titleEn: "Poster", kind: "POSTER", unit: "keping" },
  });
  const deliver = (eventId: string, materialId: string, quantity: number, reversedAt: Date | null = null) =>
    db.delivery.create({
      data: { eventId, materialId, stateCode: "05", quantity, recipientType: "PIBG", recipientName: "PIBG SMK Seri Ampangan", reversedAt },
    });
  await deliver(sessionA.id, pamphlet.id, 120);
  await deliver(sessionB.id, poster.id, 5);
  await deliver(sessionB.id, poster.id, 2, NOW);

  let n = 0;
  const message = (status: string) =>
    db.message.create({
      data: {
        idempotencyKey: `t-${++n}`,
        template: "follow-up",
        language: "ms",
        toEmail: `p${n}@contoh.my`,
        payload: "{}",
        eventId: sessionA.id,
        status,
        messageIdHeader: `<t-${n}@kasih.test>`,
      },
    });
  for (const status of ["SENT", "SENT", "SENT", "FAILED"]) await message(status);
  await db.feedback.create({
    data: { eventId: sessionA.id, rating: 5, answerSigns: "ALL", answerReport: "REPORT", answerHelpline: "15999", score: 3 },
  });
  await db.feedback.create({
    data: { eventId: sessionA.id, rating: 3, answerSigns: "ALL", answerReport: "REPORT", answerHelpline: "999", score: 2 },
  });
});

describe("dashboard figures match the rows behind them", () => {
  it("gives a coordinator their state's reach", async () => {
    const f = await dashboard(world.nsCoordinator, {}, NOW);
    expect(f.events).toEqual({ held: 2, upcoming: 1, cancelled: 0 });
    expect(f.schools).toEqual({ reached: 2, total: 2, share: 100 });
    expect(f.children).toBe(312);
    // Attendance at the sessions held: the one registered for the session still to come is not counted.
    expect(f.participants).toMatchObject({ registered: 7, attended: 6, attendanceRate: 85.7 });
    expect(Object.fromEntries(f.participants.byCategory.map((c) => [c.category, [c.registered, c.attended]]))).toEqual({
      TEACHER: [3, 3],
      PIBG: [3, 3],
      COMMUNITY: [1, 0],
    });
    expect(f.materials).toEqual({
      total: 125,
      byKind: [
        { kind: "PAMPHLET", quantity: 120 },
        { kind: "POSTER", quantity: 5 },
      ],
    });
    expect(f.emails).toEqual({ SENT: 3, FAILED: 1 });
    expect(f.feedback.responses).toBe(2);
    expect(f.feedback.averageRating).toBe(4);
    expect(f.feedback.correct).toEqual([
      { question: "answerSigns", share: 100 },
      { question: "answerReport", share: 100 },
      { question: "answerHelpline", share: 50 },
    ]);
    expect(f.overTime).toEqual([
      { month: "2026-03", adults: 4, children: 212 },
      { month: "2026-04", adults: 2, children: 100 },
    ]);
    expect(f.byDistrict).toEqual([expect.objectContaining({ name: "SEREMBAN", children: 312, adults: 6, sessions: 2, schools: 2 })]);
    expect(f.bySchool.map((s) => [s.id, s.children, s.adults])).toEqual([
      ["NEB2069", 212, 4],
      ["NBA2001", 100, 2],
    ]);
  });

  it("gives the administrator the nation, narrowed by state, district and dates", async () => {
    const nation = await dashboard(world.admin, {}, NOW);
    expect(nation.events.held).toBe(3);
    expect(nation.children).toBe(362);
    expect(nation.participants.attended).toBe(11);
    expect(nation.byState.map((s) => [s.name, s.children, s.adults])).toEqual([
      ["Negeri Sembilan", 312, 6],
      ["Selangor", 50, 5],
    ]);
    const selangor = await dashboard(world.admin, { state: "10" }, NOW);
    expect([selangor.events.held, selangor.children, selangor.participants.attended]).toEqual([1, 50, 5]);
    const april = await dashboard(world.admin, { from: "2026-04-01", to: "2026-04-30" }, NOW);
    expect([april.events.held, april.children, april.participants.attended]).toEqual([1, 100, 2]);
  });

  it("never widens a coordinator's scope through a filter, and keeps liaisons out", async () => {
    const f = await dashboard(world.nsCoordinator, { state: "10" }, NOW);
    expect([f.events.held, f.children, f.participants.registered]).toEqual([0, 0, 0]);
    await expect(dashboard(world.liaison, {}, NOW)).rejects.toMatchObject({ status: 403 });
    // A viewer sees the nation's aggregate figures, which hold no personal data.
    expect((await dashboard(world.viewer, {}, NOW)).children).toBe(362);
  });

  it("shows progress against each programme's targets", async () => {
    await db.programme.update({ where: { id: world.nsProgramme.id }, data: { targetSchools: 10, targetChildren: 1000 } });
    const [ns] = (await programmeTargets(world.nsCoordinator, {})).filter((p) => p.id === world.nsProgramme.id);
    expect(ns).toMatchObject({ schools: 2, children: 312, adults: 6, materials: 125, targetSchools: 10, targetChildren: 1000 });
  });

  it("puts the published need beside the children reached the following year", async () => {
    await saveNeed(world.admin, { intent: "save", area: "05", year: 2025, children: 450, source: "JKM 2026" });
    const rows = await reachAgainstNeed(world.nsCoordinator, {});
    expect(rows.find((r) => r.area === "05" && r.year === 2025)).toMatchObject({ children: 450, responseYear: 2026, reached: 312 });
    // The ministry's 2023 figures are seeded with their source.
    expect(rows.find((r) => r.area === "05" && r.year === 2023)).toMatchObject({
      children: 405,
      source: expect.stringContaining("23 April 2024"),
    });
    // The nation's need is shown for context, but one state's reach is not set against it.
    expect(rows.find((r) => r.area === "MY" && r.year === 2023)).toMatchObject({ children: 7520, reached: null });
    expect((await reachAgainstNeed(world.admin, {})).find((r) => r.area === "MY" && r.year === 2023)).toMatchObject({ reached: 0 });
    // Another state's figures are not the coordinator's business.
    expect((await reachAgainstNeed(world.selCoordinator, {})).some((r) => r.area === "05")).toBe(false);
  });

  it("renders the dashboard page with the filters applied", async () => {
    const page = await callLoader(dashboardPage.loader, {
      url: "/dashboard?state=10&from=2026-01-01&to=bad",
      cookie: await cookieFor(world.admin.id),
    });
    expect(page.status).toBe(200);
    expect(page.data.filters).toEqual({ state: "10", from: "2026-01-01" });
    expect(page.data.figures.children).toBe(50);
  });
});

async function exportRows(user: typeof world.admin, request: Parameters<typeof createExportJob>[1]) {
  const jobId = await createExportJob(user, request, "ms");
  await runJobsUntilIdle();
  const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
  expect(job.status).toBe("DONE");
  const file = dataPath("exports", `${jobId}.${request.format}`);
  if (request.format === "csv") {
    const text = fs.readFileSync(file, "utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    return { jobId, lines: text.slice(1).trimEnd().split("\r\n") };
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const lines: string[] = [];
  workbook.worksheets[0].eachRow((row) =>
    lines.push(
      (row.values as unknown[])
        .slice(1)
        .map((v) => String(v ?? ""))
        .join(","),
    ),
  );
  return { jobId, lines };
}

describe("exports", () => {
  it("export registrations in the user's scope with phones and emails masked by default", async () => {
    const person = await makePerson(db, { fullName: "Siti Aminah", phoneE164: "+60192615999", email: "siti@contoh.my" });
    await makeRegistration(db, { eventId: sessionB.id, personId: person.id, category: "COMMUNITY", status: "ATTENDED" });
    const { lines } = await exportRows(world.nsCoordinator, { dataset: "registrations", format: "csv", contacts: false });
    expect(lines[0]).toContain("Nama penuh");
    const siti = lines.find((l) => l.includes("Siti Aminah"))!;
    expect(siti).toContain("019-••••999");
    expect(siti).toContain("s•••@contoh.my");
    expect(siti).not.toContain("2615999");
    // 6 + 2 + 1 Negeri Sembilan registrations, Siti's, and nothing from Selangor.
    expect(lines.length - 1).toBe(10);
    expect(lines.some((l) => l.includes("Sesi Selangor"))).toBe(false);

    const full = await exportRows(world.nsCoordinator, { dataset: "registrations", format: "xlsx", contacts: true });
    expect(full.lines.find((l) => l.includes("Siti Aminah"))).toContain("019-261 5999");
    expect(await db.auditEntry.findFirst({ where: { entityType: "Export", entityId: full.jobId } })).toMatchObject({
      action: "EXPORT",
      actorId: world.nsCoordinator.id,
    });
  });

  it("keeps a Selangor coordinator to Selangor, and liaisons and viewers away from participants", async () => {
    const { lines } = await exportRows(world.selCoordinator, { dataset: "attendance", format: "csv", contacts: false });
    expect(lines.length - 1).toBe(5);
    expect(lines.every((l, i) => i === 0 || l.includes("Sesi Selangor"))).toBe(true);
    await expect(createExportJob(world.viewer, { dataset: "registrations", format: "csv", contacts: true }, "ms")).rejects.toMatchObject({
      status: 403,
    });
    await expect(createExportJob(world.liaison, { dataset: "attendance", format: "csv", contacts: false }, "ms")).rejects.toMatchObject({
      status: 403,
    });
    // A viewer may export the plan, which names no participant.
    const events = await exportRows(world.viewer, { dataset: "events", format: "csv", contacts: true });
    expect(events.lines.length - 1).toBe(5);
  });

  it("counts events' registrations, attendance and pupils in the events export", async () => {
    const { lines } = await exportRows(world.admin, {
      dataset: "events",
      format: "csv",
      contacts: false,
      state: "05",
      from: "2026-03-01",
      to: "2026-03-31",
    });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/Sesi A/);
    expect(lines[1].split(",").slice(-4)).toEqual(["5", "4", "212", ""]);
  });

  it("names participants who received materials only in a full export", async () => {
    const person = await makePerson(db, { fullName: "Encik Rahman" });
    const material = await db.material.findFirstOrThrow({ where: { code: "RIS-1" } });
    await db.delivery.create({
      data: {
        eventId: sessionA.id,
        materialId: material.id,
        stateCode: "05",
        quantity: 1,
        recipientType: "PERSON",
        recipientPersonId: person.id,
        recipientName: "Encik Rahman",
        acknowledgedByName: "Encik Rahman",
      },
    });
    const masked = await exportRows(world.nsCoordinator, { dataset: "deliveries", format: "csv", contacts: false });
    expect(masked.lines.join("\n")).not.toContain("Rahman");
    expect(masked.lines.join("\n")).toContain("PIBG SMK Seri Ampangan");
    const full = await exportRows(world.nsCoordinator, { dataset: "deliveries", format: "csv", contacts: true });
    expect(full.lines.join("\n")).toContain("Encik Rahman");
  });

  it("resumes an interrupted export without losing or repeating a row", async () => {
    const jobId = await createExportJob(world.admin, { dataset: "registrations", format: "csv", contacts: false }, "en");
    const first = await db.registration.findFirstOrThrow({ orderBy: { id: "asc" } });
    // As if the server died after writing one batch of one row and half of the next line.
    fs.mkdirSync(dataPath("exports"), { recursive: true });
    const line = `${JSON.stringify(["x"])}\n`;
    fs.writeFileSync(dataPath("exports", `${jobId}.part`), `${line}["half a ro`);
    await db.job.update({
      where: { id: jobId },
      data: {
        status: "RUNNING",
        lockedBy: "a worker that died",
        lockedUntil: new Date(Date.now() - 1000),
        processed: 1,
        report: JSON.stringify({ afterId: first.id, bytes: Buffer.byteLength(line) }),
      },
    });
    await runJobsUntilIdle();
    const lines = fs
      .readFileSync(dataPath("exports", `${jobId}.csv`), "utf8")
      .slice(1)
      .trimEnd()
      .split("\r\n");
    const total = await db.registration.count();
    expect(lines).toHaveLength(total + 1);
    expect(lines[0]).toContain("Full name");
    expect(lines.filter((l) => l.includes("half a ro"))).toEqual([]);
    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "DONE", processed: total });
  });

  it("runs through the pages: a bad request keeps its values, the file goes only to its owner", async () => {
    const cookie = await cookieFor(world.nsCoordinator.id);
    const jobsBefore = await db.job.count();
    const unknown = await callAction(exportsPage.action, { url: "/exports", cookie, form: { dataset: "people", format: "csv" } });
    expect(unknown.status).toBe(400);
    expect(unknown.data.result.error).toMatchObject({ dataset: ["errors.choose"] });
    const backwards = await callAction(exportsPage.action, {
      url: "/exports",
      cookie,
      form: { dataset: "events", format: "csv", from: "2026-05-01", to: "2026-04-01" },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.data.result.error).toMatchObject({ to: ["errors.dateRange"] });
    expect(backwards.data.result.initialValue).toMatchObject({ dataset: "events", from: "2026-05-01", to: "2026-04-01" });
    expect(await db.job.count()).toBe(jobsBefore);

    const started = await callAction(exportsPage.action, { url: "/exports", cookie, form: { dataset: "stock", format: "csv" } });
    expect(started.status).toBe(302);
    const jobId = started.location!.split("/").pop()!;
    // The action queues the export and answers at once; the worker writes it, the page follows it.
    expect((await callLoader(exportJobPage.loader, { url: started.location!, cookie, params: { jobId } })).data.job.status).toBe("QUEUED");
    await runJobsUntilIdle();
    const progress = await callLoader(exportJobPage.loader, { url: started.location!, cookie, params: { jobId } });
    expect(progress.data.job).toMatchObject({ status: "DONE", dataset: "stock" });
    const file = await callLoader(exportFile.loader, { url: `/exports/${jobId}/file`, cookie, params: { jobId } });
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Disposition")).toMatch(/lejar-stok-\d{4}-\d{2}-\d{2}\.csv/);
    const other = await callLoader(exportFile.loader, {
      url: `/exports/${jobId}/file`,
      cookie: await cookieFor(world.selCoordinator.id),
      params: { jobId },
    });
    expect(other.status).toBe(404);
  });
});
