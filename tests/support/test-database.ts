import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import Database from "better-sqlite3";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const ARTIFACTS = path.join(ROOT, "tests/.artifacts");
export const BASE_DB = path.join(ARTIFACTS, "base.db");
/** The base database with the demo seeded (prisma/seed.ts), for the servers the browser tests start. */
export const DEMO_DB = path.join(ARTIFACTS, "demo.db");

/**
 * The suite runs on SQLite unless TEST_DATABASE=postgresql (`npm run test:postgres`). On
 * PostgreSQL it creates and drops its own databases on the server at TEST_POSTGRES_URL.
 */
export const TEST_PROVIDER: "sqlite" | "postgresql" = process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * Every database this harness creates on PostgreSQL starts with this machine's prefix, followed by
 * the creating process id: a later run on the same machine can tell which ones were abandoned.
 */
const POSTGRES_PREFIX = `kasih_t${crypto.createHash("sha256").update(os.hostname()).digest("hex").slice(0, 4)}`;
/** Templates unused for this long are dropped; newer ones may serve a run from another checkout. */
const TEMPLATE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export type TestDatabase = { url: string; dataDir: string; drop: () => Promise<void> };

const run = promisify(execFile);

async function prismaCli(args: string[], databaseUrl: string) {
  await run(path.join(ROOT, "node_modules/.bin/prisma"), args, { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
}

async function tsx(script: string, databaseUrl: string) {
  await run(path.join(ROOT, "node_modules/.bin/tsx"), [script], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
}

function migrationsHash(): string {
  const hash = crypto.createHash("sha256");
  const folder = path.join(ROOT, TEST_PROVIDER === "postgresql" ? "prisma/postgresql/migrations" : "prisma/migrations");
  for (const entry of fs.readdirSync(folder).sort()) {
    const file = path.join(folder, entry, "migration.sql");
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
  }
  hash.update(fs.readFileSync(path.join(ROOT, "prisma/seed/reference-data.ts")));
  return hash.digest("hex");
}

function filesUnder(folder: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * What the seeded demo depends on: the schema, the seed and its data, the app code it runs
 * through (it seeds through the app's own functions), and the day, since its dates are relative
 * to today.
 */
function demoHash(): string {
  const hash = crypto.createHash("sha256").update(migrationsHash());
  for (const file of ["prisma/seed.ts", ...filesUnder("prisma/seed"), ...filesUnder("app/modules"), ...filesUnder("app/utils")]) {
    hash.update(file).update(fs.readFileSync(path.join(ROOT, file)));
  }
  return hash.update(new Date().toISOString().slice(0, 10)).digest("hex");
}

// ------------------------------------------------------------------ PostgreSQL administration

/** Runs statements on the server's maintenance database (CREATE/DROP DATABASE cannot run inside one). */
async function withServer<T>(
  work: (server: { query: (sql: string) => Promise<unknown[][]>; execute: (sql: string) => Promise<void> }) => Promise<T>,
): Promise<T> {
  const adapter = await new PrismaPg({ connectionString: TEST_POSTGRES_URL, max: 1, connectionTimeoutMillis: 5_000 }).connect();
  try {
    return await work({
      query: async (sql) => (await adapter.queryRaw({ sql, args: [], argTypes: [] })).rows,
      execute: (sql) => adapter.executeScript(sql),
    });
  } finally {
    await adapter.dispose();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Whether a PostgreSQL server answers at TEST_POSTGRES_URL. */
export async function postgresAnswers(): Promise<boolean> {
  try {
    await withServer((server) => server.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}

/** Drops databases left by test processes that no longer run (a run killed half-way). */
async function dropAbandonedDatabases() {
  await withServer(async (server) => {
    const rows = await server.query(`SELECT datname::text FROM pg_database WHERE datname LIKE '${POSTGRES_PREFIX}\\_%'`);
    for (const [name] of rows as [string][]) {
      const pid = Number(name.slice(POSTGRES_PREFIX.length).match(/^_(\d+)_/)?.[1]);
      if (!pid) continue;
      let alive = true;
      try {
        process.kill(pid, 0);
      } catch {
        alive = false;
      }
      if (!alive) await server.execute(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`).catch(() => undefined);
    }
  });
}

function templateName(from: "base" | "demo" = "base"): string {
  return from === "base" ? `kasih_template_${migrationsHash().slice(0, 16)}` : `kasih_template_demo_${demoHash().slice(0, 16)}`;
}

/**
 * A migrated database holding only reference data, rebuilt only when the migrations or reference
 * data change; every test file (and the end-to-end server) starts from a copy of it.
 */
export async function ensureBaseDatabase(): Promise<void> {
  const build = async (url: string) => {
    await prismaCli(["migrate", "deploy"], url);
    await tsx("tests/support/seed-reference.ts", url);
  };
  if (TEST_PROVIDER === "sqlite") return ensureSqliteFile(BASE_DB, migrationsHash(), null, build);
  await dropAbandonedDatabases();
  await ensurePostgresTemplate(templateName("base"), null, build);
}

/**
 * The base database with the demo seeded, rebuilt when the demo would come out differently (see
 * demoHash): seeding takes a minute on a busy machine, so the browser tests' servers copy it
 * instead of seeding each.
 */
export async function ensureDemoDatabase(): Promise<void> {
  await ensureBaseDatabase();
  const seed = (url: string) => tsx("prisma/seed.ts", url);
  if (TEST_PROVIDER === "sqlite") return ensureSqliteFile(DEMO_DB, demoHash(), BASE_DB, seed);
  await ensurePostgresTemplate(templateName("demo"), templateName("base"), seed);
}

/**
 * A SQLite file kept until `hash` changes. It is built beside (from a copy of `from`, if given) and
 * moved into place when complete, so a run that dies half-way leaves nothing half-built.
 */
async function ensureSqliteFile(file: string, hash: string, from: string | null, build: (url: string) => Promise<unknown>) {
  const hashFile = `${file}.hash`;
  if (fs.existsSync(file) && fs.existsSync(hashFile) && fs.readFileSync(hashFile, "utf8") === hash) return;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const building = `${file}.${process.pid}.building`;
  if (from) fs.copyFileSync(from, building);
  await build(`file:${building}`);
  // Everything into the one file before it is copied (closing the last connection removes the WAL).
  const sqlite = new Database(building);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.renameSync(building, file);
  fs.writeFileSync(hashFile, hash);
}

/** A template database on the server, built once under a temporary name by `build` and renamed when complete. */
async function ensurePostgresTemplate(template: string, from: string | null, build: (url: string) => Promise<unknown>): Promise<void> {
  const templates = (await withServer((server) =>
    server.query(
      `SELECT datname::text, coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname LIKE 'kasih\\_template\\_%'`,
    ),
  )) as [string, string][];
  if (templates.some(([name]) => name === template)) {
    await withServer((server) => server.execute(`COMMENT ON DATABASE ${quote(template)} IS '${new Date().toISOString()}'`));
    return;
  }
  // Build under a temporary name and rename when complete, so a run that dies half-way never
  // leaves a half-built template behind under the real name.
  const building = `${POSTGRES_PREFIX}_${process.pid}_template`;
  await withServer((server) =>
    server
      .execute(`DROP DATABASE IF EXISTS ${quote(building)} WITH (FORCE)`)
      .then(() => server.execute(`CREATE DATABASE ${quote(building)}${from ? ` TEMPLATE ${quote(from)}` : ""}`)),
  );
  await build(databaseUrl(building));
  await withServer(async (server) => {
    try {
      await server.execute(`ALTER DATABASE ${quote(building)} RENAME TO ${quote(template)}`);
    } catch (error) {
      // A run from another checkout of the same migrations finished building it first.
      const built = await server.query(`SELECT 1 FROM pg_database WHERE datname = '${template}'`);
      if (!built.length) throw error;
      await server.execute(`DROP DATABASE IF EXISTS ${quote(building)} WITH (FORCE)`);
    }
    // The comment records when a template was last used.
    await server.execute(`COMMENT ON DATABASE ${quote(template)} IS '${new Date().toISOString()}'`);
    for (const [name, lastUsed] of templates) {
      if (Date.now() - (Date.parse(lastUsed) || 0) > TEMPLATE_MAX_AGE_MS)
        await server.execute(`DROP DATABASE IF EXISTS ${quote(name)}`).catch(() => undefined);
    }
  });
}

/** A fresh database for one test file (or one server), starting from the base database or the seeded demo. */
export async function createTestDatabase(label: string, from: "base" | "demo" = "base"): Promise<TestDatabase> {
  const slug = label
    .replace(/\.[a-z.]+$/, "")
    .replace(/[^a-z0-9]+/gi, "_")
    .toLowerCase()
    .slice(0, 24);
  const unique = `${slug}-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  if (TEST_PROVIDER === "sqlite") {
    const folder = path.join(ARTIFACTS, "db");
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `${unique}.db`);
    fs.copyFileSync(from === "base" ? BASE_DB : DEMO_DB, file);
    const dataDir = `${file}.data`;
    return {
      url: `file:${file}`,
      dataDir,
      drop: async () => {
        for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `${POSTGRES_PREFIX}_${process.pid}_${slug}_${crypto.randomBytes(4).toString("hex")}`;
  await withServer((server) => server.execute(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(templateName(from))}`));
  const dataDir = path.join(ARTIFACTS, "pg-data", unique);
  return {
    url: databaseUrl(name),
    dataDir,
    drop: async () => {
      await withServer((server) => server.execute(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A Prisma client of the test's own for a database the app's processes use (the app's `db` is
 * bound to one DATABASE_URL per process): the SQLite client, or the one generated for PostgreSQL.
 */
export function openTestClient(url: string): PrismaClient {
  if (url.startsWith("file:")) {
    return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: url.slice("file:".length), timeout: 10_000 }) });
  }
  const generated = createRequire(import.meta.url)(".prisma/client-postgresql") as {
    PrismaClient: new (options: { adapter: InstanceType<typeof PrismaPg> }) => PrismaClient;
  };
  return new generated.PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }) });
}
