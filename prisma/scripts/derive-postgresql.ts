/**
 * npm run db:derive   writes prisma/postgresql/ (schema and migrations) from prisma/schema.prisma
 *                     and prisma/migrations/
 * npm run db:check    fails when prisma/postgresql/ is not what db:derive would write, when the
 *                     schema has changes no migration makes, or when a hand-written SQLite
 *                     migration has no PostgreSQL counterpart
 */
import {
  compareDerived,
  DerivationError,
  derivePostgresql,
  existingDerivedFiles,
  HAND_WRITTEN,
  writeDerived,
  type Drift,
} from "./postgresql-derivation";

const check = process.argv.includes("--check");

function describe(drift: Drift): string[] {
  return [
    ...drift.missing.map((f) => `  missing    ${f}`),
    ...drift.different.map((f) => `  different  ${f}`),
    ...drift.extra.map((f) => `  extra      ${f}`),
  ];
}

try {
  const started = Date.now();
  const { files, handWritten } = await derivePostgresql();
  const missingCounterparts = handWritten.filter((m) => !m.counterpart);
  const problems: string[] = [];
  if (missingCounterparts.length) {
    problems.push(
      "These SQLite migrations hold SQL that Prisma does not generate from the schema (triggers, data changes or edits),",
      `so PostgreSQL needs its own version in ${HAND_WRITTEN}/<migration name>.sql (a comment saying why nothing is needed is fine):`,
      ...missingCounterparts.map((m) => `  ${HAND_WRITTEN}/${m.name}.sql`),
    );
  }
  if (check) {
    const drift = describe(compareDerived(files, existingDerivedFiles()));
    if (drift.length) problems.push("prisma/postgresql/ is out of date; run `npm run db:derive` and commit the result:", ...drift);
    if (problems.length) throw new DerivationError(problems.join("\n"));
    console.log(
      `prisma/postgresql/ matches prisma/schema.prisma and prisma/migrations/ (${((Date.now() - started) / 1000).toFixed(1)} s).`,
    );
  } else {
    const changes = describe(writeDerived(files));
    console.log(changes.length ? ["Updated prisma/postgresql/:", ...changes].join("\n") : "prisma/postgresql/ was already up to date.");
    if (problems.length) throw new DerivationError(problems.join("\n"));
  }
} catch (error) {
  if (!(error instanceof DerivationError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
