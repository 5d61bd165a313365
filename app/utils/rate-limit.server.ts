import type { Prisma } from "@prisma/client";
import { db } from "./db.server";
import { readInstant, sqlInstant, sqlStatement } from "./driver-sql.server";
import { keyedHash } from "./keyed-hash.server";

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** One counter: `name` names the limit ("register"), `client` who or what is counted. */
export type RateLimitHit = { name: string; client: string; limit: number; windowSeconds: number };

// As long as a Prisma query would wait for SQLite's lock (db.server.ts).
const MAX_WAIT_MS = 10_000;

/**
 * Fixed-window counters kept in the database, so every app server counts the same requests. What
 * is counted (an address, a phone number) is stored only as a keyed hash. All the counters of one
 * request move in one statement: an upsert that starts a bucket afresh once its window has ended
 * (so no separate delete), and returns every count. Refused when any counter is over its limit;
 * the wait is the longest of those. Throws DatabaseSaturated when the database could not count
 * within `maxWaitMs`.
 */
export async function hitRateLimits(hits: RateLimitHit[], maxWaitMs = MAX_WAIT_MS): Promise<RateLimitResult> {
  if (hits.length === 0) return { allowed: true };
  const now = new Date();
  const rows = hits.map((hit) => ({
    key: `${hit.name}:${keyedHash(hit.client)}`,
    windowEnds: sqlInstant(new Date(now.getTime() + hit.windowSeconds * 1000)),
    limit: hit.limit,
  }));
  const nowText = sqlInstant(now);
  const counted = await sqlStatement(
    (sql) =>
      sql.all<{ key: string; count: number; windowEnds: string }>(
        `INSERT INTO "RateLimitBucket" ("key", "count", "windowEnds") VALUES ${rows.map(() => "(?, 1, ?)").join(", ")}
         ON CONFLICT ("key") DO UPDATE SET
           "count" = CASE WHEN "RateLimitBucket"."windowEnds" <= ? THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
           "windowEnds" = CASE WHEN "RateLimitBucket"."windowEnds" <= ? THEN excluded."windowEnds" ELSE "RateLimitBucket"."windowEnds" END
         RETURNING "key", "count", "windowEnds"`,
        [...rows.flatMap((r) => [r.key, r.windowEnds]), nowText, nowText],
      ),
    maxWaitMs,
  );
  // Measured from now, after the count: an earlier request of the same instant may have opened the window.
  const countedAt = Date.now();
  let wait = 0;
  for (const bucket of counted) {
    const row = rows.find((r) => r.key === bucket.key);
    if (!row || Number(bucket.count) <= row.limit) continue;
    const ends = readInstant(bucket.windowEnds)!.getTime();
    wait = Math.max(wait, Math.max(1, Math.ceil((ends - countedAt) / 1000)));
  }
  return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
}

/** One counter; see hitRateLimits. */
export function hitRateLimit(name: string, client: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
  return hitRateLimits([{ name, client, limit, windowSeconds }]);
}

/** Drops expired buckets; called by the worker now and then. */
export function pruneRateLimits(): Promise<Prisma.BatchPayload> {
  return db.rateLimitBucket.deleteMany({ where: { windowEnds: { lte: new Date() } } });
}
