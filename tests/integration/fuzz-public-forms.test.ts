/**
 * Property-based tests of the other forms anyone can post to: feedback after a session, sign-in,
 * the language switch and unsubscribe. Whatever arrives: no server error, translated messages,
 * and the database changes only when the answer says it did.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { unsubscribeToken } from "../../app/modules/mail/unsubscribe.server";
import * as feedbackForm from "../../app/routes/feedback.$code";
import * as languageRoute from "../../app/routes/language";
import * as signInRoute from "../../app/routes/sign-in";
import * as unsubscribeRoute from "../../app/routes/unsubscribe.$token";
import { db } from "../../app/utils/db.server";
import { makeEvent, makeRegistration, makeUser, TEST_PASSWORD } from "../support/factories";
import {
  FUZZ_RUNS,
  FUZZ_TIMEOUT,
  hostileForm,
  hostileParam,
  hostileString,
  isSingleText,
  prototypePolluted,
  toFormData,
  untranslatableMessages,
} from "../support/hostile-input";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { countChanges, rowCounts } from "../support/row-counts";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
beforeAll(async () => {
  world = await twoStates();
});

let address = 0;
const nextAddress = () => `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address++ & 255}`;

/** Where a redirect really goes, as a browser would read the Location header. */
function sameSite(location: string): boolean {
  const target = new URL(location, "http://localhost");
  return target.origin === "http://localhost" && !/[\u0000-\u001f\u007f]/.test(location);
}

// Targets that try to leave the site after a form, in the ways browsers forgive.
const OFFSITE = [
  "//jahat.example",
  "/\\jahat.example",
  "/\t/jahat.example",
  "/\n/jahat.example",
  "https://jahat.example",
  "javascript:alert(1)",
  "\u0000//jahat.example",
  " //jahat.example",
  "/%0d%0aSet-Cookie:%20x=1",
  "/\r\nSet-Cookie: x=1",
];
const redirectTarget = fc.oneof(fc.constantFrom("/events", "/dashboard?tab=1#top", "/sign-in", ""), fc.constantFrom(...OFFSITE));

