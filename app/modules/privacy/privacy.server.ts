import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { LANGUAGES } from "~/modules/i18n/translate";
import { nameKey, normaliseMobile } from "~/modules/people/contact";
import { contactSearchText } from "~/modules/people/people.server";
import { changedDetails } from "~/modules/people/contact";
import { db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { searchKey, cleanText } from "~/utils/text";
import { optionalEmail, requiredText } from "~/utils/zod";
import { erasureReport } from "./erasure.server";

/**
 * People matching a name, phone number or email, for a data-protection request: by the details
 * they registered with first or by any registration's own copy (staff may have corrected one).
 */
export async function searchPeople(user: ScopedUser, query: string) {
  requirePermission(user, "manage:personal-data");
  const q = cleanText(query).slice(0, 100);
  if (q.length < 2) return [];
  const phone = normaliseMobile(q);
  const words = searchKey(q).replace(/[-()]/g, "").split(" ").filter(Boolean).slice(0, 5);
  const matches = [
    ...(phone ? [{ phoneE164: phone }] : []),
    { email: q.toLowerCase() },
    ...(words.length ? [{ AND: words.map((w) => ({ searchText: { contains: w } })) }] : []),
  ];
  return db.person.findMany({
    where: { erasedAt: null, OR: [...matches, { registrations: { some: { OR: matches } } }] },
    select: { id: true, fullName: true, phoneE164: true, email: true, _count: { select: { registrations: true } } },
    take: 50,
    orderBy: { fullName: "asc" },
  });
}

/** Everything held about one person: identity, consents, registrations with their details, deliveries, emails, feedback. */
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
        select: { id: true, template: true, channel: true, status: true, toEmail: true, toPhone: true, createdAt: true, sentAt: true },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  invariantResponse(person, "Person not found");
  return person;
}

/** The person's data as a portable document (what they are entitled to ask for), with what an erasure removed. */
export async function personExport(user: ScopedUser, personId: string) {
  const p = await personRecord(user, personId);
  const erasure = p.erasedAt ? await erasureReport(personId) : null;
  return {
    exportedAt: new Date().toISOString(),
    person: {
      id: p.id,
      fullName: p.fullName,
      phone: p.phoneE164,
      email: p.email,
      createdAt: p.createdAt,
      unsubscribedAt: p.unsubscribedAt,
      erasedAt: p.erasedAt,
    },
    ...(erasure ? { erasure } : {}),
    consents: p.consents.map((c) => ({
      kind: c.kind,
      noticeVersion: c.noticeVersion,
      method: c.method,
      acceptedAt: c.acceptedAt,
      ...(c.withdrawnAt ? { withdrawnAt: c.withdrawnAt } : {}),
    })),
    registrations: p.registrations.map((r) => ({
      event: r.event.title,
      date: r.event.startsAt,
      state: r.event.state.name,
      fullName: r.fullName,
      phone: r.phoneE164,
      email: r.email,
      language: r.language,
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
    emails: p.messages.map((m) => ({
      type: m.template,
      channel: m.channel,
      status: m.status,
      to: m.channel === "WHATSAPP" ? m.toPhone : m.toEmail,
      queuedAt: m.createdAt,
      sentAt: m.sentAt,
    })),
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
    ...(record.erasure ? section("erasure", [record.erasure]) : []),
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
});

/**
 * Corrects a person's details at their request: who they are on file and the copy every one of
 * their registrations holds (the administrator acts for the person, in every state).
 */
export async function correctPerson(
  user: ScopedUser,
  personId: string,
  input: z.infer<typeof CorrectionSchema>,
): Promise<{ ok: true } | { ok: false; errors: Record<string, string[]> }> {
  const before = await personRecord(user, personId);
  const key = nameKey(input.fullName);
  const clash = await db.person.findFirst({
    where: {
      id: { not: personId },
      nameKey: key,
      OR: [...(input.phone ? [{ phoneE164: input.phone }] : []), ...(input.email ? [{ email: input.email }] : [])],
    },
    select: { phoneE164: true },
  });
  if (clash) return { ok: false, errors: { [clash.phoneE164 === input.phone ? "phone" : "email"]: ["errors.registration.contactTaken"] } };
  const contact = { fullName: input.fullName, phoneE164: input.phone ?? null, email: input.email ?? null };
  await db.$transaction(async (tx) => {
    await tx.person.update({ where: { id: personId }, data: { ...contact, nameKey: key, searchText: contactSearchText(contact) } });
    await tx.registration.updateMany({
      where: { personId },
      data: { ...contact, language: input.language, searchText: contactSearchText(contact) },
    });
    // The audit trail records which details were corrected, not the personal data itself.
    const changed = changedDetails(
      { ...before, language: before.registrations[0]?.language ?? input.language },
      { ...contact, language: input.language },
    );
    await recordAudit(tx, { actorId: user.id, action: "UPDATE", entityType: "Person", entityId: personId, after: { corrected: changed } });
  });
  return { ok: true };
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
