import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { APP_ROOT, BENCH_SESSION_SECRET, ROOT, WORK } from "./bench-database";

export { APP_ROOT };

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

/**
 * CPU seconds a process has used so far (user + system, from /proc; NaN where there is no /proc).
 * CPU per request is steadier than requests per second on a machine shared with other work.
 */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[11] and [12] are utime and stime (the 14th and 15th fields of the line), in clock ticks of 1/100 s
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

export type Spawned = { child: ChildProcess; output: () => string; stop: () => Promise<void> };

/** A child process of the bench, its output kept, stopped with SIGTERM as a deploy would. */
export function spawnProcess(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Spawned {
  let output = "";
  const child = spawn(process.execPath, [...PROFILE, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
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
export async function startProcess(args: string[], env: NodeJS.ProcessEnv, port: number, readyPath: string, cwd = ROOT): Promise<Started> {
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const spawned = spawnProcess(args, env, cwd);
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
    APP_ROOT,
  );
}