describe("the feedback form (feedback.$code)", () => {
  it(
    "stores one response per accepted submission and answers everything else with translated messages",
    async () => {
      const event = await makeEvent(db, {
        programmeId: world.nsProgramme.id,
        schoolId: world.nsSchool.id,
        startsAt: at("2026-01-10T09:00"),
      });
      const tokens: string[] = [];
      for (let i = 0; i < 30; i++) tokens.push((await makeRegistration(db, { eventId: event.id })).manageToken);
      const other = await makeRegistration(db, { eventId: world.selEvent.id });
      const form = hostileForm({
        rating: fc.constantFrom("1", "2", "3", "4", "5"),
        answerSigns: fc.constantFrom("INJURIES", "BEHAVIOUR", "ALL", "NONE"),
        answerReport: fc.constantFrom("WAIT", "REPORT", "CONFRONT"),
        answerHelpline: fc.constantFrom("999", "15999", "112"),
        comment: fc.oneof(fc.constant(""), fc.string({ unit: "grapheme", maxLength: 300 })),
        language: fc.constantFrom("ms", "en"),
        r: fc.oneof(fc.constant(""), fc.constantFrom(...tokens), fc.constant(other.manageToken)),
        website: fc.constant(""),
      });
      const code = fc.oneof({ weight: 9, arbitrary: fc.constant(event.publicCode) }, { weight: 1, arbitrary: hostileParam });
      let stored = 0;
      await fc.assert(
        fc.asyncProperty(code, form, async (publicCode, parts) => {
          const before = await rowCounts();
          const result = await callAction(feedbackForm.action, {
            url: "/feedback/x",
            clientIp: nextAddress(),
            params: { code: publicCode },
            form: toFormData(parts),
          });
          const changes = countChanges(before, await rowCounts());
          expect(result.status).toBeLessThan(500);
          expect(prototypePolluted()).toBe(false);
          // The language and the personal token are hidden fields: a bad value is ignored rather than refused.
          const wrongType = Object.entries(parts[0]).filter(
            ([name, value]) => !["language", "r"].includes(name) && value !== undefined && !isSingleText(value),
          );
          if (result.status === 200) {
            stored++;
            expect(result.data.done).toBe(true);
            // The response, and its anonymous audit entry (which recognises a repeat of the same form).
            expect(changes).toEqual({ feedback: 1, audit: 1 });
            expect(wrongType.map(([n]) => n)).toEqual([]);
            const row = await db.feedback.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
            expect(row.rating).toBeGreaterThanOrEqual(1);
            expect(row.rating).toBeLessThanOrEqual(5);
            expect((row.comment ?? "").length).toBeLessThanOrEqual(1000);
            // A personal token from another event never links this response to that person.
            if (row.registrationId) expect(row.registrationId).not.toBe(other.id);
          } else {
            expect([400, 404, 409]).toContain(result.status);
            expect(changes).toEqual({});
            if (result.status !== 404) {
              expect(untranslatableMessages(result.data.result.error)).toEqual([]);
              expect(result.data.done).toBe(false);
            }
          }
        }),
        FUZZ_RUNS,
      );
      expect(stored).toBeGreaterThan(100);
      // Each personal link counts once, however often it is sent.
      const perRegistration = await db.feedback.groupBy({
        by: ["registrationId"],
        where: { eventId: event.id, registrationId: { not: null } },
        _count: true,
      });
      expect(perRegistration.every((g) => g._count === 1)).toBe(true);
    },
    FUZZ_TIMEOUT,
  );

  it("slows a flood from one address", async () => {
    const event = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2026-01-11T09:00") });
    const form = { rating: "5", answerSigns: "ALL", answerReport: "REPORT", answerHelpline: "15999", language: "ms", website: "" };
    const statuses: number[] = [];
    for (let i = 0; i < 201; i++) {
      statuses.push(
        (await callAction(feedbackForm.action, { url: "/", clientIp: "198.51.100.201", params: { code: event.publicCode }, form })).status,
      );
    }
    expect(statuses.slice(0, 200).every((s) => s === 200)).toBe(true);
    const last = await callAction(feedbackForm.action, { url: "/", clientIp: "198.51.100.201", params: { code: event.publicCode }, form });
    expect(last.status).toBe(429);
    expect(last.data.result.error[""]).toEqual(["errors.rateLimited"]);
    expect(await db.feedback.count({ where: { eventId: event.id } })).toBe(200);
  });
});

describe("signing in", () => {
  it(
    "starts a session only for the right password and never sends anyone off the site",
    async () => {
      await Promise.all(
        ["fuzz.a@kasih.test", "fuzz.b@kasih.test"].map((email) => makeUser(db, { role: "COORDINATOR", stateCode: "05", email })),
      );
      const form = hostileForm({
        email: fc.constantFrom("fuzz.a@kasih.test", " FUZZ.B@kasih.TEST ", "tiada@kasih.test"),
        password: fc.oneof(
          { weight: 4, arbitrary: fc.constant(TEST_PASSWORD) },
          { weight: 1, arbitrary: fc.constant("salah-sama-sekali") },
        ),
        redirectTo: redirectTarget,
      });
      let signedIn = 0;
      await fc.assert(
        fc.asyncProperty(form, async (parts) => {
          // Throttling after wrong passwords has its own tests; here every run starts with none.
          await db.signInThrottle.deleteMany({});
          const before = await rowCounts();
          const result = await callAction(signInRoute.action, { url: "/sign-in", clientIp: nextAddress(), form: toFormData(parts) });
          const changes = countChanges(before, await rowCounts());
          expect(result.status).toBeLessThan(500);
          if (result.status === 302) {
            signedIn++;
            expect(changes).toEqual({ session: 1 });
            expect(result.headers.get("Set-Cookie")).toMatch(/kasih_session=/);
            expect(parts[0].password).toBe(TEST_PASSWORD);
            expect(sameSite(result.location!), `redirect to ${JSON.stringify(result.location)}`).toBe(true);
          } else {
            expect([400, 429]).toContain(result.status);
            expect(changes).toEqual({});
            expect(untranslatableMessages(result.data.result.error)).toEqual([]);
            expect(result.data.result.initialValue?.password).toBeUndefined();
          }
        }),
        FUZZ_RUNS,
      );
      expect(signedIn).toBeGreaterThan(100);
    },
    FUZZ_TIMEOUT,
  );
});

