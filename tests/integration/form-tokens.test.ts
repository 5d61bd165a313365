import { beforeAll, describe, expect, it } from "vitest";
import { newFormToken } from "../../app/modules/audit/form-once.server";
import { receiveStock } from "../../app/modules/materials/stock.server";
import * as root from "../../app/root";
import * as adminCalendarPage from "../../app/routes/_app.admin.calendar";
import * as newUserPage from "../../app/routes/_app.admin.users.new";
import * as checkInPage from "../../app/routes/_app.events.$eventId.check-in";
import * as eventMaterialsPage from "../../app/routes/_app.events.$eventId.materials";
import * as followUpPage from "../../app/routes/_app.events.$eventId.follow-up";
import * as addRegistrationPage from "../../app/routes/_app.events.$eventId.registrations.new";
import * as newEventPage from "../../app/routes/_app.events.new";
import * as exportsPage from "../../app/routes/_app.exports._index";
import * as invitationsPage from "../../app/routes/_app.programmes.$programmeId.invitations";
import * as newProgrammePage from "../../app/routes/_app.programmes.new";
import * as newSchoolPage from "../../app/routes/_app.schools.new";
import * as stockPage from "../../app/routes/_app.stock";
import * as feedbackPage from "../../app/routes/feedback.$code";
import * as registerPage from "../../app/routes/r.$code";
import { db } from "../../app/utils/db.server";
import { makeEvent, makeSchool } from "../support/factories";
import { callAction, callLoader, cookieFor, type RouteResult } from "../support/route-calls";
import { twoStates } from "../support/scenario";

/**
 * Issue 16, "forms that cannot double": a delivery saved twice issued stock twice. Every form that
 * creates something carries a one-time token; a repeat is answered with the first result.
 */
let world: Awaited<ReturnType<typeof twoStates>>;
let coordinator: string;
let admin: string;
let pamphlet: { id: string };
let today: { id: string; publicCode: string };

const HOUR = 3_600_000;

beforeAll(async () => {
  world = await twoStates();
  coordinator = await cookieFor(world.nsCoordinator.id);
  admin = await cookieFor(world.admin.id);
  pamphlet = await db.material.create({ data: { code: "RIS-T", titleMs: "Risalah", titleEn: "Pamphlet", kind: "PAMPHLET" } });
  await receiveStock(world.nsCoordinator, {
    intent: "receive",
    stateCode: "05",
    materialId: pamphlet.id,
    quantity: 1000,
    reference: "DO-1",
  });
  today = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    title: "Sesi hari ini",
    startsAt: new Date(Date.now() - HOUR),
  });
});

type Case = {
  form: string;
  send: (token: string | undefined, n: number) => Promise<RouteResult>;
  /** How many of the things this form makes exist now. */
  count: () => Promise<number>;
};

const deliveries = () => db.delivery.count({ where: { eventId: today.id } });

