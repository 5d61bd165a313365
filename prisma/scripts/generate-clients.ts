/**
 * Generates both runtime clients (npm install runs this): the SQLite one from prisma/schema.prisma
 * into @prisma/client, and the PostgreSQL one from the derived prisma/postgresql/schema.prisma into
 * node_modules/.prisma/client-postgresql. DATABASE_URL tells prisma.config.ts which schema and
 * adapter to use; the PostgreSQL address is never contacted by `prisma generate`.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

const prisma = path.resolve("node_modules/.bin/prisma");
for (const url of ["file:./data/kasih.db", "postgresql://generate.invalid/kasih"]) {
  execFileSync(prisma, ["generate"], { env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "inherit", "inherit"] });
}
