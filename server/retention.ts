// Retention from the command line. `npm run retention` is a dry run: it reports how many
// participants are past the retention period. `npm run retention -- --apply` anonymises them
// (the worker also does this once a day). Counts only: no personal data is printed.
import { runRetention } from "../app/modules/privacy/erasure.server";
import { db } from "../app/utils/db.server";
import { env } from "../app/utils/env.server";

const apply = process.argv.includes("--apply");
try {
  const result = await runRetention(null, { dryRun: !apply });
  const cutoff = result.cutoff.toISOString().slice(0, 10);
  console.log(`Retention ${env.RETENTION_MONTHS} months: participants whose last session ended before ${cutoff}.`);
  console.log(
    apply
      ? `Anonymised ${result.anonymised} of ${result.count}.`
      : `Due for anonymisation: ${result.count} (dry run; add --apply to anonymise).`,
  );
} finally {
  await db.$disconnect();
}
