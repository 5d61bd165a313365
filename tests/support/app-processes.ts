import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export type AppProcess = {
  child: ChildProcess;
  output: () => string;
  /** Sends the signal (SIGKILL: no chance to finish anything) and waits until the process has gone. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

/**
 * Starts one of the app's processes (the built web server or the worker) with its output kept for
 * failure messages, and also written to `logFile` when given (a test can then read what it logged).
 */
export function startAppProcess(kind: "web" | "worker", env: NodeJS.ProcessEnv, options: { logFile?: string } = {}): AppProcess {
  const args = kind === "web" ? ["server/index.js"] : ["--import", "tsx", "server/worker.ts"];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const capture = (chunk: Buffer) => {
    output += chunk;
    if (options.logFile) fs.appendFileSync(options.logFile, chunk);
  };
  child.stdout!.on("data", capture);
  child.stderr!.on("data", capture);
  return {
    child,
    output: () => output,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill(signal);
      await exited;
    },
  };
}

/** Waits until the web server answers /healthz, failing early if it exits. */
export async function waitForHealth(url: string, app: AppProcess): Promise<{ database: { provider: string } }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) throw new Error(`The app server exited early:\n${app.output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return (await response.json()) as { database: { provider: string } };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The app server did not become healthy:\n${app.output()}`);
}
