/**
 * Creates a migration from the difference between the migrations folder and the schema:
 *   npm run db:new-migration -- add_feedback_table
 *
 * `prisma migrate dev` and `migrate diff --from-migrations` do not work with the JavaScript
 * schema engine and the SQLite adapter here, so: replay the migrations into a throwaway database,
 * introspect it, and diff that datamodel against prisma/schema.prisma. Apply with `npm run db:migrate`.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const name = (process.argv[2] ?? "").trim().toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_|_$/g, "");
if (!name) {
  console.error("Give the migration a name: npm run db:new-migration -- add_something");
  process.exit(1);
}

const prisma = path.resolve("node_modules/.bin/prisma");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "kasih-migration-"));
const env = { ...process.env, DATABASE_URL: `file:${path.join(scratch, "replay.db")}` };
const run = (args: string[]) => execFileSync(prisma, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

try {
  run(["migrate", "deploy"]);
  const replayed = path.join(scratch, "replayed.prisma");
  // The CLI prints a note about the datasource URL before the schema; keep the schema only.
  const pulled = run(["db", "pull", "--print"]);
  fs.writeFileSync(replayed, pulled.slice(pulled.search(/^(generator|datasource) /m)));
  const sql = run(["migrate", "diff", "--from-schema-datamodel", replayed, "--to-schema-datamodel", "prisma/schema.prisma", "--script"]);
  if (!sql.trim() || /^-- This is an empty migration\.?$/.test(sql.trim())) {
    console.log("The schema matches the migrations: nothing to create.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const target = path.join("prisma/migrations", `${stamp}_${name}`);
    fs.mkdirSync(target, { recursive: true });
    fs.writeFileSync(path.join(target, "migration.sql"), sql);
    console.log(`Created ${target}/migration.sql. Review it, then apply it with: npm run db:migrate`);
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
