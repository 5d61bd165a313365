import { env } from "~/utils/env.server";

/**
 * How long national figures are kept (production only): a minute. They are sums over the whole
 * country (three statements, about 100 ms of server time for 100,000 registrations on SQLite,
 * docs/decisions/019); a minute old is as good to the ministry, and a page left open and reloaded,
 * or several officers at once, then costs one computation a minute. Each server process keeps its
 * own, so two servers may differ by up to a minute.
 */
export const NATIONAL_FIGURES_SECONDS = 60;

/**
 * A state's or a school's figures are kept 20 seconds: the time in which two phones at one door
 * already see each other's check-ins (docs/decisions/006), so a coordinator watching the day's
 * figures sees them as fresh as the hall does. They cost three statements (about 20–30 ms of server
 * time for a state), and a coordinator's dashboard is opened again and again on the day. Only sums
 * are kept, keyed by scope and filters: no names, nothing personal (docs/decisions/019).
 */
export const STATE_FIGURES_SECONDS = 20;

const kept = new Map<string, { until: number; value: Promise<unknown> }>();
// A handful of filter combinations are in use at a time; the bound only stops a slow leak.
const MAX_KEPT = 200;

/**
 * The figures for `key` (the where-clauses they are computed from, so two views share them only
 * when they would be the same), computed once per `seconds`. Requests arriving while they are
 * computed wait for that computation rather than starting their own.
 */
export function keptFigures<T>(key: unknown, compute: () => Promise<T>, seconds: number, now = Date.now()): Promise<T> {
  if (env.NODE_ENV !== "production") return compute();
  const id = JSON.stringify(key);
  const found = kept.get(id);
  if (found && found.until > now) return found.value as Promise<T>;
  if (kept.size >= MAX_KEPT) kept.clear();
  const value = compute();
  kept.set(id, { until: now + seconds * 1000, value });
  // A failure is not kept: the next request tries again.
  value.catch(() => kept.delete(id));
  return value;
}
