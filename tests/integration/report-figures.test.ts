import { beforeAll, describe, expect, it } from "vitest";
import { eventScope, eventScopeSql, programmeScope, programmeScopeSql, type ScopedUser } from "../../app/modules/auth/scope.server";
import { lowStock, stockBalances } from "../../app/modules/materials/stock.server";
import { programmeChoices } from "../../app/modules/programmes/programmes.server";
import { reportFigures } from "../../app/modules/reports/dashboard.server";
import { reportFilterChoices } from "../../app/modules/reports/filter-choices.server";
import type { ReportFilters } from "../../app/modules/reports/report-filters";
import { overview } from "../../app/modules/reports/overview.server";
import { districtChoices, stateChoices } from "../../app/modules/schools/schools.server";
import { db } from "../../app/utils/db.server";
import { sqlAnd, sqlReads } from "../../app/utils/driver-sql.server";
import { makeEvent, makePerson, makeProgramme, makeRegistration, makeSchool, makeUser } from "../support/factories";
import { figuresByModel } from "../support/report-figures-by-model";
import { at, twoStates } from "../support/scenario";

/**
 * The dashboard's figures, the low stock, the filters' choices and the coming events are plain
 * statements (docs/decisions/019). Here they are set against what the model queries they replaced
 * give, on a year of varied sessions in three states (seeded, so every run sees the same rows),
 * for every kind of user and the filters the dashboard offers.
 */
let world: Awaited<ReturnType<typeof twoStates>>;
let users: Record<string, ScopedUser>;
const NOW = at("2026-11-25T12:00");
const STATUSES = ["COMPLETED", "COMPLETED", "COMPLETED", "SCHEDULED", "SCHEDULED", "CANCELLED", "DRAFT", "POSTPONED"];
const REGISTRATION_STATUSES = ["ATTENDED", "ATTENDED", "ATTENDED", "REGISTERED", "NO_SHOW", "CANCELLED", "WAITLISTED"];

/** The same pseudo-random sequence every run. */
function seeded(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] };
}

