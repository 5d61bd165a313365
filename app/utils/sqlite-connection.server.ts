import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import type BetterSqlite3 from "better-sqlite3";

/**
 * One SQLite connection per process, used by one piece of work at a time
 * (docs/decisions/012-sqlite-one-connection-safely.md).
 *
 * Prisma's better-sqlite3 adapter shares a single connection: it makes transactions wait for each
 * other, but a query outside a transaction runs at once, on that connection, and so inside
 * whatever transaction another request has open (it reads that request's uncommitted rows, and a
 * write of its own is rolled back with that request's). Here every use of the connection takes one
 * lock: a query outside a transaction holds it for that query, a transaction from BEGIN to
 * COMMIT or ROLLBACK, and the registration hot path (app/utils/driver-sql.server.ts) for its own
 * short transaction. A query that a transaction's own work sends outside it (through `db`, not
 * `tx`) runs as before, inside that transaction, instead of waiting for itself.
 */

type Owner = { readonly id: symbol };

class ConnectionLock {
  #tail: Promise<void> = Promise.resolve();
  /** Who holds the lock now (null when free). */
  owner: Owner | null = null;
  /** Pieces of work waiting for the connection. */
  waiting = 0;

  /** Resolves with the release function once the lock is ours; FIFO. */
  acquire(owner: Owner): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => {
      this.owner = owner;
    });
    this.#tail = ready.then(() => held);
    this.waiting++;
    return ready.then(() => {
      this.waiting--;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        this.owner = null;
        release();
      };
    });
  }
}

const lock = new ConnectionLock();
/** The transaction (if any) whose work the current async context is doing. */
const transactionScope = new AsyncLocalStorage<Owner>();

/** Runs `work` (a Prisma `$transaction` call) so that queries it sends through `db` are known as its own. */
export function asTransactionOwner<T>(work: () => T): T {
  return transactionScope.run({ id: Symbol("transaction") }, work);
}

function ownsTheLock(): boolean {
  const mine = transactionScope.getStore();
  return mine !== undefined && lock.owner === mine;
}

async function withLock<T>(owner: Owner, work: () => Promise<T>): Promise<T> {
  const release = await lock.acquire(owner);
  try {
    return await work();
  } finally {
    release();
  }
}

function serialised(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const once = (query: () => Promise<never>) => (ownsTheLock() ? query() : withLock({ id: Symbol("query") }, query));
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query: SqlQuery) => once(() => adapter.queryRaw(query) as Promise<never>),
    executeRaw: (query: SqlQuery) => once(() => adapter.executeRaw(query) as Promise<never>),
    executeScript: (script: string) => once(() => adapter.executeScript(script) as Promise<never>),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    async startTransaction(isolationLevel): Promise<Transaction> {
      const owner = transactionScope.getStore() ?? { id: Symbol("transaction") };
      const release = await lock.acquire(owner);
      let transaction: Transaction;
      try {
        transaction = await adapter.startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      // Prisma sends COMMIT or ROLLBACK through the transaction, then calls commit()/rollback().
      return Object.assign(Object.create(transaction) as Transaction, {
        commit: () => transaction.commit().finally(release),
        rollback: () => transaction.rollback().finally(release),
      });
    },
  };
}

type Connection = { adapter: SqlDriverAdapter; sqlite: BetterSqlite3.Database };
let connection: Promise<Connection> | null = null;

/** Settings every connection gets before its first query. */
function configure(sqlite: BetterSqlite3.Database): void {
  // Write-ahead logging lets the web server read while the worker writes, and with
  // synchronous=NORMAL a commit costs one sync instead of several. Both are safe against
  // application crashes. secure_delete overwrites what is deleted or rewritten with zeros, so an
  // erased person's name does not stay readable in freed pages of the file (compactAfterErasure).
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("secure_delete = ON");
}

/**
 * The adapter factory Prisma is given: Prisma's own better-sqlite3 adapter, its connection set up
 * here and wrapped in the lock. Prisma connects once; the hot path reaches the same connection
 * through `withSqliteConnection`.
 */
export function serialisedSqliteAdapter(filePath: string): SqlMigrationAwareDriverAdapterFactory {
  // timeout: how long a writer waits for SQLite's lock held by another process (the worker).
  const inner = new PrismaBetterSQLite3({ url: filePath, timeout: 10_000 });
  const connect = () => {
    connection ??= inner.connect().then((adapter) => {
      // The adapter keeps its better-sqlite3 handle as `client`.
      const sqlite = (adapter as unknown as { client: BetterSqlite3.Database }).client;
      configure(sqlite);
      const wrapped = serialised(adapter);
      return {
        sqlite,
        adapter: {
          ...wrapped,
          dispose: () => {
            connection = null;
            return adapter.dispose();
          },
        },
      };
    });
    return connection;
  };
  return {
    provider: "sqlite",
    adapterName: inner.adapterName,
    connect: async () => (await connect()).adapter,
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
}

/** Thrown when the connection did not come free within the wait allowed. */
export class ConnectionBusy extends Error {
  constructor() {
    super("The database connection stayed busy");
  }
}

/**
 * Runs `work` with the connection to itself (no other query or transaction of this process runs
 * meanwhile), waiting at most `maxWaitMs` for it. better-sqlite3 is synchronous, so the lock is
 * held for the statements' own time and a few promise turns, never across I/O.
 */
export async function withSqliteConnection<T>(work: (sqlite: BetterSqlite3.Database) => T | Promise<T>, maxWaitMs: number): Promise<T> {
  if (!connection) throw new Error("The SQLite connection is not open yet");
  const { sqlite } = await connection;
  // Called from inside a transaction's own work: the connection is already ours.
  if (ownsTheLock()) return work(sqlite);
  const acquiring = lock.acquire({ id: Symbol("hot path") });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), maxWaitMs)));
  const release = await Promise.race([acquiring, timedOut]);
  clearTimeout(timer);
  if (!release) {
    // Given up: when our turn comes, pass it straight on.
    void acquiring.then((late) => late());
    throw new ConnectionBusy();
  }
  try {
    return await work(sqlite);
  } finally {
    release();
  }
}

/** Opens the connection if Prisma has not yet (the hot path may be the first to need it). */
export async function ensureSqliteConnection(factory: SqlMigrationAwareDriverAdapterFactory): Promise<void> {
  if (!connection) await factory.connect();
}
