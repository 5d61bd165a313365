import autocannon, { type Options } from "autocannon";
import { cpuSeconds } from "./processes";

/** The value below which `p` per cent of the sorted samples fall (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export type LoadResult = {
  connections: number;
  seconds: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
};

/**
 * autocannon against one URL for a fixed time. Latencies are taken from every response (autocannon's
 * own summary has no p95), so p50/p95/p99 are exact over the run.
 */
export async function load(options: Options): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({ timeout: 30, ...options });
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    connections: options.connections ?? 10,
    seconds: result.duration,
    requests: latencies.length,
    perSecond: latencies.length / result.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

export type SampleResult = { samples: number; p50: number; p95: number; max: number; status: number; bytes: number; cpuPerRequest: number };

/**
 * Requests a page `samples` times one after another (after `warmup` unmeasured requests) and
 * returns the time to the full response body: the server's time plus a loopback round trip.
 * `url` may differ from one request to the next (the request's number, from 0, is given).
 */
export async function sample(
  url: string | ((request: number) => string),
  init: RequestInit,
  samples: number,
  serverPid?: number,
  warmup = 2,
): Promise<SampleResult> {
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  let cpuStart = NaN;
  for (let i = 0; i < warmup + samples; i++) {
    if (i === warmup) cpuStart = cpuSeconds(serverPid);
    const started = performance.now();
    const address = typeof url === "string" ? url : url(i);
    const response = await fetch(address, { ...init, redirect: "manual" });
    const body = await response.arrayBuffer();
    const elapsed = performance.now() - started;
    status = response.status;
    bytes = body.byteLength;
    if (status !== 200) throw new Error(`${address} answered ${status}`);
    if (i >= warmup) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  const cpuPerRequest = ((cpuSeconds(serverPid) - cpuStart) * 1000) / samples;
  return { samples, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)!, status, bytes, cpuPerRequest };
}
