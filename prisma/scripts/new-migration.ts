/**
 * Creates a migration from the difference between the migrations folder and the schema, and the
 * PostgreSQL migration derived from it:
 *   npm run db:new-migration -- add_feedback_table
 *   npm run db:new-migration -- audit_triggers --empty     (for hand-written SQL only)
 *
 * `prisma migrate dev` and `migrate diff --from-migrations` do not work with the JavaScript
 * schema engine and the SQLite adapter here, so: replay the migrations into a throwaway database,
 * introspect it, and diff that datamodel against prisma/schema.prisma. Apply with `npm run db:migrate`.
 *
 * SQL added by hand to the SQLite migration (triggers, data changes) needs its PostgreSQL version
 * in prisma/postgresql/hand-written/<folder name>.sql; `npm run db:derive` then completes the
 * PostgreSQL migration (docs/decisions/005-postgresql-derived-schema.md).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DerivationError, derivePostgresql, HAND_WRITTEN, writeDerived } from "./postgresql-derivation";

const args = process.argv.slice(2);
const empty = args.includes("--empty");
const name = (args.find((a) => !a.startsWith("--")) ?? "")
  .trim()
  .toLowerCase()
  .replace(/[^a-z0-9_]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("Give the migration a name: npm run db:new-migration -- add_something");
  process.exit(1);
}

const prisma = path.resolve("node_modules/.bin/prisma");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "kasih-migration-"));
const env = { ...process.env, DATABASE_URL: `file:${path.join(scratch, "replay.db")}` };
const run = (cliArgs: string[]) => execFileSync(prisma, cliArgs, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

let created: string | null = null;
try {
  run(["migrate", "deploy"]);
  const replayed = path.join(scratch, "replayed.prisma");
  // The CLI prints a note about the datasource URL before the schema; keep the schema only.
  const pulled = run(["db", "pull", "--print"]);
  fs.writeFileSync(replayed, pulled.slice(pulled.search(/^(generator|datasource) /m)));
  const sql = run(["migrate", "diff", "--from-schema-datamodel", replayed, "--to-schema-datamodel", "prisma/schema.prisma", "--script"]);
  const nothing = !sql.trim() || /^-- This is an empty migration\.?$/.test(sql.trim());
  if (nothing && !empty) {
    console.log("The schema matches the migrations: nothing to create (add --empty for a migration of hand-written SQL).");
  } else if (!nothing && empty) {
    console.error("The schema has changes no migration makes yet; create that migration first, without --empty.");
    process.exitCode = 1;
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    created = `${stamp}_${name}`;
    const target = path.join("prisma/migrations", created);
    fs.mkdirSync(target, { recursive: true });
    fs.writeFileSync(path.join(target, "migration.sql"), empty ? "-- Hand-written SQL for SQLite.\n" : sql);
    console.log(`Created ${target}/migration.sql. Review it, then apply it with: npm run db:migrate`);
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}

if (created) {
  try {
    writeDerived((await derivePostgresql()).files);
    console.log(`Derived prisma/postgresql/migrations/${created}/migration.sql.`);
  } catch (error) {
    if (!(error instanceof DerivationError)) throw error;
    console.error(error.message);
  }
  console.log(
    `If you add SQL by hand to the SQLite migration, write its PostgreSQL version in ${HAND_WRITTEN}/${created}.sql ` +
      "and run `npm run db:derive`; `npm run db:check` tells you when something is missing.",
  );
}
