import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");

// Run far from Malaysia: every date must come out in Malaysian time whatever the server's zone.
process.env.TZ = "America/New_York";

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
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: "test", TZ: "America/New_York" },
  },
});
