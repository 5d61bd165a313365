import crypto from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { databaseDrivers } from "./db.server";
import { ConnectionBusy, ensureSqliteConnection, withSqliteConnection } from "./sqlite-connection.server";

/**
 * Hand-written SQL on the drivers under Prisma: the registration hot path and the rate-limit
 * counter (docs/decisions/013-registration-hot-path.md), the reads every visit to a dashboard
 * makes and its figures (docs/decisions/019), and what the worker does per message or per poll:
 * claiming and recording messages, closing campaigns, the job runner's looks for due work
 * (docs/decisions/020). Everything else uses Prisma.
 *
 * One statement text serves both databases: `?` placeholders (numbered for PostgreSQL here), table
 * and column names quoted as Prisma creates them, instants passed and returned as ISO text in the
 * form Prisma's SQLite adapter stores ("2026-12-02T09:31:41.000+00:00"; PostgreSQL's
 * `timestamp(3)` takes it as UTC), counts cast to INTEGER so both give a number. Statements are
 * prepared once per connection. Results are typed by the caller, who selects what it reads.
 *
 * On PostgreSQL every wait for the server is a round trip, during which a transaction keeps its
 * connection and its locks: a transaction's BEGIN goes with its first statement, and its last
 * statements with its COMMIT (commitWith), on the pool's pipelined connections.
 */

export type SqlValue = string | number | null;

export type Sql = {
  dialect: "sqlite" | "postgresql";
  /**
   * A parameter holding an instant where PostgreSQL cannot take its type from a column (a branch
   * of CASE): `CAST(? AS TIMESTAMP(3))` there, a plain `?` on SQLite, which would take a cast to a
   * date type as a number. Everywhere else a `?` in a column's place needs no cast.
   */
  instant: string;
  /** The first row, or undefined. */
  get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /** Rows changed. */
  run(sql: string, params?: SqlValue[]): Promise<number>;
};

/**
 * A piece of SQL (a condition, a whole statement) and its `?` parameters, in order. Built only from
 * fixed fragments of SQL text, never from input: input goes in the parameters.
 */
export type SqlFragment = { sql: string; params: SqlValue[] };

/** The conditions that apply (null: none), joined by AND; `1 = 1` when none does. */
export function sqlAnd(conditions: (SqlFragment | null)[]): SqlFragment {
  const parts = conditions.filter((c): c is SqlFragment => c !== null);
  if (!parts.length) return { sql: "1 = 1", params: [] };
  return { sql: parts.map((c) => `(${c.sql})`).join(" AND "), params: parts.flatMap((c) => c.params) };
}

/**
 * A decision and the writes that follow from it. `decide` is a SELECT of one row; a write reads it
 * as `(SELECT … FROM "decided")` among its values (a single-row INSERT … VALUES: SQLite takes an
 * INSERT … SELECT ten times as long, keeping a statement journal for the rows it might write). On
 * PostgreSQL they are one statement: the decision and every write its CTEs, sharing one snapshot.
 * On SQLite, which has no data-modifying CTEs, the decision runs, then each write with "decided"
 * given as the row it returned. The decision must find its row: on SQLite its absence is an error,
 * on PostgreSQL the writes take NULL from it.
 */
export type Decision = { decide: SqlFragment; writes: SqlFragment[] };

/** A transaction's work gets the statements, and a way to end with its last ones. */
export type SqlTransaction = Sql & {
  /**
   * The transaction's last statements, run in order (each on its own, seeing what those before it
   * did), then COMMIT. On PostgreSQL they go to the server together with the COMMIT, so a lock
   * taken by the first is held for no round trip; nothing may be decided between them. Answers
   * each step's result: a statement's rows, a decision's row.
   */
  commitWith(steps: (SqlFragment | Decision)[]): Promise<unknown[]>;
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
    instant: "?",
    get: <T>(sql: string, params: SqlValue[] = []) => Promise.resolve(sqliteStatement(sqlite, sql).get(...params) as T | undefined),
    all: <T>(sql: string, params: SqlValue[] = []) => Promise.resolve(sqliteStatement(sqlite, sql).all(...params) as T[]),
    run: (sql: string, params: SqlValue[] = []) => {
      const statement = sqliteStatement(sqlite, sql);
      // A statement with RETURNING is a reader to better-sqlite3: step it through all its rows.
      return Promise.resolve(statement.reader ? statement.all(...params).length : statement.run(...params).changes);
    },
  };
}

function sqliteTransaction(sqlite: BetterSqlite3.Database): SqlTransaction {
  const sql = sqliteSql(sqlite);
  const decision = ({ decide, writes }: Decision) => {
    const decided = sqliteStatement(sqlite, decide.sql).get(...decide.params) as Record<string, SqlValue> | undefined;
    if (!decided) throw new Error("The decision found no row");
    const given = `WITH "decided" AS (SELECT ${Object.keys(decided)
      .map((column) => `? AS "${column}"`)
      .join(", ")}) `;
    for (const write of writes) sqliteStatement(sqlite, given + write.sql).run(...Object.values(decided), ...write.params);
    return decided;
  };
  // The statements run as they are called; sqlTransaction commits when the work returns.
  const statement = (step: SqlFragment) => {
    const prepared = sqliteStatement(sqlite, step.sql);
    return prepared.reader ? prepared.all(...step.params) : (prepared.run(...step.params), []);
  };
  const commitWith = (steps: (SqlFragment | Decision)[]) =>
    Promise.resolve(steps.map((step) => ("decide" in step ? decision(step) : statement(step))));
  return { ...sql, commitWith };
}

