import { createRequire } from "node:module";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient, type Prisma } from "@prisma/client";
import { retryOnConflict } from "./database-errors";
import { resolveDatabaseTarget, type DatabaseTarget } from "./database-url";
import { asTransactionOwner, serialisedSqliteAdapter } from "./sqlite-connection.server";

export type { Prisma } from "@prisma/client";
/** A client or an interactive transaction: module functions accept either so callers can compose them. */
export type Db = PrismaClient | Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

function createSqliteClient(target: Extract<DatabaseTarget, { provider: "sqlite" }>): PrismaClient {
  // One connection, used by one piece of work at a time, with WAL and secure_delete set on it
  // (app/utils/sqlite-connection.server.ts, docs/decisions/012).
  sqliteAdapter = serialisedSqliteAdapter(target.filePath);
  return new PrismaClient({ adapter: sqliteAdapter });
}

/**
 * A client built for the SQLite schema cannot talk to PostgreSQL, so PostgreSQL gets its own,
 * generated from the derived schema (prisma/postgresql/schema.prisma) into
 * node_modules/.prisma/client-postgresql by `npm run db:generate`. It is loaded at run time, not
 * imported, so the SQLite default never needs it; the models and query API are the same, and the
 * app keeps using the types of @prisma/client.
 */
function createPostgresqlClient(target: Extract<DatabaseTarget, { provider: "postgresql" }>): PrismaClient {
  const require = createRequire(import.meta.url);
  let generated: { PrismaClient: new (options: { adapter: PrismaPg; transactionOptions: object }) => PrismaClient };
  try {
    generated = require(".prisma/client-postgresql");
  } catch {
    throw new Error("The PostgreSQL client is missing: run `npm run db:generate` (npm install does it).");
  }
  // The pool is made here, not by the adapter, so the registration hot path shares it
  // (app/utils/driver-sql.server.ts). Its connections are pipelined: a statement is sent without
  // waiting for the answer to the one before, which the hot path uses to send BEGIN with its first
  // statement and its last ones with COMMIT; Prisma awaits every answer, so it sends as before.
  pgPool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize,
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
    pipeline: true,
  });
  // An idle pooled connection that the server closes (a restart, a dropped database) is reported as
  // an 'error' event on the pool; unheard, it would end the process. The pool replaces it.
  pgPool.on("error", () => undefined);
  // $disconnect ends the pool, as it did when the adapter made it (scripts then exit at once).
  const adapter = new PrismaPg(pgPool, { disposeExternalPool: true });
  return new generated.PrismaClient({
    adapter,
    // Concurrent writers queue on row locks instead of SQLite's single lock; under a burst a
    // transaction may wait for a pooled connection longer than Prisma's 2 s default.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
}

/**
 * Interactive transactions run again when they lose to a concurrent one (a PostgreSQL deadlock
 * or serialization failure): the database rolled them back, and their work is database-only by
 * design (email goes through the outbox), so a second run is safe and the user never sees the
 * collision. Batch transactions (an array of queries) cannot be replayed and are left alone.
 */
function retryTransactionsOnConflict(client: PrismaClient): PrismaClient {
  const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  // On SQLite, what the transaction's own work sends through `db` instead of `tx` is known as its
  // own and runs inside it rather than waiting for it (sqlite-connection.server.ts).
  const retrying = (...args: unknown[]) =>
    typeof args[0] === "function"
      ? retryOnConflict(() => asTransactionOwner(() => transaction(...args)))
      : asTransactionOwner(() => transaction(...args));
  return Object.assign(client, { $transaction: retrying as PrismaClient["$transaction"] });
}

function createClient(): PrismaClient {
  const target = resolveDatabaseTarget();
  return retryTransactionsOnConflict(target.provider === "postgresql" ? createPostgresqlClient(target) : createSqliteClient(target));
}

const provider = resolveDatabaseTarget().provider;

/** The drivers under Prisma, for the one hot path that uses them directly (driver-sql.server.ts). */
let sqliteAdapter: SqlMigrationAwareDriverAdapterFactory | null = null;
let pgPool: pg.Pool | null = null;
export function databaseDrivers():
  { provider: "sqlite"; adapter: SqlMigrationAwareDriverAdapterFactory } | { provider: "postgresql"; pool: pg.Pool } {
  if (pgPool) return { provider: "postgresql", pool: pgPool };
  if (sqliteAdapter) return { provider: "sqlite", adapter: sqliteAdapter };
  throw new Error("The database client was made before this module: restart the process");
}

/**
 * A `contains` filter that ignores case on both databases. SQLite's LIKE already ignores ASCII
 * case; PostgreSQL's is exact unless asked, and the SQLite client's types do not know the option.
 * Prefer a lowercased search column (`searchText`) where the model has one.
 */
export function containsIgnoringCase(text: string): Prisma.StringFilter {
  return (provider === "postgresql" ? { contains: text, mode: "insensitive" } : { contains: text }) as Prisma.StringFilter;
}

/**
 * After an erasure: on SQLite, the write-ahead log (which still holds the pages as they were
 * before) is copied into the database and emptied, so the erased text is nowhere in the files;
 * secure_delete has already zeroed the freed space. PostgreSQL keeps old row versions until
 * autovacuum reclaims them, inside the server's own storage (docs/decisions/011).
 */
export async function compactAfterErasure(): Promise<void> {
  if (provider !== "sqlite") return;
  await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
}

// One client per process, kept across dev-server rebuilds.
const globalForDb = globalThis as unknown as { __kasihDb?: PrismaClient };
export const db: PrismaClient = globalForDb.__kasihDb ?? createClient();
if (process.env.NODE_ENV !== "production") globalForDb.__kasihDb = db;
