import path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const root = path.resolve(import.meta.dirname, "..");

// Run far from Malaysia: every date must come out in Malaysian time whatever the server's zone.
process.env.TZ = "America/New_York";

/**
 * The files that take longest (measured on SQLite, 2 cores: the fuzz files 90–190 s each, the
 * worker crash 75 s, the 200-registration load 30 s), slowest first.
 */
const SLOWEST = [
  "fuzz-public-registration",
  "fuzz-check-in-sync",
  "fuzz-imports",
  "fuzz-public-forms",
  "email-worker-crash",
  "registration-under-load",
];

/**
 * Starts the longest files first, so two workers finish together rather than one running a fuzz
 * file alone at the end. Vitest orders by the durations it cached on an earlier run, but a clean
 * clone (CI) has none and falls back to file size, which put the slowest files last.
 */
class SlowFirstSequencer extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = SLOWEST.findIndex((name) => file.moduleId.includes(`/${name}.`));
      return index === -1 ? SLOWEST.length : index;
    };
    // Array.prototype.sort is stable: the rest keep Vitest's own order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  root,
  resolve: { alias: { "~": path.join(root, "app") } },
  test: {
    include: ["tests/integration/**/*.test.{ts,tsx}"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/per-file-database.ts"],
    pool: "forks",
    // vitest leaves one core free by default, which on these 2-core machines means one file at a
    // time; on SQLite the files wait on the disk and SMTP often enough that two run well side by
    // side. On PostgreSQL the server needs the second core: two files at once gained little, and
    // starved the 200-registration load test of connections until a transaction gave up waiting.
    maxWorkers: process.env.TEST_DATABASE === "postgresql" ? 1 : 2,
    sequence: { sequencer: SlowFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: "test", TZ: "America/New_York" },
  },
});
