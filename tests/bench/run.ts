/**
 * `npm run bench` — figures, not pass/fail: throughput and latency of the public registration
 * POST against a minimal handler, server time of the big list and report pages on 100,000
 * registrations, a 10,000-email follow-up through the worker, cold start and the public page's
 * JavaScript. One part: `npm run bench -- registration` (parts: registration, rush, pages,
 * campaign, startup, jobs). BENCH_DURATION (seconds per load run, default 10) and BENCH_SAMPLES (requests per
 * page, default 20) trade time for steadier figures. Results are printed as a Markdown table and
 * kept as JSON under tests/.artifacts/bench/.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { campaignBench } from "./campaign.bench";
import { jobsBench } from "./jobs.bench";
import { pagesBench } from "./pages.bench";
import { registrationBench } from "./registration.bench";
import { rushBench } from "./rush.bench";
import { startupBench } from "./startup.bench";
import { ROOT, WORK } from "./support/bench-database";
import { APP_ROOT } from "./support/processes";
import { table, type BenchContext, type Figure } from "./support/report";

const PARTS: Record<string, (ctx: BenchContext) => Promise<Figure[]>> = {
  registration: registrationBench,
  rush: rushBench,
  pages: pagesBench,
  campaign: campaignBench,
  startup: startupBench,
  jobs: jobsBench,
};

const asked = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = asked.filter((a) => !(a in PARTS));
if (unknown.length) {
  console.error(`Unknown part ${unknown.join(", ")}; choose from: ${Object.keys(PARTS).join(", ")}`);
  process.exit(1);
}
const parts = asked.length ? asked : Object.keys(PARTS);

if (!fs.existsSync(path.join(APP_ROOT, "build/index.js"))) {
  console.error("Build the app first (npm run build); `npm run bench` does it for you.");
  process.exit(1);
}

const started = new Date();
// Other work on the machine shows in the figures: the load average is printed with them.
const startLoad = os.loadavg()[0].toFixed(1);
const ctx: BenchContext = {
  log: (line) => console.error(`[bench ${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`),
  duration: Number(process.env.BENCH_DURATION) || 10,
  samples: Number(process.env.BENCH_SAMPLES) || 20,
};

const commit = (() => {
  if (APP_ROOT !== ROOT) return `app from ${path.relative(ROOT, APP_ROOT)}`;
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();
const machineNow = () =>
  `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, load average ${startLoad} at start, ${os.loadavg()[0].toFixed(1)} at the end`;

fs.mkdirSync(WORK, { recursive: true });
const out = path.join(WORK, `results-${started.toISOString().replace(/[:.]/g, "-")}.json`);
const figures: Figure[] = [];
/** Written after every part, so a part that dies never loses the figures of those before it. */
function save(failed?: string) {
  fs.writeFileSync(
    out,
    JSON.stringify(
      {
        started: started.toISOString(),
        commit,
        machine: machineNow(),
        parts,
        duration: ctx.duration,
        samples: ctx.samples,
        failed,
        figures,
      },
      null,
      2,
    ),
  );
}

let failed: string | undefined;
for (const part of parts) {
  const partStarted = Date.now();
  const partLoad = os.loadavg()[0].toFixed(1);
  ctx.log(`${part}: starting (load average ${partLoad})`);
  try {
    const partFigures = await PARTS[part](ctx);
    const endLoad = os.loadavg()[0].toFixed(1);
    figures.push(...partFigures.map((f) => ({ ...f, detail: `${f.detail ?? ""}${f.detail ? "; " : ""}load ${partLoad}→${endLoad}` })));
  } catch (error) {
    failed = `${part}: ${error instanceof Error ? error.message : String(error)}`;
    ctx.log(`${part}: FAILED — ${failed}`);
    save(failed);
    break;
  }
  save();
  ctx.log(`${part}: done in ${((Date.now() - partStarted) / 1000).toFixed(0)} s`);
}

console.log(
  `\nKASIH Outreach benchmarks — ${started.toISOString()} — commit ${commit}\n${machineNow()}\nparts: ${parts.join(", ")}; ${ctx.duration} s per load run, ${ctx.samples} requests per page\n`,
);
console.log(table(figures));
console.log(`\n(kept as ${path.relative(ROOT, out)})`);
if (failed) {
  console.error(`\nThe run stopped at ${failed}`);
  process.exitCode = 1;
}
