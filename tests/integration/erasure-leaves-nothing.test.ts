/**
 * An erasure leaves the person nowhere: not in the rows, not in export files already made (and
 * their downloads), not in the stored rows of an import, not in any written copy of an email
 * (a coordinator's test send included), and on SQLite not in freed pages of the database file or
 * its write-ahead log. The person's data export then says what was erased.
 */
import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createExportJob, exportDownload, getExportJob } from "../../app/modules/exports/export-jobs.server";
import { sendTestFollowUp } from "../../app/modules/mail/follow-up.server";
import { emlFileName, mailFolder } from "../../app/modules/mail/transport.server";
import { runOnce } from "../../app/modules/mail/worker.server";
import { erasePerson } from "../../app/modules/privacy/erasure.server";
import { personExport } from "../../app/modules/privacy/privacy.server";
import { registerPublicly } from "../../app/modules/registrations/register.server";
import { getRegistrationImport, startRegistrationImport } from "../../app/modules/registrations/registration-import.server";
import { db } from "../../app/utils/db.server";
import { resolveDatabaseTarget } from "../../app/utils/database-url";
import { makeEvent } from "../support/factories";
import { previewRegistrationList, uploadRegistrationList } from "../support/imports";
import { teacher } from "../support/registrations";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
const HER = { fullName: "Qistina Zulaikha binti Marzuki", phone: "+60137418529", email: "qistina.zulaikha@contoh.my" };
// Any of these anywhere means she is still there.
const TRACES = ["Qistina", "QISTINA", "qistina", "Zulaikha", "7418529", "741 8529"];
let personId: string;
let registrationId: string;
let exportJobId: string;
let importJobId: string;
let unreadJobId: string;
let testCopy: string;
let eventId: string;

beforeAll(async () => {
  world = await twoStates();
  const event = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    startsAt: at("2030-02-05T09:00"),
  });
  eventId = event.id;
  const registered = await registerPublicly(
    event.publicCode,
    teacher(1, { fullName: HER.fullName, phone: HER.phone, email: HER.email, organisation: "PIBG Qistina" }),
  );
  registrationId = (registered as { registrationId: string }).registrationId;
  personId = (await db.registration.findUniqueOrThrow({ where: { id: registrationId } })).personId;
  // Someone else stays, to show the erasure is hers alone.
  await registerPublicly(event.publicCode, teacher(2, { fullName: "Rohana binti Yusof" }));

  // An export naming her, written and ready to download.
  exportJobId = await createExportJob(world.nsCoordinator, { dataset: "registrations", format: "csv", contacts: true }, "ms");
  await runJobsUntilIdle();
  // A list waiting to be imported that names her, beside someone else.
  const csv = `Nama,Telefon,Emel\n${HER.fullName},013-741 8529,${HER.email}\nSalmah binti Ali,012-555 1234,salmah@contoh.my\n`;
  importJobId = await uploadRegistrationList(world.nsCoordinator, event.id, new TextEncoder().encode(csv), "senarai.csv");
  await previewRegistrationList(world.nsCoordinator, event.id, importJobId, {
    fullName: "NAMA",
    phone: "TELEFON",
    email: "EMEL",
    defaultCategory: "PIBG",
  });
  // A second list, uploaded a moment ago: the worker has not read it yet (the file is still as sent).
  unreadJobId = await startRegistrationImport(world.nsCoordinator, event.id, new TextEncoder().encode(csv), "senarai-baru.csv");
  // The coordinator's test of the follow-up, previewed as her, sent to the coordinator's own address.
  const coordinator = await db.user.findUniqueOrThrow({ where: { id: world.nsCoordinator.id } });
  await sendTestFollowUp(
    { ...world.nsCoordinator, email: coordinator.email, name: coordinator.name, language: "ms" },
    event.id,
    registrationId,
    [],
  );
  await runOnce();
  const test = await db.message.findFirstOrThrow({ where: { template: "follow-up" } });
  testCopy = path.join(mailFolder(), emlFileName(test.messageIdHeader));
});

