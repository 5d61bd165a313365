import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, ROOT, startServerProcess } from "./server-process";

const WORK = path.join(ROOT, "tests/.artifacts/e2e");

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    /** The seeded demo database the shared server runs on; tests that need their own server copy it. */
    databaseFile: string;
  }
}

/** Starts the built app on a fresh, seeded SQLite database, as the README's run command does. */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) throw new Error("Build the app first (npm run build).");
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const databaseFile = path.join(WORK, "e2e.db");
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_URL: `file:${databaseFile}`,
    DATA_DIR: path.join(WORK, "data"),
    PORT: String(port),
    APP_URL: baseURL,
  };
  execFileSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: ROOT, env, stdio: "pipe" });
  execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), ["prisma/seed.ts"], { cwd: ROOT, env, stdio: "pipe" });

  const server = await startServerProcess(baseURL, env);
  project.provide("baseURL", baseURL);
  project.provide("databaseFile", databaseFile);

  return async () => {
    await server.stop("SIGTERM");
    if (process.env.E2E_SERVER_LOG) console.log(server.log());
  };
}
