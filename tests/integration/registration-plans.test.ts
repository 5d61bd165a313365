import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import * as publicForm from "../../app/routes/r.$code";
import { db } from "../../app/utils/db.server";
import { makeEvent } from "../support/factories";
import { publicFormFields } from "../support/registrations";
import { callAction } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";
import { TEST_PROVIDER } from "../support/test-database";

/**
 * SQLite's planner decides from the statistics `PRAGMA optimize` gathers (at the server's start
 * and with the worker's chores). Staff actions leave the audit log's form token empty, and the
 * statistics count those as one value shared by every row: a join on the token was planned as a
 * scan of the whole audit log, on every public registration, and kept while the log grew (a
 * registration's CPU grew by half within one benchmark). Every statement of the public
 * registration must stay an index lookup.
 */
type StatementMethod = (this: { source: string }, ...params: unknown[]) => unknown;
type StatementClass = { get: StatementMethod; all: StatementMethod; run: StatementMethod };

let world: Awaited<ReturnType<typeof twoStates>>;
beforeAll(async () => {
  world = await twoStates();
});

/** Runs `work`, answering the SQL text of every statement the app ran on its SQLite connection. */
async function statementsRunBy(work: () => Promise<unknown>): Promise<string[]> {
  const probe = new Database(":memory:");
  const prototype = Object.getPrototypeOf(probe.prepare("SELECT 1")) as StatementClass;
  probe.close();
  const seen = new Set<string>();
  const originals = { get: prototype.get, all: prototype.all, run: prototype.run };
  for (const name of ["get", "all", "run"] as const) {
    prototype[name] = function (this: { source: string }, ...params) {
      seen.add(this.source);
      return originals[name].apply(this, params);
    };
  }
  try {
    await work();
  } finally {
    Object.assign(prototype, originals);
  }
  return [...seen];
}

describe.skipIf(TEST_PROVIDER !== "sqlite")("the public registration's statements on an analysed SQLite database", () => {
  it("look rows up by index, never scanning a table, however long the audit log", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2030-10-01T09:00") });
    // A busy office's audit log: thousands of staff actions, none from a public form.
    await db.auditEntry.createMany({
      data: Array.from({ length: 3000 }, (_, n) => ({ action: "UPDATE", entityType: "School", entityId: `school-${n}` })),
    });
    // The statistics in full (`PRAGMA optimize` samples them, and gives the same plan while the log is short).
    await db.$executeRawUnsafe("ANALYZE");
    const sent = publicFormFields(123);
    const register = () =>
      callAction(publicForm.action, { url: "/", clientIp: "192.0.2.170", params: { code: event.publicCode }, form: sent });
    let status = 0;
    const statements = await statementsRunBy(async () => {
      status = (await register()).status;
      // The same form again: the token is found, the first answer given.
      expect((await register()).status).toBe(302);
    });
    expect(status).toBe(302);
    expect(statements.some((sql) => sql.includes('"formToken"'))).toBe(true);

    const planner = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""), { readonly: true });
    try {
      const scans = statements
        .filter((sql) => !/^(BEGIN|COMMIT|ROLLBACK)/.test(sql))
        .flatMap((sql) => {
          const explain = planner.prepare(`EXPLAIN QUERY PLAN ${sql}`);
          const plan = explain.all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => "x")) as { detail: string }[];
          // Scans of the constants a statement builds itself ("submission", "decided", the rate limit's VALUES) read no table.
          return plan
            .map((step) => step.detail)
            .filter((step) => /^SCAN (?!CONSTANT ROW|submission|decided|\d+-ROW VALUES CLAUSE)/.test(step));
        });
      expect(scans).toEqual([]);
    } finally {
      planner.close();
    }
  });
});
