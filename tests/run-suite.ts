/**
 * The whole suite, as `npm test` runs it, with the time of each part printed at the end:
 *
 *   tsx tests/run-suite.ts                  SQLite, then PostgreSQL when a server answers at
 *                                           TEST_POSTGRES_URL (required with TEST_POSTGRES_REQUIRED=1,
 *                                           as in .ci/run)
 *   tsx tests/run-suite.ts --sqlite         SQLite only (npm run test:sqlite)
 *   tsx tests/run-suite.ts --postgres       PostgreSQL only, failing when no server answers
 *                                           (npm run test:postgres)
 *
 * The app is built once for every part that serves it (browser tests on both databases, two
 * servers with two workers): building it again for each cost a minute or more per build on a busy
 * 2-core machine, for the same output.
 */
import { spawnSync } from "node:child_process";
import { postgresAnswers, TEST_POSTGRES_URL } from "./support/test-database";

type Part = { name: string; command: string[]; env?: NodeJS.ProcessEnv };

const only = process.argv.includes("--sqlite") ? "sqlite" : process.argv.includes("--postgres") ? "postgresql" : null;
const vitest = (config: string): string[] => ["npx", "vitest", "run", "--config", config];
const postgres = { ...process.env, TEST_DATABASE: "postgresql" };

const where = (() => {
  const url = new URL(TEST_POSTGRES_URL);
  return `${url.hostname}:${url.port || 5432}`;
})();

let withPostgres = only !== "sqlite";
if (withPostgres && !(await postgresAnswers())) {
  if (only === "postgresql" || process.env.TEST_POSTGRES_REQUIRED === "1") {
    console.error(
      `No PostgreSQL answers at ${where} (TEST_POSTGRES_URL). Start it, e.g. pg_ctlcluster <version> main start, or point TEST_POSTGRES_URL at a server where this user may create databases.`,
    );
    process.exit(1);
  }
  withPostgres = false;
}

const parts: Part[] = [{ name: "build", command: ["npm", "run", "build"] }];
if (only !== "postgresql") {
  parts.push(
    { name: "SQLite: integration", command: vitest("tests/vitest.config.ts") },
    { name: "SQLite: end-to-end", command: vitest("tests/e2e/vitest.config.ts") },
  );
}
if (withPostgres) {
  parts.push(
    { name: "PostgreSQL: integration", command: vitest("tests/vitest.config.ts"), env: postgres },
    { name: "PostgreSQL: end-to-end", command: vitest("tests/e2e/vitest.config.ts"), env: postgres },
    { name: "PostgreSQL: two servers, two workers", command: vitest("tests/multi-server/vitest.config.ts"), env: postgres },
  );
}

const times: [string, number][] = [];
const report = () => {
  const total = times.reduce((sum, [, seconds]) => sum + seconds, 0);
  console.log("\n── time per part ──");
  for (const [name, seconds] of times) console.log(`${name.padEnd(40)} ${String(seconds).padStart(5)} s`);
  console.log(`${"total".padEnd(40)} ${String(total).padStart(5)} s`);
};

for (const part of parts) {
  console.log(`\n── ${part.name} ──`);
  const started = Date.now();
  const result = spawnSync(part.command[0], part.command.slice(1), { env: part.env ?? process.env, stdio: "inherit" });
  times.push([part.name, Math.round((Date.now() - started) / 1000)]);
  if (result.status !== 0) {
    report();
    console.error(`${part.name} failed.`);
    process.exit(result.status ?? 1);
  }
}
report();
if (!withPostgres && only === null) {
  console.log(
    `\nNo PostgreSQL answers at ${where}: the suite ran on SQLite only. Start PostgreSQL (or set TEST_POSTGRES_URL) and run \`npm run test:postgres\`.`,
  );
}