describe("erasing a person on request", () => {
  it("has the copies to remove before it starts (the checks below can fail)", async () => {
    const job = await getExportJob(world.nsCoordinator, exportJobId);
    expect(job.status).toBe("DONE");
    const file = await (await exportDownload(world.nsCoordinator, exportJobId)).text();
    expect(file).toContain(HER.fullName);
    expect(JSON.stringify(await db.job.findUniqueOrThrow({ where: { id: importJobId } }))).toContain("Qistina");
    expect(fs.readFileSync(testCopy, "utf8")).toContain("Qistina");
    const mail = fs.readdirSync(mailFolder()).map((f) => fs.readFileSync(path.join(mailFolder(), f), "utf8"));
    expect(mail.filter((m) => m.includes(HER.email)).length).toBeGreaterThan(0);
  });

  it("leaves her in no row, file, export, import, email copy or free page, and says what it removed", async () => {
    expect(await getRegistrationImport(world.nsCoordinator, eventId, unreadJobId)).toMatchObject({ status: "QUEUED", sheet: null });
    const report = await erasePerson(world.admin, personId);
    expect(report).toMatchObject({ registrations: 1, exportsWithdrawn: 1, importRowsPurged: 2 });
    // The unread upload was read by the erasure and handed back without her, the file itself gone.
    const unread = await getRegistrationImport(world.nsCoordinator, eventId, unreadJobId);
    expect(unread).toMatchObject({ status: "PENDING", phase: "preview" });
    expect(unread.sheet!.rows.map((r) => Object.values(r.values)[0])).toEqual(["Salmah binti Ali"]);
    expect(JSON.parse((await db.job.findUniqueOrThrow({ where: { id: unreadJobId } })).input!)).not.toHaveProperty("file");
    expect(report.emailCopies).toBeGreaterThanOrEqual(2);

    // The export is withdrawn: its page says so and its download is refused.
    expect((await getExportJob(world.nsCoordinator, exportJobId)).status).toBe("WITHDRAWN");
    const refused = await exportDownload(world.nsCoordinator, exportJobId).catch((thrown: unknown) => thrown);
    expect((refused as Response).status).toBe(404);
    expect(fs.readdirSync(path.join(process.env.DATA_DIR!, "exports")).filter((f) => f.startsWith(exportJobId))).toEqual([]);

    // The import keeps Salmah's row and loses hers.
    const pending = await getRegistrationImport(world.nsCoordinator, eventId, importJobId);
    expect(pending.sheet!.rows.map((r) => Object.values(r.values)[0])).toEqual(["Salmah binti Ali"]);
    expect(pending.report?.rows.map((r) => r.name)).toEqual(["Salmah binti Ali"]);

    // No written email names her, the coordinator's test send included.
    expect(fs.existsSync(testCopy)).toBe(false);
    for (const file of fs.readdirSync(mailFolder())) {
      const mail = fs.readFileSync(path.join(mailFolder(), file), "utf8");
      for (const trace of TRACES) expect(mail, `${file} holds ${trace}`).not.toContain(trace);
    }

    // Not in any row of any table.
    const rows = JSON.stringify(
      await Promise.all([
        db.person.findMany(),
        db.registration.findMany(),
        db.message.findMany(),
        db.job.findMany(),
        db.auditEntry.findMany(),
        db.consent.findMany(),
      ]),
    );
    for (const trace of [...TRACES, HER.email]) expect(rows).not.toContain(trace);
    expect(rows).toContain("Rohana binti Yusof");

    // The data export lists what the erasure removed.
    const record = await personExport(world.admin, personId);
    expect(record.person).toMatchObject({ fullName: "[dipadam]", phone: null, email: null });
    expect(record.erasure).toMatchObject({ reason: "request", registrations: 1, exportsWithdrawn: 1, importRowsPurged: 2 });
  });

  it.runIf(resolveDatabaseTarget().provider === "sqlite")(
    "leaves no readable trace in the SQLite file or its write-ahead log",
    async () => {
      const { filePath } = resolveDatabaseTarget() as { filePath: string };
      for (const file of [filePath, `${filePath}-wal`]) {
        if (!fs.existsSync(file)) continue;
        const bytes = fs.readFileSync(file);
        for (const trace of [...TRACES, HER.email])
          expect(bytes.includes(Buffer.from(trace, "utf8")), `${path.basename(file)} holds ${trace}`).toBe(false);
      }
      // The other participant is still readable there, so the scan does look at the data.
      expect(fs.readFileSync(filePath).includes(Buffer.from("Rohana binti Yusof"))).toBe(true);
    },
  );
});