beforeAll(async () => {
  world = await twoStates();
  const random = seeded(15);
  const kelantanViewer = await makeUser(db, { role: "VIEWER", stateCode: "03" });
  const otherNsSchool = await makeSchool(db, { code: "NBA3001", name: "SK RANTAU", stateCode: "05", district: "PORT DICKSON" });
  const national = await makeProgramme(db, { title: "KASIH Kebangsaan 2026", stateCode: null, year: 2026, targetChildren: 5000 });
  const older = await makeProgramme(db, { title: "KASIH NS 2025", stateCode: "05", year: 2025, targetSchools: 3 });
  users = {
    admin: world.admin,
    nsCoordinator: world.nsCoordinator,
    selCoordinator: world.selCoordinator,
    nationalCoordinator: world.nationalCoordinator,
    viewer: world.viewer,
    kelantanViewer,
    liaison: world.liaison,
  };
  const schools = [world.nsSchool, world.nsOtherSchool, otherNsSchool, world.selSchool, world.kelSchool, null];
  const programmeOf = (stateCode: string) =>
    random.pick(
      stateCode === "05"
        ? [world.nsProgramme, older, national]
        : stateCode === "10"
          ? [world.selProgramme, national]
          : [world.kelProgramme, national],
    );
  const people = [];
  for (let i = 0; i < 12; i++) people.push(await makePerson(db));
  const pamphlet = await db.material.create({
    data: { code: "RIS-9", titleMs: "Risalah", titleEn: "Pamphlet", kind: "PAMPHLET", unit: "naskhah" },
  });
  const poster = await db.material.create({
    data: { code: "POS-9", titleMs: "Poster", titleEn: "Poster", kind: "POSTER", unit: "keping" },
  });

  let messages = 0;
  for (let i = 0; i < 36; i++) {
    const school = random.pick(schools);
    const stateCode = school?.stateCode ?? random.pick(["05", "10", "03"]);
    // Across 2025 and 2026, a few still to come.
    const startsAt = new Date(at("2025-01-06T09:00").getTime() + random.int(720) * 86_400_000);
    const event = await makeEvent(db, {
      programmeId: programmeOf(stateCode).id,
      schoolId: school?.id ?? null,
      stateCode,
      venue: school ? undefined : "Dewan Orang Ramai",
      status: random.pick(STATUSES),
      startsAt,
    });
    // Some sessions nobody came to, some with children only, some with adults only.
    const shape = random.int(4);
    if (shape !== 0) {
      for (const person of people.slice(0, 1 + random.int(people.length))) {
        await makeRegistration(db, {
          eventId: event.id,
          personId: person.id,
          category: random.pick(["TEACHER", "PIBG", "COMMUNITY", "OFFICIAL"]),
          status: shape === 1 ? random.pick(["REGISTERED", "CANCELLED"]) : random.pick(REGISTRATION_STATUSES),
        });
      }
    }
    if (shape !== 2) {
      for (const grade of ["T1", "T4"].slice(0, 1 + random.int(2))) {
        await db.pupilCount.create({ data: { eventId: event.id, grade, sex: "L", count: shape === 3 ? 0 : 10 + random.int(90) } });
      }
    }
    for (let d = random.int(3); d > 0; d--) {
      await db.delivery.create({
        data: {
          eventId: event.id,
          materialId: random.pick([pamphlet, poster]).id,
          stateCode,
          quantity: 1 + random.int(50),
          recipientType: "SCHOOL",
          recipientName: "Sekolah",
          reversedAt: random.int(4) === 0 ? NOW : null,
        },
      });
    }
    for (let m = random.int(4); m > 0; m--) {
      const whatsApp = random.int(3) === 0;
      await db.message.create({
        data: {
          idempotencyKey: `f-${++messages}`,
          template: random.pick(["follow-up", "follow-up", "reminder"]),
          language: "ms",
          channel: whatsApp ? "WHATSAPP" : "EMAIL",
          toEmail: whatsApp ? null : `p${messages}@contoh.my`,
          toPhone: whatsApp ? "+60123456789" : null,
          payload: "{}",
          eventId: event.id,
          status: random.pick(["SENT", "SENT", "FAILED", "QUEUED"]),
          deliveredAt: whatsApp && random.int(2) === 0 ? NOW : null,
          messageIdHeader: `<f-${messages}@kasih.test>`,
        },
      });
    }
    for (let f = random.int(3); f > 0; f--) {
      await db.feedback.create({
        data: {
          eventId: event.id,
          rating: 1 + random.int(5),
          answerSigns: random.pick(["ALL", "SOME", null]),
          answerReport: random.pick(["REPORT", "WAIT"]),
          answerHelpline: random.pick(["15999", "999"]),
          score: random.int(4),
        },
      });
    }
  }
  // Stock: Negeri Sembilan short of pamphlets, Selangor of posters, Kelantan well stocked.
  for (const [stateCode, material, quantity, lowAt] of [
    ["05", pamphlet, 20, 50],
    ["05", poster, 80, 10],
    ["10", poster, 10, 10],
    ["03", pamphlet, 500, 50],
  ] as const) {
    await db.stockBalance.create({ data: { stateCode, materialId: material.id, quantity } });
    await db.stockThreshold.create({ data: { stateCode, materialId: material.id, lowAt } });
  }
});

/** Orders what the model queries left to the database's whim (ties, groups), the same way on both sides. */
function comparable(report: Awaited<ReturnType<typeof reportFigures>>) {
  const byReach = <T extends { id: string; children: number; adults: number }>(rows: T[]) =>
    [...rows].sort((a, b) => b.children + b.adults - (a.children + a.adults) || a.id.localeCompare(b.id));
  const { figures } = report;
  return {
    figures: {
      ...figures,
      participants: {
        ...figures.participants,
        byCategory: [...figures.participants.byCategory].sort((a, b) => a.category.localeCompare(b.category)),
      },
      materials: {
        ...figures.materials,
        byKind: [...figures.materials.byKind].sort((a, b) => b.quantity - a.quantity || a.kind.localeCompare(b.kind)),
      },
      byDistrict: byReach(figures.byDistrict),
      byState: byReach(figures.byState),
      // Fewer than fifteen schools here: no tie is cut off at the fifteenth.
      bySchool: byReach(figures.bySchool),
    },
    targets: report.targets,
    need: report.need.map(({ area, year, children, source, name, responseYear, reached }) => ({
      area,
      year,
      children,
      source,
      name,
      responseYear,
      reached,
    })),
  };
}

