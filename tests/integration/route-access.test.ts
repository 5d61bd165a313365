/**
 * Every route file in app/routes, classified, and checked for who may read what. The list is read
 * from the folder, so a new route without a classification here fails the suite: decide whether
 * it is public, a secret link, or for staff, and whether it shows participants' personal data.
 *
 * For staff routes showing personal data: the Selangor coordinator and a liaison teacher of
 * another school get 403/404 for Negeri Sembilan's data, and the viewer gets no personal data.
 * The administrator's view of the same route must show the data, so each check can fail.
 */
import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import fs from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { createExportJob } from "../../app/modules/exports/export-jobs.server";
import { inviteSchools } from "../../app/modules/invitations/invitations.server";
import { unsubscribeToken } from "../../app/modules/mail/unsubscribe.server";
import { registerPublicly } from "../../app/modules/registrations/register.server";
import { previewRegistrationList, uploadRegistrationList, uploadSchoolList } from "../support/imports";
import { db } from "../../app/utils/db.server";
import * as checkInApi from "../../app/routes/api.events.$eventId.check-in";
import * as editRoute from "../../app/routes/_app.events.$eventId.registrations.$registrationId";
import * as listRoute from "../../app/routes/_app.events.$eventId.registrations._index";
import * as importRoute from "../../app/routes/_app.events.$eventId.registrations.import.$jobId";
import * as addRoute from "../../app/routes/_app.events.$eventId.registrations.new";
import { makeEvent, makeUser } from "../support/factories";
import { teacher } from "../support/registrations";
import { callAction, callLoader, cookieFor, type RouteResult } from "../support/route-calls";
import { countChanges, rowCounts } from "../support/row-counts";
import { twoStates } from "../support/scenario";
import { kpmCsv } from "../support/spreadsheets";

const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

// The Negeri Sembilan participant whose details must not leak. Any of these in a response is her data.
const MARKERS = ["Zubaidah", "zubaidah.penanda", "9871234", "987 1234"];

type Context = {
  world: Awaited<ReturnType<typeof twoStates>>;
  personId: string;
  registrationId: string;
  manageToken: string;
  messageId: string;
  registrationJobId: string;
  schoolJobId: string;
  invitationId: string;
  materialId: string;
  calendarToken: string;
  exportJobId: string;
};

type Params = (c: Context) => Record<string, string>;

/**
 * public: anyone, no account; must not show participants' data.
 * secret-link: anyone holding an unguessable token (a participant's own page, a calendar feed);
 *   a made-up token is a 404.
 * staff: needs a session. `personal` when it shows participants' personal data; `scoped` when its
 *   parameters name Negeri Sembilan's data (outsiders get 403/404); `list` when it lists what is
 *   in the user's scope (outsiders get their own, filtered list); `adminOnly` for administration.
 *   `action` is a submission whose answer carries data, checked like the page.
 */
type Classification =
  | { access: "public"; params?: Params }
  | { access: "secret-link"; params: Params; madeUp: Record<string, string> }
  | {
      access: "staff";
      personal: boolean;
      scoped?: boolean;
      list?: boolean;
      adminOnly?: boolean;
      params?: Params;
      url?: (c: Context) => string;
      action?: (c: Context) => Record<string, string> | { json: unknown };
      /** An endpoint for the page's own scripts: a signed-out call gets 401, not a redirect. */
      api?: boolean;
      /** The declared action answers with ids only (its page or loader shows the data). */
      actionWithoutNames?: boolean;
    };

const event = (c: Context) => ({ eventId: c.world.nsEvent.id });
const nsEvent = { scoped: true, params: event } as const;

