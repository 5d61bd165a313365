import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { TestProject } from "vitest/node";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const WORK = path.join(ROOT, "tests/.artifacts/e2e");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app server exited early:\n${log()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The app server did not become healthy:\n${log()}`);
}

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    serverLog: string;
  }
}

/** Starts the built app on a fresh, seeded SQLite database, as the README's run command does. */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) throw new Error("Build the app first (npm run build).");
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_URL: `file:${path.join(WORK, "e2e.db")}`,
    DATA_DIR: path.join(WORK, "data"),
    PORT: String(port),
    APP_URL: baseURL,
  };
  execFileSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: ROOT, env, stdio: "pipe" });
  execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), ["prisma/seed.ts"], { cwd: ROOT, env, stdio: "pipe" });

  let output = "";
  // Everything the server prints also goes to a file, so a test can check no personal data is logged.
  const serverLog = path.join(WORK, "server.log");
  const capture = (chunk: Buffer) => {
    output += chunk;
    fs.appendFileSync(serverLog, chunk);
  };
  const server = spawn(process.execPath, ["server/index.js"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout!.on("data", capture);
  server.stderr!.on("data", capture);
  await waitForHealth(baseURL, server, () => output);
  project.provide("baseURL", baseURL);
  project.provide("serverLog", serverLog);

  return async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    if (process.env.E2E_SERVER_LOG) console.log(output);
  };
}