const CASES: Case[] = [
  {
    form: "a material delivery (and its stock issue)",
    send: (formToken) =>
      callAction(eventMaterialsPage.action, {
        url: `/events/${today.id}/materials`,
        cookie: coordinator,
        params: { eventId: today.id },
        form: { materialId: pamphlet.id, quantity: "40", recipientType: "PIBG", ...(formToken ? { formToken } : {}) },
      }),
    count: async () => (await deliveries()) * 1000 + (await db.stockMovement.count({ where: { type: "ISSUED" } })),
  },
  {
    form: "a stock receipt",
    send: (formToken) =>
      callAction(stockPage.action, {
        url: "/stock",
        cookie: coordinator,
        form: {
          intent: "receive",
          stateCode: "05",
          materialId: pamphlet.id,
          quantity: "10",
          reference: "DO-2",
          ...(formToken ? { formToken } : {}),
        },
      }),
    count: () => db.stockMovement.count({ where: { type: "RECEIVED" } }),
  },
  {
    form: "an event",
    send: (formToken, n) =>
      callAction(newEventPage.action, {
        url: "/events/new",
        cookie: coordinator,
        form: {
          programmeId: world.nsProgramme.id,
          type: "COMMUNITY_SESSION",
          title: `Sesi komuniti ${n}`,
          stateCode: "05",
          venue: "Dewan Orang Ramai",
          startsAt: "2027-02-03T09:00",
          endsAt: "2027-02-03T12:00",
          registrationCategories: ["COMMUNITY"],
          acknowledgeWarnings: "on",
          ...(formToken ? { formToken } : {}),
        },
      }),
    count: () => db.event.count({ where: { venue: "Dewan Orang Ramai" } }),
  },
  {
    form: "a programme",
    send: (formToken) =>
      callAction(newProgrammePage.action, {
        url: "/programmes/new",
        cookie: coordinator,
        form: { title: "KASIH Daerah Rembau", year: "2027", stateCode: "05", ...(formToken ? { formToken } : {}) },
      }),
    count: () => db.programme.count({ where: { title: "KASIH Daerah Rembau" } }),
  },
  {
    form: "a school",
    send: (formToken, n) =>
      callAction(newSchoolPage.action, {
        url: "/schools/new",
        cookie: coordinator,
        form: {
          code: `NBA50${String(n).padStart(2, "0")}`,
          name: `SK UJIAN ${n}`,
          type: "SK",
          level: "RENDAH",
          stateCode: "05",
          district: "REMBAU",
          ...(formToken ? { formToken } : {}),
        },
      }),
    count: () => db.school.count({ where: { name: { startsWith: "SK UJIAN" } } }),
  },
  {
    form: "a user",
    send: (formToken, n) =>
      callAction(newUserPage.action, {
        url: "/admin/users/new",
        cookie: admin,
        form: {
          name: `Pegawai ${n}`,
          email: `pegawai${n}@jkm.gov.my`,
          role: "VIEWER",
          password: "kata-laluan-yang-panjang",
          language: "ms",
          ...(formToken ? { formToken } : {}),
        },
      }),
    count: () => db.user.count({ where: { email: { startsWith: "pegawai" } } }),
  },
  {
    form: "a registration added by staff",
    send: (formToken, n) =>
      callAction(addRegistrationPage.action, {
        url: `/events/${today.id}/registrations/new`,
        cookie: coordinator,
        params: { eventId: today.id },
        form: {
          fullName: `Cikgu Tambah ${n}`,
          phone: `012-300 ${String(1000 + n)}`,
          category: "TEACHER",
          status: "REGISTERED",
          language: "ms",
          consent: "on",
          ...(formToken ? { formToken } : {}),
        },
      }),
    count: () => db.registration.count({ where: { eventId: today.id, source: "STAFF" } }),
  },
  {
    form: "a walk-in (without JavaScript)",
    send: (formToken, n) =>
      callAction(checkInPage.action, {
        url: `/events/${today.id}/check-in`,
        cookie: coordinator,
        params: { eventId: today.id },
        form: {
          intent: "walk-in",
          fullName: `Pak Datang ${n}`,
          category: "COMMUNITY",
          language: "ms",
          consent: "on",
          ...(formToken ? { formToken } : {}),
        },
      }),
    count: () => db.registration.count({ where: { eventId: today.id, source: "WALK_IN" } }),
  },
  {
    form: "an invitation to schools",
    send: async (formToken, n) => {
      const code = `NBA6${String(n).padStart(3, "0")}`;
      const school =
        (await db.school.findUnique({ where: { code } })) ?? (await makeSchool(db, { code, stateCode: "05", district: "JELEBU" }));
      return callAction(invitationsPage.action, {
        url: `/programmes/${world.nsProgramme.id}/invitations`,
        cookie: coordinator,
        params: { programmeId: world.nsProgramme.id },
        form: { intent: "invite", schoolIds: school.id, ...(formToken ? { formToken } : {}) },
      });
    },
    count: () => db.schoolInvitation.count({ where: { programmeId: world.nsProgramme.id } }),
  },
  {
    form: "a follow-up campaign",
    send: (formToken) =>
      callAction(followUpPage.action, {
        url: `/events/${today.id}/follow-up`,
        cookie: coordinator,
        params: { eventId: today.id },
        form: { intent: "schedule", statuses: "ATTENDED", sendAt: "2027-01-05T09:00", ...(formToken ? { formToken } : {}) },
      }),
    count: () => db.campaign.count({ where: { eventId: today.id, kind: "FOLLOW_UP" } }),
  },
  {
    form: "a school break (calendar)",
    send: (formToken, n) =>
      callAction(adminCalendarPage.action, {
        url: "/admin/calendar?year=2027",
        cookie: admin,
        form: {
          intent: "add-break",
          calendarGroup: "B",
          name: "Cuti Penggal 1 2027",
          startDate: `2027-05-${String(n).padStart(2, "0")}`,
          endDate: "2027-06-09",
          ...(formToken ? { formToken } : {}),
        },
      }),
    count: () => db.schoolBreak.count({ where: { name: "Cuti Penggal 1 2027" } }),
  },
  {
    form: "an export",
    send: (formToken) =>
      callAction(exportsPage.action, {
        url: "/exports",
        cookie: coordinator,
        form: { dataset: "events", format: "csv", ...(formToken ? { formToken } : {}) },
      }),
    count: () => db.job.count({ where: { kind: "EXPORT" } }),
  },
  {
    form: "a public registration",
    send: (formToken, n) =>
      callAction(registerPage.action, {
        url: `/r/${today.publicCode}`,
        params: { code: today.publicCode },
        form: {
          fullName: `Puan Awam ${n}`,
          phone: `013-400 ${String(1000 + n)}`,
          category: "PIBG",
          language: "ms",
          consent: "on",
          noticeVersion: "2024-04-v1",
          ...(formToken ? { formToken } : {}),
        },
      }),
    count: () => db.registration.count({ where: { eventId: today.id, source: "ONLINE" } }),
  },
  {
    form: "a feedback response (from the QR code, no personal link)",
    send: (formToken) =>
      callAction(feedbackPage.action, {
        url: `/feedback/${today.publicCode}`,
        params: { code: today.publicCode },
        form: {
          rating: "5",
          answerSigns: "ALL",
          answerReport: "REPORT",
          answerHelpline: "15999",
          language: "ms",
          ...(formToken ? { formToken } : {}),
        },
      }),
    count: () => db.feedback.count({ where: { eventId: today.id } }),
  },
];

