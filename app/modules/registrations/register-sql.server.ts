import crypto from "node:crypto";
import { parseCategories } from "~/modules/events/event-rules";
import { nameKey } from "~/modules/people/contact";
import { contactSearchText } from "~/modules/people/people.server";
import { newId, readInstant, sqlInstant, sqlTransaction, type Sql } from "~/utils/driver-sql.server";
import { env, mailDomain } from "~/utils/env.server";
import { whatsAppConfigured } from "~/modules/whatsapp/whatsapp-channel.server";
import type { PublicRegistrationInput, RegistrationStatus } from "./registration-schema";
import { registrationWindow, type RegistrationWindow } from "./registration-window";
import { newCheckInCode, newManageToken } from "./seats.server";

/**
 * The public registration, the one hot path of the app, in hand-written SQL on the database's own
 * driver (docs/decisions/013-registration-hot-path.md). It applies the same rules as
 * createRegistration (register.server.ts), which staff, walk-ins and imports use through Prisma:
 * capacity decided under the event's lock, the waitlist in order, a person is a name with a phone
 * or email (decision 011), consent recorded (and WhatsApp consent, asked apart), the confirmation in
 * the outbox in the same transaction (by email, and by WhatsApp as messagesForRegistrants decides), an audit entry carrying the form's one-time token (decision 009).
 * tests/integration/registration*.test.ts run both on SQLite and PostgreSQL.
 */

export type PublicOutcome =
  | { outcome: "registered" | "waitlisted"; registrationId: string; manageToken: string; position: number | null }
  /** The person already has a live registration for the event: nothing of it is handed back. */
  | { outcome: "existing"; registrationId: string }
  /** This form (its one-time token) was sent before: the answer is the first one's. */
  | { outcome: "repeat"; manageToken: string | null }
  | { outcome: "notFound" }
  | { outcome: "unavailable"; reason: Exclude<RegistrationWindow, { open: true }>["reason"] }
  | { outcome: "invalid"; field: "category" | "noticeVersion"; error: string };

type EventRow = {
  id: string;
  status: string;
  startsAt: string;
  endsAt: string;
  registrationOpensAt: string | null;
  registrationClosesAt: string | null;
  registrationCategories: string;
};

type Existing = {
  id: string;
  status: string;
  email: string | null;
  phoneE164: string | null;
  fullName: string;
  language: string;
  personId: string;
  manageToken: string;
};

const SEATED_SQL = `'REGISTERED', 'ATTENDED'`;

function confirmationTemplate(status: string) {
  return status === "WAITLISTED" ? "waitlisted" : status === "REGISTERED" ? "registration-confirmation" : null;
}

/**
 * Whether this registration's messages also go by WhatsApp, by the rule of messagesForRegistrants
 * (whatsapp-channel.server.ts): the channel on, a phone, WhatsApp consent, and no email unless
 * WHATSAPP_ALSO_WITH_EMAIL.
 */
function byWhatsApp(contact: { phoneE164: string | null; email: string | null }, consented: boolean): boolean {
  return whatsAppConfigured() && consented && Boolean(contact.phoneE164) && (!contact.email || env.WHATSAPP_ALSO_WITH_EMAIL);
}

/** An outbox row, as enqueueMessage writes it; `ON CONFLICT DO NOTHING` where a key may repeat. */
async function insertMessage(
  sql: Sql,
  m: {
    key: string;
    template: string;
    language: string;
    to: { channel: "EMAIL"; email: string } | { channel: "WHATSAPP"; phone: string };
    toName: string;
    registrationId: string;
    personId: string;
    eventId: string;
  },
  now: string,
  ifNew: boolean,
) {
  await sql.run(
    `INSERT INTO "Message" ("id", "idempotencyKey", "template", "language", "channel", "toEmail", "toPhone", "toName", "payload",
       "personId", "eventId", "status", "attempts", "maxAttempts", "nextAttemptAt", "messageIdHeader", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?, ?, ?)${ifNew ? ` ON CONFLICT ("idempotencyKey") DO NOTHING` : ""}`,
    [
      newId(),
      m.to.channel === "WHATSAPP" ? `whatsapp:${m.key}` : m.key,
      m.template,
      m.language === "en" ? "en" : "ms",
      m.to.channel,
      m.to.channel === "EMAIL" ? m.to.email : null,
      m.to.channel === "WHATSAPP" ? m.to.phone : null,
      m.toName,
      JSON.stringify({ registrationId: m.registrationId }),
      m.personId,
      m.eventId,
      env.MAIL_MAX_ATTEMPTS,
      now,
      `<${crypto.randomBytes(12).toString("hex")}@${mailDomain()}>`,
      now,
      now,
    ],
  );
}

