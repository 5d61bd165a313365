/** One line of the printed table. */
export type Figure = { part: string; what: string; value: string; detail?: string };

export type BenchContext = {
  log: (line: string) => void;
  /** Seconds each load run lasts (BENCH_DURATION, default 10) */
  duration: number;
  /** Sequential requests per page measured (BENCH_SAMPLES, default 20) */
  samples: number;
};

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
export const fmt = {
  ms,
  perSecond: (n: number) => n.toFixed(n >= 100 ? 0 : 1),
  ratio: (n: number) => n.toFixed(2),
  kb: (bytes: number) => (bytes / 1024).toFixed(1),
};

/** A Markdown table, so the output can go into docs/benchmarks.md as it is. */
export function table(figures: Figure[]): string {
  const rows = [["part", "what", "value", "detail"], ...figures.map((f) => [f.part, f.what, f.value, f.detail ?? ""])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(rows[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}
