/**
 * Property-based tests of the public registration form and the participant's own page: whatever
 * arrives, the answer is a page or a message (never a server error), and the database changes
 * only when the answer says it did.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as publicForm from "../../app/routes/r.$code";
import * as mine from "../../app/routes/registration.$token";
import * as mineIcs from "../../app/routes/registration.$token[.ics]";
import { db } from "../../app/utils/db.server";
import { makeEvent, makeRegistration } from "../support/factories";
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
  validEmail,
  validName,
  validPhone,
} from "../support/hostile-input";
import { callAction, callLoader } from "../support/route-calls";
import { countChanges, rowCounts } from "../support/row-counts";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
let open: Awaited<ReturnType<typeof makeEvent>>;
let closed: Awaited<ReturnType<typeof makeEvent>>;
beforeAll(async () => {
  world = await twoStates();
  // Small enough that the waitlist fills too.
  open = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    startsAt: at("2030-10-01T09:00"),
    capacity: 20,
    registrationCategories: "TEACHER,PIBG,COMMUNITY",
  });
  closed = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-10-02T09:00"), status: "CANCELLED" });
});

// Control characters and bidi overrides that must never reach stored names (see utils/text.ts).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

let address = 0;
/** A fresh client address per run, so the rate limit (tested on its own) does not hide the rest. */
const nextAddress = () => `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address++ & 255}`;

const registrationForm = hostileForm({
  fullName: validName,
  phone: validPhone,
  email: validEmail,
  category: fc.constantFrom("TEACHER", "PIBG", "COMMUNITY", "VOLUNTEER"),
  organisation: fc.constantFrom("SMK Seri Ampangan", "PIBG SK Ampangan", ""),
  pibgRole: fc.constantFrom("AJK", "Bendahari", ""),
  language: fc.constantFrom("ms", "en"),
  consent: fc.constant("on"),
  noticeVersion: fc.constant("2024-04-v1"),
  website: fc.constant(""),
});

