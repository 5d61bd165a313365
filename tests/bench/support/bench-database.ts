import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export const ROOT = path.resolve(import.meta.dirname, "../../..");
/** Everything the benchmarks write lives here (git-ignored). */
export const WORK = path.join(ROOT, "tests/.artifacts/bench");
/**
 * The app under test: this working copy, or BENCH_APP_ROOT, another copy of the project with its
 * own build, migrations and seed (to compare two versions on one machine in one sitting).
 */
export const APP_ROOT = process.env.BENCH_APP_ROOT ? path.resolve(process.env.BENCH_APP_ROOT) : ROOT;

const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const PRISMA = path.join(ROOT, "node_modules/.bin/prisma");

/** Files named relative to the app under test, except the bench's own (tests/bench/…), which are this copy's. */
const located = (file: string) => path.join(file.startsWith("tests/bench/") ? ROOT : APP_ROOT, file);

function hashOf(files: string[]): string {
  const hash = crypto.createHash("sha256");
  for (const file of files.sort()) {
    hash.update(file);
    hash.update(fs.readFileSync(located(file)));
  }
  return hash.digest("hex");
}

function filesUnder(folder: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(located(folder), { withFileTypes: true })) {
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(relative));
    else out.push(relative);
  }
  return out;
}

/** Folds the write-ahead log into the file and leaves it in rollback mode, so a plain copy is complete. */
function settle(file: string) {
  const sqlite = new Database(file);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.pragma("journal_mode = DELETE");
  sqlite.close();
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
}

export function removeDatabase(file: string) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
}

/** A database built once per version of its inputs (migrations, seed, generator), kept under WORK. */
function cached(name: string, inputs: string[], build: (file: string) => void, log: (line: string) => void): string {
  fs.mkdirSync(WORK, { recursive: true });
  const hash = hashOf(inputs);
  const file = path.join(WORK, `${name}-${hash.slice(0, 12)}.db`);
  if (fs.existsSync(file) && fs.existsSync(`${file}.done`)) return file;
  removeDatabase(file);
  const started = Date.now();
  log(`building the ${name} database (cached until its inputs change)…`);
  build(file);
  settle(file);
  fs.writeFileSync(`${file}.done`, new Date().toISOString());
  log(`built the ${name} database in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

const seedInputs = () => [...filesUnder("prisma/migrations"), ...filesUnder("prisma/seed"), "prisma/seed.ts", "tests/support/factories.ts"];

function envFor(file: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: `file:${file}`,
    DATA_DIR: path.join(WORK, "scratch-data"),
    SESSION_SECRET: BENCH_SESSION_SECRET,
  };
}

export const BENCH_SESSION_SECRET = "bench-session-secret-not-for-production";

/** The migrated database with the README's demo (the demo accounts sign in with kasih-demo-2024). */
export function seededDatabase(log: (line: string) => void): string {
  return cached(
    "seeded",
    seedInputs(),
    (file) => {
      execFileSync(PRISMA, ["migrate", "deploy"], { cwd: APP_ROOT, env: envFor(file), stdio: "pipe" });
      execFileSync(TSX, ["prisma/seed.ts"], { cwd: APP_ROOT, env: envFor(file), stdio: "pipe" });
    },
    log,
  );
}

/** The demo plus 2,000 schools and 100,000 registrations (tests/bench/support/generate-large.ts). */
/** Adds the national year of data (generate-large.ts) to the seeded demo at `url` (PostgreSQL; SQLite files are cached by largeDatabase). */
export function addLargeData(url: string) {
  execFileSync(TSX, ["tests/bench/support/generate-large.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

export function largeDatabase(log: (line: string) => void): string {
  const seeded = seededDatabase(log);
  return cached(
    "large",
    [...seedInputs(), "tests/bench/support/generate-large.ts"],
    (file) => {
      fs.copyFileSync(seeded, file);
      execFileSync(TSX, ["tests/bench/support/generate-large.ts"], {
        cwd: ROOT,
        env: envFor(file),
        stdio: ["ignore", "inherit", "inherit"],
      });
    },
    log,
  );
}

/** A fresh copy of a base database for one part of the run, with its own data folder. */
export function workCopy(base: string, name: string): { file: string; dataDir: string; url: string } {
  const folder = path.join(WORK, "runs");
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}.db`);
  removeDatabase(file);
  fs.copyFileSync(base, file);
  const dataDir = path.join(folder, `${name}-data`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  return { file, dataDir, url: `file:${file}` };
}

/**
 * Runs a fixture script (tests/bench/support/*.ts) against a database and returns what it prints as
 * JSON; `env` may name another database (DATABASE_URL of a PostgreSQL one).
 */
export function runFixture<T>(script: string, file: string, dataDir: string, args: string[] = [], env: Record<string, string> = {}): T {
  const out = execFileSync(TSX, [path.join("tests/bench/support", script), ...args], {
    cwd: ROOT,
    env: { ...envFor(file), DATA_DIR: dataDir, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = out.trim().split("\n").at(-1) ?? "{}";
  return JSON.parse(last) as T;
}

/** A read connection for polling progress (job status, messages sent) from the bench process. */
export function openDatabase(file: string) {
  const sqlite = new Database(file, { timeout: 10_000 });
  return sqlite;
}
