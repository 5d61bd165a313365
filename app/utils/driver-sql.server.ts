import crypto from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { databaseDrivers } from "./db.server";
import { ConnectionBusy, ensureSqliteConnection, withSqliteConnection } from "./sqlite-connection.server";

/**
 * Hand-written SQL on the drivers under Prisma, for the registration hot path and the rate-limit
 * counter (docs/decisions/013-registration-hot-path.md), and for what the worker does per message
 * or per poll: claiming and recording messages, closing campaigns, the job runner's looks for due
 * work (docs/decisions/020). Everything else uses Prisma.
 *
 * One statement text serves both databases: `?` placeholders (numbered for PostgreSQL here), table
 * and column names quoted as Prisma creates them, instants passed and returned as ISO text in the
 * form Prisma's SQLite adapter stores ("2026-12-02T09:31:41.000+00:00"; PostgreSQL's
 * `timestamp(3)` takes it as UTC), counts cast to INTEGER so both give a number. Statements are
 * prepared once per connection. Results are typed by the caller, who selects what it reads.
 */

export type SqlValue = string | number | null;

export type Sql = {
  /** For the rare statement that must be written twice (data-modifying CTEs exist only on PostgreSQL). */
  dialect: "sqlite" | "postgresql";
  /** The first row, or undefined. */
  get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /** Rows changed. */
  run(sql: string, params?: SqlValue[]): Promise<number>;
};

/** The database could not take this work within the time allowed: answer 503, try again later. */
export class DatabaseSaturated extends Error {
  constructor(cause?: unknown) {
    super("The database is saturated", { cause });
  }
}

