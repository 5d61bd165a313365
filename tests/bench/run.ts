/**
 * `npm run bench` — figures, not pass/fail: throughput and latency of the public registration
 * POST against a minimal handler, server time of the big list and report pages on 100,000
 * registrations, a 10,000-email follow-up through the worker, cold start and the public page's
 * JavaScript. One part: `npm run bench -- registration` (parts: registration, pages, campaign,
 * startup, jobs). BENCH_DURATION (seconds per load run, default 10) and BENCH_SAMPLES (requests per
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
import { startupBench } from "./startup.bench";
import { ROOT, WORK } from "./support/bench-database";
import { APP_ROOT } from "./support/processes";
import { table, type BenchContext, type Figure } from "./support/report";

const PARTS: Record<string, (ctx: BenchContext) => Promise<Figure[]>> = {
  registration: registrationBench,
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

const figures: Figure[] = [];
// Each part's figures are kept as soon as it finishes, so a later part that dies loses only its own.
fs.mkdirSync(WORK, { recursive: true });
const partial = path.join(WORK, `partial-${started.toISOString().replace(/[:.]/g, "-")}.json`);
for (const part of parts) {
  const partStarted = Date.now();
  ctx.log(`${part}: starting`);
  figures.push(...(await PARTS[part](ctx)));
  ctx.log(`${part}: done in ${((Date.now() - partStarted) / 1000).toFixed(0)} s, load average ${os.loadavg()[0].toFixed(1)}`);
  fs.writeFileSync(
    partial,
    JSON.stringify({ started: started.toISOString(), finishedParts: parts.slice(0, parts.indexOf(part) + 1), figures }, null, 2),
  );
  console.log(table(figures.filter((f) => f.part === part)));
}

const commit = (() => {
  if (APP_ROOT !== ROOT) return `app from ${path.relative(ROOT, APP_ROOT)}`;
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, load average ${startLoad} at start, ${os.loadavg()[0].toFixed(1)} at the end`;

console.log(
  `\nKASIH Outreach benchmarks — ${started.toISOString()} — commit ${commit}\n${machine}\nparts: ${parts.join(", ")}; ${ctx.duration} s per load run, ${ctx.samples} requests per page\n`,
);
console.log(table(figures));

fs.mkdirSync(WORK, { recursive: true });
const out = path.join(WORK, `results-${started.toISOString().replace(/[:.]/g, "-")}.json`);
fs.writeFileSync(
  out,
  JSON.stringify(
    { started: started.toISOString(), commit, machine, parts, duration: ctx.duration, samples: ctx.samples, figures },
    null,
    2,
  ),
);
fs.rmSync(partial, { force: true });
console.log(`\n(kept as ${path.relative(ROOT, out)})`);