describe("the language switch", () => {
  it(
    "stays on the site and changes at most the account's language",
    async () => {
      const cookie = await cookieFor(world.viewer.id);
      const form = hostileForm({ language: fc.constantFrom("ms", "en", "fr"), redirectTo: redirectTarget });
      await fc.assert(
        fc.asyncProperty(fc.boolean(), form, async (signedIn, parts) => {
          const before = await rowCounts();
          const result = await callAction(languageRoute.action, {
            url: "/language",
            cookie: signedIn ? cookie : undefined,
            form: toFormData(parts),
          });
          expect(result.status).toBe(302);
          expect(sameSite(result.location!), `redirect to ${JSON.stringify(result.location)}`).toBe(true);
          expect(countChanges(before, await rowCounts())).toEqual({});
          expect(["ms", "en"]).toContain((await db.user.findUniqueOrThrow({ where: { id: world.viewer.id } })).language);
        }),
        FUZZ_RUNS,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe("unsubscribing", () => {
  it(
    "works only with a signed token and writes no rows",
    async () => {
      const people = await Promise.all(Array.from({ length: 20 }, () => makeRegistration(db, { eventId: world.nsEvent.id })));
      const tokens = people.map((r) => unsubscribeToken(r.personId));
      const token = fc.oneof(
        fc.constantFrom(...tokens),
        fc
          .tuple(fc.constantFrom(...tokens), fc.integer({ min: 0, max: 40 }), fc.constantFrom("A", "-", "_", ".", ""))
          .map(([t, i, c]) => t.slice(0, i) + c + t.slice(i + 1)),
        fc.constantFrom(...tokens).map((t) => `${world.admin.id}.${t.split(".")[1]}`),
        hostileParam,
      );
      await fc.assert(
        fc.asyncProperty(token, hostileForm({ confirm: fc.constant("1") }), async (value, parts) => {
          const before = await rowCounts();
          const result = await callAction(unsubscribeRoute.action, {
            url: "/unsubscribe/x",
            params: { token: value },
            form: toFormData(parts),
          });
          expect(countChanges(before, await rowCounts())).toEqual({});
          if (tokens.includes(value)) {
            expect(result.status).toBe(200);
            expect(result.data).toEqual({ done: true });
            const person = await db.person.findUniqueOrThrow({ where: { id: value.split(".")[0] } });
            expect(person.unsubscribedAt).not.toBeNull();
          } else {
            expect(result.status).toBe(404);
          }
          const page = await callLoader(unsubscribeRoute.loader, { url: "/", params: { token: value } });
          expect(page.status).toBe(tokens.includes(value) ? 200 : 404);
        }),
        FUZZ_RUNS,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe("bodies that are not forms", () => {
  it(
    "are refused with 400 by every public form, writing nothing",
    async () => {
      const routes: { action: typeof signInRoute.action; params: Record<string, string> }[] = [
        { action: feedbackForm.action, params: { code: world.nsEvent.publicCode } },
        { action: signInRoute.action, params: {} },
        { action: languageRoute.action, params: {} },
      ];
      const body = fc.record({
        route: fc.constantFrom(...routes),
        type: fc.constantFrom(
          "application/json",
          "text/plain",
          "multipart/form-data; boundary=----x",
          "multipart/form-data",
          "application/octet-stream",
        ),
        text: hostileString,
      });
      await fc.assert(
        fc.asyncProperty(body, async ({ route, type, text }) => {
          const before = await rowCounts();
          const result = await callAction(route.action, {
            url: "/x",
            clientIp: nextAddress(),
            params: route.params,
            body: text,
            headers: { "Content-Type": type },
          });
          expect(result.status).toBe(400);
          expect(countChanges(before, await rowCounts())).toEqual({});
        }),
        FUZZ_RUNS,
      );
    },
    FUZZ_TIMEOUT,
  );
});