/**
 * Registers one person from the public form in one short transaction that waits at most
 * `maxWaitMs` (then DatabaseSaturated is thrown and the form answers 503).
 */
export function registerFromPublicForm(
  publicCode: string,
  input: PublicRegistrationInput,
  options: { formToken: string | null; now?: Date; maxWaitMs: number },
): Promise<PublicOutcome> {
  if (!/^[a-z2-9]{6,16}$/.test(publicCode)) return Promise.resolve({ outcome: "notFound" });
  return sqlTransaction(async (sql): Promise<PublicOutcome> => {
    // `now` decides what the rules see (the registration window, the hourly resend); the rows
    // carry the moment they are written, like every other row (the audit trail above all).
    const now = options.now ?? new Date();
    const recordedAt = new Date();
    const nowText = sqlInstant(recordedAt);
    // Everything that does not depend on the seats comes before the event's lock, so the lock is
    // held for as few statements as possible (on PostgreSQL each is a round trip). A race between
    // two submissions here ends at a unique index (the person, the registration of a person at an
    // event, the form token), and the transaction runs again.

    // A repeat of a submission that went through gets that submission's answer.
    if (options.formToken) {
      const first = await sql.get<{ manageToken: string | null }>(
        `SELECT r."manageToken" FROM "AuditEntry" a LEFT JOIN "Registration" r ON r."id" = a."entityId" WHERE a."formToken" = ?`,
        [options.formToken],
      );
      if (first) return { outcome: "repeat", manageToken: first.manageToken };
    }
    const event = await sql.get<EventRow>(
      `SELECT "id", "status", "startsAt", "endsAt", "registrationOpensAt", "registrationClosesAt", "registrationCategories"
       FROM "Event" WHERE "publicCode" = ?`,
      [publicCode],
    );
    if (!event) return { outcome: "notFound" };
    const window = registrationWindow(
      {
        status: event.status,
        startsAt: readInstant(event.startsAt)!,
        endsAt: readInstant(event.endsAt)!,
        registrationOpensAt: readInstant(event.registrationOpensAt),
        registrationClosesAt: readInstant(event.registrationClosesAt),
      },
      now,
    );
    if (!window.open) return { outcome: "unavailable", reason: window.reason };
    if (!parseCategories(event.registrationCategories).includes(input.category)) {
      return { outcome: "invalid", field: "category", error: "errors.choose" };
    }
    const notice = await sql.get(`SELECT "version" FROM "PrivacyNotice" WHERE "version" = ?`, [input.noticeVersion]);
    if (!notice) return { outcome: "invalid", field: "noticeVersion", error: "errors.noticeChanged" };

    // The person: the same name with the same phone, else the same name with the same email.
    const contact = { fullName: input.fullName, phoneE164: input.phone ?? null, email: input.email ?? null };
    const key = nameKey(contact.fullName);
    const searchText = contactSearchText(contact);
    const known = await sql.get<{ id: string }>(
      `SELECT "id" FROM "Person" WHERE "nameKey" = ? AND ("phoneE164" = ? OR "email" = ?)
       ORDER BY CASE WHEN "phoneE164" = ? THEN 0 ELSE 1 END LIMIT 1`,
      [key, contact.phoneE164, contact.email, contact.phoneE164],
    );
    const personId = known?.id ?? newId();
    if (!known) {
      await sql.run(
        `INSERT INTO "Person" ("id", "fullName", "nameKey", "phoneE164", "email", "searchText", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [personId, contact.fullName, key, contact.phoneE164, contact.email, searchText, nowText, nowText],
      );
    }
    // Someone new cannot be registered already.
    const existing = known
      ? await sql.get<Existing>(
          `SELECT "id", "status", "email", "phoneE164", "fullName", "language", "personId", "manageToken" FROM "Registration"
           WHERE "eventId" = ? AND "personId" = ?`,
          [event.id, personId],
        )
      : undefined;
    if (existing && existing.status !== "CANCELLED") {
      // The personal link goes again to the email (or WhatsApp) on file, at most once an hour, never to this page.
      const template = confirmationTemplate(existing.status);
      const again = (to: { channel: "EMAIL"; email: string } | { channel: "WHATSAPP"; phone: string }) =>
        insertMessage(
          sql,
          {
            key: `${template}:${existing.id}:again:${Math.floor(now.getTime() / 3_600_000)}`,
            template: template!,
            language: existing.language,
            to,
            toName: existing.fullName,
            registrationId: existing.id,
            personId: existing.personId,
            eventId: event.id,
          },
          nowText,
          true,
        );
      if (existing.email && template) await again({ channel: "EMAIL", email: existing.email });
      if (template && existing.phoneE164 && byWhatsApp(existing, true)) {
        const consented = await sql.get(
          `SELECT "id" FROM "Consent" WHERE "personId" = ? AND "kind" = 'WHATSAPP' AND "withdrawnAt" IS NULL LIMIT 1`,
          [existing.personId],
        );
        if (consented) await again({ channel: "WHATSAPP", phone: existing.phoneE164 });
      }
      return { outcome: "existing", registrationId: existing.id };
    }
    await sql.run(
      `INSERT INTO "Consent" ("id", "personId", "noticeVersion", "kind", "method", "eventId", "acceptedAt") VALUES (?, ?, ?, 'NOTICE', 'ONLINE_FORM', ?, ?)`,
      [newId(), personId, input.noticeVersion, event.id, nowText],
    );
    // Asked apart from the notice (the form shows the question only while the channel is on).
    const whatsappConsent = Boolean(input.whatsappConsent) && whatsAppConfigured();
    if (whatsappConsent) {
      await sql.run(
        `INSERT INTO "Consent" ("id", "personId", "noticeVersion", "kind", "method", "eventId", "acceptedAt") VALUES (?, ?, ?, 'WHATSAPP', 'ONLINE_FORM', ?, ?)`,
        [newId(), personId, input.noticeVersion, event.id, nowText],
      );
    }

    if (sql.dialect === "postgresql" && !existing) {
      return registerUnderLockOnPostgresql(sql, {
        eventId: event.id,
        personId,
        input,
        contact,
        searchText,
        formToken: options.formToken,
        now: recordedAt,
        whatsApp: byWhatsApp(contact, whatsappConsent),
      });
    }

    // The event's row lock: registrations for one event decide their seats one after another, on a
    // count nobody else can change until this commits (on SQLite the transaction holds the write
    // lock already; the statement keeps the rule the same as lockEventSeats).
    const locked = await sql.get<{ capacity: number | null }>(
      `UPDATE "Event" SET "seatLock" = "seatLock" + 1 WHERE "id" = ? RETURNING "capacity"`,
      [event.id],
    );
    const capacity = locked?.capacity ?? null;
    // Seated and waiting in one count: the seats decide the status, the waiting the place in line.
    const counts = await sql.get<{ seated: number | null; waiting: number | null }>(
      `SELECT CAST(sum(CASE WHEN "status" = 'WAITLISTED' THEN 0 ELSE 1 END) AS INTEGER) AS "seated",
              CAST(sum(CASE WHEN "status" = 'WAITLISTED' THEN 1 ELSE 0 END) AS INTEGER) AS "waiting"
       FROM "Registration" WHERE "eventId" = ? AND "status" IN (${SEATED_SQL}, 'WAITLISTED')`,
      [event.id],
    );
    const seated = Number(counts?.seated ?? 0);
    const status: RegistrationStatus = capacity !== null && seated >= Number(capacity) ? "WAITLISTED" : "REGISTERED";
    const waitlistedAt = status === "WAITLISTED" ? nowText : null;
    const pibgRole = input.category === "PIBG" ? (input.pibgRole ?? null) : null;
    const organisation = input.organisation ?? null;
    let registrationId: string;
    let manageToken: string;
    if (existing) {
      // A cancelled registration comes back to life with the details given now.
      registrationId = existing.id;
      manageToken = existing.manageToken;
      await sql.run(
        `UPDATE "Registration" SET "fullName" = ?, "phoneE164" = ?, "email" = ?, "language" = ?, "searchText" = ?, "category" = ?,
           "status" = ?, "source" = 'ONLINE', "organisation" = ?, "pibgRole" = ?, "waitlistedAt" = ?, "checkedInAt" = NULL,
           "checkedInById" = NULL, "checkInClientId" = NULL, "cancelledAt" = NULL, "createdById" = NULL, "updatedAt" = ?
         WHERE "id" = ?`,
        [
          contact.fullName,
          contact.phoneE164,
          contact.email,
          input.language,
          searchText,
          input.category,
          status,
          organisation,
          pibgRole,
          waitlistedAt,
          nowText,
          registrationId,
        ],
      );
    } else {
      registrationId = newId();
      manageToken = newManageToken();
      await sql.run(
        `INSERT INTO "Registration" ("id", "eventId", "personId", "category", "status", "source", "fullName", "phoneE164", "email",
           "language", "searchText", "organisation", "pibgRole", "checkInCode", "manageToken", "waitlistedAt", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, 'ONLINE', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          registrationId,
          event.id,
          personId,
          input.category,
          status,
          contact.fullName,
          contact.phoneE164,
          contact.email,
          input.language,
          searchText,
          organisation,
          pibgRole,
          newCheckInCode(),
          manageToken,
          waitlistedAt,
          nowText,
          nowText,
        ],
      );
    }
    // The confirmation or waitlist notice. Its key holds the registration's id and this moment, so
    // it cannot be in the outbox yet: no look-up first.
    const confirm = (to: { channel: "EMAIL"; email: string } | { channel: "WHATSAPP"; phone: string }) => {
      const template = confirmationTemplate(status)!;
      return insertMessage(
        sql,
        {
          key: `${template}:${registrationId}:${now.getTime()}`,
          template,
          language: input.language,
          to,
          toName: contact.fullName,
          registrationId,
          personId,
          eventId: event.id,
        },
        nowText,
        false,
      );
    };
    if (contact.email) await confirm({ channel: "EMAIL", email: contact.email });
    if (contact.phoneE164 && byWhatsApp(contact, whatsappConsent)) await confirm({ channel: "WHATSAPP", phone: contact.phoneE164 });
    // The form's token rides on the audit entry and commits with the registration (decision 009).
    await sql.run(
      `INSERT INTO "AuditEntry" ("id", "actorId", "action", "entityType", "entityId", "before", "after", "formToken", "createdAt")
       VALUES (?, NULL, 'CREATE', 'Registration', ?, NULL, ?, ?, ?)`,
      [
        newId(),
        registrationId,
        JSON.stringify({ eventId: event.id, personId, category: input.category, status, source: "ONLINE" }),
        options.formToken,
        nowText,
      ],
    );
    // Everyone waiting before committed under this lock, earlier: this one is next in line.
    const position = status === "WAITLISTED" ? Number(counts?.waiting ?? 0) + 1 : null;
    return { outcome: status === "WAITLISTED" ? "waitlisted" : "registered", registrationId, manageToken, position };
  }, options.maxWaitMs);
}

