import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, startAppProcess, waitForHealth } from "../../support/app-processes";
import { createTestDatabase, ensureDemoDatabase, ROOT, TEST_PROVIDER } from "../../support/test-database";

const WORK = path.join(ROOT, "tests/.artifacts/e2e");

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    serverLog: string;
  }
}

/**
 * Starts the built app on a fresh database seeded with the demo, as the README's run command does:
 * SQLite, or PostgreSQL under `npm run test:postgres`.
 */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) throw new Error("Build the app first (npm run build).");
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  await ensureDemoDatabase();
  const database = await createTestDatabase("e2e", "demo");
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const env = { ...process.env, DATABASE_URL: database.url, DATA_DIR: path.join(WORK, "data"), PORT: String(port), APP_URL: baseURL };
  // A session happening now, for the check-in tests (check-in opens only on the session's day).
  execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), ["tests/e2e/support/session-today.ts"], { cwd: ROOT, env, stdio: "pipe" });

  // Everything the server prints also goes to a file, so a test can check no personal data is logged.
  const serverLog = path.join(WORK, "server.log");
  const server = startAppProcess("web", env, { logFile: serverLog });
  // The worker beside it, as `npm start` runs them: imports and exports are its jobs.
  const worker = startAppProcess("worker", { ...env, WORKER_POLL_MS: "200" }, { logFile: serverLog });
  const health = await waitForHealth(baseURL, server);
  // The same tests on the other database only mean something if the server really uses it.
  if (health.database.provider !== TEST_PROVIDER)
    throw new Error(`The app server runs on ${health.database.provider}, not ${TEST_PROVIDER}`);
  project.provide("baseURL", baseURL);
  project.provide("serverLog", serverLog);

  return async () => {
    await server.stop();
    await worker.stop();
    await database.drop();
    if (process.env.E2E_SERVER_LOG) console.log(server.output());
  };
}
