import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { inject } from "vitest";
import { freePort, ROOT, startServerProcess, type ServerProcess } from "./server-process";

export type OwnServer = {
  baseURL: string;
  /** The server's database, opened by the test (SQLite lets both use the file at once). */
  db: PrismaClient;
  /** Stops the process with a signal (SIGKILL: no chance to finish anything) and waits until it has gone. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
  /** Starts the process again on the same database, data folder and port. */
  restart: () => Promise<void>;
  /** Stops the process and closes the test's database connection. */
  stop: () => Promise<void>;
  log: () => string;
};

const sqlite = (file: string) => new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: 10_000 }) });

/**
 * A server of its own for tests that kill it or use up its rate limits, so the shared one stays
 * usable: a copy of the seeded demo database (changed by `prepare` before start), its own data
 * folder and port, and `env` on top of the usual settings.
 */
export async function startOwnServer(
  name: string,
  options: { env?: Record<string, string>; prepare?: (db: PrismaClient) => Promise<void> } = {},
): Promise<OwnServer> {
  const dir = path.join(ROOT, "tests/.artifacts", `e2e-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.db`);
  // A consistent copy of the shared server's database, taken while that server keeps running.
  const source = sqlite(inject("databaseFile"));
  await source.$executeRawUnsafe(`VACUUM INTO '${file.replace(/'/g, "''")}'`);
  await source.$disconnect();
  const db = sqlite(file);
  // The shared server's tests have already counted against the local address; start from none.
  await db.rateLimitBucket.deleteMany();
  await options.prepare?.(db);

  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: `file:${file}`,
    DATA_DIR: path.join(dir, "data"),
    PORT: String(port),
    APP_URL: baseURL,
    ...options.env,
  };
  let server: ServerProcess = await startServerProcess(baseURL, env);
  return {
    baseURL,
    db,
    kill: (signal) => server.stop(signal),
    restart: async () => {
      server = await startServerProcess(baseURL, env);
    },
    stop: async () => {
      await server.stop("SIGTERM");
      await db.$disconnect();
    },
    log: () => server.log(),
  };
}
