import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { BENCH_SESSION_SECRET, ROOT, WORK } from "./bench-database";

/** BENCH_PROFILE=1 writes a CPU profile of every server and worker the bench starts (open it in Chrome's DevTools). */
const PROFILE = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.join(WORK, "profiles")}`] : [];

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

export type Spawned = { child: ChildProcess; output: () => string; stop: () => Promise<void> };

/** A child process of the bench, its output kept, stopped with SIGTERM as a deploy would. */
export function spawnProcess(args: string[], env: NodeJS.ProcessEnv): Spawned {
  let output = "";
  const child = spawn(process.execPath, [...PROFILE, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export type Started = Spawned & {
  url: string;
  /** From spawn to the first 200 answer on `readyPath` */
  startupMs: number;
};

/**
 * Spawns a server process and polls `readyPath` every 5 ms until it answers 200, so the time
 * measured is spawn → first successful answer.
 */
export async function startProcess(args: string[], env: NodeJS.ProcessEnv, port: number, readyPath: string): Promise<Started> {
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const spawned = spawnProcess(args, env);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (spawned.child.exitCode !== null) throw new Error(`The server exited early:\n${spawned.output()}`);
    if (Date.now() > deadline) {
      spawned.child.kill("SIGKILL");
      throw new Error(`The server did not answer ${readyPath}:\n${spawned.output()}`);
    }
    try {
      const response = await fetch(url + readyPath);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return { ...spawned, url, startupMs: performance.now() - started };
}

/** The built app as `npm run start:web` runs it, on a bench database, with limits raised for load. */
export async function startApp(db: { url: string; dataDir: string }, extraEnv: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  return startProcess(
    ["server/index.js"],
    {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: db.url,
      DATA_DIR: db.dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: `http://localhost:${port}`,
      SESSION_SECRET: BENCH_SESSION_SECRET,
      REGISTRATION_RATE_LIMIT: "1000000000",
      SIGN_IN_RATE_LIMIT: "1000000",
      ...extraEnv,
    },
    port,
    "/healthz",
  );
}