const ROUTES: Record<string, Classification> = {
  "_app.tsx": { access: "staff", personal: false },
  "_index.tsx": { access: "public" },
  "healthz.ts": { access: "public" },
  // Meta's handshake (a verify token) and signed delivery statuses: whatsapp-webhook.test.ts.
  "webhooks.whatsapp.ts": { access: "public" },
  "sign-in.tsx": { access: "public" },
  "sign-out.tsx": { access: "public" },
  "language.tsx": { access: "public" },
  "r.$code.tsx": { access: "public", params: (c) => ({ code: c.world.nsEvent.publicCode }) },
  "feedback.$code.tsx": { access: "public", params: (c) => ({ code: c.world.nsEvent.publicCode }) },
  "materials.$materialId.file.ts": { access: "public", params: (c) => ({ materialId: c.materialId }) },
  "registration.$token.tsx": {
    access: "secret-link",
    params: (c) => ({ token: c.manageToken }),
    madeUp: { token: "bukanTokenSebenarYangSah12" },
  },
  "registration.$token[.ics].ts": {
    access: "secret-link",
    params: (c) => ({ token: c.manageToken }),
    madeUp: { token: "bukanTokenSebenarYangSah12" },
  },
  "unsubscribe.$token.tsx": {
    access: "secret-link",
    params: (c) => ({ token: unsubscribeToken(c.personId) }),
    madeUp: { token: "orang.tandatanganpalsu0000" },
  },
  "calendar.$token[.ics].ts": {
    access: "secret-link",
    params: (c) => ({ token: c.calendarToken }),
    madeUp: { token: "bukan-token-kalendar-sebenar" },
  },

  "_app.account.tsx": { access: "staff", personal: false },
  "_app.dashboard.tsx": { access: "staff", personal: false, list: true },
  "_app.coverage.tsx": { access: "staff", personal: false, list: true },
  "_app.admin.audit.tsx": { access: "staff", personal: false, adminOnly: true },
  "_app.admin.calendar.tsx": { access: "staff", personal: false, adminOnly: true },
  "_app.admin.need.tsx": { access: "staff", personal: false, adminOnly: true },
  "_app.admin.privacy.tsx": { access: "staff", personal: false, adminOnly: true },
  "_app.admin.people._index.tsx": { access: "staff", personal: true, adminOnly: true, url: () => "/admin/people?q=zubaidah" },
  "_app.admin.people.$personId.tsx": { access: "staff", personal: true, adminOnly: true, params: (c) => ({ personId: c.personId }) },
  "admin.people.$personId.export.ts": { access: "staff", personal: true, adminOnly: true, params: (c) => ({ personId: c.personId }) },
  "_app.admin.users._index.tsx": { access: "staff", personal: false, adminOnly: true },
  "_app.admin.users.$userId.tsx": {
    access: "staff",
    personal: false,
    adminOnly: true,
    params: (c) => ({ userId: c.world.nsCoordinator.id }),
  },
  "_app.admin.users.new.tsx": { access: "staff", personal: false, adminOnly: true },
  "_app.events._index.tsx": { access: "staff", personal: false, list: true, url: () => "/events?when=all" },
  "_app.events.calendar.tsx": { access: "staff", personal: false, list: true },
  "_app.events.new.tsx": { access: "staff", personal: false },
  "_app.events.$eventId._index.tsx": { access: "staff", personal: false, ...nsEvent },
  "_app.events.$eventId.approval.tsx": { access: "staff", personal: false, ...nsEvent },
  "_app.events.$eventId.attendance.tsx": { access: "staff", personal: true, ...nsEvent },
  "_app.events.$eventId.check-in.tsx": { access: "staff", personal: true, ...nsEvent },
  "_app.events.$eventId.edit.tsx": { access: "staff", personal: false, ...nsEvent },
  "_app.events.$eventId.feedback.tsx": { access: "staff", personal: true, ...nsEvent },
  "_app.events.$eventId.follow-up.tsx": {
    access: "staff",
    personal: true,
    params: event,
    scoped: true,
    action: (c) => ({
      intent: "preview",
      recipientId: c.registrationId,
      statuses: "REGISTERED",
      categories: "TEACHER",
      sendAt: "2030-01-01T09:00",
    }),
  },
  "_app.events.$eventId.materials.tsx": { access: "staff", personal: true, ...nsEvent },
  "_app.events.$eventId.packing-list.tsx": { access: "staff", personal: false, ...nsEvent },
  "_app.events.$eventId.poster.tsx": { access: "staff", personal: false, ...nsEvent },
  "_app.events.$eventId.pupils.tsx": { access: "staff", personal: false, ...nsEvent },
  "_app.events.$eventId.registrations._index.tsx": { access: "staff", personal: true, ...nsEvent },
  "_app.events.$eventId.registrations.$registrationId.tsx": {
    access: "staff",
    personal: true,
    scoped: true,
    params: (c) => ({ eventId: c.world.nsEvent.id, registrationId: c.registrationId }),
  },
  "_app.events.$eventId.registrations.new.tsx": { access: "staff", personal: false, ...nsEvent },
  "_app.events.$eventId.registrations.import._index.tsx": { access: "staff", personal: false, ...nsEvent },
  "_app.events.$eventId.registrations.import.$jobId.tsx": {
    access: "staff",
    personal: true,
    scoped: true,
    params: (c) => ({ eventId: c.world.nsEvent.id, jobId: c.registrationJobId }),
  },
  "events.$eventId.registrations-export.ts": { access: "staff", personal: true, ...nsEvent, url: () => "/export?format=csv&contacts=1" },
  "events.$eventId[.ics].ts": { access: "staff", personal: false, ...nsEvent },
  "events.$eventId.qr.ts": { access: "staff", personal: false, ...nsEvent },
  "events.$eventId.approval-letter.ts": { access: "staff", personal: false, ...nsEvent },
  "api.events.$eventId.check-in.ts": {
    access: "staff",
    personal: true,
    api: true,
    actionWithoutNames: true,
    ...nsEvent,
    action: (c) => ({ json: { ops: [{ kind: "check-in", clientId: "akses-ujian-1", registrationId: c.registrationId }] } }),
  },
  "api.scheduling-warnings.ts": {
    access: "staff",
    personal: false,
    url: () => "/api/scheduling-warnings?schoolCode=NEB2069&startsAt=2026-12-08T09:00",
  },
  "_app.materials._index.tsx": { access: "staff", personal: false },
  // The catalogue is national: only administrators add, edit or retire materials.
  "_app.materials.new.tsx": { access: "staff", personal: false, adminOnly: true },
  "_app.materials.$materialId.edit.tsx": {
    access: "staff",
    personal: false,
    adminOnly: true,
    params: (c) => ({ materialId: c.materialId }),
  },
  "_app.materials.totals.tsx": { access: "staff", personal: false, list: true },
  "_app.stock.tsx": { access: "staff", personal: false, list: true },
  "stock-export.ts": { access: "staff", personal: false, list: true, url: () => "/stock-export?format=csv" },
  "_app.outbox._index.tsx": { access: "staff", personal: true, list: true },
  "_app.outbox.$messageId.tsx": { access: "staff", personal: true, scoped: true, params: (c) => ({ messageId: c.messageId }) },
  "_app.programmes._index.tsx": { access: "staff", personal: false, list: true },
  "_app.programmes.new.tsx": { access: "staff", personal: false },
  // Shows the programme's feedback comments (free text) to staff who may see participants.
  "_app.programmes.$programmeId._index.tsx": {
    access: "staff",
    personal: true,
    scoped: true,
    params: (c) => ({ programmeId: c.world.nsProgramme.id }),
  },
  "_app.programmes.$programmeId.edit.tsx": {
    access: "staff",
    personal: false,
    scoped: true,
    params: (c) => ({ programmeId: c.world.nsProgramme.id }),
  },
  "_app.programmes.$programmeId.invitations.tsx": {
    access: "staff",
    personal: false,
    scoped: true,
    params: (c) => ({ programmeId: c.world.nsProgramme.id }),
  },
  "_app.programmes.$programmeId.invitations_.$invitationId.letter.tsx": {
    access: "staff",
    personal: false,
    scoped: true,
    params: (c) => ({ programmeId: c.world.nsProgramme.id, invitationId: c.invitationId }),
  },
  "_app.exports._index.tsx": { access: "staff", personal: false, list: true },
  "_app.exports.$jobId.tsx": { access: "staff", personal: false, scoped: true, params: (c) => ({ jobId: c.exportJobId }) },
  "exports.$jobId.file.ts": { access: "staff", personal: true, scoped: true, params: (c) => ({ jobId: c.exportJobId }) },
  "_app.schools._index.tsx": { access: "staff", personal: false, list: true },
  "_app.schools.new.tsx": { access: "staff", personal: false },
  "_app.schools.$schoolId.edit.tsx": { access: "staff", personal: false, scoped: true, params: (c) => ({ schoolId: c.world.nsSchool.id }) },
  "_app.schools.import._index.tsx": { access: "staff", personal: false },
  "_app.schools.import.$jobId.tsx": { access: "staff", personal: false, scoped: true, params: (c) => ({ jobId: c.schoolJobId }) },
};

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
  default?: unknown;
};

