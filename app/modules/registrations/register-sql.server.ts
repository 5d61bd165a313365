import crypto from "node:crypto";
import { parseCategories } from "~/modules/events/event-rules";
import { nameKey } from "~/modules/people/contact";
import { contactSearchText } from "~/modules/people/people.server";
import {
  newId,
  readInstant,
  sqlInstant,
  sqlTransaction,
  type Decision,
  type SqlTransaction,
  type SqlValue,
  type SqlFragment,
} from "~/utils/driver-sql.server";
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
 * the outbox in the same transaction (by email, and by WhatsApp as messagesForRegistrants decides),
 * an audit entry carrying the form's one-time token (decision 009). One path for both databases:
 * everything the rules need is read in one statement, and everything written follows from the
 * seat decision as one Decision (driver-sql.server.ts), which is one statement on PostgreSQL.
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

/** What the rules need before the seats, read in one statement (FIND). */
type Found = {
  /** An audit entry carries this form's token already: the form was sent before. */
  repeatOf: string | null;
  repeatManageToken: string | null;
  eventId: string | null;
  eventStatus: string;
  startsAt: string;
  endsAt: string;
  registrationOpensAt: string | null;
  registrationClosesAt: string | null;
  registrationCategories: string;
  /** The notice the person was shown, if it is one on file. */
  noticeVersion: string | null;
  personId: string | null;
  /** The person's registration for this event, if any, with the contact details on it. */
  registrationId: string | null;
  registrationStatus: string | null;
  email: string | null;
  phoneE164: string | null;
  fullName: string;
  language: string;
  manageToken: string;
  /** The person has a WhatsApp consent in force. */
  whatsAppConsent: number | null;
};

/**
 * The form token, the event, the notice, the person (the same name with the same phone, else the
 * same name with the same email), their registration for the event and their WhatsApp consent: one
 * row, whatever is missing left null. The token is looked up in a subquery of its own: as a join
 * condition it was planned as a scan of the whole audit log once SQLite had statistics, which count
 * the staff entries' empty tokens as one value shared by every row (registration-plans.test.ts).
 */
const FIND = `SELECT a."id" AS "repeatOf", fr."manageToken" AS "repeatManageToken",
    e."id" AS "eventId", e."status" AS "eventStatus", e."startsAt", e."endsAt", e."registrationOpensAt", e."registrationClosesAt",
    e."registrationCategories", n."version" AS "noticeVersion", p."id" AS "personId",
    r."id" AS "registrationId", r."status" AS "registrationStatus", r."email", r."phoneE164", r."fullName", r."language", r."manageToken",
    (SELECT 1 FROM "Consent" c WHERE c."personId" = p."id" AND c."kind" = 'WHATSAPP' AND c."withdrawnAt" IS NULL LIMIT 1) AS "whatsAppConsent"
  FROM (SELECT 1 AS "one") AS "submission"
  LEFT JOIN "AuditEntry" a ON a."id" = (SELECT "id" FROM "AuditEntry" WHERE "formToken" = ?)
  LEFT JOIN "Registration" fr ON fr."id" = a."entityId"
  LEFT JOIN "Event" e ON e."publicCode" = ?
  LEFT JOIN "PrivacyNotice" n ON n."version" = ?
  LEFT JOIN "Person" p ON p."id" = (
    SELECT "id" FROM "Person" WHERE "nameKey" = ? AND ("phoneE164" = ? OR "email" = ?)
    ORDER BY CASE WHEN "phoneE164" = ? THEN 0 ELSE 1 END LIMIT 1)
  LEFT JOIN "Registration" r ON r."eventId" = e."id" AND r."personId" = p."id"`;

/**
 * The event's row lock: registrations for one event decide their seats one after another, on a
 * count nobody else can change until this commits (the rule of lockEventSeats; on SQLite the
 * transaction holds the write lock already).
 */
const LOCK_EVENT = `UPDATE "Event" SET "seatLock" = "seatLock" + 1 WHERE "id" = ?`;

