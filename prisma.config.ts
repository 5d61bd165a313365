// Prisma 6.19 with the JavaScript schema engine and driver adapters: every CLI command works
// offline (see docs/decisions/001-prisma-6-driver-adapters.md). DATABASE_URL picks the provider,
// and with it the schema: prisma/schema.prisma for SQLite, the PostgreSQL schema derived from it
// in prisma/postgresql/ (docs/decisions/005-postgresql-derived-schema.md).
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveDatabaseTarget } from "./app/utils/database-url";

const target = resolveDatabaseTarget();
// The schema's datasource reads DATABASE_URL; without it the CLI cannot read the schema.
process.env.DATABASE_URL = target.url;
const schemaFolder = target.provider === "postgresql" ? "prisma/postgresql" : "prisma";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(schemaFolder, "schema.prisma"),
  migrations: { path: path.join(schemaFolder, "migrations") },
  async adapter() {
    if (target.provider === "postgresql") {
      const [{ PrismaPg }, { createCatalogPool }] = await Promise.all([
        import("@prisma/adapter-pg"),
        import("./prisma/postgresql-catalog-pool.js"),
      ]);
      return new PrismaPg(createCatalogPool(target.url), { disposeExternalPool: true });
    }
    fs.mkdirSync(path.dirname(target.filePath), { recursive: true });
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: target.filePath });
  },
});
