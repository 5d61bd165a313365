import path from "node:path";
import { afterAll, afterEach, beforeEach, expect, vi } from "vitest";
import { createTestDatabase } from "./test-database";

// Each test file gets its own copy of the migrated database and its own data folder, set before
// any app module (and so the Prisma client) is imported.
const database = await createTestDatabase(path.basename(expect.getState().testPath ?? "test"));
process.env.DATABASE_URL = database.url;
process.env.DATA_DIR = database.dataDir;

// An unexpected console.error is a failure: it usually means a swallowed error or a React warning.
let consoleErrors: unknown[][] = [];
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  if (consoleErrors.length) {
    const first = consoleErrors[0].map(String).join(" ");
    consoleErrors = [];
    throw new Error(`console.error was called: ${first}`);
  }
});

afterAll(async () => {
  const { db } = await import("../../app/utils/db.server");
  await db.$disconnect();
  await database.drop();
});
