import type { Prisma } from "@prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { withdrawExportsSince } from "~/modules/exports/export-jobs.server";
import { deleteMailCopies } from "~/modules/mail/transport.server";
import { purgeImportRows } from "~/modules/registrations/registration-import.server";
import { compactAfterErasure, db, type Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";

export const ERASED_NAME = "[dipadam]";

/** What one erasure removed, as counts (kept in the audit trail and in the person's data export). */
export type ErasureReport = {
  registrations: number;
  deliveries: number;
  emails: number;
  emailCopies: number;
  feedbackComments: number;
  exportsWithdrawn: number;
  importRowsPurged: number;
};

/**
 * What an erasure looks for outside the person's rows: their own details and every copy a
 * registration holds, and the Message-IDs of their emails (for the written copies).
 */
async function identityOf(tx: Db, personId: string) {
  const person = await tx.person.findUniqueOrThrow({
    where: { id: personId },
    select: {
      fullName: true,
      phoneE164: true,
      email: true,
      registrations: { select: { fullName: true, phoneE164: true, email: true, createdAt: true } },
      messages: { select: { messageIdHeader: true } },
    },
  });
  const held = [person, ...person.registrations];
  return {
    personId,
    names: held.map((h) => h.fullName),
    phones: held.flatMap((h) => (h.phoneE164 ? [h.phoneE164] : [])),
    emails: held.flatMap((h) => (h.email ? [h.email] : [])),
    mailCopies: person.messages.map((m) => m.messageIdHeader),
    firstRegisteredAt: person.registrations.reduce<Date | null>((first, r) => (!first || r.createdAt < first ? r.createdAt : first), null),
  };
}

type Identity = Awaited<ReturnType<typeof identityOf>>;

/**
 * The files part of an erasure, done first so that a crash half-way leaves the person to be
 * erased again, never files naming someone the database has forgotten: the written copies of their
 * emails, every export that may list them (withdrawn: deleted, its download refused) and the
 * stored rows of imports that name them.
 */
async function removeCopies(
  people: Identity[],
): Promise<Map<string, Pick<ErasureReport, "emailCopies" | "exportsWithdrawn" | "importRowsPurged">>> {
  const since = people.reduce<Date | null>((first, p) => {
    const at = p.firstRegisteredAt;
    return at && (!first || at < first) ? at : first;
  }, null);
  const exportsWithdrawn = since ? await withdrawExportsSince(since) : 0;
  const purged = await purgeImportRows(people);
  const removed = new Map<string, Pick<ErasureReport, "emailCopies" | "exportsWithdrawn" | "importRowsPurged">>();
  for (const [i, person] of people.entries()) {
    await deleteMailCopies(person.mailCopies);
    removed.set(person.personId, { emailCopies: person.mailCopies.length, exportsWithdrawn, importRowsPurged: purged[i] });
  }
  return removed;
}

/**
 * The database part of an erasure, inside the caller's transaction: the person's identity and
 * every registration's copy of their details, deliveries to them, their outbox rows (queued ones
 * cancelled; emails and WhatsApp messages), their WhatsApp consent and feedback comments are removed, while the rows that carry the programme's numbers
 * stay, so every count and total is unchanged.
 */
export async function anonymisePerson(tx: Db, personId: string) {
  const now = new Date();
  await tx.person.update({
    where: { id: personId },
    data: {
      fullName: ERASED_NAME,
      nameKey: `erased-${personId}`,
      phoneE164: null,
      email: null,
      searchText: "",
      erasedAt: now,
      unsubscribedAt: now,
    },
  });
  const registrations = await tx.registration.updateMany({
    where: { personId },
    data: { fullName: ERASED_NAME, phoneE164: null, email: null, searchText: "", organisation: null, pibgRole: null },
  });
  const deliveries = await tx.delivery.updateMany({
    where: { recipientPersonId: personId },
    data: { recipientName: ERASED_NAME, acknowledgedByName: null, signatureSvg: null },
  });
  await tx.message.updateMany({ where: { personId, status: { in: ["QUEUED", "PAUSED", "SENDING"] } }, data: { status: "CANCELLED" } });
  const emails = await tx.message.updateMany({
    where: { personId, channel: "EMAIL" },
    data: { toEmail: `erased-${personId}@invalid`, toName: null, subject: null, lastError: null, payload: "{}" },
  });
  // A WhatsApp message's copy holds the phone and the text as sent (the name, the personal link).
  const whatsApp = await tx.message.updateMany({
    where: { personId, channel: { not: "EMAIL" } },
    data: { toPhone: null, toEmail: null, toName: null, subject: null, lastError: null, payload: "{}" },
  });
  // Agreeing to WhatsApp messages is about the number erased: it goes with it.
  await tx.consent.deleteMany({ where: { personId, kind: "WHATSAPP" } });
  const feedback = await tx.feedback.updateMany({ where: { registration: { personId }, comment: { not: null } }, data: { comment: null } });
  return {
    registrations: registrations.count,
    deliveries: deliveries.count,
    emails: emails.count + whatsApp.count,
    feedbackComments: feedback.count,
  };
}

/**
 * Erases people (a request, or the retention run): the copies elsewhere first, then their rows
 * with the audit entries in one transaction, then the database file is compacted so the erased
 * text does not linger in freed pages or the write-ahead log.
 */
async function erase(personIds: string[], audit: { actorId: string | null; reason: "request" | "retention"; cutoff?: Date }) {
  const people = await Promise.all(personIds.map((id) => identityOf(db, id)));
  const removed = await removeCopies(people);
  const reports = await db.$transaction(async (tx) => {
    const done = new Map<string, ErasureReport>();
    for (const id of personIds) {
      const report: ErasureReport = { ...(await anonymisePerson(tx, id)), ...removed.get(id)! };
      await recordAudit(tx, {
        actorId: audit.actorId,
        action: "ERASE",
        entityType: "Person",
        entityId: id,
        after: { reason: audit.reason, ...(audit.cutoff ? { cutoff: audit.cutoff } : {}), ...report },
      });
      done.set(id, report);
    }
    return done;
  });
  await compactAfterErasure();
  return reports;
}

/** A person's request to be erased (PDPA 2010). */
export async function erasePerson(user: ScopedUser, personId: string): Promise<ErasureReport> {
  requirePermission(user, "manage:personal-data");
  const person = await db.person.findUnique({ where: { id: personId }, select: { id: true } });
  if (!person) throw new Response("Person not found", { status: 404 });
  const reports = await erase([personId], { actorId: user.id, reason: "request" });
  return reports.get(personId)!;
}

/** What the last erasure of a person removed (from the audit trail), for their data export. */
export async function erasureReport(personId: string): Promise<(ErasureReport & { at: Date; reason: string }) | null> {
  const entry = await db.auditEntry.findFirst({
    where: { entityType: "Person", entityId: personId, action: "ERASE" },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, after: true },
  });
  if (!entry) return null;
  const after = JSON.parse(entry.after ?? "{}") as Partial<ErasureReport> & { reason?: string };
  return {
    at: entry.createdAt,
    reason: after.reason ?? "request",
    registrations: after.registrations ?? 0,
    deliveries: after.deliveries ?? 0,
    emails: after.emails ?? 0,
    emailCopies: after.emailCopies ?? 0,
    feedbackComments: after.feedbackComments ?? 0,
    exportsWithdrawn: after.exportsWithdrawn ?? 0,
    importRowsPurged: after.importRowsPurged ?? 0,
  };
}

