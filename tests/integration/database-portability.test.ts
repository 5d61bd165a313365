/**
 * What the two databases do differently, pinned down: this file runs on SQLite (`npm test`) and on
 * PostgreSQL (`npm run test:postgres`) and must pass on both.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { listMaterials } from "../../app/modules/materials/materials.server";
import { receiveStock, transferStock } from "../../app/modules/materials/stock.server";
import { listUsers } from "../../app/modules/users/users.server";
import { isTransientConflict } from "../../app/utils/database-errors";
import { db } from "../../app/utils/db.server";
import { makeUser } from "../support/factories";
import { twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
beforeAll(async () => {
  world = await twoStates();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the audit trail", () => {
  it("is append-only in the database itself: entries cannot be changed or deleted", async () => {
    const entry = await db.auditEntry.create({ data: { action: "CREATE", entityType: "Test", entityId: "1" } });
    // The refusal is the database's (a trigger), so each driver words it its own way.
    await expect(db.auditEntry.update({ where: { id: entry.id }, data: { action: "DELETE" } })).rejects.toThrow();
    await expect(db.auditEntry.delete({ where: { id: entry.id } })).rejects.toThrow();
    await expect(db.auditEntry.deleteMany({})).rejects.toThrow();
    expect(await db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ action: "CREATE" });
  });
});

describe("searching", () => {
  it("ignores case in titles and names, as SQLite's LIKE does", async () => {
    await db.material.create({
      data: { code: "RIS-15999", titleMs: "Risalah Talian Kasih 15999", titleEn: "Talian Kasih 15999 pamphlet", kind: "PAMPHLET" },
    });
    for (const q of ["talian kasih", "TALIAN", "Pamphlet"]) {
      expect(
        (await listMaterials(world.admin, { q }, 1)).items.map((m) => m.code),
        q,
      ).toEqual(["RIS-15999"]);
    }
    await makeUser(db, { role: "VIEWER", name: "Puan Zaleha Binti Omar" });
    expect((await listUsers(world.admin, { q: "zaleha" }, 1)).items.map((u) => u.name)).toEqual(["Puan Zaleha Binti Omar"]);
  });
});

describe("concurrent writers", () => {
  it("transactions that deadlock are run again, not reported as errors", async () => {
    const states = ["01", "02"];
    let attempts = 0;
    // Two transactions taking the same two rows in opposite orders: on PostgreSQL one of them is
    // chosen as the deadlock victim and has to run again; on SQLite they simply take turns.
    const crossing = (first: string, second: string) =>
      db.$transaction(async (tx) => {
        attempts++;
        await tx.state.update({ where: { code: first }, data: { kind: "STATE" } });
        await pause(150);
        await tx.state.update({ where: { code: second }, data: { kind: "STATE" } });
        return "done";
      });
    expect(await Promise.all([crossing(states[0], states[1]), crossing(states[1], states[0])])).toEqual(["done", "done"]);
    expect(attempts).toBeGreaterThanOrEqual(2);
  });

  it("recognises a deadlock and a write conflict as worth another try, and nothing else", () => {
    expect(isTransientConflict({ name: "DriverAdapterError", cause: { kind: "postgres", code: "40P01" } })).toBe(true);
    expect(isTransientConflict({ name: "PrismaClientKnownRequestError", code: "P2034" })).toBe(true);
    expect(isTransientConflict({ name: "PrismaClientKnownRequestError", code: "P2002" })).toBe(false);
    expect(isTransientConflict({ name: "DriverAdapterError", cause: { kind: "postgres", code: "23505" } })).toBe(false);
    expect(isTransientConflict(new Error("deadlock detected"))).toBe(false);
  });

  it("transfers crossing between two state offices all complete, and no stock appears or vanishes", async () => {
    const card = await db.material.create({
      data: { code: "KAD-15999", titleMs: "Kad Talian Kasih 15999", titleEn: "Talian Kasih 15999 card", kind: "CARD" },
    });
    for (const stateCode of ["05", "10"])
      await receiveStock(world.admin, { intent: "receive", stateCode, materialId: card.id, quantity: 100, reference: "HQ" });
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) => {
        const [from, to] = i % 2 ? ["05", "10"] : ["10", "05"];
        return transferStock(world.admin, {
          intent: "transfer",
          stateCode: from,
          toStateCode: to,
          materialId: card.id,
          quantity: 5,
          reference: `T${i}`,
        });
      }),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const balances = await db.stockBalance.findMany({
      where: { materialId: card.id },
      orderBy: { stateCode: "asc" },
      select: { stateCode: true, quantity: true },
    });
    expect(balances).toEqual([
      { stateCode: "05", quantity: 100 },
      { stateCode: "10", quantity: 100 },
    ]);
  });
});
