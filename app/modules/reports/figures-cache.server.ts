import { env } from "~/utils/env.server";

/**
 * How long national figures are kept (production only): a minute. They are sums over the whole
 * country (about 100 ms of database work for 100,000 registrations); a minute old is as good to
 * the ministry, and a page left open and reloaded, or several officers at once, then costs one
 * computation a minute. A state coordinator's figures, small and watched on the day, are never
 * kept. Each server process keeps its own, so two servers may differ by up to a minute.
 */
export const NATIONAL_FIGURES_SECONDS = 60;

const kept = new Map<string, { until: number; value: Promise<unknown> }>();
// A handful of filter combinations are in use at a time; the bound only stops a slow leak.
const MAX_KEPT = 200;

/**
 * The figures for `key` (the where-clauses they are computed from, so two views share them only
 * when they would be the same), computed once per NATIONAL_FIGURES_SECONDS. Requests arriving
 * while they are computed wait for that computation rather than starting their own.
 */
export function keptFigures<T>(key: unknown, compute: () => Promise<T>, now = Date.now()): Promise<T> {
  if (env.NODE_ENV !== "production") return compute();
  const id = JSON.stringify(key);
  const found = kept.get(id);
  if (found && found.until > now) return found.value as Promise<T>;
  if (kept.size >= MAX_KEPT) kept.clear();
  const value = compute();
  kept.set(id, { until: now + NATIONAL_FIGURES_SECONDS * 1000, value });
  // A failure is not kept: the next request tries again.
  value.catch(() => kept.delete(id));
  return value;
}
