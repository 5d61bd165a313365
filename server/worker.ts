// The outbox worker: `npm run worker` on its own, or beside the web server with `npm start`.
// Several can run against one database; each message is claimed by exactly one of them.
import { runWorker } from "../app/modules/mail/worker.server";
import { db } from "../app/utils/db.server";

const stop = new AbortController();
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => stop.abort());
}

runWorker(stop.signal)
  .catch((error) => {
    console.error("[worker] stopped on an error", error instanceof Error ? error.name : "");
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