describe("a form sent twice makes one thing, and the second answer is the first's", () => {
  let n = 0;
  for (const c of CASES) {
    it(`${c.form}: once per token, again with a new token`, async () => {
      const before = await c.count();
      const token = newFormToken();
      const first = await c.send(token, ++n);
      expect([first.status, first.data?.result?.error]).toEqual([first.location ? 302 : 200, undefined]);
      const once = await c.count();
      expect(once).toBeGreaterThan(before);
      // The same form again (a double tap, a retry, the back button): nothing new, the same answer.
      const repeat = await c.send(token, n);
      expect(repeat.status).toBe(first.status);
      expect(repeat.location).toBe(first.location);
      expect(await c.count()).toBe(once);
      // A new form (a new token) is a new thing.
      await c.send(newFormToken(), ++n);
      expect(await c.count()).toBeGreaterThan(once);
    });
  }

  it("two taps at once make one delivery and issue stock once", async () => {
    const before = await deliveries();
    const token = newFormToken();
    const answers = await Promise.all([CASES[0].send(token, 0), CASES[0].send(token, 0), CASES[0].send(token, 0)]);
    expect(answers.map((a) => a.location)).toEqual(answers.map(() => `/events/${today.id}/materials`));
    expect(await deliveries()).toBe(before + 1);
    const issued = await db.stockMovement.aggregate({
      where: { type: "ISSUED", delivery: { eventId: today.id } },
      _sum: { quantity: true },
    });
    expect(issued._sum.quantity).toBe(-40 * (before + 1));
  });

  it("leaves the token unused when the form is refused, so the corrected form goes through", async () => {
    const token = newFormToken();
    const refused = await callAction(stockPage.action, {
      url: "/stock",
      cookie: coordinator,
      form: { intent: "receive", stateCode: "05", materialId: pamphlet.id, quantity: "0", reference: "DO-9", formToken: token },
    });
    expect(refused.status).toBe(400);
    const corrected = await callAction(stockPage.action, {
      url: "/stock",
      cookie: coordinator,
      form: { intent: "receive", stateCode: "05", materialId: pamphlet.id, quantity: "5", reference: "DO-9", formToken: token },
    });
    expect(corrected.location).toBe("/stock");
    expect(await db.stockMovement.count({ where: { reference: "DO-9" } })).toBe(1);
  });

  it("works as before for a form without a token (an old page, a script)", async () => {
    const before = await deliveries();
    await CASES[0].send(undefined, 0);
    await CASES[0].send(undefined, 0);
    expect(await deliveries()).toBe(before + 2);
  });

  it("gives every page a fresh token each time it loads (so a used one is never offered again)", async () => {
    const a = await callLoader(root.loader, { url: "/stock", cookie: coordinator });
    const b = await callLoader(root.loader, { url: "/stock", cookie: coordinator });
    expect(a.data.formToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(a.data.formToken).not.toBe(b.data.formToken);
  });

  it("answers a repeat of the public form with the person's own page, once", async () => {
    const token = newFormToken();
    const first = await CASES[12].send(token, 99);
    const again = await CASES[12].send(token, 99);
    expect(first.location).toMatch(/^\/registration\/[A-Za-z0-9_-]+\?new=1$/);
    expect(again.location).toBe(first.location);
  });
});
