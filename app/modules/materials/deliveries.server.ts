import type { Prisma } from "@prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { can } from "~/modules/auth/permissions";
import { eventScope, requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { getEvent } from "~/modules/events/events.server";
import { errorMessage } from "~/modules/i18n/translate";
import { enqueueMessage } from "~/modules/mail/outbox.server";
import { db, type Db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { PRINT_KINDS, type DeliveryInput, type TotalGroup } from "./material-schema";
import { applyMovement, InsufficientStock } from "./stock.server";

async function eventForDeliveries(user: ScopedUser, eventId: string) {
  requirePermission(user, "write:delivery");
  return getEvent(user, eventId);
}

export type DeliveryResult = { ok: true; id: string } | { ok: false; errors: Record<string, string[]> };

/**
 * Records materials handed over at an event and issues them from the event's state office in the
 * same transaction: no stock, no delivery. A school or PIBG with an email gets a receipt.
 */
export async function recordDelivery(user: ScopedUser, eventId: string, input: DeliveryInput, now = new Date()): Promise<DeliveryResult> {
  const event = await eventForDeliveries(user, eventId);
  const material = await db.material.findUnique({
    where: { id: input.materialId },
    select: { id: true, active: true, titleMs: true, unit: true, kind: true },
  });
  if (!material?.active) return { ok: false, errors: { materialId: ["errors.choose"] } };
  let recipient: { schoolId: string | null; personId: string | null; name: string };
  if (input.recipientType === "PERSON") {
    const registration = await db.registration.findFirst({
      where: { id: input.registrationId, eventId },
      select: { personId: true, fullName: true },
    });
    if (!registration) return { ok: false, errors: { registrationId: ["errors.choose"] } };
    recipient = { schoolId: null, personId: registration.personId, name: registration.fullName };
  } else {
    if (!event.school) return { ok: false, errors: { recipientType: ["errors.delivery.noSchool"] } };
    recipient = {
      schoolId: event.school.id,
      personId: null,
      name: input.recipientName ?? (input.recipientType === "PIBG" ? `PIBG ${event.school.name}` : event.school.name),
    };
  }
  const deliveredById = input.deliveredById ?? user.id;
  if (deliveredById !== user.id && !(await eventStaff(event)).some((staff) => staff.id === deliveredById))
    return { ok: false, errors: { deliveredById: ["errors.choose"] } };
  const deliveredAt = input.deliveredAt ?? now;
  try {
    const id = await db.$transaction(async (tx) => {
      const delivery = await tx.delivery.create({
        data: {
          eventId,
          materialId: material.id,
          stateCode: event.stateCode,
          quantity: input.quantity,
          recipientType: input.recipientType,
          recipientSchoolId: recipient.schoolId,
          recipientPersonId: recipient.personId,
          recipientName: recipient.name,
          deliveredById,
          deliveredAt,
          acknowledgedByName: input.acknowledgedByName ?? null,
          acknowledgedByRole: input.acknowledgedByRole ?? null,
          acknowledgedAt: input.acknowledgedByName ? deliveredAt : null,
          signatureSvg: input.signature ?? null,
        },
      });
      await applyMovement(tx, {
        stateCode: event.stateCode,
        materialId: material.id,
        quantity: -input.quantity,
        type: "ISSUED",
        deliveryId: delivery.id,
        reference: event.title.slice(0, 120),
        createdById: user.id,
      });
      await recordAudit(tx, {
        actorId: user.id,
        action: "CREATE",
        entityType: "Delivery",
        entityId: delivery.id,
        after: { eventId, materialId: material.id, quantity: input.quantity, recipientType: input.recipientType, deliveredById },
      });
      await queueReceipt(
        tx,
        event,
        delivery.id,
        recipient.name,
        [{ title: material.titleMs, quantity: input.quantity, unit: material.unit }],
        input,
        deliveredAt,
      );
      return delivery.id;
    });
    return { ok: true, id };
  } catch (error) {
    if (error instanceof InsufficientStock)
      return { ok: false, errors: { quantity: [errorMessage("errors.stock.insufficient", { available: error.available })] } };
    throw error;
  }
}

async function queueReceipt(
  tx: Db,
  event: Awaited<ReturnType<typeof getEvent>>,
  deliveryId: string,
  recipientName: string,
  items: { title: string; quantity: number; unit: string }[],
  input: DeliveryInput,
  now: Date,
) {
  if (input.recipientType === "PERSON" || !event.school) return;
  const school = await tx.school.findUnique({ where: { id: event.school.id }, select: { email: true } });
  if (!school?.email) return;
  await enqueueMessage(tx, {
    idempotencyKey: `materials-receipt:${deliveryId}`,
    template: "materials-receipt",
    language: "ms",
    toEmail: school.email,
    toName: recipientName,
    eventId: event.id,
    // A snapshot: the receipt records what was handed over then, whatever changes later.
    payload: {
      receipt: JSON.stringify({
        recipientName,
        eventTitle: event.title,
        items,
        acknowledgedBy: input.acknowledgedByName ? [input.acknowledgedByName, input.acknowledgedByRole].filter(Boolean).join(", ") : null,
        acknowledgedAt: input.acknowledgedByName ? formatMalaysia(now, "dateTime", "ms") : null,
      }),
    },
  });
}

/** A correction: the delivery is marked reversed and its stock returns through a new ledger row. */
export async function reverseDelivery(user: ScopedUser, eventId: string, deliveryId: string, reason: string): Promise<boolean> {
  await eventForDeliveries(user, eventId);
  return db.$transaction(async (tx) => {
    const delivery = await tx.delivery.findFirst({
      where: { id: deliveryId, eventId },
      select: {
        id: true,
        quantity: true,
        stateCode: true,
        materialId: true,
        reversedAt: true,
        movements: { where: { type: "ISSUED" }, select: { createdById: true } },
      },
    });
    invariantResponse(delivery, "Delivery not found");
    if (!mayReverse(user, delivery.movements)) throw new Response("Forbidden", { status: 403 });
    const marked = await tx.delivery.updateMany({
      where: { id: deliveryId, reversedAt: null },
      data: { reversedAt: new Date(), reversedById: user.id, reversalReason: reason },
    });
    if (marked.count !== 1) return false;
    await applyMovement(tx, {
      stateCode: delivery.stateCode,
      materialId: delivery.materialId,
      quantity: delivery.quantity,
      type: "REVERSAL",
      deliveryId,
      reason,
      createdById: user.id,
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: "REVERSE",
      entityType: "Delivery",
      entityId: deliveryId,
      before: { reversedAt: null },
      after: { reason },
    });
    return true;
  });
}

/** Those who keep the stock correct any delivery; a liaison teacher only those they recorded. */
function mayReverse(user: ScopedUser, issued: { createdById: string | null }[]): boolean {
  if (!can(user, "write:delivery")) return false;
  return can(user, "write:stock") || issued.some((m) => m.createdById === user.id);
}

/** What was delivered at an event, with totals per material, and a suggested plan from the numbers registered. */
export async function eventMaterials(user: ScopedUser, eventId: string) {
  requirePermission(user, "read:material");
  const event = await getEvent(user, eventId);
  const seesPeople = can(user, "read:registration");
  const [deliveries, plan, people, staff] = await Promise.all([
    db.delivery.findMany({
      where: { eventId },
      select: {
        id: true,
        quantity: true,
        recipientType: true,
        recipientName: true,
        deliveredAt: true,
        acknowledgedByName: true,
        acknowledgedByRole: true,
        acknowledgedAt: true,
        signatureSvg: true,
        reversedAt: true,
        reversalReason: true,
        material: { select: { id: true, code: true, titleMs: true, titleEn: true, unit: true } },
        deliveredBy: { select: { name: true } },
        movements: { where: { type: "ISSUED" }, select: { createdById: true } },
      },
      orderBy: { deliveredAt: "desc" },
    }),
    materialPlan(event),
    // The participants to hand materials to: only for someone who may see participants.
    seesPeople
      ? db.registration.findMany({
          where: { eventId, status: { in: ["REGISTERED", "ATTENDED"] } },
          select: { id: true, fullName: true },
          orderBy: { fullName: "asc" },
          take: 2000,
        })
      : Promise.resolve([]),
    can(user, "write:delivery") ? eventStaff(event) : Promise.resolve([]),
  ]);
  // Names and signatures of the people who received materials are personal data: viewers see quantities only.
  const shown = deliveries.map(({ movements, ...d }) => ({ ...d, canReverse: !d.reversedAt && mayReverse(user, movements) }));
  return {
    event,
    deliveries: seesPeople
      ? shown
      : shown.map((d) => ({
          ...d,
          recipientName: d.recipientType === "PERSON" ? null : d.recipientName,
          acknowledgedByName: null,
          acknowledgedByRole: null,
          signatureSvg: null,
        })),
    ...plan,
    people: people.map((p) => ({ id: p.id, name: p.fullName })),
    staff,
  };
}

/** What to take to an event, for the state office to pack: the saved plan, or the suggestion until there is one. */
export async function packingList(user: ScopedUser, eventId: string) {
  requirePermission(user, "read:material");
  const event = await getEvent(user, eventId);
  const { plan, planSaved, participants } = await materialPlan(event);
  return { event, rows: plan.filter((m) => m.toTake > 0), planSaved, participants };
}

/**
 * An event's materials plan: per print material in use, the suggestion from the numbers
 * registered, the quantity planned (when saved), what has been delivered and the state's stock.
 * What to take is the saved plan (a material left out of it: none), or the suggestion until a
 * plan is saved; `short` is how much of what is still to deliver the stock cannot cover.
 */
async function materialPlan(event: { id: string; stateCode: string; schoolId: string | null }) {
  const [participants, materials, balances, planned, delivered] = await Promise.all([
    db.registration.count({ where: { eventId: event.id, status: { in: ["REGISTERED", "ATTENDED"] } } }),
    plannableMaterials(),
    db.stockBalance.findMany({ where: { stateCode: event.stateCode }, select: { materialId: true, quantity: true } }),
    db.materialPlanItem.findMany({
      where: { eventId: event.id },
      select: { materialId: true, quantity: true, updatedAt: true, updatedBy: { select: { name: true } } },
      orderBy: { updatedAt: "desc" },
    }),
    db.delivery.groupBy({ by: ["materialId"], where: { eventId: event.id, reversedAt: null }, _sum: { quantity: true } }),
  ]);
  const stock = new Map(balances.map((b) => [b.materialId, b.quantity]));
  const plannedQuantity = new Map(planned.map((p) => [p.materialId, p.quantity]));
  const deliveredQuantity = new Map(delivered.map((d) => [d.materialId, d._sum.quantity ?? 0]));
  const planSaved = planned[0] ? { at: planned[0].updatedAt, by: planned[0].updatedBy?.name ?? null } : null;
  const plan = materials.map((m) => {
    const suggested = suggestedQuantity(m.kind, participants, Boolean(event.schoolId));
    const plannedHere = plannedQuantity.get(m.id) ?? null;
    const toTake = planSaved ? (plannedHere ?? 0) : suggested;
    const delivered = deliveredQuantity.get(m.id) ?? 0;
    const inStock = stock.get(m.id) ?? 0;
    return { ...m, suggested, planned: plannedHere, toTake, delivered, inStock, short: Math.max(0, toTake - delivered - inStock) };
  });
  return { participants, plan, planSaved };
}

/** The catalogue's print materials still in use: what can be planned and handed over at an event. */
function plannableMaterials() {
  return db.material.findMany({
    where: { active: true, kind: { in: [...PRINT_KINDS] } },
    select: { id: true, code: true, titleMs: true, titleEn: true, unit: true, kind: true },
    orderBy: { code: "asc" },
  });
}

/** The staff who may hand materials over at an event: administrators, coordinators of its state or national ones, its school's liaison teacher. */
function eventStaff(event: { stateCode: string; schoolId: string | null }) {
  return db.user.findMany({
    where: {
      active: true,
      OR: [
        { role: "ADMIN" },
        { role: "COORDINATOR", OR: [{ stateCode: null }, { stateCode: event.stateCode }] },
        ...(event.schoolId ? [{ role: "LIAISON", schoolId: event.schoolId }] : []),
      ],
    },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

export type MaterialPlanResult = { ok: true } | { ok: false; errors: Record<string, string[]> };

/**
 * Replaces an event's materials plan in one transaction: a blank drops a material from it. Planned
 * by those who keep the state's stock, since the plan is what the state office packs.
 */
export async function saveMaterialPlan(
  user: ScopedUser,
  eventId: string,
  quantities: Record<string, number | undefined>,
): Promise<MaterialPlanResult> {
  requirePermission(user, "write:stock");
  const event = await getEvent(user, eventId);
  const known = new Set((await plannableMaterials()).map((m) => m.id));
  if (Object.keys(quantities).some((id) => !known.has(id))) return { ok: false, errors: { "": ["errors.materialPlan.unknownMaterial"] } };
  const wanted = Object.entries(quantities).filter((entry): entry is [string, number] => entry[1] !== undefined);
  await db.$transaction(async (tx) => {
    const before = await tx.materialPlanItem.findMany({ where: { eventId: event.id }, select: { materialId: true, quantity: true } });
    await tx.materialPlanItem.deleteMany({ where: { eventId: event.id, materialId: { notIn: wanted.map(([id]) => id) } } });
    for (const [materialId, quantity] of wanted) {
      await tx.materialPlanItem.upsert({
        where: { eventId_materialId: { eventId: event.id, materialId } },
        create: { eventId: event.id, materialId, quantity, updatedById: user.id },
        update: { quantity, updatedById: user.id },
      });
    }
    await recordAudit(tx, {
      actorId: user.id,
      action: "UPDATE",
      entityType: "MaterialPlan",
      entityId: event.id,
      before: Object.fromEntries(before.map((p) => [p.materialId, p.quantity])),
      after: Object.fromEntries(wanted),
    });
  });
  return { ok: true };
}

/** One pamphlet, card or sticker per participant; a set of posters and a banner per school. */
export function suggestedQuantity(kind: string, participants: number, atSchool: boolean): number {
  switch (kind) {
    case "PAMPHLET":
    case "CARD":
    case "STICKER":
      return participants;
    case "BOOKLET":
      return Math.ceil(participants / 2);
    case "POSTER":
      return atSchool ? 5 : 2;
    case "BANNER":
      return 1;
    default:
      return 0;
  }
}

/** Delivered totals (reversals excluded) grouped one way, within the user's scope. */
export async function deliveryTotals(user: ScopedUser, groupBy: TotalGroup, filters: { programme?: string; from?: Date; to?: Date }) {
  requirePermission(user, "read:material");
  const where: Prisma.DeliveryWhereInput = {
    reversedAt: null,
    event: { AND: [eventScope(user), filters.programme ? { programmeId: filters.programme } : {}] },
    ...(filters.from || filters.to
      ? { deliveredAt: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } }
      : {}),
  };
  // Summed by the database per material or per event; events are then folded into their school,
  // district or programme, so the work grows with the number of events, not of deliveries.
  const totals = new Map<string, { key: string; label: string; quantity: number; deliveries: number }>();
  const add = (key: string, label: string, quantity: number, deliveries: number) => {
    const current = totals.get(key) ?? { key, label, quantity: 0, deliveries: 0 };
    current.quantity += quantity;
    current.deliveries += deliveries;
    totals.set(key, current);
  };
  if (groupBy === "material") {
    const sums = await db.delivery.groupBy({ by: ["materialId"], where, _sum: { quantity: true }, _count: { _all: true } });
    const materials = await db.material.findMany({
      where: { id: { in: sums.map((r) => r.materialId) } },
      select: { id: true, code: true, titleMs: true },
    });
    const byId = new Map(materials.map((m) => [m.id, m]));
    for (const sum of sums) {
      const material = byId.get(sum.materialId);
      add(sum.materialId, material ? `${material.code} · ${material.titleMs}` : "—", sum._sum.quantity ?? 0, sum._count._all);
    }
  } else {
    const sums = await db.delivery.groupBy({ by: ["eventId"], where, _sum: { quantity: true }, _count: { _all: true } });
    const events = await db.event.findMany({
      where: { id: { in: sums.map((r) => r.eventId) } },
      select: {
        id: true,
        title: true,
        programme: { select: { id: true, title: true } },
        school: { select: { id: true, name: true } },
        district: { select: { id: true, name: true } },
      },
    });
    const byId = new Map(events.map((e) => [e.id, e]));
    for (const sum of sums) {
      const event = byId.get(sum.eventId);
      if (!event) continue;
      const [key, label] =
        groupBy === "event"
          ? [event.id, event.title]
          : groupBy === "school"
            ? [event.school?.id ?? "-", event.school?.name ?? "—"]
            : groupBy === "district"
              ? [event.district?.id ?? "-", event.district?.name ?? "—"]
              : [event.programme.id, event.programme.title];
      add(key, label, sum._sum.quantity ?? 0, sum._count._all);
    }
  }
  return [...totals.values()].sort((a, b) => b.quantity - a.quantity);
}