function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_") || code === "SQLITE_LOCKED");
}

// ---------------------------------------------------------------- PostgreSQL

const pgTexts = new Map<string, { name: string; text: string }>();

function pgPrepared(sql: string) {
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

/** Sent at once: on a pipelined connection (db.server.ts) the next statement goes without waiting for this one's answer. */
function pgQuery<T>(client: pg.PoolClient, sql: string, params: SqlValue[]) {
  return client.query<T & pg.QueryResultRow>({ ...pgPrepared(sql), values: params, types: pgTypes });
}

function pgSql(client: pg.PoolClient): Sql {
  return {
    dialect: "postgresql",
    instant: "CAST(? AS TIMESTAMP(3))",
    get: async <T>(sql: string, params: SqlValue[] = []) => (await pgQuery<T>(client, sql, params)).rows[0],
    all: async <T>(sql: string, params: SqlValue[] = []) => (await pgQuery<T>(client, sql, params)).rows,
    run: async (sql: string, params: SqlValue[] = []) => (await pgQuery(client, sql, params)).rowCount ?? 0,
  };
}

/** A decision and its writes as one statement: see Decision. */
function pgDecision({ decide, writes }: Decision): SqlFragment {
  if (writes.length === 0) return decide;
  return {
    sql: `WITH "decided" AS (${decide.sql}), ${writes.map((write, i) => `"write${i + 1}" AS (${write.sql})`).join(", ")}
      SELECT * FROM "decided"`,
    params: [decide.params, ...writes.map((write) => write.params)].flat(),
  };
}

/** `onCommitSent` tells sqlTransaction that the transaction ends with what commitWith sent. */
function pgTransaction(client: pg.PoolClient, onCommitSent: () => void): SqlTransaction {
  const commitWith = async (steps: (SqlFragment | Decision)[]) => {
    const sent = steps.map((step) => {
      const statement = "decide" in step ? pgDecision(step) : step;
      return pgQuery<Record<string, unknown>>(client, statement.sql, statement.params);
    });
    onCommitSent();
    const committed = client.query("COMMIT");
    // Every answer is awaited before the first failure is thrown: the connection goes back to the
    // pool with nothing outstanding. After a failure the server answers the COMMIT with ROLLBACK.
    const answers = await Promise.allSettled([...sent, committed]);
    const failed = answers.find((answer) => answer.status === "rejected");
    if (failed) throw failed.reason;
    const results = answers.map((answer) => (answer as PromiseFulfilledResult<pg.QueryResult>).value);
    if (results.at(-1)!.command !== "COMMIT") throw new Error(`The transaction ended with ${results.at(-1)!.command}`);
    return steps.map((step, i) => ("decide" in step ? results[i].rows[0] : results[i].rows));
  };
  return { ...pgSql(client), commitWith };
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
export async function sqlTransaction<T>(work: (sql: SqlTransaction) => Promise<T>, maxWaitMs: number): Promise<T> {
  const deadline = Date.now() + maxWaitMs;
  const drivers = databaseDrivers();
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new DatabaseSaturated();
    try {
      if (drivers.provider === "sqlite") {
        await sqliteConnection();
        return await withSqliteConnection(async (sqlite) => {
          // IMMEDIATE: the write lock first, so the seat count read next cannot go stale.
          sqliteStatement(sqlite, "BEGIN IMMEDIATE").run();
          try {
            const result = await work(sqliteTransaction(sqlite));
            sqliteStatement(sqlite, "COMMIT").run();
            return result;
          } catch (error) {
            if (sqlite.inTransaction) sqliteStatement(sqlite, "ROLLBACK").run();
            throw error;
          }
        }, remaining);
      }
      const client = await pgConnect(drivers.pool, remaining);
      let commitSent = false;
      const wait = Math.max(1, deadline - Date.now());
      // Not awaited: the work's first statement goes with it, in the same round trip. SET LOCAL
      // ends with the transaction; should the settings fail, the transaction is aborted and every
      // statement after them fails too, so none runs outside it.
      const begun = client.query(`BEGIN; SET LOCAL lock_timeout = ${wait}; SET LOCAL statement_timeout = ${wait + 1000}`);
      begun.catch(() => undefined);
      try {
        const result = await work(pgTransaction(client, () => (commitSent = true)));
        await begun;
        if (!commitSent) await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        const beginError = await begun.then(
          () => null,
          (failed: unknown) => failed,
        );
        if (!commitSent) await client.query("ROLLBACK").catch(() => undefined);
        client.release();
        throw beginError ?? error;
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

// As long as a Prisma query would wait for SQLite's lock (db.server.ts).
const READ_WAIT_MS = 10_000;

/**
 * Reads for a page, outside any transaction: `work` gets one connection (on SQLite the lock of
 * decision 012 for its statements; on PostgreSQL one pooled connection, each statement its own
 * snapshot, as Prisma's queries were) and waits for it as long as a Prisma query would.
 */
export function sqlReads<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
  return sqlStatement(work, READ_WAIT_MS);
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
