/**
 * The baseline for the registration benchmark: a plain `http.createServer` handler that does the
 * same database work as the app's public registration POST, with better-sqlite3 and hand-written
 * SQL, and nothing else (no Express, Remix, Prisma, zod, React or phone-number library).
 *
 * Per request, like the app: the client's rate-limit counter (outside the transaction), then in one
 * write transaction the event by public code, the notice version, the seat lock, the person by
 * name and phone, a new person, the existing-registration check, the seat count, the registration, its
 * outbox message, the consent and the audit entry (and the waitlist position when waitlisted).
 * Answers 302 to the registration's page, as the app does.
 *
 * Run: DATABASE_URL=file:… PORT=… node --import tsx tests/bench/support/minimal-registration-server.ts
 */
import crypto from "node:crypto";
import http from "node:http";
import Database from "better-sqlite3";

const file = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");
const sqlite = new Database(file, { timeout: 10_000 });
sqlite.pragma("journal_mode = WAL");
sqlite.pragma("synchronous = NORMAL");

const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");
const newId = () => `m${crypto.randomBytes(12).toString("hex")}`;

const q = {
  pruneBucket: sqlite.prepare(`DELETE FROM "RateLimitBucket" WHERE "key" = ? AND "windowEnds" <= ?`),
  hitBucket: sqlite.prepare(
    `INSERT INTO "RateLimitBucket" ("key", "count", "windowEnds") VALUES (?, 1, ?) ON CONFLICT ("key") DO UPDATE SET "count" = "count" + 1 RETURNING "count"`,
  ),
  event: sqlite.prepare(`SELECT "id", "capacity", "status" FROM "Event" WHERE "publicCode" = ?`),
  notice: sqlite.prepare(`SELECT "version" FROM "PrivacyNotice" WHERE "version" = ?`),
  lock: sqlite.prepare(`UPDATE "Event" SET "seatLock" = "seatLock" + 1, "updatedAt" = ? WHERE "id" = ?`),
  personByPhone: sqlite.prepare(`SELECT "id" FROM "Person" WHERE "nameKey" = ? AND "phoneE164" = ?`),
  insertPerson: sqlite.prepare(
    `INSERT INTO "Person" ("id", "fullName", "nameKey", "phoneE164", "email", "searchText", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  existing: sqlite.prepare(`SELECT "id" FROM "Registration" WHERE "eventId" = ? AND "personId" = ?`),
  seated: sqlite.prepare(`SELECT count(*) AS n FROM "Registration" WHERE "eventId" = ? AND "status" IN ('REGISTERED', 'ATTENDED')`),
  insertRegistration: sqlite.prepare(
    `INSERT INTO "Registration" ("id", "eventId", "personId", "category", "status", "source", "fullName", "phoneE164", "email", "language", "searchText", "organisation", "checkInCode", "manageToken", "waitlistedAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, 'ONLINE', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  insertMessage: sqlite.prepare(
    `INSERT INTO "Message" ("id", "idempotencyKey", "template", "language", "toEmail", "toName", "payload", "personId", "eventId", "status", "maxAttempts", "nextAttemptAt", "messageIdHeader", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', 6, ?, ?, ?, ?)`,
  ),
  insertConsent: sqlite.prepare(
    `INSERT INTO "Consent" ("id", "personId", "noticeVersion", "method", "eventId", "acceptedAt") VALUES (?, ?, ?, 'ONLINE_FORM', ?, ?)`,
  ),
  insertAudit: sqlite.prepare(
    `INSERT INTO "AuditEntry" ("id", "action", "entityType", "entityId", "after", "createdAt") VALUES (?, 'CREATE', 'Registration', ?, ?, ?)`,
  ),
  ahead: sqlite.prepare(`SELECT count(*) AS n FROM "Registration" WHERE "eventId" = ? AND "status" = 'WAITLISTED' AND "waitlistedAt" < ?`),
};

type Form = {
  fullName: string;
  phone: string;
  email: string;
  category: string;
  language: string;
  organisation: string;
  noticeVersion: string;
};
type Outcome = { status: number; location?: string };

const register = sqlite.transaction((code: string, form: Form): Outcome => {
  const event = q.event.get(code) as { id: string; capacity: number | null; status: string } | undefined;
  if (!event || event.status !== "SCHEDULED") return { status: 404 };
  if (!q.notice.get(form.noticeVersion)) return { status: 400 };
  const now = iso(new Date());
  q.lock.run(now, event.id);
  const nameKey = form.fullName.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  const searchText = `${form.fullName} ${form.phone.replace(/\D/g, "")} ${form.email}`.toLowerCase();
  let person = q.personByPhone.get(nameKey, form.phone) as { id: string } | undefined;
  if (!person) {
    person = { id: newId() };
    q.insertPerson.run(person.id, form.fullName, nameKey, form.phone, form.email || null, searchText, now, now);
  }
  if (q.existing.get(event.id, person.id)) return { status: 409 };
  const seated = (q.seated.get(event.id) as { n: number }).n;
  const status = event.capacity !== null && seated >= event.capacity ? "WAITLISTED" : "REGISTERED";
  const id = newId();
  const token = crypto.randomBytes(18).toString("base64url");
  const checkIn = crypto.randomBytes(6).toString("hex").toUpperCase();
  q.insertRegistration.run(
    id,
    event.id,
    person.id,
    form.category,
    status,
    form.fullName,
    form.phone,
    form.email || null,
    form.language,
    searchText,
    form.organisation || null,
    checkIn,
    token,
    status === "WAITLISTED" ? now : null,
    now,
    now,
  );
  if (form.email) {
    const template = status === "WAITLISTED" ? "waitlisted" : "registration-confirmation";
    q.insertMessage.run(
      newId(),
      `${template}:${id}:${Date.now()}`,
      template,
      form.language,
      form.email,
      form.fullName,
      JSON.stringify({ registrationId: id }),
      person.id,
      event.id,
      now,
      `<${crypto.randomBytes(12).toString("hex")}@kasih.local>`,
      now,
      now,
    );
  }
  q.insertConsent.run(newId(), person.id, form.noticeVersion, event.id, now);
  q.insertAudit.run(
    newId(),
    id,
    JSON.stringify({ eventId: event.id, personId: person.id, category: form.category, status, source: "ONLINE" }),
    now,
  );
  if (status === "WAITLISTED") q.ahead.get(event.id, now);
  return { status: 302, location: `/registration/${token}?new=1` };
});

function hitRateLimit(ip: string): boolean {
  const now = new Date();
  q.pruneBucket.run(`minimal:${ip}`, iso(now));
  const { count } = q.hitBucket.get(`minimal:${ip}`, iso(new Date(now.getTime() + 600_000))) as { count: number };
  return count <= 1_000_000_000;
}

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/healthz") return res.end("ok");
  const match = req.method === "POST" ? /^\/r\/([a-z2-9]{6,16})$/.exec(req.url ?? "") : null;
  if (!match) {
    res.statusCode = 404;
    return res.end();
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    const field = (name: string) => (body.get(name) ?? "").trim();
    const form: Form = {
      fullName: field("fullName"),
      phone: field("phone"),
      email: field("email").toLowerCase(),
      category: field("category"),
      language: field("language") === "en" ? "en" : "ms",
      organisation: field("organisation"),
      noticeVersion: field("noticeVersion"),
    };
    const valid =
      form.fullName.length >= 2 &&
      /^\+601\d{8,9}$/.test(form.phone) &&
      field("consent") === "on" &&
      field("website") === "" &&
      form.category !== "";
    let outcome: Outcome;
    if (!hitRateLimit(req.socket.remoteAddress ?? "unknown")) outcome = { status: 429 };
    else if (!valid) outcome = { status: 400 };
    else outcome = register.immediate(match[1], form);
    res.statusCode = outcome.status;
    if (outcome.location) res.setHeader("Location", outcome.location);
    res.end();
  });
});

server.listen(Number(process.env.PORT), "127.0.0.1");
for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => server.close(() => process.exit(0)));
