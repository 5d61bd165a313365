import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().optional(),
  /** Public base URL used in emails, QR codes and calendar files. */
  APP_URL: z.string().url().optional(),
  /** Comma-separated secrets for signing cookies; the first signs, all verify (rotation). */
  SESSION_SECRET: z.string().min(16).optional(),
  /** Folder for uploads, outgoing mail files and generated secrets. */
  DATA_DIR: z.string().default("data"),
  /** Where uploaded material files live (served only through the app); defaults to DATA_DIR/uploads */
  UPLOAD_DIR: z.string().optional(),
  /** Largest material file accepted, in megabytes */
  MATERIAL_MAX_MB: z.coerce.number().min(1).max(200).default(20),
  /** smtp://user:pass@host:587 or smtps://…; without it, emails are written as .eml files under DATA_DIR/mail */
  SMTP_URL: z.string().url().optional(),
  /**
   * Public registration submissions accepted per event and client address per 10 minutes. A whole
   * school hall registers from one Wi-Fi address at a launch of 1,000 people or more; the limit
   * counts per event, so one address cannot spread that allowance over many events
   * (docs/decisions/013).
   */
  REGISTRATION_RATE_LIMIT: z.coerce.number().int().min(1).default(1500),
  /** Public registration submissions per mobile number per 10 minutes, whatever the event or address. */
  REGISTRATION_PHONE_LIMIT: z.coerce.number().int().min(1).default(20),
  /**
   * How long a public registration may wait for the database (its turn for the event's seats)
   * before the person is asked to try again in a moment (503): nothing is written in that case.
   */
  REGISTRATION_QUEUE_SECONDS: z.coerce.number().min(0.05).max(60).default(8),
  /** Sign-in attempts per client address per 15 minutes, whatever the account. */
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  MAIL_FROM: z.string().default("KASIH Kanak-Kanak <no-reply@kasih.local>"),
  /** How long before a session its reminder goes out */
  REMINDER_HOURS_BEFORE: z.coerce
    .number()
    .min(1)
    .max(24 * 14)
    .default(48),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  /** First retry after this many seconds, doubling each time (capped at 6 hours) */
  MAIL_RETRY_BASE_SECONDS: z.coerce.number().min(0.01).default(60),
  /** A message claimed this long ago by a worker that never reported back is sent again (same Message-ID) */
  MAIL_LEASE_SECONDS: z.coerce.number().min(1).default(300),
  WORKER_POLL_MS: z.coerce.number().int().min(10).default(2000),
  /**
   * The worker's scheduling priority (Unix niceness, 0 = the web server's): at 10 an import, an
   * export or a campaign takes a core only when the web server leaves one free
   */
  WORKER_NICENESS: z.coerce.number().int().min(0).max(19).default(10),
  /** A job (import, export, expansion) held by a runner that stopped renewing its lease this long is taken up again */
  JOB_LEASE_SECONDS: z.coerce.number().min(1).default(60),
  /**
   * Between two chunks of a job, the worker rests this many times as long as the chunk took (0: no
   * rest): at 1 an import or export holds the database at most half the time
   */
  JOB_CHUNK_REST: z.coerce.number().min(0).max(10).default(1),
  /** How many jobs one worker runs at once */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(2),
  /**
   * Check-in opens at this Malaysian time on the session's own day (or at the session's start, if
   * that is earlier), so nobody can be marked present days before the session.
   */
  CHECK_IN_OPENS_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use HH:MM, 24-hour Malaysian time, e.g. 06:00")
    .default("06:00"),
  /** Participants' personal details are anonymised this many months after their last session */
  RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(36),
  /**
   * The WhatsApp channel (WhatsApp Business Cloud API, docs/decisions/018): off unless the access
   * token and phone number id are set, and then the app secret and verify token are needed too.
   */
  WHATSAPP_ACCESS_TOKEN: z.string().min(1).optional(),
  WHATSAPP_PHONE_NUMBER_ID: z
    .string()
    .regex(/^\d{1,30}$/, "the phone number id from the WhatsApp Manager: digits only")
    .optional(),
  /** The Meta app's secret: signs every delivery-status webhook (X-Hub-Signature-256) */
  WHATSAPP_APP_SECRET: z.string().min(1).optional(),
  /** Any string of your choosing, typed also in the Meta app's webhook settings (the verification handshake) */
  WHATSAPP_VERIFY_TOKEN: z.string().min(1).optional(),
  /** The Graph API's address; tests point it at a local fake */
  WHATSAPP_API_URL: z.string().url().default("https://graph.facebook.com"),
  WHATSAPP_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, "a Graph API version such as v21.0")
    .default("v21.0"),
  /** Put before each template's name (registration_confirmation, …) as submitted to Meta */
  WHATSAPP_TEMPLATE_PREFIX: z
    .string()
    .regex(/^[a-z0-9_]*$/, "lower-case letters, digits and underscores")
    .default("kasih_"),
  /** By default WhatsApp goes to people who gave no email; "true" sends it to those with an email too */
  WHATSAPP_ALSO_WITH_EMAIL: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});

const WHATSAPP_REQUIRED = ["WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"] as const;

export type Env = z.infer<typeof EnvSchema> & { APP_URL: string; sessionSecrets: string[] };

function readEnv(): Env {
  // Form schemas report catalogue keys (utils/zod.ts); whoever configures the server reads zod's own words.
  const parsed = EnvSchema.safeParse(process.env, { error: (issue) => z.config().localeError?.(issue) });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${problems}`);
  }
  const env = parsed.data;
  // Half a WhatsApp configuration would send messages whose delivery nobody can check, or nothing at all.
  const given = WHATSAPP_REQUIRED.filter((name) => env[name]);
  if (given.length && given.length < WHATSAPP_REQUIRED.length) {
    const missing = WHATSAPP_REQUIRED.filter((name) => !env[name]);
    throw new Error(
      `Invalid environment configuration:\n${missing.map((name) => `  ${name}: needed with ${given.join(", ")}`).join("\n")}`,
    );
  }
  return {
    ...env,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    sessionSecrets: env.SESSION_SECRET ? env.SESSION_SECRET.split(",").map((s) => s.trim()) : [localSecret(env.DATA_DIR)],
  };
}

/**
 * Zero-setup default: a random secret kept in the data folder, created on first start, so the
 * demo never runs on a secret published in the repository. Several servers must share
 * SESSION_SECRET instead (see README, production set-up).
 */
function localSecret(dataDir: string): string {
  const file = path.resolve(dataDir, ".session-secret");
  const existing = readSecret(file);
  if (existing) return existing;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole under a private name, then linked into place: linking fails if the file exists,
  // so when servers sharing DATA_DIR start together exactly one secret wins, and nobody can read
  // a half-written file.
  const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  fs.writeFileSync(draft, crypto.randomBytes(32).toString("hex"), { mode: 0o600 });
  try {
    fs.linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
  const secret = readSecret(file);
  if (!secret) throw new Error(`${file} is empty: delete it, or set SESSION_SECRET`);
  return secret;
}

function readSecret(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8").trim() || null;
  } catch {
    return null;
  }
}

export const env: Env = readEnv();

/** The host name used in Message-IDs: the public site's. */
export function mailDomain(): string {
  return new URL(env.APP_URL).hostname || "kasih.local";
}

export function dataPath(...segments: string[]): string {
  return path.resolve(env.DATA_DIR, ...segments);
}
