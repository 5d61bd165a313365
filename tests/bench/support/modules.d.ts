// The few parts of an untyped package the benchmarks use (it ships no types of its own).

declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer };
  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    pipelining?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: (Request & { setupRequest?: (request: Request) => Request })[];
  };
  export type Result = {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    requests: { total: number; average: number };
    latency: { p50: number; p90: number; p99: number; average: number };
  };
  export type Instance = EventEmitter & Promise<Result> & { stop(): void };
  function autocannon(options: Options): Instance;
  export default autocannon;
}
