import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { freePort, startAppProcess, waitForHealth, type AppProcess } from "../../support/app-processes";
import { createTestDatabase, ensureDemoDatabase, openTestClient } from "../../support/test-database";

export type OwnServer = {
  baseURL: string;
  /** The server's database, opened by the test beside the server. */
  db: PrismaClient;
  /** Stops the process with a signal (SIGKILL: no chance to finish anything) and waits until it has gone. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
  /** Starts the process again on the same database, data folder and port. */
  restart: () => Promise<void>;
  /** Stops the process, closes the test's connection and drops the database. */
  stop: () => Promise<void>;
  log: () => string;
};

/**
 * A server of its own for tests that kill it or use up its rate limits, so the shared one stays
 * usable: a fresh database seeded with the demo (on SQLite or PostgreSQL, as the run is), changed
 * by `prepare` before start, its own data folder and port, and `env` on top of the usual settings.
 */
export async function startOwnServer(
  name: string,
  options: { env?: Record<string, string>; prepare?: (db: PrismaClient) => Promise<void> } = {},
): Promise<OwnServer> {
  await ensureDemoDatabase();
  const database = await createTestDatabase(`e2e-${name}`, "demo");
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    DATA_DIR: path.join(database.dataDir, "data"),
    PORT: String(port),
    APP_URL: baseURL,
    ...options.env,
  };
  const db = openTestClient(database.url);
  await options.prepare?.(db);

  const start = async () => {
    const app = startAppProcess("web", env);
    await waitForHealth(baseURL, app);
    return app;
  };
  let server: AppProcess = await start();
  return {
    baseURL,
    db,
    kill: (signal) => server.stop(signal),
    restart: async () => {
      server = await start();
    },
    stop: async () => {
      await server.stop("SIGTERM");
      await db.$disconnect();
      await database.drop();
    },
    log: () => server.output(),
  };
}