describe("the public registration form (r.$code) under hostile input", () => {
  it(
    "answers 1,000 hostile submissions with a redirect or translated messages, writing only on success",
    async () => {
      const code = fc.oneof(
        { weight: 8, arbitrary: fc.constant(() => open.publicCode) },
        { weight: 1, arbitrary: fc.constant(() => closed.publicCode) },
        { weight: 1, arbitrary: hostileParam.map((p) => () => p) },
      );
      let registered = 0;
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(code, registrationForm, async (codeOf, parts) => {
          const before = await rowCounts();
          const result = await callAction(publicForm.action, {
            url: "/r/x",
            clientIp: nextAddress(),
            params: { code: codeOf() },
            form: toFormData(parts),
          });
          const changes = countChanges(before, await rowCounts());
          expect(result.status).toBeLessThan(500);
          expect(prototypePolluted()).toBe(false);
          // A file where text belongs, or a field sent twice, is refused rather than stored as "[object File]" or "a,b".
          const wrongType = Object.entries(parts[0]).filter(
            ([name, value]) => name !== "language" && value !== undefined && !isSingleText(value),
          );
          if (wrongType.length) expect(result.status, `wrong type in ${wrongType.map(([n]) => n).join(", ")}`).not.toBe(302);
          if (result.status === 302 && result.location?.endsWith("?new=1")) {
            registered++;
            const token = result.location.split("/")[2].split("?")[0];
            const stored = await db.registration.findUniqueOrThrow({ where: { manageToken: token }, include: { person: true } });
            // The confirmation (or waitlist notice) is queued with the registration, when there is an address to send it to.
            expect(changes).toMatchObject({ registration: 1, consent: 1, audit: 1 });
            expect(changes.message ?? 0).toBe(stored.person.email ? 1 : 0);
            expect(changes.person ?? 0).toBeLessThanOrEqual(1);
            expect(stored.person.fullName).not.toMatch(CONTROL);
            expect(stored.person.fullName.length).toBeLessThanOrEqual(120);
            expect(stored.organisation ?? "").not.toMatch(CONTROL);
            expect(stored.person.phoneE164 ?? "").toMatch(/^\+60\d{8,10}$/);
          } else if (result.status === 302) {
            expect(result.location).toMatch(/^\/registration\/[\w-]+\?existing=1$/);
            expect(changes).toEqual({});
          } else {
            refused++;
            expect([400, 404, 409]).toContain(result.status);
            expect(changes).toEqual({});
            if (result.status !== 404) {
              expect(untranslatableMessages(result.data.result.error)).toEqual([]);
              expect(Object.keys(result.data.result.error ?? {}).length).toBeGreaterThan(0);
              // What was typed comes back so the form can show it again.
              expect(result.data.result.initialValue).toBeTypeOf("object");
            }
          }
        }),
        FUZZ_RUNS,
      );
      // The generator must reach both sides of validation, or this test proves little.
      expect(registered).toBeGreaterThan(20);
      expect(refused).toBeGreaterThan(500);
    },
    FUZZ_TIMEOUT,
  );

  it(
    "answers bodies that are not a form (JSON, text, broken multipart) with 400, writing nothing",
    async () => {
      const body = fc.oneof(
        fc.record({
          type: fc.constantFrom(
            "application/json",
            "text/plain",
            "application/xml",
            "multipart/form-data; boundary=----x",
            "multipart/form-data",
            "application/x-www-form-urlencoded; charset=utf-16",
          ),
          text: hostileString,
        }),
        fc.record({
          type: fc.constant("application/x-www-form-urlencoded"),
          text: fc.oneof(hostileString, fc.constantFrom("%", "%%%", "a=%ZZ", "fullName=%E0%A4%A", "=&=&&==")),
        }),
      );
      await fc.assert(
        fc.asyncProperty(body, async ({ type, text }) => {
          const before = await rowCounts();
          const result = await callAction(publicForm.action, {
            url: "/r/x",
            clientIp: nextAddress(),
            params: { code: open.publicCode },
            body: text,
            headers: { "Content-Type": type },
          });
          expect(result.status).toBeLessThan(500);
          expect(result.status).not.toBe(302);
          expect(countChanges(before, await rowCounts())).toEqual({});
        }),
        FUZZ_RUNS,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "the page itself opens or says not found for any code",
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileParam, async (code) => {
          const result = await callLoader(publicForm.loader, { url: "/r/x", params: { code } });
          expect([200, 404]).toContain(result.status);
        }),
        FUZZ_RUNS,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe("the participant's own page (registration.$token) under hostile input", () => {
  it(
    "cancels only with a real token, and answers anything else with not found",
    async () => {
      const event = await makeEvent(db, {
        programmeId: world.nsProgramme.id,
        schoolId: world.nsSchool.id,
        startsAt: at("2030-10-03T09:00"),
        capacity: 300,
      });
      const tokens: string[] = [];
      for (let i = 0; i < 200; i++)
        tokens.push((await makeRegistration(db, { eventId: event.id, status: i % 4 ? "REGISTERED" : "WAITLISTED" })).manageToken);
      const token = fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...tokens) },
        {
          weight: 1,
          arbitrary: fc.tuple(fc.constantFrom(...tokens), fc.constantFrom("x", "/", "\u0000", " ", "%00")).map(([t, tail]) => t + tail),
        },
        { weight: 3, arbitrary: hostileParam },
      );
      const body = hostileForm({
        intent: fc.constantFrom("cancel", "delete"),
        status: fc.constantFrom("REGISTERED", "ATTENDED"),
        confirm: fc.constantFrom("yes", "no"),
      });
      let cancelled = 0;
      await fc.assert(
        fc.asyncProperty(token, body, async (value, parts) => {
          const known = tokens.includes(value);
          const before = await db.registration.groupBy({ by: ["status"], where: { eventId: event.id }, _count: true });
          const countsBefore = await rowCounts();
          const result = await callAction(mine.action, { url: "/registration/x", params: { token: value }, form: toFormData(parts) });
          const after = await db.registration.groupBy({ by: ["status"], where: { eventId: event.id }, _count: true });
          // Cancelling changes a status (and may queue a "your place is ready" email), never adds or removes people.
          const changes = countChanges(countsBefore, await rowCounts());
          expect([changes.registration, changes.person, changes.consent]).toEqual([undefined, undefined, undefined]);
          if (!known) {
            expect(result.status).toBe(404);
            expect(after).toEqual(before);
            return;
          }
          expect(result.status).toBe(302);
          // Only the confirmation step cancels; anything else is asked to confirm first.
          if (toFormData(parts).get("confirm") !== "yes") {
            expect(result.location).toBe(`/registration/${value}?cancel=1`);
            expect(after).toEqual(before);
            return;
          }
          expect(result.location).toBe(`/registration/${value}`);
          if (JSON.stringify(after) !== JSON.stringify(before)) cancelled++;
          const page = await callLoader(mine.loader, { url: "/", params: { token: value } });
          expect(page.status).toBe(200);
          expect(page.data.registration.status).toBe("CANCELLED");
          expect(page.data.canCancel).toBe(false);
          const ics = await callLoader(mineIcs.loader, { url: "/", params: { token: value } });
          expect(ics.status).toBe(200);
        }),
        FUZZ_RUNS,
      );
      expect(cancelled).toBeGreaterThan(25);
      // Cancellations handed seats to people waiting, never beyond capacity.
      expect(await db.registration.count({ where: { eventId: event.id, status: { in: ["REGISTERED", "ATTENDED"] } } })).toBeLessThanOrEqual(
        300,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "the page and its calendar file say not found for any made-up token",
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileParam, async (token) => {
          expect((await callLoader(mine.loader, { url: "/", params: { token } })).status).toBe(404);
          expect((await callLoader(mineIcs.loader, { url: "/", params: { token } })).status).toBe(404);
        }),
        FUZZ_RUNS,
      );
    },
    FUZZ_TIMEOUT,
  );
});