/**
 * PostgreSQL: the same seat decision and writes as the statements above, in two round trips under
 * the event's lock instead of five (each round trip is time the lock is held while others wait).
 * The lock is taken by its own statement first, so that the count in the second, which starts
 * after it, sees every registration committed under the lock before it (READ COMMITTED takes a
 * snapshot per statement). The email and audit texts for either outcome are made here and chosen in
 * SQL by the status.
 */
async function registerUnderLockOnPostgresql(
  sql: Sql,
  r: {
    eventId: string;
    personId: string;
    input: PublicRegistrationInput;
    contact: { fullName: string; phoneE164: string | null; email: string | null };
    searchText: string;
    formToken: string | null;
    now: Date;
    /** The notice goes by WhatsApp too */
    whatsApp: boolean;
  },
): Promise<PublicOutcome> {
  const locked = await sql.get<{ capacity: number | null }>(
    `UPDATE "Event" SET "seatLock" = "seatLock" + 1 WHERE "id" = ? RETURNING "capacity"`,
    [r.eventId],
  );
  const nowText = sqlInstant(r.now);
  const registrationId = newId();
  const manageToken = newManageToken();
  const audit = (status: RegistrationStatus) =>
    JSON.stringify({ eventId: r.eventId, personId: r.personId, category: r.input.category, status, source: "ONLINE" });
  const key = (template: string) => `${template}:${registrationId}:${r.now.getTime()}`;
  const message = (channel: "EMAIL" | "WHATSAPP") => [
    newId(),
    `${channel === "WHATSAPP" ? "whatsapp:" : ""}${key("waitlisted")}`,
    `${channel === "WHATSAPP" ? "whatsapp:" : ""}${key("registration-confirmation")}`,
    r.input.language === "en" ? "en" : "ms",
    channel,
    channel === "EMAIL" ? r.contact.email : null,
    channel === "WHATSAPP" ? r.contact.phoneE164 : null,
    r.contact.fullName,
    JSON.stringify({ registrationId }),
    r.personId,
    r.eventId,
    env.MAIL_MAX_ATTEMPTS,
    nowText,
    `<${crypto.randomBytes(12).toString("hex")}@${mailDomain()}>`,
    nowText,
    nowText,
    channel === "EMAIL" ? r.contact.email : r.whatsApp ? r.contact.phoneE164 : null,
  ];
  // One outbox row per channel, each written only when its condition (the last value) holds.
  const messageSql = (name: string) => `"${name}" AS (
       INSERT INTO "Message" ("id", "idempotencyKey", "template", "language", "channel", "toEmail", "toPhone", "toName", "payload",
         "personId", "eventId", "status", "attempts", "maxAttempts", "nextAttemptAt", "messageIdHeader", "createdAt", "updatedAt")
       SELECT CAST(? AS TEXT),
         CASE WHEN "status" = 'WAITLISTED' THEN CAST(? AS TEXT) ELSE CAST(? AS TEXT) END,
         CASE WHEN "status" = 'WAITLISTED' THEN 'waitlisted' ELSE 'registration-confirmation' END,
         CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),
         CAST(? AS TEXT), 'QUEUED', 0, CAST(? AS INTEGER), CAST(? AS TIMESTAMP(3)), CAST(? AS TEXT), CAST(? AS TIMESTAMP(3)),
         CAST(? AS TIMESTAMP(3))
       FROM "registration" WHERE CAST(? AS TEXT) IS NOT NULL
     )`;
  const row = await sql.get<{ status: RegistrationStatus; waiting: number }>(
    `WITH "counts" AS (
       SELECT CAST(coalesce(sum(CASE WHEN "status" = 'WAITLISTED' THEN 0 ELSE 1 END), 0) AS INTEGER) AS "seated",
              CAST(coalesce(sum(CASE WHEN "status" = 'WAITLISTED' THEN 1 ELSE 0 END), 0) AS INTEGER) AS "waiting"
       FROM "Registration" WHERE "eventId" = CAST(? AS TEXT) AND "status" IN (${SEATED_SQL}, 'WAITLISTED')
     ), "decided" AS (
       SELECT CASE WHEN CAST(? AS INTEGER) IS NOT NULL AND "seated" >= CAST(? AS INTEGER) THEN 'WAITLISTED' ELSE 'REGISTERED' END AS "status",
              "waiting" FROM "counts"
     ), "registration" AS (
       INSERT INTO "Registration" ("id", "eventId", "personId", "category", "status", "source", "fullName", "phoneE164", "email",
         "language", "searchText", "organisation", "pibgRole", "checkInCode", "manageToken", "waitlistedAt", "createdAt", "updatedAt")
       SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), "status", 'ONLINE', CAST(? AS TEXT), CAST(? AS TEXT),
         CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),
         CASE WHEN "status" = 'WAITLISTED' THEN CAST(? AS TIMESTAMP(3)) END, CAST(? AS TIMESTAMP(3)), CAST(? AS TIMESTAMP(3))
       FROM "decided"
       RETURNING "status"
     ), ${messageSql("email")}, ${messageSql("whatsapp")}, "audit" AS (
       INSERT INTO "AuditEntry" ("id", "actorId", "action", "entityType", "entityId", "before", "after", "formToken", "createdAt")
       SELECT CAST(? AS TEXT), NULL, 'CREATE', 'Registration', CAST(? AS TEXT), NULL,
         CASE WHEN "status" = 'WAITLISTED' THEN CAST(? AS TEXT) ELSE CAST(? AS TEXT) END, CAST(? AS TEXT), CAST(? AS TIMESTAMP(3))
       FROM "registration"
     )
     SELECT "registration"."status", "decided"."waiting" FROM "registration", "decided"`,
    [
      r.eventId,
      locked?.capacity ?? null,
      locked?.capacity ?? null,
      // the registration
      registrationId,
      r.eventId,
      r.personId,
      r.input.category,
      r.contact.fullName,
      r.contact.phoneE164,
      r.contact.email,
      r.input.language,
      r.searchText,
      r.input.organisation ?? null,
      r.input.category === "PIBG" ? (r.input.pibgRole ?? null) : null,
      newCheckInCode(),
      manageToken,
      nowText,
      nowText,
      nowText,
      // its email, and its WhatsApp message
      ...message("EMAIL"),
      ...message("WHATSAPP"),
      // the audit entry, carrying the form's token
      newId(),
      registrationId,
      audit("WAITLISTED"),
      audit("REGISTERED"),
      r.formToken,
      nowText,
    ],
  );
  const status = row!.status;
  return {
    outcome: status === "WAITLISTED" ? "waitlisted" : "registered",
    registrationId,
    manageToken,
    position: status === "WAITLISTED" ? Number(row!.waiting) + 1 : null,
  };
}