/** An instant as Prisma's SQLite adapter writes it, accepted as UTC by PostgreSQL's timestamp(3). */
export function sqlInstant(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/** An instant read back: SQLite gives Prisma's ISO text, PostgreSQL "2026-12-02 09:31:41.123" (UTC). */
export function readInstant(value: string | null): Date | null {
  if (value === null) return null;
  return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value.replace(" ", "T")}Z`);
}

/** An id in the shape of Prisma's cuid(): "c", the time, a counter and randomness (sorts by time). */
let counter = 0;
export function newId(): string {
  counter = (counter + 1) % 1_679_616;
  const time = Date.now().toString(36).padStart(8, "0");
  const count = counter.toString(36).padStart(4, "0");
  const random = BigInt(`0x${crypto.randomBytes(8).toString("hex")}`)
    .toString(36)
    .padStart(12, "0")
    .slice(-12);
  return `c${time}${count}${random}`;
}

// ---------------------------------------------------------------- SQLite

const sqliteStatements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function sqliteStatement(sqlite: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let cache = sqliteStatements.get(sqlite);
  if (!cache) sqliteStatements.set(sqlite, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    // Prisma's adapter turns on 64-bit integers for the connection; our counts fit a number.
    if (statement.reader) statement.safeIntegers(false);
    cache.set(sql, statement);
  }
  return statement;
}

function sqliteSql(sqlite: BetterSqlite3.Database): Sql {
  return {
    dialect: "sqlite",
    get: <T>(sql: string, params: SqlValue[] = []) => Promise.resolve(sqliteStatement(sqlite, sql).get(...params) as T | undefined),
    all: <T>(sql: string, params: SqlValue[] = []) => Promise.resolve(sqliteStatement(sqlite, sql).all(...params) as T[]),
    run: (sql: string, params: SqlValue[] = []) => {
      const statement = sqliteStatement(sqlite, sql);
      // A statement with RETURNING is a reader to better-sqlite3: step it through all its rows.
      return Promise.resolve(statement.reader ? statement.all(...params).length : statement.run(...params).changes);
    },
  };
}

function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_") || code === "SQLITE_LOCKED");
}

// ---------------------------------------------------------------- PostgreSQL

const pgTexts = new Map<string, { name: string; text: string }>();

function pgQuery(sql: string) {
  let prepared = pgTexts.get(sql);
  if (!prepared) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    prepared = { name: `kasih_${crypto.createHash("sha1").update(text).digest("hex").slice(0, 16)}`, text };
    pgTexts.set(sql, prepared);
  }
  return prepared;
}

// timestamp(3) comes back as its text (UTC, as stored), not as a Date in the process's own zone.
const TIMESTAMP_OID = 1114;
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_OID
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

function pgSql(client: pg.PoolClient): Sql {
  const query = async <T>(sql: string, params: SqlValue[]) =>
    client.query<T & pg.QueryResultRow>({ ...pgQuery(sql), values: params, types: pgTypes });
  return {
    dialect: "postgresql",
    get: async <T>(sql: string, params: SqlValue[] = []) => (await query<T>(sql, params)).rows[0],
    all: async <T>(sql: string, params: SqlValue[] = []) => (await query<T>(sql, params)).rows,
    run: async (sql: string, params: SqlValue[] = []) => (await query(sql, params)).rowCount ?? 0,
  };
}

// lock_not_available (lock_timeout), query_canceled (statement_timeout): the queue was too long.
const PG_SATURATED = new Set(["55P03", "57014", "53300"]);
// serialization_failure, deadlock_detected: run again.
const PG_RETRY = new Set(["40001", "40P01"]);

async function pgConnect(pool: pg.Pool, maxWaitMs: number): Promise<pg.PoolClient> {
  const connecting = pool.connect();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), maxWaitMs)));
  const client = await Promise.race([connecting, timedOut]);
  clearTimeout(timer);
  if (!client) {
    // Given up waiting for a connection: hand it back as soon as it comes.
    void connecting.then((late) => late.release()).catch(() => undefined);
    throw new DatabaseSaturated();
  }
  return client;
}

// ---------------------------------------------------------------- both

/** A unique index refused the write, on either database. */
export function isSqlUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

async function sqliteConnection() {
  const drivers = databaseDrivers();
  if (drivers.provider !== "sqlite") throw new Error("not SQLite");
  await ensureSqliteConnection(drivers.adapter);
}

/**
 * Runs `work` in one short transaction, waiting at most `maxWaitMs` in all for the connection and
 * for locks; past that it throws DatabaseSaturated (the caller answers 503). A transaction that
 * loses to a concurrent one (a unique index, a PostgreSQL deadlock or serialization failure) runs
 * again while time remains: `work` must only touch the database.
 */
export async function sqlTransaction<T>(work: (sql: Sql) => Promise<T>, maxWaitMs: number): Promise<T> {
  const deadline = Date.now() + maxWaitMs;
  const drivers = databaseDrivers();
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new DatabaseSaturated();
    try {
      if (drivers.provider === "sqlite") {
        await sqliteConnection();
        return await withSqliteConnection(async (sqlite) => {
          const sql = sqliteSql(sqlite);
          // IMMEDIATE: the write lock first, so the seat count read next cannot go stale.
          sqliteStatement(sqlite, "BEGIN IMMEDIATE").run();
          try {
            const result = await work(sql);
            sqliteStatement(sqlite, "COMMIT").run();
            return result;
          } catch (error) {
            if (sqlite.inTransaction) sqliteStatement(sqlite, "ROLLBACK").run();
            throw error;
          }
        }, remaining);
      }
      const client = await pgConnect(drivers.pool, remaining);
      try {
        const wait = Math.max(1, deadline - Date.now());
        // One round trip; SET LOCAL ends with the transaction.
        await client.query(`BEGIN; SET LOCAL lock_timeout = ${wait}; SET LOCAL statement_timeout = ${wait + 1000}`);
        const result = await work(pgSql(client));
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        client.release();
        throw error;
      }
    } catch (error) {
      if (error instanceof DatabaseSaturated) throw error;
      if (error instanceof ConnectionBusy || isSqliteBusy(error)) throw new DatabaseSaturated(error);
      const code = String((error as { code?: unknown } | null)?.code ?? "");
      if (PG_SATURATED.has(code)) throw new DatabaseSaturated(error);
      if (attempt < 4 && (PG_RETRY.has(code) || isSqlUniqueViolation(error))) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
        continue;
      }
      throw error;
    }
  }
}

/** One statement outside any transaction (autocommit), with the same wait bound. */
export async function sqlStatement<T>(work: (sql: Sql) => Promise<T>, maxWaitMs: number): Promise<T> {
  if (maxWaitMs <= 0) throw new DatabaseSaturated();
  const drivers = databaseDrivers();
  try {
    if (drivers.provider === "sqlite") {
      await sqliteConnection();
      return await withSqliteConnection((sqlite) => work(sqliteSql(sqlite)), maxWaitMs);
    }
    const client = await pgConnect(drivers.pool, maxWaitMs);
    try {
      return await work(pgSql(client));
    } finally {
      client.release();
    }
  } catch (error) {
    if (error instanceof ConnectionBusy || isSqliteBusy(error)) throw new DatabaseSaturated(error);
    throw error;
  }
}
