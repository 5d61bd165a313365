import crypto from "node:crypto";
import type { Prisma } from "@prisma/client";
import type { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, requireStateInScope, type ScopedUser } from "~/modules/auth/scope.server";
import { parseMalaysiaDate } from "~/modules/calendar/malaysia-time";
import type { Table } from "~/modules/exports/tabular.server";
import { translator, type Language } from "~/modules/i18n/translate";
import { db, type Db } from "~/utils/db.server";
import { sqlReads } from "~/utils/driver-sql.server";
import { pageArgs, toPage } from "~/utils/pagination";
import {
  isPrint,
  MOVEMENT_TYPES,
  type AdjustmentSchema,
  type ReceiptSchema,
  type ThresholdSchema,
  type TransferSchema,
} from "./material-schema";
import { labels } from "~/modules/i18n/labels";

/** Not enough stock for a movement: the whole transaction is undone and the person told how much there is. */
/** The material is unknown, retired or digital: it has no stock to move. */
export class NotStockable extends Error {
  constructor() {
    super("not a stockable material");
  }
}

export class InsufficientStock extends Error {
  constructor(public readonly available: number) {
    super("insufficient stock");
  }
}

export type Movement = {
  stateCode: string;
  materialId: string;
  /** Signed: positive adds to the state office's stock */
  quantity: number;
  type: "RECEIVED" | "ISSUED" | "ADJUSTED" | "TRANSFER_OUT" | "TRANSFER_IN" | "REVERSAL";
  reference?: string | null;
  reason?: string | null;
  deliveryId?: string | null;
  transferId?: string | null;
  createdById: string | null;
};

/**
 * Writes one ledger row and moves the running balance with it, in the caller's transaction.
 * A decrease is a guarded update (only where enough is left), so two deliveries racing for the
 * last units cannot both succeed: the second finds the condition false and fails.
 */
export async function applyMovement(tx: Db, movement: Movement) {
  const key = { stateCode_materialId: { stateCode: movement.stateCode, materialId: movement.materialId } };
  if (movement.quantity < 0) {
    const taken = await tx.stockBalance.updateMany({
      where: { stateCode: movement.stateCode, materialId: movement.materialId, quantity: { gte: -movement.quantity } },
      data: { quantity: { decrement: -movement.quantity } },
    });
    if (taken.count !== 1) {
      const balance = await tx.stockBalance.findUnique({ where: key, select: { quantity: true } });
      throw new InsufficientStock(balance?.quantity ?? 0);
    }
  } else {
    await tx.stockBalance.upsert({
      where: key,
      create: { stateCode: movement.stateCode, materialId: movement.materialId, quantity: movement.quantity },
      update: { quantity: { increment: movement.quantity } },
    });
  }
  return tx.stockMovement.create({ data: { ...movement, reference: movement.reference ?? null, reason: movement.reason ?? null } });
}

/**
 * Locks the balances of several state offices for one material, always in the same order, before
 * any of them moves. Two transfers in opposite directions would otherwise each hold one balance
 * and wait for the other: a deadlock, which PostgreSQL breaks by failing one of them. A missing
 * balance is created at zero so it can be locked too.
 */
async function lockBalances(tx: Db, materialId: string, stateCodes: string[]) {
  for (const stateCode of [...new Set(stateCodes)].sort()) {
    await tx.stockBalance.upsert({
      where: { stateCode_materialId: { stateCode, materialId } },
      create: { stateCode, materialId, quantity: 0 },
      update: { quantity: { increment: 0 } },
    });
  }
}

async function requireStockWriter(user: ScopedUser, stateCode: string, materialId: string) {
  requirePermission(user, "write:stock");
  requireStateInScope(user, stateCode);
  const material = await db.material.findUnique({ where: { id: materialId }, select: { active: true, kind: true } });
  if (!material?.active || !isPrint(material.kind)) throw new NotStockable();
}

export async function receiveStock(user: ScopedUser, input: z.infer<typeof ReceiptSchema>) {
  await requireStockWriter(user, input.stateCode, input.materialId);
  await db.$transaction(async (tx) => {
    const row = await applyMovement(tx, {
      stateCode: input.stateCode,
      materialId: input.materialId,
      quantity: input.quantity,
      type: "RECEIVED",
      reference: input.reference,
      createdById: user.id,
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: "CREATE",
      entityType: "StockMovement",
      entityId: row.id,
      after: {
        type: "RECEIVED",
        stateCode: input.stateCode,
        materialId: input.materialId,
        quantity: input.quantity,
        reference: input.reference,
      },
    });
  });
}

