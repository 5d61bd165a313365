import { z } from "zod";
import { parseCategories, REGISTRATION_CATEGORIES, type RegistrationCategory } from "~/modules/events/event-rules";
import { nameKey, normaliseMobile } from "~/modules/people/contact";
import { readSpreadsheet, readStoredUpload, storedUpload, type Sheet } from "~/modules/imports/spreadsheet.server";
import { actingUser } from "~/modules/jobs/acting-user.server";
import { JobError, jobQueue } from "~/modules/jobs/job-queue.server";
import type { JobHandler } from "~/modules/jobs/job-runner.server";
import { db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { cleanText } from "~/utils/text";
import type { ScopedUser } from "~/modules/auth/scope.server";
import { createRegistration, withRegistrationRetry } from "./register.server";
import { IMPORT_ACTIONS, IMPORT_FIELDS, isHelplineNumber, type ImportField } from "./registration-schema";
import { eventForRegistrations } from "./registrations.server";
import { lockEventSeats } from "./seats.server";

/** The fields a school's list can fill, and the column names that usually hold them. */

const GUESSES: Record<ImportField, RegExp> = {
  fullName: /^(NAMA|NAME|NAMAPENUH|FULLNAME|NAMAPESERTA|NAMAGURU)/,
  phone: /(TEL|PHONE|HP|MOBILE|BIMBIT)/,
  email: /(EMEL|EMAIL|MEL)/,
  category: /(KATEGORI|CATEGORY|JENISPESERTA)/,
  organisation: /(SEKOLAH|ORGANISASI|ORGANISATION|ORGANIZATION|AGENSI|SCHOOL)/,
  pibgRole: /(JAWATAN|ROLE|POSITION)/,
};

export const ColumnMappingSchema = z.object({
  fullName: z.string({ error: "errors.import.mapName" }).min(1, "errors.import.mapName").max(60),
  phone: z.string().max(60).optional(),
  email: z.string().max(60).optional(),
  category: z.string().max(60).optional(),
  organisation: z.string().max(60).optional(),
  pibgRole: z.string().max(60).optional(),
  defaultCategory: z.enum(REGISTRATION_CATEGORIES, { error: "errors.choose" }),
});
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

export function guessMapping(headers: string[]): Partial<Record<ImportField, string>> {
  const mapping: Partial<Record<ImportField, string>> = {};
  for (const field of IMPORT_FIELDS) {
    const found = headers.find((h) => h && GUESSES[field].test(h) && !Object.values(mapping).includes(h));
    if (found) mapping[field] = found;
  }
  return mapping;
}

const CATEGORY_WORDS: Record<string, RegistrationCategory> = {
  GURU: "TEACHER",
  TEACHER: "TEACHER",
  PENDIDIK: "TEACHER",
  PIBG: "PIBG",
  IBUBAPA: "PIBG",
  PARENT: "PIBG",
  AJKPIBG: "PIBG",
  KOMUNITI: "COMMUNITY",
  COMMUNITY: "COMMUNITY",
  MASYARAKAT: "COMMUNITY",
  AWAM: "COMMUNITY",
  PEGAWAI: "OFFICIAL",
  OFFICIAL: "OFFICIAL",
  SUKARELAWAN: "VOLUNTEER",
  VOLUNTEER: "VOLUNTEER",
};

export type ImportRowPlan = {
  rowNumber: number;
  name: string;
  action: (typeof IMPORT_ACTIONS)[number];
  errors: string[];
  values?: {
    fullName: string;
    phoneE164: string | null;
    email: string | null;
    category: string;
    organisation: string | null;
    pibgRole: string | null;
  };
};

type ImportReport = { rows: ImportRowPlan[]; counts: Record<string, number> };
/**
 * What the worker does next when the job runs: `read` the uploaded file (kept base64 until then),
 * `preview` the rows with the user's column mapping, or `apply` the preview (jobs saved before
 * phases existed have none: apply). Between them the job waits for the user, PENDING.
 */
type ImportPhase = "read" | "preview" | "apply";
type ImportInput = { eventId: string; fileName: string; phase?: ImportPhase; file?: string; sheet?: Sheet; mapping?: ColumnMapping };

/**
 * Takes the upload and leaves reading it to the worker (a big workbook takes seconds of CPU the
 * web process must not spend); the file is kept on the job until then, so mapping, preview and
 * apply need no second upload. What the first bytes tell is refused at once (SpreadsheetError).
 */
export async function startRegistrationImport(user: ScopedUser, eventId: string, bytes: Uint8Array, fileName: string) {
  await eventForRegistrations(user, eventId, "write:registration");
  const jobId = await jobQueue.enqueue({
    kind: "REGISTRATION_IMPORT",
    input: { eventId, fileName, phase: "read", file: storedUpload(bytes) } satisfies ImportInput,
    createdById: user.id,
  });
  return jobId!;
}

export async function getRegistrationImport(user: ScopedUser, eventId: string, jobId: string) {
  await eventForRegistrations(user, eventId, "write:registration");
  const job = await db.job.findFirst({
    where: { id: jobId, kind: "REGISTRATION_IMPORT", ...(user.role === "ADMIN" ? {} : { createdById: user.id }) },
  });
  invariantResponse(job, "Import not found");
  const { file: _file, ...input } = JSON.parse(job.input ?? "{}") as ImportInput;
  invariantResponse(input.eventId === eventId, "Import not found");
  const report = job.report ? (JSON.parse(job.report) as ImportReport | null) : null;
  return {
    id: job.id,
    status: job.status,
    processed: job.processed,
    total: job.total,
    error: job.error,
    waitingSince: job.status === "QUEUED" ? job.runAt.toISOString() : null,
    ...input,
    // Null until the worker has read the file.
    sheet: input.sheet ?? null,
    phase: input.phase ?? "apply",
    report,
  };
}

/**
 * The user chose which column holds what: the worker previews the rows (nothing is written to
 * registrations) and hands the job back for confirmation. Only while the job waits for the user.
 */
export async function previewRegistrationImport(user: ScopedUser, eventId: string, jobId: string, mapping: ColumnMapping) {
  const job = await getRegistrationImport(user, eventId, jobId);
  invariantResponse(job.sheet && job.status === "PENDING", "The import is running or done", { status: 409 });
  const started = await jobQueue.start(job.id, {
    processed: 0,
    total: job.sheet.rows.length,
    input: { eventId, fileName: job.fileName, phase: "preview", sheet: job.sheet, mapping } satisfies ImportInput,
    report: null,
  });
  invariantResponse(started, "The import is running or done", { status: 409 });
}

/**
 * Rows whose registration is looked up in one query while previewing: up to three values each
 * (name, phone, email), within the 999 values a statement may carry on SQLite.
 */
const PREVIEW_CHUNK = 200;

/** Decides per row what applying would do, reading this event's registrations a chunk of rows at a time. */
async function previewRows(
  eventId: string,
  sheet: Sheet,
  mapping: ColumnMapping,
  progress: (processed: number) => Promise<void>,
): Promise<ImportReport> {
  const event = await db.event.findUniqueOrThrow({ where: { id: eventId }, select: { registrationCategories: true } });
  const allowed = parseCategories(event.registrationCategories);
  const seenContacts = new Set<string>();
  const rows: ImportRowPlan[] = [];
  for (let start = 0; start < sheet.rows.length; start += PREVIEW_CHUNK) {
    const chunk: { plan: ImportRowPlan; identityKeys: string[] }[] = [];
    for (const row of sheet.rows.slice(start, start + PREVIEW_CHUNK)) {
      const cell = (column?: string) => (column ? cleanText(row.values[column] ?? "") : "");
      const fullName = cell(mapping.fullName).slice(0, 200);
      const phoneText = cell(mapping.phone);
      const emailText = cell(mapping.email).toLowerCase();
      const categoryText = cell(mapping.category)
        .toUpperCase()
        .replace(/[^A-Z]/g, "");
      const errors: string[] = [];
      if (fullName.length < 2) errors.push("errors.import.missingName");
      if (fullName.length > 120) errors.push("errors.import.nameTooLong");
      // The helpline's own number (copied from a poster into a list) is nobody's phone.
      const phoneE164 = phoneText && !isHelplineNumber(phoneText) ? normaliseMobile(phoneText) : null;
      if (phoneText && !phoneE164) errors.push(isHelplineNumber(phoneText) ? "errors.phoneIsHelpline" : "errors.import.badPhone");
      const email = emailText && z.string().email().max(254).safeParse(emailText).success ? emailText : null;
      if (emailText && !email) errors.push("errors.import.badEmail");
      if (!phoneText && !emailText) errors.push("errors.import.noContact");
      const category = categoryText ? CATEGORY_WORDS[categoryText] : mapping.defaultCategory;
      if (categoryText && !category) errors.push("errors.import.badCategory");
      else if (category && !allowed.includes(category)) errors.push("errors.import.categoryNotOffered");
      // One person is a name with a contact: a teacher's list may give several parents her phone.
      const identityKeys = ([phoneE164, email].filter(Boolean) as string[]).map((contact) => `${nameKey(fullName)} ${contact}`);
      if (!errors.length && identityKeys.some((k) => seenContacts.has(k))) errors.push("errors.import.duplicateInFile");
      if (errors.length) {
        rows.push({ rowNumber: row.rowNumber, name: fullName, action: "reject", errors });
        continue;
      }
      identityKeys.forEach((k) => seenContacts.add(k));
      const plan: ImportRowPlan = {
        rowNumber: row.rowNumber,
        name: fullName,
        action: "create",
        errors: [],
        values: {
          fullName,
          phoneE164,
          email,
          category: category!,
          organisation: cell(mapping.organisation).slice(0, 150) || null,
          pibgRole: cell(mapping.pibgRole).slice(0, 80) || null,
        },
      };
      rows.push(plan);
      chunk.push({ plan, identityKeys });
    }
    // Only this event's own registrations are consulted: whether the person is known elsewhere
    // is none of the importer's business (and applying links them without showing anything).
    const contacts = (key: "phoneE164" | "email") => [...new Set(chunk.map((c) => c.plan.values![key]).filter(Boolean) as string[])];
    const registered = chunk.length
      ? await db.registration.findMany({
          where: {
            eventId,
            status: { not: "CANCELLED" },
            person: {
              nameKey: { in: [...new Set(chunk.map((c) => nameKey(c.plan.name)))] },
              OR: [{ phoneE164: { in: contacts("phoneE164") } }, { email: { in: contacts("email") } }],
            },
          },
          select: { person: { select: { nameKey: true, phoneE164: true, email: true } } },
        })
      : [];
    const known = new Set(
      registered.flatMap(({ person }) => [person.phoneE164, person.email].filter(Boolean).map((contact) => `${person.nameKey} ${contact}`)),
    );
    for (const { plan, identityKeys } of chunk) if (identityKeys.some((k) => known.has(k))) plan.action = "existing";
    await progress(Math.min(sheet.rows.length, start + PREVIEW_CHUNK));
  }
  const counts = { create: 0, existing: 0, reject: 0 };
  for (const r of rows) counts[r.action]++;
  return { rows, counts };
}

/** Registrations per transaction: each holds the event's seat lock, so it must stay short. */
const CHUNK = 20;

/** The user confirms the preview (or asks a stopped import to go on): the worker registers the rows. */
export async function confirmRegistrationImport(user: ScopedUser, eventId: string, jobId: string) {
  const job = await getRegistrationImport(user, eventId, jobId);
  if (job.status !== "PENDING") return jobQueue.retry(job.id);
  invariantResponse(job.report && job.phase === "apply", "Preview the import first", { status: 400 });
  return jobQueue.start(job.id);
}

export async function cancelRegistrationImport(user: ScopedUser, eventId: string, jobId: string) {
  const job = await getRegistrationImport(user, eventId, jobId);
  return jobQueue.cancel(job.id);
}

/**
 * Registers the previewed rows, a chunk per transaction, recording progress in the same
 * transaction so an interrupted import resumes where it stopped. `processed` counts the preview's
 * rows (all of them, in order), which an erasure blanks in place but never removes, so the count
 * keeps pointing at the same row. People already known (the same name with the same phone or
 * email) are linked, not duplicated; people already registered are left alone.
 */
export const registrationImportHandler: JobHandler = {
  async run({ job, progress, nextChunk }) {
    const user = await actingUser(job.createdById);
    const input = JSON.parse(job.input ?? "{}") as ImportInput;
    const { eventId } = input;
    await eventForRegistrations(user, eventId, "write:registration");
    if (input.phase === "read") {
      let sheet: Sheet;
      try {
        sheet = await readStoredUpload(input.file ?? "", (bytes) => readSpreadsheet(bytes, []));
      } catch (error) {
        // A file wrong in itself fails its job; it names people, so it is not kept for nothing.
        if (error instanceof JobError)
          await progress({ input: { eventId, fileName: input.fileName, phase: "read" } satisfies ImportInput });
        throw error;
      }
      // Back to the user, to say which column holds what; the file itself is no longer kept.
      return {
        status: "PENDING",
        processed: 0,
        total: sheet.rows.length,
        input: { eventId, fileName: input.fileName, phase: "preview", sheet },
      };
    }
    if (input.phase === "preview") {
      const report = await previewRows(eventId, input.sheet!, input.mapping!, (processed) => progress({ processed }));
      return { status: "PENDING", processed: 0, total: report.rows.length, input: { ...input, phase: "apply" }, report };
    }
    const notice = await db.privacyNotice.findFirstOrThrow({ orderBy: { publishedAt: "desc" }, select: { version: true } });
    for (let start = job.processed; ; start += CHUNK) {
      await nextChunk();
      // Read afresh for every chunk: an erasure may have blanked rows since.
      const { rows } = JSON.parse(
        (await db.job.findUniqueOrThrow({ where: { id: job.id }, select: { report: true } })).report ?? "{}",
      ) as ImportReport;
      if (start >= rows.length) break;
      const chunk = rows.slice(start, start + CHUNK);
      await withRegistrationRetry(() =>
        db.$transaction(async (tx) => {
          const event = await lockEventSeats(tx, eventId);
          for (const row of chunk) {
            if (row.action !== "create" || !row.values) continue;
            await createRegistration(tx, event, {
              eventId,
              ...row.values,
              language: "ms",
              source: "IMPORT",
              wanted: "REGISTERED",
              consent: { noticeVersion: notice.version, method: "IMPORT" },
              actorId: user.id,
            });
          }
          await progress({ processed: start + chunk.length, total: rows.length }, tx);
        }),
      );
    }
    // Applied, the uploaded rows are no longer needed: keep the counts, drop the names and numbers
    // (data minimisation; an erased person must not live on in an old import).
    const done = await db.job.findUniqueOrThrow({ where: { id: job.id }, select: { input: true, report: true } });
    const { sheet, ...rest } = JSON.parse(done.input ?? "{}") as ImportInput;
    const { counts, rows } = JSON.parse(done.report ?? "{}") as ImportReport;
    return {
      processed: rows.length,
      input: { ...rest, sheet: { ...sheet, rows: [] } },
      report: { counts, rows: [] } satisfies ImportReport,
    };
  },
};

/**
 * The preview's rows without those of erased people. Once the worker has started on them they are
 * blanked in place instead, because it counts its progress by position in these rows.
 */
function withoutRows(rows: ImportRowPlan[], gone: Set<number>, started: boolean): ImportRowPlan[] {
  if (!started) return rows.filter((r) => !gone.has(r.rowNumber));
  return rows.map((r) =>
    gone.has(r.rowNumber) ? { rowNumber: r.rowNumber, name: "", action: "reject", errors: ["errors.import.erased"] } : r,
  );
}

/** Someone being erased: the names and contacts any of their details were given with. */
export type ErasedIdentity = { names: string[]; phones: string[]; emails: string[] };

/**
 * Erasure: removes the rows naming these people from every import whose rows are still kept (not
 * yet applied), in the uploaded sheet and in the preview. A row is theirs when it gives one of
 * their names with one of their phone numbers or emails. Returns, per person, the rows removed.
 */
export async function purgeImportRows(people: ErasedIdentity[]): Promise<number[]> {
  const removed = people.map(() => 0);
  const keys = people.map((p) => ({
    names: new Set(p.names.map(nameKey)),
    contacts: new Set([...p.phones, ...p.emails.map((e) => e.toLowerCase())]),
  }));
  const owner = (cells: string[]) => {
    const names = new Set(cells.map(nameKey));
    const contacts = new Set(cells.flatMap((cell) => [normaliseMobile(cell), cell.trim().toLowerCase()]).filter(Boolean) as string[]);
    return keys.findIndex((k) => [...k.names].some((n) => names.has(n)) && [...k.contacts].some((c) => contacts.has(c)));
  };
  const jobs = await db.job.findMany({ where: { kind: "REGISTRATION_IMPORT", status: { not: "DONE" } }, select: { id: true } });
  for (const job of jobs) await purgeImportJob(job.id, owner, removed);
  return removed;
}

/**
 * Removes the erased people's rows from one import: from its sheet and its preview, and from an
 * upload the worker has not read yet (read here, and handed to the user as the worker would: to
 * choose the columns). A preview being made from the old rows is made again. The write holds only
 * if the job is still as read; a worker that holds it then loses it (its lease is gone), so its
 * copy with the rows is never kept. Changed in the meantime, the job is read again.
 */
async function purgeImportJob(jobId: string, owner: (cells: string[]) => number, removed: number[]) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const job = await db.job.findUnique({ where: { id: jobId }, select: { input: true, report: true, status: true, processed: true } });
    if (!job || job.status === "DONE") return;
    const input = JSON.parse(job.input ?? "{}") as ImportInput;
    const unread = input.file !== undefined;
    // An upload that cannot be read names nobody we can find: the worker fails it and drops the file.
    const sheet = unread ? await readSpreadsheet(Buffer.from(input.file!, "base64"), []).catch(() => null) : (input.sheet ?? null);
    const gone = new Map<number, number>();
    for (const row of sheet?.rows ?? []) {
      const who = owner(Object.values(row.values));
      if (who >= 0) gone.set(row.rowNumber, who);
    }
    if (!sheet || !gone.size) return;
    const kept = { ...sheet, rows: sheet.rows.filter((r) => !gone.has(r.rowNumber)) };
    const report = job.report ? (JSON.parse(job.report) as ImportReport | null) : null;
    const { file: _file, ...rest } = input;
    const previewing = input.phase === "preview" && (job.status === "QUEUED" || job.status === "RUNNING");
    const released = { lockedBy: null, lockedUntil: null };
    const data = unread
      ? {
          ...released,
          status: "PENDING",
          error: null,
          processed: 0,
          total: kept.rows.length,
          input: JSON.stringify({ ...rest, phase: "preview", sheet: kept }),
        }
      : {
          input: JSON.stringify({ ...input, sheet: kept }),
          ...(report
            ? {
                report: JSON.stringify({
                  ...report,
                  rows: withoutRows(report.rows, new Set(gone.keys()), job.status === "RUNNING" || job.processed > 0),
                }),
              }
            : {}),
          ...(previewing ? { ...released, status: "QUEUED", processed: 0, runAt: new Date() } : {}),
        };
    const written = await db.job.updateMany({ where: { id: jobId, status: job.status, input: job.input }, data });
    if (written.count === 1) {
      for (const who of gone.values()) removed[who]++;
      return;
    }
  }
  throw new Error(`import ${jobId} kept changing while an erasure removed rows from it`);
}
