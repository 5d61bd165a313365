import type { Prisma } from "@prisma/client";
import { can, type Permission } from "~/modules/auth/permissions";
import { programmeScope, type ScopedUser } from "~/modules/auth/scope.server";
import { translator, type Language, type MessageKey, type Translate } from "~/modules/i18n/i18n";
import { eventRowSelect } from "~/modules/events/events.server";
import { stockScopeWhere } from "~/modules/materials/stock.server";
import { formatMobile, maskEmail, maskMobile } from "~/modules/people/contact";
import type { ReportFilters } from "~/modules/reports/report-filters";
import { heldSessions, reportEventWhere } from "~/modules/reports/report-filters.server";
import { schoolListWhere } from "~/modules/schools/schools.server";
import { parseMalaysiaDate } from "~/modules/calendar/malaysia-time";
import { db } from "~/utils/db.server";
import type { Cell } from "./tabular.server";
import type { ExportDataset } from "./export-schema";
import { labels } from "~/modules/i18n/labels";

/** How an export job sees the world: who asked, with what filters, in which language. */
export type ExportContext = { user: ScopedUser; filters: ReportFilters; contacts: boolean; language: Language };

type Batch = { rows: Cell[][]; lastId: string | null };

type Dataset = {
  /** Who may export it at all (scope is applied by the where-clause). */
  permission: Permission;
  sheetName: MessageKey;
  fileStem: string;
  headers: (t: Translate, ctx: ExportContext) => string[];
  count: (ctx: ExportContext) => Promise<number>;
  /** The next rows after `afterId`, in id order, so an interrupted job resumes where it stopped. */
  batch: (ctx: ExportContext, afterId: string | null, size: number) => Promise<Batch>;
};

function after(afterId: string | null, size: number) {
  return { take: size, orderBy: { id: "asc" as const }, ...(afterId ? { cursor: { id: afterId }, skip: 1 } : {}) };
}

function lastIdOf(items: { id: string }[]): string | null {
  return items.at(-1)?.id ?? null;
}

/** Contact details only for someone allowed to have them who asked for them; masked otherwise. */
export function includesContacts(user: ScopedUser, asked: boolean): boolean {
  return asked && can(user, "export:contacts");
}

// ---------------------------------------------------------------- events

const eventSelect = {
  ...eventRowSelect,
  programme: { select: { title: true } },
  school: { select: { code: true, name: true } },
  pupilCounts: { select: { count: true } },
  pupilsWithSpecialNeeds: true,
} satisfies Prisma.EventSelect;

const events: Dataset = {
  permission: "read:event",
  sheetName: "nav.events",
  fileStem: "acara",
  headers: (t) => [
    t("event.field.programme"),
    t("event.field.title"),
    t("event.field.type"),
    t("event.field.status"),
    t("event.field.startsAt"),
    t("event.field.endsAt"),
    t("school.field.code"),
    t("event.field.school"),
    t("event.field.venue"),
    t("event.field.state"),
    t("event.field.district"),
    t("event.field.capacity"),
    t("dashboard.registered"),
    t("dashboard.adultsReached"),
    t("dashboard.childrenReached"),
    t("pupils.specialNeeds"),
  ],
  count: (ctx) => db.event.count({ where: reportEventWhere(ctx.user, ctx.filters) }),
  async batch(ctx, afterId, size) {
    const t = translator(ctx.language);
    const items = await db.event.findMany({ where: reportEventWhere(ctx.user, ctx.filters), select: eventSelect, ...after(afterId, size) });
    const ids = items.map((e) => e.id);
    const [counts, heldRows] = ids.length
      ? await Promise.all([
          db.registration.groupBy({
            by: ["eventId", "status"],
            where: { eventId: { in: ids }, status: { in: ["REGISTERED", "ATTENDED", "NO_SHOW"] } },
            _count: { _all: true },
          }),
          db.event.findMany({ where: { AND: [{ id: { in: ids } }, heldSessions()] }, select: { id: true } }),
        ])
      : [[], []];
    // Adults and children reached only at sessions held, as on the dashboard.
    const held = new Set(heldRows.map((e) => e.id));
    const registered = new Map<string, number>();
    const attended = new Map<string, number>();
    for (const c of counts) {
      registered.set(c.eventId, (registered.get(c.eventId) ?? 0) + c._count._all);
      if (c.status === "ATTENDED") attended.set(c.eventId, c._count._all);
    }
    return {
      lastId: lastIdOf(items),
      rows: items.map((e) => [
        e.programme.title,
        e.title,
        labels.eventType(t, e.type),
        labels.eventStatus(t, e.status),
        e.startsAt,
        e.endsAt,
        e.school?.code,
        e.school?.name,
        e.venue,
        e.state.name,
        e.district?.name,
        e.capacity,
        registered.get(e.id) ?? 0,
        held.has(e.id) ? (attended.get(e.id) ?? 0) : 0,
        held.has(e.id) ? e.pupilCounts.reduce((sum, p) => sum + p.count, 0) : 0,
        e.pupilsWithSpecialNeeds,
      ]),
    };
  },
};