export async function adjustStock(user: ScopedUser, input: z.infer<typeof AdjustmentSchema>) {
  await requireStockWriter(user, input.stateCode, input.materialId);
  await db.$transaction(async (tx) => {
    const row = await applyMovement(tx, {
      stateCode: input.stateCode,
      materialId: input.materialId,
      quantity: input.quantity,
      type: "ADJUSTED",
      reason: input.reason,
      reference: input.note,
      createdById: user.id,
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: "CREATE",
      entityType: "StockMovement",
      entityId: row.id,
      after: { type: "ADJUSTED", stateCode: input.stateCode, materialId: input.materialId, quantity: input.quantity, reason: input.reason },
    });
  });
}

/** Moves stock to another state office: two ledger rows that share a transfer id, one transaction. */
export async function transferStock(user: ScopedUser, input: z.infer<typeof TransferSchema>) {
  await requireStockWriter(user, input.stateCode, input.materialId);
  const transferId = crypto.randomUUID();
  await db.$transaction(async (tx) => {
    await lockBalances(tx, input.materialId, [input.stateCode, input.toStateCode]);
    const out = await applyMovement(tx, {
      stateCode: input.stateCode,
      materialId: input.materialId,
      quantity: -input.quantity,
      type: "TRANSFER_OUT",
      reference: input.reference,
      transferId,
      createdById: user.id,
    });
    await applyMovement(tx, {
      stateCode: input.toStateCode,
      materialId: input.materialId,
      quantity: input.quantity,
      type: "TRANSFER_IN",
      reference: input.reference,
      transferId,
      createdById: user.id,
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: "CREATE",
      entityType: "StockMovement",
      entityId: out.id,
      after: { type: "TRANSFER", from: input.stateCode, to: input.toStateCode, materialId: input.materialId, quantity: input.quantity },
    });
  });
}

export async function setThreshold(user: ScopedUser, input: z.infer<typeof ThresholdSchema>) {
  await requireStockWriter(user, input.stateCode, input.materialId);
  await db.$transaction(async (tx) => {
    const threshold = await tx.stockThreshold.upsert({
      where: { stateCode_materialId: { stateCode: input.stateCode, materialId: input.materialId } },
      create: { stateCode: input.stateCode, materialId: input.materialId, lowAt: input.lowAt },
      update: { lowAt: input.lowAt },
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: "UPDATE",
      entityType: "StockThreshold",
      entityId: `${threshold.stateCode}:${threshold.materialId}`,
      after: { stateCode: input.stateCode, materialId: input.materialId, lowAt: input.lowAt },
    });
  });
}

/** The state offices a user may see stock of (their own state unless national), narrowed to one. */
export function stockScopeWhere(user: ScopedUser, state?: string): { stateCode?: string } {
  if (user.role !== "ADMIN" && user.stateCode) return { stateCode: user.stateCode };
  return state ? { stateCode: state } : {};
}

/** Balances per state office and material, with the low-stock threshold beside each. */
export async function stockBalances(user: ScopedUser, filters: { state?: string; materialId?: string }) {
  requirePermission(user, "read:material");
  const where = { ...stockScopeWhere(user, filters.state), ...(filters.materialId ? { materialId: filters.materialId } : {}) };
  const [balances, thresholds] = await Promise.all([
    db.stockBalance.findMany({
      where,
      select: {
        stateCode: true,
        materialId: true,
        quantity: true,
        state: { select: { name: true } },
        material: { select: { code: true, titleMs: true, titleEn: true, unit: true } },
      },
      orderBy: [{ stateCode: "asc" }, { material: { code: "asc" } }],
    }),
    db.stockThreshold.findMany({ where: where as Prisma.StockThresholdWhereInput }),
  ]);
  const lowAt = new Map(thresholds.map((t) => [`${t.stateCode}:${t.materialId}`, t.lowAt]));
  return balances.map((b) => {
    const threshold = lowAt.get(`${b.stateCode}:${b.materialId}`) ?? null;
    return { ...b, lowAt: threshold, low: threshold !== null && b.quantity <= threshold };
  });
}

type LowStockRow = {
  stateCode: string;
  materialId: string;
  quantity: number;
  lowAt: number;
  stateName: string;
  code: string;
  titleMs: string;
  titleEn: string;
  unit: string;
};

/**
 * The balances at or under their threshold, as stockBalances gives them, for the notice on the
 * dashboard. One plain statement (docs/decisions/019): the dashboard reads it on every visit, and
 * as two model queries it cost about 4 ms of server time, nearly all of it Prisma compiling them.
 */