const routeFiles = fs
  .readdirSync(ROUTES_DIR)
  .filter((name) => /\.tsx?$/.test(name) && !name.startsWith("."))
  .sort();

function text(result: RouteResult): string {
  return typeof result.data === "string" ? result.data : JSON.stringify(result.data);
}
const leaked = (result: RouteResult) => MARKERS.filter((m) => text(result).includes(m));

let c: Context;
let cookies: Record<"admin" | "selangor" | "viewer" | "otherLiaison" | "nsCoordinator", string>;

beforeAll(async () => {
  const world = await twoStates();
  const registered = (await registerPublicly(
    world.nsEvent.publicCode,
    teacher(1, { fullName: "Zubaidah Penanda", phone: "+60139871234", email: "zubaidah.penanda@contoh.my" }),
  )) as { registrationId: string; manageToken: string };
  const registration = await db.registration.findUniqueOrThrow({ where: { id: registered.registrationId } });
  await db.feedback.create({
    data: {
      eventId: world.nsEvent.id,
      registrationId: registration.id,
      rating: 5,
      score: 3,
      comment: "Terima kasih, Zubaidah di sini",
      language: "ms",
    },
  });
  const message = await db.message.findFirstOrThrow({ where: { personId: registration.personId } });
  const csv = new TextEncoder().encode("Nama,Telefon,Emel\nZubaidah Penanda,013-987 1234,zubaidah.penanda@contoh.my\n");
  const registrationJobId = await uploadRegistrationList(world.nsCoordinator, world.nsEvent.id, csv, "senarai.csv");
  await previewRegistrationList(world.nsCoordinator, world.nsEvent.id, registrationJobId, {
    fullName: "NAMA",
    phone: "TELEFON",
    email: "EMEL",
    defaultCategory: "TEACHER",
  });
  const schoolJobId = await uploadSchoolList(
    world.nsCoordinator,
    "sekolah.csv",
    kpmCsv([{ NEGERI: "NEGERI SEMBILAN", PPD: "SEREMBAN", KODSEKOLAH: "NEA0909", NAMASEKOLAH: "SK AKSES" }]),
  );
  await inviteSchools(world.nsCoordinator, world.nsProgramme.id, [world.nsOtherSchool.id], undefined);
  const invitation = await db.schoolInvitation.findFirstOrThrow({ where: { programmeId: world.nsProgramme.id } });
  const material = await db.material.create({ data: { code: "RISALAH-AKSES", titleMs: "Risalah", titleEn: "Leaflet", kind: "PAMPHLET" } });
  const nsCoordinator = await db.user.findUniqueOrThrow({ where: { id: world.nsCoordinator.id } });
  const exportJobId = await createExportJob(world.nsCoordinator, { dataset: "registrations", format: "csv", contacts: true }, "ms");
  await runJobsUntilIdle();
  c = {
    world,
    personId: registration.personId,
    registrationId: registration.id,
    manageToken: registration.manageToken,
    messageId: message.id,
    registrationJobId,
    schoolJobId,
    invitationId: invitation.id,
    materialId: material.id,
    calendarToken: nsCoordinator.calendarToken!,
    exportJobId,
  };
  const otherLiaison = await makeUser(db, { role: "LIAISON", stateCode: "05", schoolId: world.nsOtherSchool.id });
  cookies = {
    admin: await cookieFor(world.admin.id),
    selangor: await cookieFor(world.selCoordinator.id),
    viewer: await cookieFor(world.viewer.id),
    otherLiaison: await cookieFor(otherLiaison.id),
    nsCoordinator: await cookieFor(world.nsCoordinator.id),
  };
});

