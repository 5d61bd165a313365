import { beforeAll, describe, expect, it } from "vitest";
import { maxUploadBytes } from "../../app/modules/files/stored-files.server";
import { recordDelivery, reverseDelivery, deliveryTotals, saveMaterialPlan } from "../../app/modules/materials/deliveries.server";
import { adjustStock, InsufficientStock, receiveStock, stockBalances, transferStock } from "../../app/modules/materials/stock.server";
import * as eventMaterialsPage from "../../app/routes/_app.events.$eventId.materials";
import * as packingListPage from "../../app/routes/_app.events.$eventId.packing-list";
import * as editMaterial from "../../app/routes/_app.materials.$materialId.edit";
import * as materialsPage from "../../app/routes/_app.materials._index";
import * as newMaterial from "../../app/routes/_app.materials.new";
import * as stockPage from "../../app/routes/_app.stock";
import * as materialFile from "../../app/routes/materials.$materialId.file";
import * as stockExport from "../../app/routes/stock-export";
import { db } from "../../app/utils/db.server";
import { makeEvent, makeRegistration, makeSchool } from "../support/factories";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { prototypePolluted } from "../support/hostile-input";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
let pamphlet: { id: string };
let event: Awaited<ReturnType<typeof makeEvent>>;

async function balance(stateCode: string, materialId: string) {
  const row = await db.stockBalance.findUnique({ where: { stateCode_materialId: { stateCode, materialId } } });
  const ledger = await db.stockMovement.aggregate({ where: { stateCode, materialId }, _sum: { quantity: true } });
  // The running balance always equals the sum of the ledger.
  expect(row?.quantity ?? 0).toBe(ledger._sum.quantity ?? 0);
  return row?.quantity ?? 0;
}

beforeAll(async () => {
  world = await twoStates();
  pamphlet = await db.material.create({
    data: {
      code: "RIS-15999",
      titleMs: "Risalah Talian Kasih 15999",
      titleEn: "Talian Kasih 15999 pamphlet",
      kind: "PAMPHLET",
      unit: "naskhah",
    },
  });
  event = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2026-03-10T09:00") });
});