// ---------------------------------------------------------------- registrations and attendance

const registrationSelect = {
  id: true,
  category: true,
  status: true,
  source: true,
  organisation: true,
  pibgRole: true,
  createdAt: true,
  checkedInAt: true,
  fullName: true,
  phoneE164: true,
  email: true,
  event: { select: { title: true, startsAt: true, school: { select: { code: true } }, state: { select: { name: true } } } },
} satisfies Prisma.RegistrationSelect;

type RegistrationRow = Prisma.RegistrationGetPayload<{ select: typeof registrationSelect }>;

function contactCells(row: RegistrationRow, ctx: ExportContext): Cell[] {
  const full = includesContacts(ctx.user, ctx.contacts);
  return [full ? formatMobile(row.phoneE164) : maskMobile(row.phoneE164), full ? row.email : maskEmail(row.email)];
}

function registrationDataset(kind: "registrations" | "attendance"): Dataset {
  // Attendance is about sessions held (the reports' one definition): who came and who did not.
  const where = (ctx: ExportContext): Prisma.RegistrationWhereInput =>
    kind === "attendance"
      ? {
          event: { AND: [reportEventWhere(ctx.user, ctx.filters), heldSessions()] },
          status: { in: ["ATTENDED", "NO_SHOW", "REGISTERED"] },
        }
      : { event: reportEventWhere(ctx.user, ctx.filters) };
  return {
    permission: "export:registration",
    sheetName: kind === "attendance" ? "exports.dataset.attendance" : "registrations.title",
    fileStem: kind === "attendance" ? "kehadiran" : "pendaftaran",
    headers: (t) => [
      t("event.field.title"),
      t("event.field.startsAt"),
      t("school.field.code"),
      t("event.field.state"),
      t("register.fullName"),
      t("registrations.category"),
      kind === "attendance" ? t("exports.attended") : t("event.field.status"),
      t("registrations.source"),
      t("register.organisation"),
      t("register.pibgRole"),
      t("register.phone"),
      t("register.email"),
      t("registrations.registeredAt"),
      t("registrations.checkedInAt"),
    ],
    count: (ctx) => db.registration.count({ where: where(ctx) }),
    async batch(ctx, afterId, size) {
      const t = translator(ctx.language);
      const items = await db.registration.findMany({ where: where(ctx), select: registrationSelect, ...after(afterId, size) });
      return {
        lastId: lastIdOf(items),
        rows: items.map((r) => [
          r.event.title,
          r.event.startsAt,
          r.event.school?.code,
          r.event.state.name,
          r.fullName,
          labels.registrationCategory(t, r.category),
          kind === "attendance" ? t(r.status === "ATTENDED" ? "common.yes" : "common.no") : labels.registrationStatus(t, r.status),
          labels.registrationSource(t, r.source),
          r.organisation,
          r.pibgRole,
          ...contactCells(r, ctx),
          r.createdAt,
          r.checkedInAt,
        ]),
      };
    },
  };
}