async function load(file: string, cookie: string | undefined): Promise<RouteResult | null> {
  const spec = ROUTES[file];
  const mod = (await import(path.join(ROUTES_DIR, file))) as RouteModule;
  if (!mod.loader) return null;
  const params = "params" in spec && spec.params ? spec.params(c) : {};
  const url = spec.access === "staff" && spec.url ? spec.url(c) : "/";
  return callLoader(mod.loader as never, { url, cookie, params });
}

async function act(file: string, cookie: string | undefined): Promise<RouteResult | null> {
  const spec = ROUTES[file];
  const mod = (await import(path.join(ROUTES_DIR, file))) as RouteModule;
  if (spec.access !== "staff" || !spec.action || !mod.action) return null;
  const body = spec.action(c);
  const params = spec.params ? spec.params(c) : {};
  if ("json" in body) {
    return callAction(mod.action as never, {
      url: "/",
      cookie,
      params,
      body: JSON.stringify(body.json),
      headers: { "Content-Type": "application/json" },
    });
  }
  return callAction(mod.action as never, { url: "/", cookie, params, form: body as Record<string, string> });
}

describe("the route classification", () => {
  it("covers every file in app/routes, and nothing that is gone", () => {
    const unclassified = routeFiles.filter((file) => !(file in ROUTES));
    const gone = Object.keys(ROUTES).filter((file) => !routeFiles.includes(file));
    expect(
      unclassified,
      `Classify these routes in ROUTES in tests/integration/route-access.test.ts (public, secret-link, or staff with personal: true/false): ${unclassified.join(", ")}`,
    ).toEqual([]);
    expect(gone, `These routes are classified but no longer exist; remove them from ROUTES: ${gone.join(", ")}`).toEqual([]);
    // Personal data is either another state's 403/404 (scoped), the administrator's alone, or a list filtered by scope.
    const unguarded = Object.entries(ROUTES).filter(
      ([, spec]) => spec.access === "staff" && spec.personal && !spec.scoped && !spec.adminOnly && !spec.list,
    );
    expect(
      unguarded.map(([file]) => file),
      "personal routes must be scoped, adminOnly or list",
    ).toEqual([]);
  });
});

