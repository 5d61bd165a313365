import { db } from "../../app/utils/db.server";

const TABLES = {
  person: "Person",
  registration: "Registration",
  consent: "Consent",
  message: "Message",
  audit: "AuditEntry",
  feedback: "Feedback",
  session: "Session",
  job: "Job",
  school: "School",
  district: "District",
} as const;
export type RowCounts = Record<keyof typeof TABLES, number>;

// One round trip for every table: the fuzz tests count before and after each of thousands of runs.
const QUERY = `SELECT ${Object.entries(TABLES)
  .map(([key, table]) => `(SELECT COUNT(*) FROM "${table}") AS "${key}"`)
  .join(", ")}`;

/**
 * Rows in the tables a public form or an import can write, so a test can check that a refused
 * submission wrote nothing and an accepted one wrote what it said.
 */
export async function rowCounts(): Promise<RowCounts> {
  const [row] = await db.$queryRawUnsafe<Record<string, number | bigint>[]>(QUERY);
  return Object.fromEntries(Object.keys(TABLES).map((key) => [key, Number(row[key])])) as RowCounts;
}

/** The tables whose counts differ, with the change in each. */
export function countChanges(before: RowCounts, after: RowCounts): Partial<RowCounts> {
  const changes: Partial<RowCounts> = {};
  for (const key of Object.keys(before) as (keyof RowCounts)[]) {
    if (after[key] !== before[key]) changes[key] = after[key] - before[key];
  }
  return changes;
}