// ---------------------------------------------------------------- deliveries

const deliverySelect = {
  id: true,
  quantity: true,
  recipientType: true,
  recipientName: true,
  deliveredAt: true,
  acknowledgedByName: true,
  acknowledgedByRole: true,
  acknowledgedAt: true,
  reversedAt: true,
  reversalReason: true,
  material: { select: { code: true, titleMs: true, titleEn: true, unit: true } },
  recipientSchool: { select: { code: true, name: true } },
  event: { select: { title: true, startsAt: true, state: { select: { name: true } }, district: { select: { name: true } } } },
  deliveredBy: { select: { name: true } },
} satisfies Prisma.DeliverySelect;

const deliveries: Dataset = {
  permission: "read:material",
  sheetName: "delivery.list",
  fileStem: "penyerahan-bahan",
  headers: (t) => [
    t("event.field.title"),
    t("event.field.startsAt"),
    t("event.field.state"),
    t("event.field.district"),
    t("material.field.code"),
    t("material.field.title"),
    t("stock.quantity"),
    t("material.field.unit"),
    t("delivery.recipient"),
    t("delivery.recipientName"),
    t("delivery.receiverName"),
    t("delivery.receiverRole"),
    t("exports.deliveredAt"),
    t("stock.by"),
    t("exports.reversed"),
    t("exports.reversalReason"),
  ],
  count: (ctx) => db.delivery.count({ where: { event: reportEventWhere(ctx.user, ctx.filters) } }),
  async batch(ctx, afterId, size) {
    const t = translator(ctx.language);
    const full = includesContacts(ctx.user, ctx.contacts);
    const items = await db.delivery.findMany({
      where: { event: reportEventWhere(ctx.user, ctx.filters) },
      select: deliverySelect,
      ...after(afterId, size),
    });
    return {
      lastId: lastIdOf(items),
      rows: items.map((d) => [
        d.event.title,
        d.event.startsAt,
        d.event.state.name,
        d.event.district?.name,
        d.material.code,
        ctx.language === "en" ? d.material.titleEn : d.material.titleMs,
        d.quantity,
        d.material.unit,
        labels.deliveryRecipient(t, d.recipientType),
        // A participant is a private person: named only in a full export; schools and PIBGs always.
        d.recipientType === "PERSON" && !full ? t("delivery.participant") : (d.recipientName ?? d.recipientSchool?.name),
        full ? d.acknowledgedByName : "",
        d.acknowledgedByRole,
        d.deliveredAt,
        d.deliveredBy?.name,
        d.reversedAt,
        d.reversalReason,
      ]),
    };
  },
};

// ---------------------------------------------------------------- stock ledger

