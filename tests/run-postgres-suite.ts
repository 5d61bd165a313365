/**
 * The whole suite on PostgreSQL: integration tests, the browser end-to-end tests and the
 * two-servers-two-workers test, each creating and dropping its own databases on the server at
 * TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
 *
 *   npm run test:postgres                 fails when no PostgreSQL answers
 *   npm run test:postgres -- --if-available
 *                                         (what `npm test` runs) says so and passes instead,
 *                                         unless TEST_POSTGRES_REQUIRED=1 (as in .ci/run)
 */
import { spawnSync } from "node:child_process";
import { postgresAnswers, TEST_POSTGRES_URL } from "./support/test-database";

const ifAvailable = process.argv.includes("--if-available") && process.env.TEST_POSTGRES_REQUIRED !== "1";
const where = (() => {
  const url = new URL(TEST_POSTGRES_URL);
  return `${url.hostname}:${url.port || 5432}`;
})();

if (!(await postgresAnswers())) {
  if (ifAvailable) {
    console.log(
      `\nNo PostgreSQL answers at ${where}: the suite ran on SQLite only. Start PostgreSQL (or set TEST_POSTGRES_URL) and run \`npm run test:postgres\`.\n`,
    );
    process.exit(0);
  }
  console.error(
    `No PostgreSQL answers at ${where} (TEST_POSTGRES_URL). Start it, e.g. pg_ctlcluster <version> main start, or point TEST_POSTGRES_URL at a server where this user may create databases.`,
  );
  process.exit(1);
}

const env = { ...process.env, TEST_DATABASE: "postgresql" };
const steps: [string, string[]][] = [
  ["integration", ["run", "test:integration"]],
  ["end-to-end", ["run", "test:e2e"]],
  ["two servers, two workers", ["run", "test:multi-server"]],
];
for (const [name, args] of steps) {
  const started = Date.now();
  console.log(`\n── PostgreSQL: ${name} ──`);
  const result = spawnSync("npm", args, { env, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`PostgreSQL: ${name} failed.`);
    process.exit(result.status ?? 1);
  }
  console.log(`── PostgreSQL: ${name} passed in ${Math.round((Date.now() - started) / 1000)} s ──`);
}