export async function lowStock(user: ScopedUser) {
  requirePermission(user, "read:material");
  const { stateCode } = stockScopeWhere(user);
  const rows = await sqlReads((sql) =>
    sql.all<LowStockRow>(
      `SELECT b."stateCode", b."materialId", b."quantity", t."lowAt", st."name" AS "stateName", m."code", m."titleMs", m."titleEn", m."unit"
       FROM "StockBalance" b
       JOIN "StockThreshold" t ON t."stateCode" = b."stateCode" AND t."materialId" = b."materialId"
       JOIN "State" st ON st."code" = b."stateCode"
       JOIN "Material" m ON m."id" = b."materialId"
       WHERE b."quantity" <= t."lowAt"${stateCode ? ` AND b."stateCode" = ?` : ""}
       ORDER BY b."stateCode", m."code"`,
      stateCode ? [stateCode] : [],
    ),
  );
  return rows.map((r) => ({
    stateCode: r.stateCode,
    materialId: r.materialId,
    quantity: Number(r.quantity),
    state: { name: r.stateName },
    material: { code: r.code, titleMs: r.titleMs, titleEn: r.titleEn, unit: r.unit },
    lowAt: Number(r.lowAt),
    low: true,
  }));
}

export type LedgerFilters = { state?: string; materialId?: string; type?: string; from?: Date; to?: Date };

/** Reads the ledger's filters from a query string; anything odd is ignored. */
export function ledgerFiltersFromSearch(params: URLSearchParams): LedgerFilters {
  const type = params.get("type");
  const from = params.get("from") ? parseMalaysiaDate(params.get("from")!) : null;
  const to = params.get("to") ? parseMalaysiaDate(params.get("to")!) : null;
  return {
    state: /^\d{2}$/.test(params.get("state") ?? "") ? params.get("state")! : undefined,
    materialId: params.get("material")?.slice(0, 40) || undefined,
    type: (MOVEMENT_TYPES as readonly string[]).includes(type ?? "") ? type! : undefined,
    from: from ?? undefined,
    to: to ? new Date(to.getTime() + 24 * 3600 * 1000) : undefined,
  };
}

/** The one where-clause for the ledger: page, export. */
export function ledgerWhere(user: ScopedUser, filters: LedgerFilters): Prisma.StockMovementWhereInput {
  return {
    ...stockScopeWhere(user, filters.state),
    ...(filters.materialId ? { materialId: filters.materialId } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.from || filters.to
      ? { createdAt: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } }
      : {}),
  };
}

export const ledgerSelect = {
  id: true,
  type: true,
  quantity: true,
  reference: true,
  reason: true,
  createdAt: true,
  stateCode: true,
  state: { select: { name: true } },
  material: { select: { code: true, titleMs: true, titleEn: true, unit: true } },
  createdBy: { select: { name: true } },
  delivery: { select: { eventId: true, event: { select: { title: true } } } },
} satisfies Prisma.StockMovementSelect;

export async function stockLedger(user: ScopedUser, filters: LedgerFilters, page: number) {
  requirePermission(user, "read:material");
  const where = ledgerWhere(user, filters);
  const [items, total] = await Promise.all([
    db.stockMovement.findMany({ where, select: ledgerSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...pageArgs(page) }),
    db.stockMovement.count({ where }),
  ]);
  return toPage(items, total, page);
}

/** The ledger as a table for CSV or Excel, same filters and scope as the page. */
export async function stockLedgerTable(user: ScopedUser, filters: LedgerFilters, language: Language): Promise<Table> {
  requirePermission(user, "read:material");
  const t = translator(language);
  const rows = await db.stockMovement.findMany({
    where: ledgerWhere(user, filters),
    select: ledgerSelect,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 100_000,
  });
  return {
    sheetName: t("stock.ledger"),
    headers: [
      t("stock.when"),
      t("stock.office"),
      t("material.field.code"),
      t("material.field.title"),
      t("stock.movement"),
      t("stock.quantity"),
      t("material.field.unit"),
      t("stock.reference"),
      t("stock.reason"),
      t("stock.by"),
    ],
    rows: rows.map((m) => [
      m.createdAt,
      m.state.name,
      m.material.code,
      language === "en" ? m.material.titleEn : m.material.titleMs,
      labels.stockMovementType(t, m.type),
      m.quantity,
      m.material.unit,
      m.delivery?.event.title ?? m.reference,
      labels.stockReason(t, m.reason),
      m.createdBy?.name ?? "",
    ]),
  };
}