const classified = routeFiles.filter((file) => file in ROUTES);
type StaffSpec = Extract<Classification, { access: "staff" }>;
const staff = (test: (spec: StaffSpec) => boolean | undefined) =>
  classified.filter((file) => ROUTES[file].access === "staff" && test(ROUTES[file] as StaffSpec));
const OUTSIDERS = ["selangor", "otherLiaison"] as const;

async function writesNothing(run: () => Promise<unknown>) {
  const before = await rowCounts();
  await run();
  expect(countChanges(before, await rowCounts())).toEqual({});
}

describe("staff routes", () => {
  it.each(staff(() => true))("%s sends a signed-out visitor to sign in", async (file) => {
    const result = (await load(file, undefined)) ?? (await act(file, undefined));
    if (!result) return;
    if ((ROUTES[file] as StaffSpec).api) return expect(result.status).toBe(401);
    expect(result.status).toBe(302);
    expect(result.location).toMatch(/^\/sign-in\?redirectTo=/);
  });

  it.each(staff((spec) => spec.adminOnly))("%s is for the administrator only", async (file) => {
    expect((await load(file, cookies.admin))!.status, `${file} as administrator`).toBeLessThan(400);
    for (const who of ["nsCoordinator", "selangor", "viewer", "otherLiaison"] as const) {
      expect([403, 404], `${file} as ${who}`).toContain((await load(file, cookies[who]))!.status);
    }
  });

  it.each(staff((spec) => spec.scoped))("%s is closed to another state's coordinator and another school's liaison", async (file) => {
    const mod = (await import(path.join(ROUTES_DIR, file))) as RouteModule;
    for (const who of OUTSIDERS) {
      const page = await load(file, cookies[who]);
      if (page) expect([403, 404], `${file} as ${who}`).toContain(page.status);
      const declared = await act(file, cookies[who]);
      if (declared) expect([403, 404], `${file} submitted by ${who}`).toContain(declared.status);
      // Any other submission, even an empty one, is refused and changes nothing.
      if (mod.action) {
        await writesNothing(async () => {
          const empty = await callAction(mod.action as never, {
            url: "/",
            cookie: cookies[who],
            params: ROUTES[file].params!(c),
            form: {},
          });
          expect([400, 403, 404], `${file}: empty submission by ${who}`).toContain(empty.status);
        });
      }
    }
  });

  it.each(staff((spec) => spec.personal))(
    "%s shows Negeri Sembilan's participant to the administrator, never to the viewer or outsiders",
    async (file) => {
      for (const call of [load, act]) {
        const own = await call(file, cookies.admin);
        if (!own) continue;
        // The positive control: the markers really are in this route's answer for someone allowed.
        expect(own.status, `${file} as administrator`).toBeLessThan(400);
        if (!(call === act && (ROUTES[file] as StaffSpec).actionWithoutNames))
          expect(leaked(own).length, `${file} as administrator shows the participant`).toBeGreaterThan(0);
        for (const who of ["viewer", ...OUTSIDERS] as const) {
          const result = (await call(file, cookies[who]))!;
          expect(result.status, `${file} as ${who}`).toBeLessThan(500);
          expect(leaked(result), `${file} as ${who}`).toEqual([]);
        }
      }
    },
  );

  it.each(staff((spec) => !spec.personal))("%s shows no participant's personal data to anyone", async (file) => {
    for (const who of ["admin", "selangor", "viewer", "otherLiaison", "nsCoordinator"] as const) {
      for (const call of [load, act]) {
        const result = await call(file, cookies[who]);
        if (!result) continue;
        expect(result.status, `${file} as ${who}`).toBeLessThan(500);
        expect(leaked(result), `${file} as ${who}`).toEqual([]);
      }
    }
  });
});

