import { getEventListeners } from "node:events";
import { beforeAll, describe, expect, it } from "vitest";
import { createExportJob } from "../../app/modules/exports/export-jobs.server";
import { translateError } from "../../app/modules/i18n/i18n";
import { jobQueue, JobError } from "../../app/modules/jobs/job-queue.server";
import { runClaimedJob, type JobHandlers } from "../../app/modules/jobs/job-runner.server";
import { runJobsUntilIdle, runJobWorker } from "../../app/modules/jobs/jobs.server";
import * as exportJobPage from "../../app/routes/_app.exports.$jobId";
import { db } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { makeUser } from "../support/factories";
import { callLoader, cookieFor } from "../support/route-calls";
import { twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
beforeAll(async () => {
  world = await twoStates();
});

/** Handlers for every kind that do what the test says (only HOUSEKEEPING is used). */
function handlersDoing(run: JobHandlers["HOUSEKEEPING"]["run"]): JobHandlers {
  const handler = { run };
  return {
    SCHOOL_IMPORT: handler,
    REGISTRATION_IMPORT: handler,
    EXPORT: handler,
    CAMPAIGN_EXPANSION: handler,
    RETENTION: handler,
    HOUSEKEEPING: handler,
  };
}

describe("the job runner", () => {
  it("a failing export stops with its reason, and its page shows it", async () => {
    const leaver = await makeUser(db, { role: "COORDINATOR", stateCode: "05", name: "Pegawai Berpindah" });
    const jobId = await createExportJob(
      { id: leaver.id, role: "COORDINATOR", stateCode: "05", schoolId: null },
      { dataset: "events", format: "csv", contacts: false },
      "ms",
    );
    await db.user.update({ where: { id: leaver.id }, data: { active: false } });
    await runJobsUntilIdle({ kinds: ["EXPORT"] });
    // Not retried: the input itself is what fails.
    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      status: "FAILED",
      error: "errors.job.ownerInactive",
      attempts: 1,
    });
    const page = await callLoader(exportJobPage.loader, {
      url: `/exports/${jobId}`,
      cookie: await cookieFor(world.admin.id),
      params: { jobId },
    });
    expect(page.data.job).toMatchObject({ status: "FAILED", error: "errors.job.ownerInactive" });
    expect(translateError("ms", page.data.job.error)).toBe("orang yang memulakannya tidak lagi mempunyai akaun aktif.");
  });

  it("retries an unexpected error after a pause, keeping its words, then fails for good after the last attempt", async () => {
    const jobId = (await jobQueue.enqueue({ kind: "HOUSEKEEPING", maxAttempts: 2 }))!;
    const failing = handlersDoing(() => Promise.reject(new TypeError("cannot read the file")));
    await runClaimedJob(failing, (await jobQueue.claim("runner-a", new Date(), ["HOUSEKEEPING"]))!);
    const retrying = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(retrying).toMatchObject({ status: "QUEUED", error: "TypeError: cannot read the file", attempts: 1, lockedBy: null });
    expect(retrying.runAt.getTime()).toBeGreaterThan(Date.now());
    // Not before its pause.
    expect(await jobQueue.claim("runner-a", new Date(), ["HOUSEKEEPING"])).toBeNull();
    const later = new Date(retrying.runAt.getTime() + 1);
    await runClaimedJob(failing, (await jobQueue.claim("runner-a", later, ["HOUSEKEEPING"]))!);
    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      status: "FAILED",
      error: "TypeError: cannot read the file",
      attempts: 2,
    });
    // Resumed by the user, it runs again.
    expect(await jobQueue.retry(jobId)).toBe(true);
    await runClaimedJob(
      handlersDoing(async () => ({ processed: 1 })),
      (await jobQueue.claim("runner-a", new Date(), ["HOUSEKEEPING"]))!,
    );
    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "DONE", error: null, processed: 1 });
  });

  it("gives a job to one runner only, however many ask at once", async () => {
    const jobId = (await jobQueue.enqueue({ kind: "HOUSEKEEPING" }))!;
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => jobQueue.claim(`runner-${i}`, new Date(), ["HOUSEKEEPING"])));
    expect(claims.filter((c) => c?.id === jobId)).toHaveLength(1);
    await db.job.update({ where: { id: jobId }, data: { status: "DONE" } });
  });

  it("a job stopped by the user ends at its next chunk, and the runner keeps nothing of it", async () => {
    const jobId = (await jobQueue.enqueue({ kind: "HOUSEKEEPING", total: 100 }))!;
    let chunks = 0;
    let abandoned = false;
    const handlers = handlersDoing(async ({ progress }) => {
      for (let i = 1; i <= 100; i++) {
        chunks = i;
        if (i === 3) await jobQueue.cancel(jobId);
        await progress({ processed: i });
      }
      return { processed: 100 };
    });
    handlers.HOUSEKEEPING = { ...handlers.HOUSEKEEPING, abandoned: async () => void (abandoned = true) };
    expect(await runClaimedJob(handlers, (await jobQueue.claim("runner-a", new Date(), ["HOUSEKEEPING"]))!)).toBe("lost");
    expect(chunks).toBe(3);
    expect(abandoned).toBe(true);
    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "CANCELLED", processed: 2 });
  });

  it("rests between a job's chunks as long as each chunk took, leaving the database to others", async () => {
    const jobId = (await jobQueue.enqueue({ kind: "HOUSEKEEPING" }))!;
    const chunks: { start: number; end: number }[] = [];
    const handlers = handlersDoing(async ({ nextChunk }) => {
      for (let i = 0; i < 4; i++) {
        await nextChunk();
        const start = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 40));
        chunks.push({ start, end: performance.now() });
      }
    });
    const rest = env.JOB_CHUNK_REST;
    env.JOB_CHUNK_REST = 1;
    try {
      expect(await runClaimedJob(handlers, (await jobQueue.claim("runner-rest", new Date(), ["HOUSEKEEPING"]))!)).toBe("done");
    } finally {
      env.JOB_CHUNK_REST = rest;
    }
    expect(chunks).toHaveLength(4);
    // Each pause is at least the chunk before it (a timer never fires early by more than a millisecond).
    for (let i = 1; i < chunks.length; i++) {
      expect(chunks[i].start - chunks[i - 1].end).toBeGreaterThanOrEqual(chunks[i - 1].end - chunks[i - 1].start - 2);
    }
    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "DONE" });
  });

  it("queues recurring work once, however many workers schedule it", async () => {
    const now = new Date();
    await Promise.all([
      jobQueue.enqueue({ kind: "HOUSEKEEPING", dedupeKey: "slot-1", runAt: now }),
      jobQueue.enqueue({ kind: "HOUSEKEEPING", dedupeKey: "slot-1", runAt: now }),
    ]);
    expect(await db.job.count({ where: { dedupeKey: "slot-1" } })).toBe(1);
    expect(await jobQueue.enqueue({ kind: "HOUSEKEEPING", dedupeKey: "slot-1" })).toBeNull();
    await db.job.updateMany({ where: { dedupeKey: "slot-1" }, data: { status: "DONE" } });
  });

  it("refuses a permanent JobError without retrying", async () => {
    const jobId = (await jobQueue.enqueue({ kind: "HOUSEKEEPING" }))!;
    await runClaimedJob(
      handlersDoing(() => Promise.reject(new JobError("errors.job.notFound"))),
      (await jobQueue.claim("r", new Date(), ["HOUSEKEEPING"]))!,
    );
    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      status: "FAILED",
      error: "errors.job.notFound",
      attempts: 1,
    });
  });
});

describe("the worker's job loop", () => {
  it("polls for hours without piling up listeners on its stop signal, and stops when told", async () => {
    const pollMs = env.WORKER_POLL_MS;
    env.WORKER_POLL_MS = 5;
    const stop = new AbortController();
    try {
      // Nothing to run: every slot and the scheduler sleep and wake again, over and over.
      const loop = runJobWorker(stop.signal, { workerId: "listener-test" });
      await new Promise((resolve) => setTimeout(resolve, 400));
      // Each sleeping slot holds one listener at a time; a leak would leave one per poll (dozens by now).
      expect(getEventListeners(stop.signal, "abort").length).toBeLessThanOrEqual(env.JOB_CONCURRENCY + 1);
      stop.abort();
      await loop;
    } finally {
      env.WORKER_POLL_MS = pollMs;
    }
  });
});
