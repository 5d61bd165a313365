import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { LANGUAGES } from "~/modules/i18n/translate";
import { deleteMailCopies } from "~/modules/mail/transport.server";
import { normaliseMobile } from "~/modules/people/contact";
import { personSearchText } from "~/modules/people/people.server";
import { db, type Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { invariantResponse } from "~/utils/invariant";
import { searchKey, cleanText } from "~/utils/text";
import { optionalEmail, optionalText, requiredText } from "~/utils/zod";

export const ERASED_NAME = "[dipadam]";

/** People matching a name, phone number or email, for a data-protection request. */
export async function searchPeople(user: ScopedUser, query: string) {
  requirePermission(user, "manage:personal-data");
  const q = cleanText(query).slice(0, 100);
  if (q.length < 2) return [];
  const phone = normaliseMobile(q);
  const words = searchKey(q).replace(/[-()]/g, "").split(" ").filter(Boolean).slice(0, 5);
  return db.person.findMany({
    where: {
      erasedAt: null,
      OR: [
        ...(phone ? [{ phoneE164: phone }] : []),
        { email: q.toLowerCase() },
        { AND: words.map((w) => ({ searchText: { contains: w } })) },
      ],
    },
    select: { id: true, fullName: true, phoneE164: true, email: true, _count: { select: { registrations: true } } },
    take: 50,
    orderBy: { fullName: "asc" },
  });
}

/** Everything held about one person: identity, consents, registrations, deliveries, emails, feedback. */
export async function personRecord(user: ScopedUser, personId: string) {
  requirePermission(user, "manage:personal-data");
  const person = await db.person.findUnique({
    where: { id: personId },
    include: {
      consents: { orderBy: { acceptedAt: "asc" } },
      registrations: {
        include: {
          event: { select: { id: true, title: true, startsAt: true, state: { select: { name: true } } } },
          feedback: { select: { rating: true, comment: true, createdAt: true } },
        },
        orderBy: { createdAt: "asc" },
      },
      deliveries: {
        select: {
          id: true,
          quantity: true,
          deliveredAt: true,
          material: { select: { code: true, titleMs: true } },
          event: { select: { title: true } },
        },
      },
      messages: {
        select: { id: true, template: true, status: true, toEmail: true, createdAt: true, sentAt: true },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  invariantResponse(person, "Person not found");
  return person;
}

/** The person's data as a portable document (what they are entitled to ask for). */
export async function personExport(user: ScopedUser, personId: string) {
  const p = await personRecord(user, personId);
  return {
    exportedAt: new Date().toISOString(),
    person: {
      id: p.id,
      fullName: p.fullName,
      phone: p.phoneE164,
      email: p.email,
      language: p.language,
      organisation: p.organisation,
      createdAt: p.createdAt,
      unsubscribedAt: p.unsubscribedAt,
    },
    consents: p.consents.map((c) => ({ noticeVersion: c.noticeVersion, method: c.method, acceptedAt: c.acceptedAt })),
    registrations: p.registrations.map((r) => ({
      event: r.event.title,
      date: r.event.startsAt,
      state: r.event.state.name,
      category: r.category,
      status: r.status,
      source: r.source,
      organisation: r.organisation,
      pibgRole: r.pibgRole,
      registeredAt: r.createdAt,
      checkedInAt: r.checkedInAt,
      feedback: r.feedback.map((f) => ({ rating: f.rating, comment: f.comment, at: f.createdAt })),
    })),
    materialsReceived: p.deliveries.map((d) => ({
      material: `${d.material.code} ${d.material.titleMs}`,
      quantity: d.quantity,
      event: d.event.title,
      at: d.deliveredAt,
    })),
    emails: p.messages.map((m) => ({ type: m.template, status: m.status, to: m.toEmail, queuedAt: m.createdAt, sentAt: m.sentAt })),
  };
}

/** The same export flattened to (section, field, value) rows for a spreadsheet. */
export function personExportRows(record: Awaited<ReturnType<typeof personExport>>): string[][] {
  const text = (v: unknown) =>
    v instanceof Date ? v.toISOString() : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v ?? "");
  const section = (name: string, items: Record<string, unknown>[]) =>
    items.flatMap((item, i) =>
      Object.entries(item).map(([k, v]) => [items.length > 1 || name !== "person" ? `${name} ${i + 1}` : name, k, text(v)]),
    );
  return [
    ...section("person", [record.person]),
    ...section("consent", record.consents),
    ...section("registration", record.registrations),
    ...section("material", record.materialsReceived),
    ...section("email", record.emails),
  ];
}

export const CorrectionSchema = z.object({
  intent: z.literal("correct"),
  fullName: requiredText(120),
  phone: z.preprocess(
    (v) => (cleanText(v) === "" ? undefined : cleanText(v)),
    z
      .string()
      .max(30)
      .transform((v, ctx) => normaliseMobile(v) ?? (ctx.addIssue({ code: "custom", message: "errors.phone" }), z.NEVER))
      .optional(),
  ),
  email: optionalEmail(),
  language: z.enum(LANGUAGES),
  organisation: optionalText(150),
});

export async function correctPerson(
  user: ScopedUser,
  personId: string,
  input: z.infer<typeof CorrectionSchema>,
): Promise<{ ok: true } | { ok: false; errors: Record<string, string[]> }> {
  const before = await personRecord(user, personId);
  const clash = await db.person.findFirst({
    where: {
      id: { not: personId },
      OR: [...(input.phone ? [{ phoneE164: input.phone }] : []), ...(input.email ? [{ email: input.email }] : [])],
    },
    select: { phoneE164: true },
  });
  if (clash) return { ok: false, errors: { [clash.phoneE164 === input.phone ? "phone" : "email"]: ["errors.registration.contactTaken"] } };
  const data = {
    fullName: input.fullName,
    phoneE164: input.phone ?? null,
    email: input.email ?? null,
    language: input.language,
    organisation: input.organisation ?? null,
  };
  await db.$transaction(async (tx) => {
    await tx.person.update({ where: { id: personId }, data: { ...data, searchText: personSearchText(data) } });
    // The audit trail records that a correction happened, not the personal data itself.
    const changed = (Object.keys(data) as (keyof typeof data)[]).filter(
      (k) => (before as Record<string, unknown>)[k === "phoneE164" ? "phoneE164" : k] !== data[k],
    );
    await recordAudit(tx, { actorId: user.id, action: "UPDATE", entityType: "Person", entityId: personId, after: { corrected: changed } });
  });
  return { ok: true };
}

/**
 * Erasure: the person's identity is removed everywhere it is held (person, registrations'
 * free text, deliveries to them, the outbox, feedback comments) while the rows that carry the
 * programme's numbers stay, so every count and total is unchanged. Returns the Message-IDs whose
 * written copies must be deleted once the transaction has committed (deleteMailCopies).
 */
export async function anonymisePerson(tx: Db, personId: string): Promise<string[]> {
  const erased = `erased-${personId}@invalid`;
  await tx.person.update({
    where: { id: personId },
    data: {
      fullName: ERASED_NAME,
      phoneE164: null,
      email: null,
      organisation: null,
      searchText: "",
      erasedAt: new Date(),
      unsubscribedAt: new Date(),
    },
  });
  await tx.registration.updateMany({ where: { personId }, data: { organisation: null, pibgRole: null } });
  await tx.delivery.updateMany({
    where: { recipientPersonId: personId },
    data: { recipientName: ERASED_NAME, acknowledgedByName: null, signatureSvg: null },
  });
  await tx.message.updateMany({ where: { personId, status: { in: ["QUEUED", "PAUSED", "SENDING"] } }, data: { status: "CANCELLED" } });
  await tx.message.updateMany({ where: { personId }, data: { toEmail: erased, toName: null, subject: null, lastError: null } });
  await tx.feedback.updateMany({ where: { registration: { personId } }, data: { comment: null } });
  const messages = await tx.message.findMany({ where: { personId }, select: { messageIdHeader: true } });
  return messages.map((m) => m.messageIdHeader);
}

export async function erasePerson(user: ScopedUser, personId: string) {
  await personRecord(user, personId);
  const mailCopies = await db.$transaction(async (tx) => {
    const copies = await anonymisePerson(tx, personId);
    await recordAudit(tx, { actorId: user.id, action: "ERASE", entityType: "Person", entityId: personId, after: { reason: "request" } });
    return copies;
  });
  await deleteMailCopies(mailCopies);
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

/** The scheduled retention run; with dryRun it only reports what it would do. */
export async function runRetention(actor: ScopedUser | null, options: { dryRun: boolean; now?: Date }) {
  if (actor) requirePermission(actor, "manage:personal-data");
  const { cutoff, count, where } = await retentionCandidates(options.now);
  if (options.dryRun) return { cutoff, count, anonymised: 0 };
  let anonymised = 0;
  for (;;) {
    const batch = await db.person.findMany({ where, select: { id: true }, take: 200 });
    if (!batch.length) break;
    const mailCopies = await db.$transaction(async (tx) => {
      const copies: string[] = [];
      for (const person of batch) {
        copies.push(...(await anonymisePerson(tx, person.id)));
        await recordAudit(tx, {
          actorId: actor?.id ?? null,
          action: "ERASE",
          entityType: "Person",
          entityId: person.id,
          after: { reason: "retention", cutoff },
        });
      }
      return copies;
    });
    await deleteMailCopies(mailCopies);
    anonymised += batch.length;
  }
  return { cutoff, count, anonymised };
}

export const NoticeSchema = z.object({
  intent: z.literal("publish"),
  version: z.preprocess(
    (v) => cleanText(v),
    z
      .string()
      .min(1, "errors.required")
      .max(40)
      .regex(/^[\w.-]+$/, "errors.privacy.version"),
  ),
  textMs: requiredText(5000),
  textEn: requiredText(5000),
});

export async function notices(user: ScopedUser) {
  requirePermission(user, "manage:personal-data");
  return db.privacyNotice.findMany({ orderBy: { publishedAt: "desc" }, include: { _count: { select: { consents: true } } } });
}

/** Publishes a new notice version: the public forms show it from now on, and consents record it. */
export async function publishNotice(
  user: ScopedUser,
  input: z.infer<typeof NoticeSchema>,
): Promise<{ ok: true } | { ok: false; errors: Record<string, string[]> }> {
  requirePermission(user, "manage:personal-data");
  if (await db.privacyNotice.findUnique({ where: { version: input.version } }))
    return { ok: false, errors: { version: ["errors.privacy.versionTaken"] } };
  await db.$transaction(async (tx) => {
    await tx.privacyNotice.create({ data: { version: input.version, textMs: input.textMs, textEn: input.textEn } });
    await recordAudit(tx, {
      actorId: user.id,
      action: "CREATE",
      entityType: "PrivacyNotice",
      entityId: input.version,
      after: { version: input.version },
    });
  });
  return { ok: true };
}
