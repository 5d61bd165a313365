import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { resolveDatabaseTarget } from "./database-url";

export type { Prisma } from "@prisma/client";
/** A client or an interactive transaction: module functions accept either so callers can compose them. */
export type Db = PrismaClient | Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

function createClient(): PrismaClient {
  const target = resolveDatabaseTarget();
  if (target.provider === "postgresql") {
    // The PostgreSQL client is generated from the derived schema into its own folder.
    throw new Error("PostgreSQL support is not built yet");
  }
  // timeout: how long a writer waits for SQLite's lock (server and worker share the file).
  const adapter = new PrismaBetterSQLite3({ url: target.filePath, timeout: 10_000 });
  const client = new PrismaClient({ adapter });
  // Write-ahead logging lets the web server read while the worker writes, and with synchronous=NORMAL
  // a commit costs one sync instead of several. Both are safe against application crashes.
  void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").then(() => client.$executeRawUnsafe("PRAGMA synchronous = NORMAL")).catch(() => undefined);
  return client;
}

// One client per process, kept across dev-server rebuilds.
const globalForDb = globalThis as unknown as { __kasihDb?: PrismaClient };
export const db: PrismaClient = globalForDb.__kasihDb ?? createClient();
if (process.env.NODE_ENV !== "production") globalForDb.__kasihDb = db;
