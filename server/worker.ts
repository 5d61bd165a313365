// The worker: `npm run worker` on its own, or beside the web server with `npm start`. It runs two
// loops: the outbox (sends email) and the job runner (imports, exports, campaign expansion,
// retention, housekeeping; decision 014). Several workers can share one database; each message
// and each job is claimed by exactly one of them.
import { runJobWorker } from "../app/modules/jobs/jobs.server";
import { runWorker } from "../app/modules/mail/worker.server";
import { db } from "../app/utils/db.server";

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