describe("the dashboard's statements give what the model queries gave", () => {
  it("for every kind of user and every filter", async () => {
    const seremban = await db.district.findFirstOrThrow({ where: { name: "SEREMBAN" } });
    const filters: ReportFilters[] = [
      {},
      { state: "05" },
      { state: "10" },
      { district: seremban.id },
      { programme: world.nsProgramme.id },
      { from: "2025-06-01", to: "2026-03-31" },
      { state: "05", from: "2026-01-01" },
      { to: "2025-12-31" },
    ];
    let compared = 0;
    for (const [name, user] of Object.entries(users)) {
      if (name === "liaison") continue;
      for (const f of filters) {
        const statements = await reportFigures(user, f, NOW);
        const models = await figuresByModel(user, f, NOW);
        if (user.stateCode && f.state && f.state !== user.stateCode) {
          // The one difference, made on purpose: a coordinator who put another state in the address
          // was told how many schools that state has (the filter's state replaced their own in the
          // count); like every other figure there, it is now nothing.
          expect(statements.figures.schools).toEqual({ reached: 0, total: 0, share: 0 });
          models.figures.schools = statements.figures.schools;
        }
        expect(comparable(statements), `${name} ${JSON.stringify(f)}`).toEqual(comparable(models));
        compared++;
      }
    }
    expect(compared).toBe(48);
    // The world is varied enough to test something: sessions held and not, in several states.
    const nation = await reportFigures(world.admin, {}, NOW);
    expect(nation.figures.events.held).toBeGreaterThan(8);
    expect(nation.figures.byState.length).toBe(3);
    expect(nation.figures.events.cancelled).toBeGreaterThan(0);
    expect(nation.figures.whatsApp.DELIVERED).toBeGreaterThan(0);
    expect(nation.targets.length).toBe(5);
  });

  it("keeps liaison teachers out", async () => {
    await expect(reportFigures(users.liaison, {}, NOW)).rejects.toMatchObject({ status: 403 });
  });
});

describe("the scopes in SQL select what the scopes as where-clauses select", () => {
  it("events and programmes, for every kind of user", async () => {
    for (const [name, user] of Object.entries(users)) {
      const events = sqlAnd([eventScopeSql(user)]);
      const bySql = await sqlReads((sql) => sql.all<{ id: string }>(`SELECT e."id" FROM "Event" e WHERE ${events.sql}`, events.params));
      const byModel = await db.event.findMany({ where: eventScope(user), select: { id: true } });
      expect(bySql.map((e) => e.id).sort(), name).toEqual(byModel.map((e) => e.id).sort());
      const programmes = sqlAnd([programmeScopeSql(user)]);
      const programmesBySql = await sqlReads((sql) =>
        sql.all<{ id: string }>(`SELECT p."id" FROM "Programme" p WHERE ${programmes.sql}`, programmes.params),
      );
      const programmesByModel = await db.programme.findMany({ where: programmeScope(user), select: { id: true } });
      expect(programmesBySql.map((p) => p.id).sort(), name).toEqual(programmesByModel.map((p) => p.id).sort());
    }
  });
});

describe("the dashboard's other reads", () => {
  it("low stock is the balances at or under their threshold, in the user's scope", async () => {
    for (const user of [users.admin, users.nsCoordinator, users.selCoordinator]) {
      expect(await lowStock(user)).toEqual((await stockBalances(user, {})).filter((b) => b.low));
    }
    expect((await lowStock(users.admin)).map((b) => [b.stateCode, b.material.code, b.quantity, b.lowAt])).toEqual([
      ["05", "RIS-9", 20, 50],
      ["10", "POS-9", 10, 10],
    ]);
  });

  it("the filters offer the same programmes, states and districts as the lists they replace", async () => {
    for (const [name, user] of Object.entries(users)) {
      for (const stateCode of [undefined, "05", "10"]) {
        expect(await reportFilterChoices(user, stateCode), `${name} ${stateCode}`).toEqual({
          programmes: await programmeChoices(user),
          states: await stateChoices(),
          districts: await districtChoices(stateCode),
        });
      }
    }
  });

  it("the coming events are the user's own, soonest first", async () => {
    const coming = await overview(users.nsCoordinator, NOW);
    expect(coming.upcoming.length).toBeGreaterThan(0);
    const expected = await db.event.findMany({
      where: { AND: [eventScope(users.nsCoordinator), { endsAt: { gte: NOW } }, { status: { in: ["SCHEDULED", "DRAFT", "POSTPONED"] } }] },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      take: 8,
      select: {
        id: true,
        startsAt: true,
        _count: { select: { registrations: { where: { status: { in: ["REGISTERED", "ATTENDED"] } } } } },
      },
    });
    expect(coming.upcoming.map((e) => ({ id: e.id, startsAt: e.startsAt, _count: e._count }))).toEqual(expected);
    expect((await overview(users.liaison, NOW)).upcoming.every((e) => e.school?.code === world.nsSchool.code)).toBe(true);
  });
});
