/**
 * The production shape: two built web servers and two email workers on one database, as behind a
 * load balancer. Run by `npm run test:postgres` (it is the deployment PostgreSQL is for; one SQLite
 * file is one machine's database). Everything goes through HTTP and SMTP, as it would for real.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startAppProcess, waitForHealth, type AppProcess } from "../support/app-processes";
import { startSmtpServer } from "../support/smtp";
import { createTestDatabase, ensureDemoDatabase, ROOT, TEST_PROVIDER } from "../support/test-database";

await ensureDemoDatabase();
const database = await createTestDatabase("multi-server", "demo");
// This process looks at the shared database directly to check the outcome, so it must point at it
// before any app module loads the client.
process.env.DATABASE_URL = database.url;
const { db } = await import("../../app/utils/db.server");
const { makeEvent, makeProgramme, makeRegistration } = await import("../support/factories");
const { toMalaysiaInputValue } = await import("../../app/modules/calendar/malaysia-time");

const DEMO_PASSWORD = "kasih-demo-2024";

/** A browser-like client for one server: keeps cookies, posts forms as a same-origin page would. */
class Visitor {
  constructor(
    readonly baseUrl: string,
    readonly cookies = new Map<string, string>(),
  ) {}

  /** The same person (same cookies) arriving at another server, as a load balancer may send them. */
  at(other: string): Visitor {
    return new Visitor(other, this.cookies);
  }

  async request(pathname: string, form?: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form ?? {})) for (const one of [value].flat()) body.append(name, one);
    const response = await fetch(new URL(pathname, this.baseUrl), {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: {
        Cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
        ...(form ? { "Content-Type": "application/x-www-form-urlencoded", Origin: this.baseUrl, "Sec-Fetch-Site": "same-origin" } : {}),
      },
      body: form ? body : undefined,
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const [name, value] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
      if (value === "" || /max-age=0/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, location: response.headers.get("Location"), text: await response.text() };
  }
}

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let serverA: string;
let serverB: string;
const processes: AppProcess[] = [];
/** The demo's own follow-ups are recorded as sent in 2024; the tests count what is sent after this. */
let workersStarted: Date;

