import path from "node:path";

/** Where the zero-setup SQLite database lives when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = "file:./data/kasih.db";

export type DatabaseTarget =
  { provider: "sqlite"; url: string; filePath: string } | { provider: "postgresql"; url: string; poolSize: number };

/** Connections each process (web server or worker) keeps to PostgreSQL unless DATABASE_POOL_SIZE says otherwise. */
export const DEFAULT_POOL_SIZE = 10;

/**
 * Reads DATABASE_URL (or the default) and says which database it selects.
 * Relative SQLite paths are resolved from the working directory, which is the project root
 * for every npm script.
 */
export function resolveDatabaseTarget(
  rawUrl: string | undefined = process.env.DATABASE_URL,
  rawPoolSize: string | undefined = process.env.DATABASE_POOL_SIZE,
): DatabaseTarget {
  const url = rawUrl?.trim() || DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//.test(url)) {
    const poolSize = rawPoolSize?.trim() ? Number(rawPoolSize) : DEFAULT_POOL_SIZE;
    if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 200) {
      throw new Error(`DATABASE_POOL_SIZE must be a whole number from 1 to 200; got "${rawPoolSize}"`);
    }
    return { provider: "postgresql", url, poolSize };
  }
  if (url.startsWith("file:")) {
    const filePath = path.resolve(url.slice("file:".length));
    return { provider: "sqlite", url: `file:${filePath}`, filePath };
  }
  throw new Error(`DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.split(":")[0]}:…"`);
}
