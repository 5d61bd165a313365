// The worker: `npm run worker` on its own, or beside the web server with `npm start`. It runs two
// loops: the outbox (sends email) and the job runner (imports, exports, campaign expansion,
// retention, housekeeping; decision 014). Several workers can share one database; each message
// and each job is claimed by exactly one of them.
import os from "node:os";
import { runJobWorker } from "../app/modules/jobs/jobs.server";
import { runWorker } from "../app/modules/mail/worker.server";
import { db } from "../app/utils/db.server";
import { env } from "../app/utils/env.server";

// People waiting for a page come first: on a machine shared with the web server, the worker's
// heavy work (a 10,000-row import, a 100,000-row export, a campaign) runs on the CPU the web server
// leaves free instead of taking turns with it (issue 14's measurements, docs/benchmarks.md).
try {
  os.setPriority(env.WORKER_NICENESS);
} catch (error) {
  console.warn("[worker] could not lower its priority", error instanceof Error ? error.message : "");
}

const stop = new AbortController();
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => stop.abort());
}

Promise.all([runWorker(stop.signal), runJobWorker(stop.signal)])
  .catch((error) => {
    console.error("[worker] stopped on an error", error instanceof Error ? error.name : "");
    process.exitCode = 1;
    stop.abort();
  })
  .finally(() => db.$disconnect());