/**
 * The seat decision, a statement after the lock's own, so that it sees every registration
 * committed under the lock before it (READ COMMITTED takes a snapshot per statement): the seats
 * taken decide the status (no capacity, no limit), the people waiting the place in line. Two counts
 * over the index on event and status, each counting only its own rows: on SQLite a third of the
 * time of one pass summing both over every registration of the event.
 */
const DECIDE = `SELECT CASE WHEN e."capacity" <= (
      SELECT count(*) FROM "Registration" WHERE "eventId" = e."id" AND "status" IN ('REGISTERED', 'ATTENDED')
    ) THEN 'WAITLISTED' ELSE 'REGISTERED' END AS "status",
    (SELECT CAST(count(*) AS INTEGER) FROM "Registration" WHERE "eventId" = e."id" AND "status" = 'WAITLISTED') AS "waiting"
  FROM "Event" e WHERE e."id" = ?`;

type Decided = { status: RegistrationStatus; waiting: number };

/** The status decided, among a write's values (Decision in driver-sql.server.ts). */
const DECIDED_STATUS = `(SELECT "status" FROM "decided")`;
/** A value that depends on the seat decision: both are sent, and SQL takes the one for the status decided. */
const BY_STATUS = `(SELECT CASE WHEN "status" = 'WAITLISTED' THEN ? ELSE ? END FROM "decided")`;
const byStatus = (value: (status: RegistrationStatus) => SqlValue): SqlValue[] => [value("WAITLISTED"), value("REGISTERED")];

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

type Recipient = { channel: "EMAIL"; email: string } | { channel: "WHATSAPP"; phone: string };

const MESSAGE_COLUMNS = `"id", "idempotencyKey", "template", "language", "channel", "toEmail", "toPhone", "toName", "payload",
  "personId", "eventId", "status", "attempts", "maxAttempts", "nextAttemptAt", "messageIdHeader", "createdAt", "updatedAt"`;

/**
 * An outbox row as enqueueMessage writes it: its id, key and template (which the caller gives,
 * as values or by the status decided), then the values that follow them in MESSAGE_COLUMNS.
 */
