import type { Prisma } from "@prisma/client";
import { isUniqueViolation } from "./database-errors";
import { db } from "./db.server";
import { keyedHash } from "./keyed-hash.server";

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A fixed-window counter kept in the database, so every app server counts the same requests.
 * `name` names the limit ("register") and `client` who is counted (an address), which is stored
 * only as a keyed hash: the address is used for the limit and never kept.
 */
export async function hitRateLimit(name: string, client: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
  const key = `${name}:${keyedHash(client)}`;
  const now = new Date();
  const windowEnds = new Date(now.getTime() + windowSeconds * 1000);
  await db.rateLimitBucket.deleteMany({ where: { key, windowEnds: { lte: now } } });
  let bucket;
  try {
    bucket = await db.rateLimitBucket.upsert({
      where: { key },
      create: { key, count: 1, windowEnds },
      update: { count: { increment: 1 } },
    });
  } catch (error) {
    // Two first hits raced to create the bucket; the loser counts into the winner's.
    if (!isUniqueViolation(error)) throw error;
    bucket = await db.rateLimitBucket.update({ where: { key }, data: { count: { increment: 1 } } });
  }
  if (bucket.count <= limit) return { allowed: true };
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((bucket.windowEnds.getTime() - now.getTime()) / 1000)),
  };
}

/** Drops expired buckets; called by the worker now and then. */
export function pruneRateLimits(): Promise<Prisma.BatchPayload> {
  return db.rateLimitBucket.deleteMany({ where: { windowEnds: { lte: new Date() } } });
}
