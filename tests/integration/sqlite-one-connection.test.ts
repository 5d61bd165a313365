/**
 * One process, one SQLite connection (docs/decisions/012): a query outside a transaction must not
 * run inside another request's open transaction. Runs on both databases (on PostgreSQL every
 * transaction has a pooled connection of its own, so it must hold there too).
 */
import { describe, expect, it } from "vitest";
import { compactAfterErasure, db } from "../../app/utils/db.server";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A transaction that writes `label`, waits `holdMs` (as a request awaiting something would), then fails. */
function failingTransaction(label: string, holdMs: number) {
  return db
    .$transaction(async (tx) => {
      await tx.auditEntry.create({ data: { action: "CREATE", entityType: "OneConnection", entityId: label } });
      await pause(holdMs);
      throw new Error("this request failed");
    })
    .catch((error: Error) => error.message);
}

describe("another request's open transaction", () => {
  it("does not swallow a write made outside it: the write stays when that transaction rolls back", async () => {
    const open = failingTransaction("rolled back", 300);
    await pause(50);
    // Another request, meanwhile, outside any transaction.
    await db.auditEntry.create({ data: { action: "CREATE", entityType: "OneConnection", entityId: "kept" } });
    expect(await open).toBe("this request failed");
    const labels = (await db.auditEntry.findMany({ where: { entityType: "OneConnection" }, select: { entityId: true } })).map(
      (e) => e.entityId,
    );
    expect(labels).toEqual(["kept"]);
  });

  it("is not visible to a read made outside it before it commits", async () => {
    const open = failingTransaction("never committed", 300);
    await pause(50);
    expect(await db.auditEntry.count({ where: { entityType: "OneConnection", entityId: "never committed" } })).toBe(0);
    await open;
  });

  it("still lets its own work reach the database through the client (no waiting for itself)", async () => {
    const started = Date.now();
    const seen = await db.$transaction(async (tx) => {
      await tx.auditEntry.create({ data: { action: "CREATE", entityType: "OneConnection", entityId: "own" } });
      // A module called inside the transaction that uses the client instead of the transaction.
      return db.privacyNotice.count();
    });
    expect(seen).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it("keeps secure_delete on and the erasure's checkpoint working on the connection that writes", async () => {
    if (process.env.TEST_DATABASE === "postgresql") return;
    const [{ secure_delete }] = await db.$queryRawUnsafe<{ secure_delete: bigint | number }[]>("PRAGMA secure_delete");
    expect(Number(secure_delete)).toBe(1);
    const [{ journal_mode }] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(journal_mode).toBe("wal");
    await expect(compactAfterErasure()).resolves.toBeUndefined();
  });
});
