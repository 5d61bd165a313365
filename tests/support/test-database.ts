import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const ARTIFACTS = path.join(ROOT, "tests/.artifacts");
export const BASE_DB = path.join(ARTIFACTS, "base.db");

function migrationsHash(): string {
  const hash = crypto.createHash("sha256");
  const folder = path.join(ROOT, "prisma/migrations");
  for (const entry of fs.readdirSync(folder).sort()) {
    const file = path.join(folder, entry, "migration.sql");
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
  }
  hash.update(fs.readFileSync(path.join(ROOT, "prisma/seed/reference-data.ts")));
  return hash.digest("hex");
}

/**
 * A migrated database holding only reference data (states, terms, holiday corrections, notice),
 * rebuilt only when the migrations or reference data change; each test file gets a copy.
 */
export function ensureBaseDatabase(): void {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const hashFile = `${BASE_DB}.hash`;
  const hash = migrationsHash();
  if (fs.existsSync(BASE_DB) && fs.existsSync(hashFile) && fs.readFileSync(hashFile, "utf8") === hash) return;
  for (const suffix of ["", "-wal", "-shm", ".hash"]) fs.rmSync(`${BASE_DB}${suffix}`, { force: true });
  const env = { ...process.env, DATABASE_URL: `file:${BASE_DB}` };
  execFileSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: ROOT, env, stdio: "pipe" });
  execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), ["tests/support/seed-reference.ts"], { cwd: ROOT, env, stdio: "pipe" });
  fs.writeFileSync(hashFile, hash);
}

export function copyBaseDatabase(name: string): string {
  const folder = path.join(ARTIFACTS, "db");
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}-${process.pid}-${crypto.randomBytes(4).toString("hex")}.db`);
  fs.copyFileSync(BASE_DB, file);
  return file;
}

export function removeDatabase(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
}
