import pg from "pg";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as publicForm from "../../app/routes/r.$code";
import { newFormToken } from "../../app/modules/audit/form-once.server";
import { db } from "../../app/utils/db.server";
import { makeEvent } from "../support/factories";
import { publicFormFields } from "../support/registrations";
import { callAction } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";
import { TEST_PROVIDER } from "../support/test-database";

/**
 * On PostgreSQL every time the app waits for the server is a round trip, during which a
 * registration holds a pooled connection, and which the server's backend and the app each pay for
 * in CPU: docs/decisions/013. This counts them for one submission of the public form, the rate
 * limit included, by watching the driver: a round trip starts whenever a statement is sent while
 * none is awaiting its answer (statements sent together, pipelined, share one).
 */
type Count = { roundTrips: number; statements: number };

let counting: Count | null = null;
let inFlight = 0;
const query = pg.Client.prototype.query;

function watchDriver() {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text: string };
    const text = typeof config === "string" ? config : config.text;
    if (counting) {
      if (inFlight === 0) counting.roundTrips++;
      // A simple query may hold several statements ("BEGIN; SET LOCAL …"); the texts have no other `;`.
      counting.statements += text.split(";").filter((s) => s.trim()).length;
    }
    inFlight++;
    const last = args.length - 1;
    const callback = typeof args[last] === "function" ? (args[last] as (...a: unknown[]) => void) : null;
    // Prisma's adapter passes a callback; the app's own SQL awaits the promise.
    if (callback) {
      args[last] = (...answer: unknown[]) => {
        inFlight--;
        callback(...answer);
      };
    }
    const answer = (query as (...a: unknown[]) => Promise<unknown> | undefined).apply(this, args);
    answer?.then(
      () => inFlight--,
      () => inFlight--,
    );
    return answer;
  } as typeof query;
}

afterEach(() => {
  pg.Client.prototype.query = query;
});

let world: Awaited<ReturnType<typeof twoStates>>;
beforeAll(async () => {
  world = await twoStates();
});

async function counted(code: string, sent: Record<string, string>): Promise<Count & { status: number }> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  counting = { roundTrips: 0, statements: 0 };
  try {
    const response = await callAction(publicForm.action, { url: "/", clientIp: "192.0.2.160", params: { code }, form: sent });
    return { ...counting, status: response.status };
  } finally {
    counting = null;
  }
}

describe.skipIf(TEST_PROVIDER !== "postgresql")("round trips to PostgreSQL for one registration from the public form", () => {
  it("are three, the rate limit included, whoever registers and whatever the answer", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      startsAt: at("2030-10-01T09:00"),
      capacity: 2,
    });
    const other = await makeEvent(db, { programmeId: world.nsProgramme.id, schoolId: world.nsSchool.id, startsAt: at("2030-10-08T09:00") });
    // Warm: the pool's connections exist and the statements are prepared on them.
    const warm = Array.from({ length: 12 }, (_, n) => publicFormFields(n));
    for (const sent of warm) {
      await callAction(publicForm.action, { url: "/", clientIp: "192.0.2.160", params: { code: other.publicCode }, form: sent });
    }
    watchDriver();
    const someoneNew = publicFormFields(100);
    const cases = {
      "someone new": await counted(event.publicCode, someoneNew),
      "someone known (registered at another event)": await counted(event.publicCode, { ...warm[1], formToken: newFormToken() }),
      "someone new, waitlisted": await counted(event.publicCode, publicFormFields(101)),
      "the same form sent again": await counted(event.publicCode, someoneNew),
      "someone already registered, sending the form again": await counted(event.publicCode, { ...someoneNew, formToken: newFormToken() }),
    };
    expect(Object.values(cases).map((c) => c.status)).toEqual([302, 302, 302, 302, 200]);
    // The rate limit; BEGIN with its time limits and the read; the event's lock, the decision with
    // every write, and COMMIT (eleven round trips before they were sent together).
    for (const [who, count] of Object.entries(cases)) {
      expect(count.roundTrips, who).toBeLessThanOrEqual(3);
      expect(count.statements, who).toBeLessThanOrEqual(8);
    }
  });
});