const stock: Dataset = {
  permission: "read:material",
  sheetName: "stock.ledger",
  fileStem: "lejar-stok",
  headers: (t) => [
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
  count: (ctx) => db.stockMovement.count({ where: stockWhere(ctx) }),
  async batch(ctx, afterId, size) {
    const t = translator(ctx.language);
    const items = await db.stockMovement.findMany({
      where: stockWhere(ctx),
      select: {
        id: true,
        type: true,
        quantity: true,
        reference: true,
        reason: true,
        createdAt: true,
        state: { select: { name: true } },
        material: { select: { code: true, titleMs: true, titleEn: true, unit: true } },
        createdBy: { select: { name: true } },
        delivery: { select: { event: { select: { title: true } } } },
      },
      ...after(afterId, size),
    });
    return {
      lastId: lastIdOf(items),
      rows: items.map((m) => [
        m.createdAt,
        m.state.name,
        m.material.code,
        ctx.language === "en" ? m.material.titleEn : m.material.titleMs,
        labels.stockMovementType(t, m.type),
        m.quantity,
        m.material.unit,
        m.delivery?.event.title ?? m.reference,
        labels.stockReason(t, m.reason),
        m.createdBy?.name,
      ]),
    };
  },
};

/** The ledger has no event: it is filtered by state office and the date of the movement. */
function stockWhere(ctx: ExportContext): Prisma.StockMovementWhereInput {
  const from = ctx.filters.from ? parseMalaysiaDate(ctx.filters.from) : null;
  const to = ctx.filters.to ? parseMalaysiaDate(ctx.filters.to) : null;
  return {
    AND: [
      stockScopeWhere(ctx.user, ctx.filters.state),
      from ? { createdAt: { gte: from } } : {},
      to ? { createdAt: { lt: new Date(to.getTime() + 86_400_000) } } : {},
    ],
  };
}

// ---------------------------------------------------------------- schools

const schoolSelect = {
  id: true,
  code: true,
  name: true,
  type: true,
  level: true,
  address: true,
  postcode: true,
  town: true,
  phone: true,
  email: true,
  headTeacherName: true,
  enrolment: true,
  state: { select: { name: true } },
  district: { select: { name: true } },
} satisfies Prisma.SchoolSelect;

/**
 * The school directory in the user's scope (the directory's own where-clause, narrowed by the
 * state and district filters), with each school's latest invitation in the programmes the user
 * sees (or the chosen one) and the sessions held there in the filtered period. Schools' contacts
 * are their offices' published ones, not personal data.
 */
const schools: Dataset = {
  permission: "read:school",
  sheetName: "school.listTitle",
  fileStem: "sekolah",
  headers: (t) => [
    t("school.field.code"),
    t("school.field.name"),
    t("school.field.type"),
    t("school.field.level"),
    t("school.field.state"),
    t("school.field.district"),
    t("school.field.address"),
    t("school.field.postcode"),
    t("school.field.town"),
    t("school.field.phone"),
    t("school.field.email"),
    t("school.field.headTeacher"),
    t("school.field.enrolment"),
    t("exports.invitationStatus"),
    t("exports.invitationProgramme"),
    t("exports.invitedAt"),
    t("school.sessionsHeld"),
    t("exports.lastSession"),
  ],
  count: (ctx) => db.school.count({ where: schoolsWhere(ctx) }),
  async batch(ctx, afterId, size) {
    const t = translator(ctx.language);
    const items = await db.school.findMany({
      where: schoolsWhere(ctx),
      select: {
        ...schoolSelect,
        invitations: {
          where: { programme: { AND: [programmeScope(ctx.user), ctx.filters.programme ? { id: ctx.filters.programme } : {}] } },
          orderBy: [{ invitedAt: "desc" }, { id: "asc" }],
          take: 1,
          select: { status: true, invitedAt: true, programme: { select: { title: true } } },
        },
      },
      ...after(afterId, size),
    });
    const held = items.length
      ? await db.event.groupBy({
          by: ["schoolId"],
          where: { AND: [reportEventWhere(ctx.user, ctx.filters), heldSessions(), { schoolId: { in: items.map((s) => s.id) } }] },
          _count: { _all: true },
          _max: { startsAt: true },
        })
      : [];
    const sessions = new Map(held.map((h) => [h.schoolId, h]));
    return {
      lastId: lastIdOf(items),
      rows: items.map((school) => {
        const invitation = school.invitations[0];
        const visits = sessions.get(school.id);
        return [
          school.code,
          school.name,
          school.type,
          labels.schoolLevel(t, school.level),
          school.state.name,
          school.district.name,
          school.address,
          school.postcode,
          school.town,
          school.phone,
          school.email,
          school.headTeacherName,
          school.enrolment,
          invitation ? labels.invitationStatus(t, invitation.status) : t("exports.notInvited"),
          invitation?.programme.title,
          invitation?.invitedAt,
          visits?._count._all ?? 0,
          visits?._max.startsAt,
        ];
      }),
    };
  },
};

function schoolsWhere(ctx: ExportContext): Prisma.SchoolWhereInput {
  return schoolListWhere(ctx.user, { state: ctx.filters.state, district: ctx.filters.district });
}

export const DATASETS: Record<ExportDataset, Dataset> = {
  events,
  registrations: registrationDataset("registrations"),
  attendance: registrationDataset("attendance"),
  deliveries,
  stock,
  schools,
};