describe("the stock ledger", () => {
  it("balances after receipts, deliveries, adjustments and transfers", async () => {
    await receiveStock(world.nsCoordinator, {
      intent: "receive",
      stateCode: "05",
      materialId: pamphlet.id,
      quantity: 500,
      reference: "HQ/2026/01",
    });
    expect(await balance("05", pamphlet.id)).toBe(500);
    expect(
      await recordDelivery(world.nsCoordinator, event.id, { materialId: pamphlet.id, quantity: 120, recipientType: "PIBG" }),
    ).toMatchObject({ ok: true });
    expect(await balance("05", pamphlet.id)).toBe(380);
    await adjustStock(world.nsCoordinator, {
      intent: "adjust",
      stateCode: "05",
      materialId: pamphlet.id,
      quantity: -30,
      reason: "DAMAGED",
    });
    expect(await balance("05", pamphlet.id)).toBe(350);
    await transferStock(world.nsCoordinator, {
      intent: "transfer",
      stateCode: "05",
      toStateCode: "10",
      materialId: pamphlet.id,
      quantity: 50,
    });
    expect(await balance("05", pamphlet.id)).toBe(300);
    expect(await balance("10", pamphlet.id)).toBe(50);
    const transfer = await db.stockMovement.findMany({ where: { type: { in: ["TRANSFER_OUT", "TRANSFER_IN"] } } });
    expect(new Set(transfer.map((t) => t.transferId)).size).toBe(1);
    expect(await db.auditEntry.count({ where: { entityType: { in: ["StockMovement", "Delivery"] } } })).toBe(4);
  });

  it("a delivery larger than the stock fails with a clear message and writes nothing", async () => {
    const before = { deliveries: await db.delivery.count(), movements: await db.stockMovement.count(), messages: await db.message.count() };
    const result = await recordDelivery(world.nsCoordinator, event.id, { materialId: pamphlet.id, quantity: 301, recipientType: "SCHOOL" });
    expect(result).toEqual({ ok: false, errors: { quantity: ["errors.stock.insufficient|available=300"] } });
    expect({
      deliveries: await db.delivery.count(),
      movements: await db.stockMovement.count(),
      messages: await db.message.count(),
    }).toEqual(before);
    await expect(
      adjustStock(world.nsCoordinator, { intent: "adjust", stateCode: "05", materialId: pamphlet.id, quantity: -1000, reason: "LOST" }),
    ).rejects.toBeInstanceOf(InsufficientStock);
    await expect(
      transferStock(world.selCoordinator, {
        intent: "transfer",
        stateCode: "10",
        toStateCode: "05",
        materialId: pamphlet.id,
        quantity: 51,
      }),
    ).rejects.toBeInstanceOf(InsufficientStock);
    expect(await balance("05", pamphlet.id)).toBe(300);
    expect(await balance("10", pamphlet.id)).toBe(50);
  });

  it("two deliveries racing for the last units: exactly one succeeds", async () => {
    const card = await db.material.create({ data: { code: "KAD-15999", titleMs: "Kad", titleEn: "Card", kind: "CARD", unit: "keping" } });
    await receiveStock(world.nsCoordinator, { intent: "receive", stateCode: "05", materialId: card.id, quantity: 100, reference: "HQ" });
    const results = await Promise.all([
      recordDelivery(world.nsCoordinator, event.id, { materialId: card.id, quantity: 80, recipientType: "PIBG" }),
      recordDelivery(world.liaison, event.id, { materialId: card.id, quantity: 80, recipientType: "SCHOOL" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await balance("05", card.id)).toBe(20);
    expect(await db.delivery.count({ where: { materialId: card.id } })).toBe(1);
  });

  it("a correction reverses through the ledger and keeps the history", async () => {
    const delivery = await db.delivery.findFirstOrThrow({ where: { materialId: pamphlet.id } });
    expect(await reverseDelivery(world.nsCoordinator, event.id, delivery.id, "Dikira dua kali")).toBe(true);
    expect(await reverseDelivery(world.nsCoordinator, event.id, delivery.id, "Sekali lagi")).toBe(false);
    expect(await balance("05", pamphlet.id)).toBe(420);
    expect(await db.stockMovement.count({ where: { deliveryId: delivery.id } })).toBe(2);
    expect(await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      quantity: 120,
      reversalReason: "Dikira dua kali",
    });
  });

  it("totals exclude reversed deliveries and group by school, district, programme and material", async () => {
    const byMaterial = await deliveryTotals(world.nsCoordinator, "material", {});
    expect(byMaterial.map((r) => [r.label.split(" · ")[0], r.quantity])).toEqual([["KAD-15999", 80]]);
    const bySchool = await deliveryTotals(world.nsCoordinator, "school", {});
    expect(bySchool).toEqual([expect.objectContaining({ label: "SMK SERI AMPANGAN", quantity: 80 })]);
    expect(await deliveryTotals(world.selCoordinator, "material", {})).toEqual([]);
  });

  it("totals add up across events, schools and districts, counting deliveries as well as units", async () => {
    const sticker = await db.material.create({
      data: {
        code: "PLK-15999",
        titleMs: "Pelekat Talian Kasih 15999",
        titleEn: "Talian Kasih 15999 sticker",
        kind: "STICKER",
        unit: "keping",
      },
    });
    await receiveStock(world.nsCoordinator, {
      intent: "receive",
      stateCode: "05",
      materialId: sticker.id,
      quantity: 100,
      reference: "HQ/PLK",
    });
    const jempol = await makeSchool(db, { code: "NBA5001", name: "SK BAHAU", stateCode: "05", district: "JEMPOL" });
    const elsewhere = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: jempol.id, startsAt: at("2026-03-20T09:00") });
    for (const [eventId, quantity] of [
      [event.id, 30],
      [elsewhere.id, 15],
      [elsewhere.id, 5],
      [elsewhere.id, 7],
    ] as const) {
      expect(
        await recordDelivery(world.nsCoordinator, eventId, { materialId: sticker.id, quantity, recipientType: "SCHOOL" }),
      ).toMatchObject({ ok: true });
    }
    const mistake = await db.delivery.findFirstOrThrow({ where: { materialId: sticker.id, quantity: 7 } });
    await reverseDelivery(world.nsCoordinator, elsewhere.id, mistake.id, "Salah kira");

    const totals = async (group: "material" | "school" | "district" | "programme" | "event") =>
      Object.fromEntries((await deliveryTotals(world.nsCoordinator, group, {})).map((r) => [r.label, [r.quantity, r.deliveries]]));
    expect(await totals("material")).toEqual({ "KAD-15999 · Kad": [80, 1], "PLK-15999 · Pelekat Talian Kasih 15999": [50, 3] });
    expect(await totals("school")).toEqual({ "SMK SERI AMPANGAN": [110, 2], "SK BAHAU": [20, 2] });
    expect(await totals("district")).toEqual({ SEREMBAN: [110, 2], JEMPOL: [20, 2] });
    expect(await totals("programme")).toEqual({ "KASIH NS 2026": [130, 4] });
    expect(Object.values(await totals("event"))).toEqual([
      [110, 2],
      [20, 2],
    ]);
    // A date range counts what was handed over within it.
    expect(await deliveryTotals(world.nsCoordinator, "programme", { from: at("2099-01-01T00:00") })).toEqual([]);
  });

  it("low stock shows against the threshold, and each coordinator sees their own state", async () => {
    await db.stockThreshold.create({ data: { stateCode: "05", materialId: pamphlet.id, lowAt: 500 } });
    const ns = await stockBalances(world.nsCoordinator, {});
    expect(ns.find((b) => b.materialId === pamphlet.id)).toMatchObject({ quantity: 420, lowAt: 500, low: true });
    expect(ns.every((b) => b.stateCode === "05")).toBe(true);
    const selangor = await stockBalances(world.selCoordinator, {});
    expect(selangor.map((b) => [b.stateCode, b.quantity])).toEqual([["10", 50]]);
  });

  it("a Selangor coordinator cannot move Negeri Sembilan's stock or deliver at its events", async () => {
    await expect(
      receiveStock(world.selCoordinator, { intent: "receive", stateCode: "05", materialId: pamphlet.id, quantity: 1, reference: "x" }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      recordDelivery(world.selCoordinator, event.id, { materialId: pamphlet.id, quantity: 1, recipientType: "SCHOOL" }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("the stock and materials pages", () => {
  it("receives stock through the page and explains bad input", async () => {
    const cookie = await cookieFor(world.nsCoordinator.id);
    const bad = await callAction(stockPage.action, {
      url: "/stock",
      cookie,
      form: { intent: "receive", stateCode: "05", materialId: pamphlet.id, quantity: "-5", reference: "" },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.result.error).toMatchObject({ quantity: [expect.stringMatching(/^errors.tooSmall/)], reference: ["errors.required"] });
    const ok = await callAction(stockPage.action, {
      url: "/stock",
      cookie,
      form: { intent: "receive", stateCode: "05", materialId: pamphlet.id, quantity: "80", reference: "HQ/2026/02" },
    });
    expect(ok.status).toBe(302);
    expect(await balance("05", pamphlet.id)).toBe(500);
    const tooMuch = await callAction(stockPage.action, {
      url: "/stock",
      cookie,
      form: { intent: "adjust", stateCode: "05", materialId: pamphlet.id, quantity: "-501", reason: "LOST" },
    });
    expect(tooMuch.data.result.error.quantity).toEqual(["errors.stock.insufficient|available=500"]);
  });

  it("exports the ledger as CSV within the user's state", async () => {
    const cookie = await cookieFor(world.selCoordinator.id);
    const csv = await callLoader(stockExport.loader, { url: "/stock-export?format=csv", cookie });
    expect(csv.data).toContain("Dipindah masuk");
    expect(csv.data).not.toContain("Diserahkan");
  });

  it("records a delivery to a named participant with a drawn signature; a forged signature is refused", async () => {
    const cookie = await cookieFor(world.liaison.id);
    const registration = await makeRegistration(db, { eventId: event.id, person: { fullName: "Puan Tan Mei Ling" } });
    const forged = await callAction(eventMaterialsPage.action, {
      url: "/",
      cookie,
      params: { eventId: event.id },
      form: {
        materialId: pamphlet.id,
        quantity: "1",
        recipientType: "PERSON",
        registrationId: registration.id,
        acknowledgedByName: "Tan",
        signature: 'M1 1"/><script>alert(1)</script>',
      },
    });
    expect(forged.status).toBe(400);
    expect(forged.data.result.error.signature).toEqual(["errors.delivery.signature"]);
    const ok = await callAction(eventMaterialsPage.action, {
      url: "/",
      cookie,
      params: { eventId: event.id },
      form: {
        materialId: pamphlet.id,
        quantity: "2",
        recipientType: "PERSON",
        registrationId: registration.id,
        acknowledgedByName: "Tan Mei Ling",
        acknowledgedByRole: "AJK PIBG",
        signature: "M10 20 L30 40 L50 45.5",
      },
    });
    expect(ok.status).toBe(302);
    const delivery = await db.delivery.findFirstOrThrow({ where: { recipientType: "PERSON" } });
    expect(delivery).toMatchObject({
      recipientName: "Puan Tan Mei Ling",
      quantity: 2,
      signatureSvg: "M10 20 L30 40 L50 45.5",
      acknowledgedByRole: "AJK PIBG",
    });
    expect(delivery.acknowledgedAt).not.toBeNull();
  });

  it("names a participant who received materials only to staff who may see participants; only stock keepers correct others' deliveries", async () => {
    const page = (userId: string) =>
      cookieFor(userId).then((cookie) => callLoader(eventMaterialsPage.loader, { url: "/", cookie, params: { eventId: event.id } }));
    const viewer = await page(world.viewer.id);
    expect(viewer.status).toBe(200);
    expect(viewer.data.people).toEqual([]);
    const toPerson = viewer.data.deliveries.find((d: { recipientType: string }) => d.recipientType === "PERSON");
    expect(toPerson).toMatchObject({ recipientName: null, acknowledgedByName: null, signatureSvg: null, quantity: 2 });
    const liaison = await page(world.liaison.id);
    expect(liaison.data.deliveries.find((d: { recipientType: string }) => d.recipientType === "PERSON")).toMatchObject({
      recipientName: "Puan Tan Mei Ling",
    });

    const byCoordinator = await recordDelivery(world.nsCoordinator, event.id, {
      materialId: pamphlet.id,
      quantity: 1,
      recipientType: "SCHOOL",
    });
    if (!byCoordinator.ok) throw new Error("expected a delivery");
    await expect(reverseDelivery(world.liaison, event.id, byCoordinator.id, "Salah")).rejects.toMatchObject({ status: 403 });
    const own = await db.delivery.findFirstOrThrow({ where: { recipientType: "PERSON", deliveredById: world.liaison.id } });
    expect(await reverseDelivery(world.liaison, event.id, own.id, "Salah nama")).toBe(true);
  });

  it("refuses stock movements of an unknown, retired or digital material with a message, not an error", async () => {
    const cookie = await cookieFor(world.nsCoordinator.id);
    const digital = await db.material.create({ data: { code: "PDF-1", titleMs: "Panduan", titleEn: "Guide", kind: "PDF", unit: "fail" } });
    for (const materialId of ["no-such-material", digital.id]) {
      const result = await callAction(stockPage.action, {
        url: "/stock",
        cookie,
        form: { intent: "receive", stateCode: "05", materialId, quantity: "5", reference: "X" },
      });
      expect(result.status).toBe(400);
      expect(result.data.result.error).toEqual({ materialId: ["errors.choose"] });
    }
    expect((await callAction(stockPage.action, { url: "/stock", cookie, form: { intent: "toString" } })).status).toBe(400);
  });

  it("records a delivery typed in later from a paper form at the time it happened, never in the future", async () => {
    const cookie = await cookieFor(world.nsCoordinator.id);
    const later = await callAction(eventMaterialsPage.action, {
      url: "/",
      cookie,
      params: { eventId: event.id },
      form: {
        materialId: pamphlet.id,
        quantity: "3",
        recipientType: "SCHOOL",
        acknowledgedByName: "Cikgu Azlan",
        deliveredAt: "2026-03-10T11:30",
      },
    });
    expect(later.status).toBe(302);
    expect(await db.delivery.findFirstOrThrow({ where: { acknowledgedByName: "Cikgu Azlan" } })).toMatchObject({
      deliveredAt: at("2026-03-10T11:30"),
      acknowledgedAt: at("2026-03-10T11:30"),
    });
    const future = await callAction(eventMaterialsPage.action, {
      url: "/",
      cookie,
      params: { eventId: event.id },
      form: { materialId: pamphlet.id, quantity: "3", recipientType: "SCHOOL", deliveredAt: "2099-01-01T09:00" },
    });
    expect(future.status).toBe(400);
    expect(future.data.result.error).toEqual({ deliveredAt: ["errors.delivery.inFuture"] });
  });

  it("a delivery to a school with an email queues a receipt for it", async () => {
    await db.school.update({ where: { id: world.nsSchool.id }, data: { email: "neb2069@moe.test" } });
    const result = await recordDelivery(world.nsCoordinator, event.id, {
      materialId: pamphlet.id,
      quantity: 10,
      recipientType: "PIBG",
      acknowledgedByName: "Encik Lim",
    });
    expect(result.ok).toBe(true);
    const receipt = await db.message.findFirstOrThrow({ where: { template: "materials-receipt" } });
    expect(receipt.toEmail).toBe("neb2069@moe.test");
    expect(JSON.parse(JSON.parse(receipt.payload).receipt)).toMatchObject({
      recipientName: "PIBG SMK SERI AMPANGAN",
      items: [{ quantity: 10 }],
    });
  });
});

describe("the materials plan for an event, and who handed materials over", () => {
  let planEvent: Awaited<ReturnType<typeof makeEvent>>;
  let poster: { id: string };
  const planPage = async (userId: string, form?: Record<string, string>) => {
    const cookie = await cookieFor(userId);
    return form
      ? callAction(eventMaterialsPage.action, { url: "/", cookie, params: { eventId: planEvent.id }, form })
      : callLoader(eventMaterialsPage.loader, { url: "/", cookie, params: { eventId: planEvent.id } });
  };
  const planned = async () =>
    Object.fromEntries((await db.materialPlanItem.findMany({ where: { eventId: planEvent.id } })).map((p) => [p.materialId, p.quantity]));
  const row = (data: { plan: { id: string }[] }, id: string) => data.plan.find((m) => m.id === id);

  beforeAll(async () => {
    planEvent = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2026-04-14T09:00") });
    poster = await db.material.create({
      data: { code: "POS-KASIH", titleMs: "Poster KASIH", titleEn: "KASIH poster", kind: "POSTER", unit: "set" },
    });
    for (const fullName of ["Cikgu Aminah", "Cikgu Ravi", "Puan Lee"])
      await makeRegistration(db, { eventId: planEvent.id, person: { fullName } });
  });

  it("offers the suggestion until a plan is saved, then shows what was planned beside what was delivered", async () => {
    const before = await planPage(world.nsCoordinator.id);
    expect(before.data.planSaved).toBeNull();
    expect(row(before.data, pamphlet.id)).toMatchObject({ suggested: 3, planned: null });
    expect(row(before.data, poster.id)).toMatchObject({ suggested: 5, planned: null });

    const saved = await planPage(world.nsCoordinator.id, { intent: "plan", [`plan.${pamphlet.id}`]: "40", [`plan.${poster.id}`]: "0" });
    expect(saved.status).toBe(302);
    expect(await planned()).toEqual({ [pamphlet.id]: 40, [poster.id]: 0 });
    const after = await planPage(world.viewer.id);
    expect(after.data.planSaved).toMatchObject({ by: "Penyelaras NS" });
    expect(row(after.data, pamphlet.id)).toMatchObject({ suggested: 3, planned: 40 });

    // Saving again replaces the plan: a blank leaves a material out.
    expect(
      (await planPage(world.nsCoordinator.id, { intent: "plan", [`plan.${pamphlet.id}`]: "35", [`plan.${poster.id}`]: "" })).status,
    ).toBe(302);
    expect(await planned()).toEqual({ [pamphlet.id]: 35 });
    const audit = await db.auditEntry.findMany({
      where: { entityType: "MaterialPlan", entityId: planEvent.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => [JSON.parse(a.before ?? "null"), JSON.parse(a.after ?? "null")])).toEqual([
      [{}, { [pamphlet.id]: 40, [poster.id]: 0 }],
      [{ [pamphlet.id]: 40, [poster.id]: 0 }, { [pamphlet.id]: 35 }],
    ]);
  });

  it("refuses wrong, oversized and hostile quantities with a message per field, keeps what was typed and changes nothing", async () => {
    const before = await planned();
    for (const [value, message] of [
      ["-1", /^errors.tooSmall/],
      ["2.5", /^errors.notWholeNumber/],
      ["1e9", /^errors.tooLarge/],
      ["<script>alert(1)</script>", /^errors.notNumber/],
    ] as const) {
      const result = await planPage(world.nsCoordinator.id, {
        intent: "plan",
        [`plan.${pamphlet.id}`]: "12",
        [`plan.${poster.id}`]: value,
      });
      expect(result.status).toBe(400);
      expect(result.data.result.error[`plan.${poster.id}`]).toEqual([expect.stringMatching(message)]);
      expect(result.data.result.initialValue.plan).toMatchObject({ [pamphlet.id]: "12", [poster.id]: value });
    }
    for (const key of ["no-such-material", "a.b", "x[0]"]) {
      const result = await planPage(world.nsCoordinator.id, { intent: "plan", [`plan.${pamphlet.id}`]: "12", [`plan.${key}`]: "5" });
      expect(result.status).toBe(400);
    }
    // A key that would reach an object's prototype is dropped on parsing, and pollutes nothing.
    const polluting = await planPage(world.nsCoordinator.id, {
      intent: "plan",
      [`plan.${pamphlet.id}`]: "35",
      "plan.__proto__.polluted": "5",
      "plan.constructor.prototype.polluted": "5",
    });
    expect(polluting.status).toBe(302);
    expect(prototypePolluted()).toBe(false);
    const retired = await db.material.create({
      data: { code: "KAD-LAMA", titleMs: "Kad lama", titleEn: "Old card", kind: "CARD", unit: "keping", active: false },
    });
    const stale = await planPage(world.nsCoordinator.id, { intent: "plan", [`plan.${pamphlet.id}`]: "12", [`plan.${retired.id}`]: "5" });
    expect(stale.status).toBe(400);
    expect(stale.data.result.error[""]).toEqual(["errors.materialPlan.unknownMaterial"]);
    expect(await planned()).toEqual(before);
  });

  it("is planned by those who keep the stock, within their state", async () => {
    const form = { intent: "plan", [`plan.${pamphlet.id}`]: "1" };
    expect((await planPage(world.liaison.id, form)).status).toBe(403);
    expect((await planPage(world.viewer.id, form)).status).toBe(403);
    expect((await planPage(world.selCoordinator.id, form)).status).toBe(404);
    expect(await planned()).toEqual({ [pamphlet.id]: 35 });
    expect((await planPage(world.nationalCoordinator.id, { intent: "plan", [`plan.${pamphlet.id}`]: "36" })).status).toBe(302);
  });

  it("records who handed materials over when it was someone else, from the staff of the event's state and school only", async () => {
    const staff = (await planPage(world.nsCoordinator.id)).data.staff.map((s: { name: string }) => s.name);
    expect(staff).toEqual(expect.arrayContaining(["Admin", "Penyelaras NS", "Penyelaras Kebangsaan", "Cikgu Ampangan"]));
    expect(staff).not.toContain("Penyelaras Selangor");
    expect(staff).not.toContain("Pemerhati");

    const delivery = { materialId: pamphlet.id, quantity: "2", recipientType: "SCHOOL" };
    const stranger = await planPage(world.nsCoordinator.id, { ...delivery, deliveredById: world.selCoordinator.id });
    expect(stranger.status).toBe(400);
    expect(stranger.data.result.error).toEqual({ deliveredById: ["errors.choose"] });
    const count = await db.delivery.count();
    expect((await planPage(world.nsCoordinator.id, { ...delivery, deliveredById: world.liaison.id })).status).toBe(302);
    expect(await db.delivery.count()).toBe(count + 1);
    const handedByLiaison = await db.delivery.findFirstOrThrow({ where: { eventId: planEvent.id }, include: { movements: true } });
    expect(handedByLiaison.deliveredById).toBe(world.liaison.id);
    // The ledger still names who recorded it, and a liaison corrects only what they recorded.
    expect(handedByLiaison.movements[0].createdById).toBe(world.nsCoordinator.id);
    await expect(reverseDelivery(world.liaison, planEvent.id, handedByLiaison.id, "Salah")).rejects.toMatchObject({ status: 403 });
    // The page offers the correction only to those it would accept it from.
    const reversible = async (userId: string) =>
      (await planPage(userId)).data.deliveries.find((d: { id: string }) => d.id === handedByLiaison.id).canReverse;
    expect({
      liaison: await reversible(world.liaison.id),
      coordinator: await reversible(world.nsCoordinator.id),
      viewer: await reversible(world.viewer.id),
    }).toEqual({ liaison: false, coordinator: true, viewer: false });
    expect(row((await planPage(world.nsCoordinator.id)).data, pamphlet.id)).toMatchObject({ planned: 36, delivered: 2 });
    expect(await reverseDelivery(world.nsCoordinator, planEvent.id, handedByLiaison.id, "Dikira dua kali")).toBe(true);
    expect(row((await planPage(world.nsCoordinator.id)).data, pamphlet.id)).toMatchObject({ planned: 36, delivered: 0 });
  });
});

describe("the packing list the state office prints", () => {
  const packing = async (userId: string, eventId: string) =>
    callLoader(packingListPage.loader, { url: "/", cookie: await cookieFor(userId), params: { eventId } });

  it("lists the saved plan's quantities, or the suggestion until a plan is saved, for staff of the event's state only", async () => {
    const visit = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2026-05-05T09:00") });
    for (let i = 0; i < 2; i++) await makeRegistration(db, { eventId: visit.id });
    const suggested = await packing(world.viewer.id, visit.id);
    expect(suggested.status).toBe(200);
    expect(suggested.data.planSaved).toBeNull();
    const byCode = (rows: { code: string; quantity: number }[]) => Object.fromEntries(rows.map((r) => [r.code, r.quantity]));
    expect(byCode(suggested.data.rows)).toMatchObject({ "RIS-15999": 2, "POS-KASIH": 5 });
    expect(suggested.data.rows.every((r: { quantity: number }) => r.quantity > 0)).toBe(true);
    // Digital and retired materials are not packed.
    expect(await db.material.count({ where: { code: { in: ["PDF-1", "KAD-LAMA"] } } })).toBe(2);
    expect(suggested.data.rows.map((r: { code: string }) => r.code)).not.toEqual(expect.arrayContaining(["PDF-1"]));
    expect(suggested.data.rows.map((r: { code: string }) => r.code)).not.toEqual(expect.arrayContaining(["KAD-LAMA"]));

    const poster = await db.material.findUniqueOrThrow({ where: { code: "POS-KASIH" } });
    await saveMaterialPlan(world.nsCoordinator, visit.id, { [pamphlet.id]: 60, [poster.id]: 0 });
    const planned = await packing(world.liaison.id, visit.id);
    expect(byCode(planned.data.rows)).toEqual({ "RIS-15999": 60 });
    expect(planned.data.planSaved).toMatchObject({ by: "Penyelaras NS" });

    expect((await packing(world.selCoordinator.id, visit.id)).status).toBe(404);
  });

  it("reckons the shortfall against what is to be taken: the suggestion until a plan is saved, then the plan alone", async () => {
    const visit = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2026-05-06T09:00") });
    const poster = await db.material.findUniqueOrThrow({ where: { code: "POS-KASIH" } });
    const stock = await balance("05", pamphlet.id);
    const materialsPage = async () =>
      (
        await callLoader(eventMaterialsPage.loader, {
          url: "/",
          cookie: await cookieFor(world.nsCoordinator.id),
          params: { eventId: visit.id },
        })
      ).data;
    const rowOf = (rows: { id: string; short: number }[], id: string) => rows.find((r) => r.id === id);

    // No poster stock in Negeri Sembilan: the suggested set of 5 cannot be covered.
    expect(await balance("05", poster.id)).toBe(0);
    expect(rowOf((await materialsPage()).plan, poster.id)).toMatchObject({ suggested: 5, short: 5 });

    await saveMaterialPlan(world.nsCoordinator, visit.id, { [pamphlet.id]: stock + 40 });
    const page = await materialsPage();
    expect(rowOf(page.plan, pamphlet.id)).toMatchObject({ planned: stock + 40, short: 40 });
    // Left out of the saved plan, the posters are no longer wanted, so none are short.
    expect(rowOf(page.plan, poster.id)).toMatchObject({ planned: null, short: 0 });
    const list = await packing(world.nsCoordinator.id, visit.id);
    expect(list.data.rows).toEqual([expect.objectContaining({ code: "RIS-15999", quantity: stock + 40, short: 40 })]);
  });
});

describe("digital material uploads", () => {
  const pdf = () => new Uint8Array([...new TextEncoder().encode("%PDF-1.7\n"), ...new Uint8Array(200)]);
  const form = (file: File | null, overrides: Record<string, string> = {}) => {
    const data = new FormData();
    for (const [k, v] of Object.entries({
      code: "PDF-GURU",
      titleMs: "Panduan Guru",
      titleEn: "Teachers' guide",
      kind: "PDF",
      languages: "ms",
      audiences: "TEACHER",
      unit: "fail",
      active: "on",
      ...overrides,
    }))
      data.append(k, v);
    if (file) data.append("file", file);
    return data;
  };

  it("stores a PDF under a random name, whatever the file was called, and serves it through the app", async () => {
    const cookie = await cookieFor(world.admin.id);
    const result = await callAction(newMaterial.action, {
      url: "/materials/new",
      cookie,
      form: form(new File([pdf()], "../../../etc/passwd\u0000.pdf", { type: "text/plain" })),
    });
    expect(result.status).toBe(302);
    const material = await db.material.findUniqueOrThrow({ where: { code: "PDF-GURU" } });
    expect(material.filePath).toMatch(/^materials\/[0-9a-f]{32}\.pdf$/);
    expect(material.fileName).toBe("passwd.pdf");
    expect(material.fileMime).toBe("application/pdf");
    const served = await callLoader(materialFile.loader, { url: "/", params: { materialId: material.id } });
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("application/pdf");
    expect(served.headers.get("Content-Security-Policy")).toContain("sandbox");
  });

  it("refuses a file that is not a PDF or image, whatever it claims, and keeps the form", async () => {
    const cookie = await cookieFor(world.admin.id);
    const html = new File([new TextEncoder().encode("<html><script>alert(1)</script></html>")], "panduan.pdf", { type: "application/pdf" });
    const result = await callAction(newMaterial.action, { url: "/materials/new", cookie, form: form(html, { code: "PDF-PALSU" }) });
    expect(result.status).toBe(400);
    expect(result.data.fileError).toBe("errors.material.fileType");
    expect(result.data.result.initialValue).toMatchObject({ code: "PDF-PALSU", titleMs: "Panduan Guru" });
    expect(await db.material.count({ where: { code: "PDF-PALSU" } })).toBe(0);
  });

  it("refuses a file over the size limit without writing anything", async () => {
    const cookie = await cookieFor(world.admin.id);
    const big = new Uint8Array(maxUploadBytes() + 10);
    big.set(new TextEncoder().encode("%PDF-1.7"));
    const result = await callAction(newMaterial.action, {
      url: "/materials/new",
      cookie,
      form: form(new File([big], "besar.pdf"), { code: "PDF-BESAR" }),
    });
    expect(result.status).toBe(400);
    expect(result.data.fileError).toBe("errors.file.tooLarge");
    // The rest of the form comes back as typed.
    expect(result.data.result.initialValue).toMatchObject({ code: "PDF-BESAR", titleMs: "Panduan Guru" });
    expect(await db.material.count({ where: { code: "PDF-BESAR" } })).toBe(0);
  });

  it("checks the rest of the form: codes, links, a file on a printed material", async () => {
    const cookie = await cookieFor(world.admin.id);
    const result = await callAction(newMaterial.action, {
      url: "/materials/new",
      cookie,
      form: form(null, { code: "bad code!", kind: "VIDEO", url: "javascript:alert(1)", languages: "" }),
    });
    expect(result.status).toBe(400);
    expect(result.data.result.error).toMatchObject({
      code: ["errors.material.code"],
      url: expect.arrayContaining(["errors.url"]),
      languages: ["errors.chooseAtLeastOne"],
    });
    const printWithFile = await callAction(newMaterial.action, {
      url: "/materials/new",
      cookie,
      form: form(new File([pdf()], "a.pdf"), { code: "POS-X", kind: "POSTER" }),
    });
    expect(printWithFile.data.fileError).toBe("errors.material.fileForPrint");
  });

  it("a file named .html holding a PDF is stored and served as .pdf, with a name that cannot break the header", async () => {
    const cookie = await cookieFor(world.admin.id);
    const disguised = new File([pdf()], "Panduan «ibu bapa» 15999.html", { type: "text/html" });
    const result = await callAction(newMaterial.action, { url: "/", cookie, form: form(disguised, { code: "PDF-HTML" }) });
    expect(result.status, JSON.stringify(result.data)).toBe(302);
    const material = await db.material.findUniqueOrThrow({ where: { code: "PDF-HTML" } });
    expect(material.filePath).toMatch(/\.pdf$/);
    expect(material.fileName).toMatch(/\.pdf$/);
    expect(material.fileName).not.toContain(".html");
    const served = await callLoader(materialFile.loader, { url: "/", params: { materialId: material.id } });
    expect(served.headers.get("Content-Type")).toBe("application/pdf");
    const disposition = served.headers.get("Content-Disposition")!;
    expect(disposition).toMatch(/^inline; filename="[\w.\- ]+\.pdf"; filename\*=UTF-8''[^";\s]+\.pdf$/);
    expect(disposition).not.toContain(".html");
    // A row stored before names followed the type is served under the right extension too.
    await db.material.update({ where: { id: material.id }, data: { fileName: "lama.html" } });
    const older = await callLoader(materialFile.loader, { url: "/", params: { materialId: material.id } });
    expect(older.headers.get("Content-Disposition")).toBe(`inline; filename="lama.pdf"; filename*=UTF-8''lama.pdf`);
  });

  it("the catalogue is the administrator's: a coordinator cannot add, edit or retire a material, and sees no button to", async () => {
    const material = await db.material.findUniqueOrThrow({ where: { code: "PDF-GURU" } });
    const params = { materialId: material.id };
    for (const who of [world.nsCoordinator, world.nationalCoordinator, world.liaison]) {
      const cookie = await cookieFor(who.id);
      expect((await callLoader(newMaterial.loader, { url: "/", cookie })).status, who.name).toBe(403);
      expect((await callLoader(editMaterial.loader, { url: "/", cookie, params })).status, who.name).toBe(403);
      expect((await callAction(newMaterial.action, { url: "/", cookie, form: form(null, { code: "PDF-NEGERI" }) })).status).toBe(403);
      // Unticking "active" as a coordinator retires nothing.
      const retire = await callAction(editMaterial.action, { url: "/", cookie, params, form: form(null, { active: "" }) });
      expect(retire.status, who.name).toBe(403);
      const list = await callLoader(materialsPage.loader, { url: "/materials", cookie });
      expect(list.data.canWrite, who.name).toBe(false);
    }
    expect(await db.material.count({ where: { code: "PDF-NEGERI" } })).toBe(0);
    expect((await db.material.findUniqueOrThrow({ where: { id: material.id } })).active).toBe(true);
    const admin = await callLoader(materialsPage.loader, { url: "/materials", cookie: await cookieFor(world.admin.id) });
    expect(admin.data.canWrite).toBe(true);
  });

  it("a retired material's file is no longer served; a viewer cannot edit the catalogue", async () => {
    const material = await db.material.findUniqueOrThrow({ where: { code: "PDF-GURU" } });
    await db.material.update({ where: { id: material.id }, data: { active: false } });
    expect((await callLoader(materialFile.loader, { url: "/", params: { materialId: material.id } })).status).toBe(404);
    const viewer = await cookieFor(world.viewer.id);
    expect((await callLoader(editMaterial.loader, { url: "/", cookie: viewer, params: { materialId: material.id } })).status).toBe(403);
  });
});
