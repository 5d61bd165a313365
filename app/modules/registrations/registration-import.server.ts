import { z } from "zod";
import { parseCategories, REGISTRATION_CATEGORIES, type RegistrationCategory } from "~/modules/events/event-rules";
import { nameKey, normaliseMobile } from "~/modules/people/contact";
import { readSpreadsheet, type Sheet } from "~/modules/imports/spreadsheet.server";
import { actingUser } from "~/modules/jobs/acting-user.server";
import { jobQueue } from "~/modules/jobs/job-queue.server";
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
type ImportInput = { eventId: string; fileName: string; sheet: Sheet; mapping?: ColumnMapping };

/** Reads the file once and keeps it on a job, so mapping, preview and apply need no second upload. */
export async function startRegistrationImport(user: ScopedUser, eventId: string, bytes: Uint8Array, fileName: string) {
  await eventForRegistrations(user, eventId, "write:registration");
  const sheet = await readSpreadsheet(bytes, []);
  const job = await db.job.create({
    data: {
      kind: "REGISTRATION_IMPORT",
      total: sheet.rows.length,
      input: JSON.stringify({ eventId, fileName, sheet }),
      createdById: user.id,
    },
    select: { id: true },
  });
  return job.id;
}

export async function getRegistrationImport(user: ScopedUser, eventId: string, jobId: string) {
  await eventForRegistrations(user, eventId, "write:registration");
  const job = await db.job.findFirst({
    where: { id: jobId, kind: "REGISTRATION_IMPORT", ...(user.role === "ADMIN" ? {} : { createdById: user.id }) },
  });
  invariantResponse(job, "Import not found");
  const input = JSON.parse(job.input ?? "{}") as { eventId: string; fileName: string; sheet: Sheet; mapping?: ColumnMapping };
  invariantResponse(input.eventId === eventId, "Import not found");
  const report = job.report ? (JSON.parse(job.report) as ImportReport) : null;
  return {
    id: job.id,
    status: job.status,
    processed: job.processed,
    total: job.total,
    error: job.error,
    waitingSince: job.status === "QUEUED" ? job.runAt.toISOString() : null,
    ...input,
    report,
  };
}

/** Decides per row what applying would do (nothing is written to registrations). */
export async function previewRegistrationImport(user: ScopedUser, eventId: string, jobId: string, mapping: ColumnMapping) {
  const job = await getRegistrationImport(user, eventId, jobId);
  const event = await db.event.findUniqueOrThrow({ where: { id: eventId }, select: { registrationCategories: true } });
  const allowed = parseCategories(event.registrationCategories);
  const seenContacts = new Set<string>();
  const rows: ImportRowPlan[] = [];
  for (const row of job.sheet.rows) {
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
    // Only this event's own registrations are consulted: whether the person is known elsewhere
    // is none of the importer's business (and applying links them without showing anything).
    const registered = await db.registration.findFirst({
      where: {
        eventId,
        status: { not: "CANCELLED" },
        person: { nameKey: nameKey(fullName), OR: [...(phoneE164 ? [{ phoneE164 }] : []), ...(email ? [{ email }] : [])] },
      },
      select: { id: true },
    });
    rows.push({
      rowNumber: row.rowNumber,
      name: fullName,
      action: registered ? "existing" : "create",
      errors: [],
      values: {
        fullName,
        phoneE164,
        email,
        category: category!,
        organisation: cell(mapping.organisation).slice(0, 150) || null,
        pibgRole: cell(mapping.pibgRole).slice(0, 80) || null,
      },
    });
  }
  const counts = { create: 0, existing: 0, reject: 0 };
  for (const r of rows) counts[r.action]++;
  // Not while the worker applies it or once it is applied: the preview is what it works from.
  const saved = await db.job.updateMany({
    where: { id: jobId, status: { in: ["PENDING", "FAILED", "CANCELLED"] } },
    data: {
      input: JSON.stringify({ eventId, fileName: job.fileName, sheet: job.sheet, mapping } satisfies ImportInput),
      report: JSON.stringify({ rows, counts } satisfies ImportReport),
      processed: 0,
      total: rows.length,
      error: null,
      status: "PENDING",
    },
  });
  invariantResponse(saved.count === 1, "The import is running or done", { status: 409 });
  return { rows, counts };
}

/** Registrations per transaction: each holds the event's seat lock, so it must stay short. */
const CHUNK = 20;

/** The user confirms the preview (or asks a stopped import to go on): the worker registers the rows. */
export async function confirmRegistrationImport(user: ScopedUser, eventId: string, jobId: string) {
  const job = await getRegistrationImport(user, eventId, jobId);
  invariantResponse(job.report, "Preview the import first", { status: 400 });
  if (job.status === "PENDING") return jobQueue.start(job.id);
  return jobQueue.retry(job.id);
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
  async run({ job, progress, signal }) {
    const user = await actingUser(job.createdById);
    const { eventId } = JSON.parse(job.input ?? "{}") as ImportInput;
    await eventForRegistrations(user, eventId, "write:registration");
    const notice = await db.privacyNotice.findFirstOrThrow({ orderBy: { publishedAt: "desc" }, select: { version: true } });
    for (let start = job.processed; ; start += CHUNK) {
      signal.throwIfAborted();
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
  const jobs = await db.job.findMany({
    where: { kind: "REGISTRATION_IMPORT", status: { not: "DONE" } },
    select: { id: true, input: true, report: true, status: true, processed: true },
  });
  for (const job of jobs) {
    const input = JSON.parse(job.input ?? "{}") as { sheet?: Sheet };
    const report = job.report ? (JSON.parse(job.report) as { rows: ImportRowPlan[]; counts: Record<string, number> }) : null;
    const gone = new Set<number>();
    for (const row of input.sheet?.rows ?? []) {
      const who = owner(Object.values(row.values));
      if (who >= 0) {
        removed[who]++;
        gone.add(row.rowNumber);
      }
    }
    if (!gone.size) continue;
    const sheet = input.sheet!;
    await db.job.update({
      where: { id: job.id },
      data: {
        input: JSON.stringify({ ...input, sheet: { ...sheet, rows: sheet.rows.filter((r) => !gone.has(r.rowNumber)) } }),
        ...(report
          ? { report: JSON.stringify({ ...report, rows: withoutRows(report.rows, gone, job.status === "RUNNING" || job.processed > 0) }) }
          : {}),
      },
    });
  }
  return removed;
}