describe("public routes and secret links", () => {
  it.each(classified.filter((file) => ROUTES[file].access === "public"))("%s shows no participant's personal data", async (file) => {
    const result = await load(file, undefined);
    if (!result) return;
    expect(result.status).toBeLessThan(500);
    expect(leaked(result)).toEqual([]);
  });

  it.each(classified.filter((file) => ROUTES[file].access === "secret-link"))(
    "%s opens with its token and is a 404 with a made-up one",
    async (file) => {
      const spec = ROUTES[file] as Extract<Classification, { access: "secret-link" }>;
      const mod = (await import(path.join(ROUTES_DIR, file))) as RouteModule;
      expect((await callLoader(mod.loader as never, { url: "/", params: spec.params(c) })).status).toBe(200);
      expect((await callLoader(mod.loader as never, { url: "/", params: spec.madeUp })).status).toBe(404);
      if (mod.action) expect((await callAction(mod.action as never, { url: "/", params: spec.madeUp, form: {} })).status).toBe(404);
    },
  );
});

/**
 * Staff of another state or school add and edit registrations at their own events with the Negeri
 * Sembilan participant's phone or email: whatever they did not type of hers never reaches them,
 * and nothing they change is seen outside their own registration.
 */
describe("someone else's contact details in staff hands", () => {
  const HER = { name: "Zubaidah Penanda", phone: "013-987 1234", email: "zubaidah.penanda@contoh.my" };
  const hers = {
    name: (t: string) => t.includes("Zubaidah"),
    phone: (t: string) => t.includes("9871234") || t.includes("987 1234"),
    email: (t: string) => t.includes("zubaidah.penanda"),
  };
  const add = addRoute.action;
  const edit = editRoute;
  const list = listRoute.loader;
  const checkIn = checkInApi;
  const importPage = importRoute.loader;

  /** Everything the staff member's own event shows of its registrations. */
  async function shown(cookie: string, eventId: string): Promise<string> {
    const pages = [
      await callLoader(list as never, { url: "/", cookie, params: { eventId } }),
      await callLoader(checkIn.loader as never, { url: "/", cookie, params: { eventId } }),
    ];
    const registrations = await db.registration.findMany({ where: { eventId }, select: { id: true } });
    for (const r of registrations)
      pages.push(await callLoader(edit.loader as never, { url: "/", cookie, params: { eventId, registrationId: r.id } }));
    return pages.map(text).join("\n");
  }

  it.each([
    ["the Selangor coordinator", "selangor"],
    ["a liaison teacher of another school", "otherLiaison"],
  ] as const)("%s typing her phone or email learns nothing else of her, whatever the name", async (_who, staffKey) => {
    const world = c.world;
    const event =
      staffKey === "selangor"
        ? world.selEvent
        : await db.event
            .findFirstOrThrow({ where: { schoolId: world.nsOtherSchool.id } })
            .catch(() => makeEventAt(world.nsOtherSchool.id, world.nsProgramme.id));
    const cookie = cookies[staffKey];
    const typed = [
      { fullName: "Orang Asing Satu", phone: HER.phone, reveals: ["name", "email"] },
      { fullName: HER.name, phone: HER.phone, reveals: ["email"] },
      { fullName: "Orang Asing Dua", email: HER.email, reveals: ["name", "phone"] },
      { fullName: HER.name, email: HER.email, reveals: ["phone"] },
    ] as const;
    for (const { reveals, ...fields } of typed) {
      const added = await callAction(add as never, {
        url: "/",
        cookie,
        params: { eventId: event.id },
        form: { ...fields, category: "COMMUNITY", language: "ms", consent: "on", status: "REGISTERED" },
      });
      expect(added.status, JSON.stringify(fields)).toBe(302);
      const page = await shown(cookie, event.id);
      for (const detail of reveals) expect(hers[detail](page), `${JSON.stringify(fields)} revealed her ${detail}`).toBe(false);
      await db.registration.deleteMany({ where: { eventId: event.id } });
    }
    // A walk-in from the check-in phone and an imported list: the same.
    await callAction(checkIn.action as never, {
      url: "/",
      cookie,
      params: { eventId: event.id },
      body: JSON.stringify({
        ops: [{ kind: "walk-in", clientId: `walk-${staffKey}`, fullName: HER.name, phone: HER.phone, category: "PIBG" }],
      }),
      headers: { "Content-Type": "application/json" },
    });
    expect(hers.email(await shown(cookie, event.id))).toBe(false);
    await db.registration.deleteMany({ where: { eventId: event.id } });
    const user =
      staffKey === "selangor" ? world.selCoordinator : await db.user.findFirstOrThrow({ where: { schoolId: world.nsOtherSchool.id } });
    const csv = new TextEncoder().encode(`Nama,Telefon\n${HER.name},${HER.phone}\nOrang Asing,${HER.phone}\n`);
    const scoped = { id: user.id, role: user.role as "COORDINATOR", stateCode: user.stateCode, schoolId: user.schoolId };
    const jobId = await uploadRegistrationList(scoped, event.id, csv, "senarai.csv");
    const preview = await previewRegistrationList(scoped, event.id, jobId, {
      fullName: "NAMA",
      phone: "TELEFON",
      defaultCategory: "PIBG",
    });
    // Whether she is known elsewhere is not the importer's business: both rows are simply to register.
    expect(preview.rows.map((r) => r.action)).toEqual(["create", "create"]);
    const importShown = await callLoader(importPage as never, { url: "/", cookie, params: { eventId: event.id, jobId } });
    expect(hers.email(text(importShown))).toBe(false);
    await db.registration.deleteMany({ where: { eventId: event.id } });
  });

  it("a correction at one event changes nothing anyone sees elsewhere, and the trail names the fields only", async () => {
    const world = c.world;
    const before = await db.registration.findUniqueOrThrow({ where: { id: c.registrationId } });
    const person = await db.person.findUniqueOrThrow({ where: { id: c.personId } });
    // Her own liaison teacher (in scope) links her at another session of the school and corrects the copy there.
    const second = await makeEventAt(world.nsSchool.id, world.nsProgramme.id);
    const liaison = await cookieFor(world.liaison.id);
    const added = await callAction(add as never, {
      url: "/",
      cookie: liaison,
      params: { eventId: second.id },
      form: { fullName: HER.name, phone: HER.phone, category: "TEACHER", language: "ms", consent: "on", status: "REGISTERED" },
    });
    expect(added.status).toBe(302);
    const copy = await db.registration.findFirstOrThrow({ where: { eventId: second.id } });
    expect(copy.personId).toBe(c.personId);
    expect(copy.email).toBeNull();
    const saved = await callAction(edit.action as never, {
      url: "/",
      cookie: liaison,
      params: { eventId: second.id, registrationId: copy.id },
      form: {
        fullName: HER.name,
        phone: "019-555 0000",
        email: "ganti@contoh.my",
        category: "TEACHER",
        status: "REGISTERED",
        language: "en",
      },
    });
    expect(saved.status).toBe(302);
    expect(await db.registration.findUniqueOrThrow({ where: { id: c.registrationId } })).toEqual(before);
    expect(await db.person.findUniqueOrThrow({ where: { id: c.personId } })).toEqual(person);
    const trail = await db.auditEntry.findFirstOrThrow({ where: { entityId: copy.id, action: "UPDATE" }, orderBy: { createdAt: "desc" } });
    expect(JSON.parse(trail.after!).changedDetails).toEqual(["phoneE164", "email", "language"]);
    expect(trail.after).not.toMatch(/555|ganti/);
    // Her emails still go where she asked: to the address on her own registration.
    expect(await db.message.count({ where: { toEmail: "ganti@contoh.my" } })).toBe(0);
  });
});