/**
 * People whose last session ended more than RETENTION_MONTHS ago (or who never attended one and
 * were created that long ago): their details are due to be anonymised.
 */
export async function retentionCandidates(now = new Date(), months = env.RETENTION_MONTHS) {
  const cutoff = new Date(now);
  cutoff.setMonth(cutoff.getMonth() - months);
  const where: Prisma.PersonWhereInput = {
    erasedAt: null,
    createdAt: { lt: cutoff },
    registrations: { none: { event: { endsAt: { gte: cutoff } } } },
  };
  const [count, sample] = await Promise.all([
    db.person.count({ where }),
    db.person.findMany({ where, select: { id: true, createdAt: true }, take: 20, orderBy: { createdAt: "asc" } }),
  ]);
  return { cutoff, count, where, sample };
}

/** The scheduled retention run, erasing as a request does; with dryRun it only reports what it would do. */
export async function runRetention(actor: ScopedUser | null, options: { dryRun: boolean; now?: Date }) {
  if (actor) requirePermission(actor, "manage:personal-data");
  const { cutoff, count, where } = await retentionCandidates(options.now);
  if (options.dryRun) return { cutoff, count, anonymised: 0 };
  let anonymised = 0;
  for (;;) {
    const batch = await db.person.findMany({ where, select: { id: true }, take: 200 });
    if (!batch.length) break;
    await erase(
      batch.map((p) => p.id),
      { actorId: actor?.id ?? null, reason: "retention", cutoff },
    );
    anonymised += batch.length;
  }
  return { cutoff, count, anonymised };
}