function message(m: {
  keys: SqlValue[];
  templates: SqlValue[];
  language: string;
  to: Recipient;
  toName: string;
  registrationId: string;
  personId: string;
  eventId: string;
  nowText: string;
}): SqlValue[] {
  const channelKey = (key: SqlValue) => (m.to.channel === "WHATSAPP" ? `whatsapp:${key}` : key);
  return [
    newId(),
    ...m.keys.map(channelKey),
    ...m.templates,
    m.language === "en" ? "en" : "ms",
    m.to.channel,
    m.to.channel === "EMAIL" ? m.to.email : null,
    m.to.channel === "WHATSAPP" ? m.to.phone : null,
    m.toName,
    JSON.stringify({ registrationId: m.registrationId }),
    m.personId,
    m.eventId,
    env.MAIL_MAX_ATTEMPTS,
    m.nowText,
    `<${crypto.randomBytes(12).toString("hex")}@${mailDomain()}>`,
    m.nowText,
    m.nowText,
  ];
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
  const contact = { fullName: input.fullName, phoneE164: input.phone ?? null, email: input.email ?? null };
  const key = nameKey(contact.fullName);
  return sqlTransaction(async (sql): Promise<PublicOutcome> => {
    // `now` decides what the rules see (the registration window, the hourly resend); the rows
    // carry the moment they are written, like every other row (the audit trail above all).
    const now = options.now ?? new Date();
    const recordedAt = new Date();
    const nowText = sqlInstant(recordedAt);
    // Everything that does not depend on the seats is read before the event's lock, in one
    // statement (on PostgreSQL it goes with BEGIN). A race between two submissions after it ends
    // at a unique index (the person, the registration of a person at an event, the form token),
    // and the transaction runs again.
    const found = (await sql.get<Found>(FIND, [
      options.formToken,
      publicCode,
      input.noticeVersion,
      key,
      contact.phoneE164,
      contact.email,
      contact.phoneE164,
    ]))!;
    // A repeat of a submission that went through gets that submission's answer.
    if (found.repeatOf) return { outcome: "repeat", manageToken: found.repeatManageToken };
    if (!found.eventId) return { outcome: "notFound" };
    const eventId = found.eventId;
    const window = registrationWindow(
      {
        status: found.eventStatus,
        startsAt: readInstant(found.startsAt)!,
        endsAt: readInstant(found.endsAt)!,
        registrationOpensAt: readInstant(found.registrationOpensAt),
        registrationClosesAt: readInstant(found.registrationClosesAt),
      },
      now,
    );
    if (!window.open) return { outcome: "unavailable", reason: window.reason };
    if (!parseCategories(found.registrationCategories).includes(input.category)) {
      return { outcome: "invalid", field: "category", error: "errors.choose" };
    }
    if (!found.noticeVersion) return { outcome: "invalid", field: "noticeVersion", error: "errors.noticeChanged" };
    if (found.registrationId && found.registrationStatus !== "CANCELLED") {
      await sendLinkAgain(sql, found as Found & { registrationId: string; personId: string }, eventId, now, nowText);
      return { outcome: "existing", registrationId: found.registrationId };
    }

    const personId = found.personId ?? newId();
    // A cancelled registration comes back to life with the details given now.
    const registrationId = found.registrationId ?? newId();
    const manageToken = found.registrationId ? found.manageToken : newManageToken();
    // Asked apart from the notice (the form shows the question only while the channel is on).
    const whatsappConsent = Boolean(input.whatsappConsent) && whatsAppConfigured();
    const searchText = contactSearchText(contact);
    const pibgRole = input.category === "PIBG" ? (input.pibgRole ?? null) : null;
    const organisation = input.organisation ?? null;
    // Waiting since now, when waitlisted (an instant chosen in SQL, so typed for PostgreSQL).
    const waitlistedAt = `(SELECT CASE WHEN "status" = 'WAITLISTED' THEN ${sql.instant} END FROM "decided")`;
    const consent = (kind: "NOTICE" | "WHATSAPP"): SqlFragment => ({
      sql: `INSERT INTO "Consent" ("id", "personId", "noticeVersion", "kind", "method", "eventId", "acceptedAt")
        VALUES (?, ?, ?, ?, 'ONLINE_FORM', ?, ?)`,
      params: [newId(), personId, input.noticeVersion, kind, eventId, nowText],
    });
    // The confirmation or waitlist notice. Its key holds the registration's id and this moment, so
    // it cannot be in the outbox yet: no look-up first.
    const confirmation = (to: Recipient): SqlFragment => ({
      sql: `INSERT INTO "Message" (${MESSAGE_COLUMNS})
        VALUES (?, ${BY_STATUS}, ${BY_STATUS}, ?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?, ?, ?)`,
      params: message({
        keys: byStatus((status) => `${confirmationTemplate(status)}:${registrationId}:${now.getTime()}`),
        templates: byStatus(confirmationTemplate),
        language: input.language,
        to,
        toName: contact.fullName,
        registrationId,
        personId,
        eventId,
        nowText,
      }),
    });
    const writes: SqlFragment[] = [
      ...(found.personId
        ? []
        : [
            {
              sql: `INSERT INTO "Person" ("id", "fullName", "nameKey", "phoneE164", "email", "searchText", "createdAt", "updatedAt")
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
              params: [personId, contact.fullName, key, contact.phoneE164, contact.email, searchText, nowText, nowText],
            },
          ]),
      consent("NOTICE"),
      ...(whatsappConsent ? [consent("WHATSAPP")] : []),
      found.registrationId
        ? {
            sql: `UPDATE "Registration" SET "fullName" = ?, "phoneE164" = ?, "email" = ?, "language" = ?, "searchText" = ?,
                "category" = ?, "status" = ${DECIDED_STATUS}, "source" = 'ONLINE', "organisation" = ?, "pibgRole" = ?,
                "waitlistedAt" = ${waitlistedAt}, "checkedInAt" = NULL, "checkedInById" = NULL, "checkInClientId" = NULL,
                "cancelledAt" = NULL, "createdById" = NULL, "updatedAt" = ?
              WHERE "id" = ?`,
            params: [
              contact.fullName,
              contact.phoneE164,
              contact.email,
              input.language,
              searchText,
              input.category,
              organisation,
              pibgRole,
              nowText,
              nowText,
              registrationId,
            ],
          }
        : {
            sql: `INSERT INTO "Registration" ("id", "eventId", "personId", "category", "status", "source", "fullName", "phoneE164",
                "email", "language", "searchText", "organisation", "pibgRole", "checkInCode", "manageToken", "waitlistedAt",
                "createdAt", "updatedAt")
              VALUES (?, ?, ?, ?, ${DECIDED_STATUS}, 'ONLINE', ?, ?, ?, ?, ?, ?, ?, ?, ?, ${waitlistedAt}, ?, ?)`,
            params: [
              registrationId,
              eventId,
              personId,
              input.category,
              contact.fullName,
              contact.phoneE164,
              contact.email,
              input.language,
              searchText,
              organisation,
              pibgRole,
              newCheckInCode(),
              manageToken,
              nowText,
              nowText,
              nowText,
            ],
          },
      ...(contact.email ? [confirmation({ channel: "EMAIL", email: contact.email })] : []),
      ...(contact.phoneE164 && byWhatsApp(contact, whatsappConsent)
        ? [confirmation({ channel: "WHATSAPP", phone: contact.phoneE164 })]
        : []),
      // The form's token rides on the audit entry and commits with the registration (decision 009).
      {
        sql: `INSERT INTO "AuditEntry" ("id", "actorId", "action", "entityType", "entityId", "before", "after", "formToken", "createdAt")
          VALUES (?, NULL, 'CREATE', 'Registration', ?, NULL, ${BY_STATUS}, ?, ?)`,
        params: [
          newId(),
          registrationId,
          ...byStatus((status) => JSON.stringify({ eventId, personId, category: input.category, status, source: "ONLINE" })),
          options.formToken,
          nowText,
        ],
      },
    ];
    // The lock, then the decision and every write, then COMMIT: on PostgreSQL one round trip, so
    // the lock is held only while the server works, never while an answer travels.
    const decision: Decision = { decide: { sql: DECIDE, params: [eventId] }, writes };
    const [, decided] = (await sql.commitWith([{ sql: LOCK_EVENT, params: [eventId] }, decision])) as [unknown, Decided];
    // Everyone waiting before committed under this lock, earlier: this one is next in line.
    const waitlisted = decided.status === "WAITLISTED";
    return {
      outcome: waitlisted ? "waitlisted" : "registered",
      registrationId,
      manageToken,
      position: waitlisted ? Number(decided.waiting) + 1 : null,
    };
  }, options.maxWaitMs);
}

/**
 * The person is registered already: the personal link goes again to the email (or WhatsApp) on
 * file, at most once an hour, never to this page.
 */
async function sendLinkAgain(
  sql: SqlTransaction,
  existing: Found & { registrationId: string; personId: string },
  eventId: string,
  now: Date,
  nowText: string,
) {
  const template = confirmationTemplate(existing.registrationStatus ?? "");
  if (!template) return;
  const again = (to: Recipient): SqlFragment => ({
    sql: `INSERT INTO "Message" (${MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?, ?, ?)
      ON CONFLICT ("idempotencyKey") DO NOTHING`,
    params: message({
      keys: [`${template}:${existing.registrationId}:again:${Math.floor(now.getTime() / 3_600_000)}`],
      templates: [template],
      language: existing.language,
      to,
      toName: existing.fullName,
      registrationId: existing.registrationId,
      personId: existing.personId,
      eventId,
      nowText,
    }),
  });
  const messages: SqlFragment[] = [];
  if (existing.email) messages.push(again({ channel: "EMAIL", email: existing.email }));
  if (existing.phoneE164 && byWhatsApp(existing, Boolean(existing.whatsAppConsent))) {
    messages.push(again({ channel: "WHATSAPP", phone: existing.phoneE164 }));
  }
  if (messages.length) await sql.commitWith(messages);
}