beforeAll(async () => {
  const dataDir = path.join(ROOT, "tests/.artifacts/multi-server", path.basename(database.dataDir));
  fs.mkdirSync(dataDir, { recursive: true });
  smtp = await startSmtpServer();
  workersStarted = new Date();
  const [portA, portB] = [await freePort(), await freePort()];
  [serverA, serverB] = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
  const shared = {
    ...process.env,
    DATABASE_URL: database.url,
    // What every server and worker of one installation shares: the secret that signs cookies and
    // the data folder (uploads). Behind a real load balancer they would share APP_URL as well;
    // here each server is addressed directly, so each gets its own.
    SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
    DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    WORKER_POLL_MS: "100",
    REGISTRATION_RATE_LIMIT: "100000",
  };
  processes.push(
    startAppProcess("web", { ...shared, PORT: String(portA), APP_URL: serverA }),
    startAppProcess("web", { ...shared, PORT: String(portB), APP_URL: serverB }),
    startAppProcess("worker", shared),
    startAppProcess("worker", shared),
  );
  for (const [url, app] of [
    [serverA, processes[0]],
    [serverB, processes[1]],
  ] as const) {
    const health = await waitForHealth(url, app);
    expect(health.database.provider).toBe(TEST_PROVIDER);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  if (process.env.E2E_SERVER_LOG) for (const p of processes) console.log(p.output());
  await smtp?.close();
  await db.$disconnect();
  await database.drop();
  fs.rmSync(path.join(ROOT, "tests/.artifacts/multi-server"), { recursive: true, force: true });
});

async function signedIn(email: string, server: string): Promise<Visitor> {
  const visitor = new Visitor(server);
  const response = await visitor.request("/sign-in", { email, password: DEMO_PASSWORD });
  expect(response.status, response.text.slice(0, 300)).toBe(302);
  return visitor;
}

function failures(responses: { status: number }[]) {
  return responses.filter((r) => r.status >= 500).map((r) => r.status);
}

describe("two web servers and two workers on one database", () => {
  it("a session started on one server is honoured by the other, and ending it there ends it everywhere", async () => {
    const onA = await signedIn("admin@kasih.test", serverA);
    expect(onA.cookies.has("kasih_session")).toBe(true);
    const onB = onA.at(serverB);
    const dashboard = await onB.request("/dashboard");
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain("Pentadbir Ibu Pejabat JKM");

    const session = onA.cookies.get("kasih_session")!;
    const signOut = await onB.request("/sign-out", {});
    expect(signOut.status).toBe(302);
    const afterSignOut = await new Visitor(serverA, new Map([["kasih_session", session]])).request("/dashboard");
    expect(afterSignOut.status).toBe(302);
    expect(afterSignOut.location).toMatch(/^\/sign-in/);
  });

  it("concurrent registrations at both servers fill a 7-seat session exactly, the rest wait in order", async () => {
    const programme = await makeProgramme(db, { title: "KASIH serentak", stateCode: "05", year: new Date().getFullYear() });
    const event = await makeEvent(db, {
      programmeId: programme.id,
      title: "Sesi tujuh kerusi",
      capacity: 7,
      startsAt: new Date(Date.now() + 14 * 86_400_000),
    });
    const notice = await db.privacyNotice.findFirstOrThrow({ orderBy: { publishedAt: "desc" }, select: { version: true } });
    const people = Array.from({ length: 40 }, (_, i) => ({
      fullName: `Peserta Serentak ${i + 1}`,
      phone: `012${String(3_000_000 + i)}`,
      email: `serentak${i + 1}@contoh.my`,
    }));
    const responses = await Promise.all(
      people.map((person, i) =>
        new Visitor(i % 2 ? serverB : serverA).request(`/r/${event.publicCode}`, {
          ...person,
          category: "TEACHER",
          language: "ms",
          consent: "on",
          noticeVersion: notice.version,
          website: "",
        }),
      ),
    );
    expect(failures(responses)).toEqual([]);
    expect(responses.every((r) => r.status === 302 && r.location?.startsWith("/registration/"))).toBe(true);

    const registrations = await db.registration.findMany({ where: { eventId: event.id }, select: { status: true, waitlistedAt: true } });
    expect(registrations).toHaveLength(40);
    expect(registrations.filter((r) => r.status === "REGISTERED")).toHaveLength(7);
    expect(registrations.filter((r) => r.status === "WAITLISTED")).toHaveLength(33);
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).seatLock).toBe(40);
  });

  it("stock taken at both servers at once never goes below zero, and crossing transfers all complete", async () => {
    const coordinator = await signedIn("penyelaras.ns@kasih.test", serverA);
    const material = await db.material.findFirstOrThrow({ where: { code: "KAD-15999" }, select: { id: true } });
    const balance = () =>
      db.stockBalance
        .findUniqueOrThrow({ where: { stateCode_materialId: { stateCode: "05", materialId: material.id } } })
        .then((b) => b.quantity);
    const start = await balance();
    // Everything but 15 cards written off first, so the race is for the last 15.
    if (start > 15)
      expect(
        (
          await coordinator.request("/stock", {
            intent: "adjust",
            stateCode: "05",
            materialId: material.id,
            quantity: String(15 - start),
            reason: "COUNT_CORRECTION",
          })
        ).status,
      ).toBe(302);
    else
      await coordinator.request("/stock", {
        intent: "receive",
        stateCode: "05",
        materialId: material.id,
        quantity: String(15 - start),
        reference: "Ujian",
      });
    expect(await balance()).toBe(15);

    const takes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        coordinator
          .at(i % 2 ? serverB : serverA)
          .request("/stock", { intent: "adjust", stateCode: "05", materialId: material.id, quantity: "-1", reason: "DAMAGED" }),
      ),
    );
    expect(failures(takes)).toEqual([]);
    expect(takes.filter((r) => r.status === 302)).toHaveLength(15);
    expect(takes.filter((r) => r.status === 400)).toHaveLength(15);
    expect(await balance()).toBe(0);
    const ledger = await db.stockMovement.aggregate({ where: { stateCode: "05", materialId: material.id }, _sum: { quantity: true } });
    expect(ledger._sum.quantity).toBe(0);

    // Transfers both ways between two state offices lock the two balances in opposite orders: the
    // database may pick one as a deadlock victim, and it must be retried, not shown as an error.
    const admin = await signedIn("admin@kasih.test", serverB);
    for (const stateCode of ["05", "10"])
      await admin.request("/stock", { intent: "receive", stateCode, materialId: material.id, quantity: "100", reference: "Ujian" });
    const transfers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        admin.at(i % 2 ? serverA : serverB).request("/stock", {
          intent: "transfer",
          stateCode: i % 4 < 2 ? "05" : "10",
          toStateCode: i % 4 < 2 ? "10" : "05",
          materialId: material.id,
          quantity: "3",
          reference: `Pindahan ${i}`,
        }),
      ),
    );
    expect(failures(transfers)).toEqual([]);
    expect(transfers.every((r) => r.status === 302)).toBe(true);
    const total = await db.stockBalance.aggregate({
      where: { materialId: material.id, stateCode: { in: ["05", "10"] } },
      _sum: { quantity: true },
    });
    expect(total._sum.quantity).toBe(200);
  });

  it("a follow-up campaign and the registration emails go out through both workers, each message exactly once", async () => {
    const programme = await makeProgramme(db, { title: "KASIH susulan", stateCode: "05", year: new Date().getFullYear() });
    const event = await makeEvent(db, {
      programmeId: programme.id,
      title: "Sesi susulan",
      status: "COMPLETED",
      capacity: null,
      startsAt: new Date(Date.now() - 2 * 86_400_000),
    });
    for (let i = 0; i < 120; i++)
      await makeRegistration(db, {
        eventId: event.id,
        status: "ATTENDED",
        person: { fullName: `Hadir ${i + 1}`, email: `hadir${i + 1}@contoh.my` },
      });

    const coordinator = await signedIn("penyelaras.ns@kasih.test", serverB);
    const scheduled = await coordinator.request(`/events/${event.id}/follow-up`, {
      intent: "schedule",
      statuses: "ATTENDED",
      sendAt: toMalaysiaInputValue(new Date()),
    });
    expect(scheduled.status, scheduled.text.slice(0, 300)).toBe(302);

    const due = { nextAttemptAt: { lte: new Date(Date.now() + 60_000) } };
    const deadline = Date.now() + 90_000;
    for (;;) {
      const [pending, campaign] = await Promise.all([
        db.message.count({ where: { status: { in: ["QUEUED", "SENDING"] }, ...due } }),
        db.campaign.findFirstOrThrow({ where: { eventId: event.id, kind: "FOLLOW_UP" }, select: { status: true } }),
      ]);
      if (pending === 0 && campaign.status === "DONE") break;
      if (Date.now() > deadline)
        throw new Error(
          `Mail still pending (${pending}, campaign ${campaign.status}):\n${processes[2].output()}\n${processes[3].output()}`,
        );
      await new Promise((r) => setTimeout(r, 250));
    }

    const sent = await db.message.findMany({
      where: { status: "SENT", sentAt: { gte: workersStarted } },
      select: { messageIdHeader: true, lockedBy: true, campaignId: true },
    });
    expect(sent.filter((m) => m.campaignId)).toHaveLength(120);
    expect(sent.length).toBeGreaterThanOrEqual(120 + 40);
    const arrived = smtp.received.map((m) => m.messageId);
    expect(arrived).toHaveLength(sent.length);
    expect(new Set(arrived).size).toBe(arrived.length);
    expect(new Set(arrived)).toEqual(new Set(sent.map((m) => m.messageIdHeader)));
    expect(await db.message.count({ where: { status: "FAILED" } })).toBe(0);
    // Both workers took part: the claims, not luck, kept them from sending the same message.
    expect(new Set(sent.map((m) => m.lockedBy)).size).toBe(2);
  }, 120_000);
});