async function makeEventAt(schoolId: string, programmeId: string) {
  return makeEvent(db, { programmeId, schoolId, status: "SCHEDULED", startsAt: new Date(Date.now() + 30 * 86_400_000) });
}

describe("answers with personal data are kept by nobody", () => {
  // Pages get "private, no-store" from entry.server.tsx (checked over HTTP in tests/e2e/security.e2e.ts);
  // resource routes answer with their own headers, so each one with personal data is checked here.
  const personalResources = classified.filter((file) => {
    const spec = ROUTES[file];
    return (spec.access === "secret-link" || (spec.access === "staff" && spec.personal)) && !/\.tsx$/.test(file);
  });

  it("covers the downloads, feeds and the check-in list", () => {
    expect(personalResources).toEqual(
      expect.arrayContaining([
        "admin.people.$personId.export.ts",
        "api.events.$eventId.check-in.ts",
        "calendar.$token[.ics].ts",
        "events.$eventId.registrations-export.ts",
        "exports.$jobId.file.ts",
        "registration.$token[.ics].ts",
      ]),
    );
  });

  it.each(personalResources)("%s answers with Cache-Control: private, no-store", async (file) => {
    const spec = ROUTES[file];
    const mod = (await import(path.join(ROUTES_DIR, file))) as RouteModule;
    expect(mod.default, `${file} is a resource route`).toBeUndefined();
    const params = "params" in spec && spec.params ? spec.params(c) : {};
    const url = spec.access === "staff" && spec.url ? spec.url(c) : "/";
    const result = await callLoader(mod.loader as never, { url, cookie: spec.access === "staff" ? cookies.admin : undefined, params });
    expect(result.status, file).toBe(200);
    expect(result.headers.get("Cache-Control"), file).toBe("private, no-store");
  });
});
