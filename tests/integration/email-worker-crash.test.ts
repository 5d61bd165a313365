import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleFollowUp } from "../../app/modules/mail/follow-up.server";
import { SEND_CONCURRENCY } from "../../app/modules/mail/transport.server";
import { db } from "../../app/utils/db.server";
import { makeEvent, makeRegistration } from "../support/factories";
import { at, twoStates } from "../support/scenario";
import { startSmtpServer } from "../support/smtp";
import { ROOT } from "../support/test-database";
import { fakeEnv, startFakeCloudApi } from "../support/fake-whatsapp";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let whatsApp: Awaited<ReturnType<typeof startFakeCloudApi>>;
const children: ChildProcess[] = [];
let world: Awaited<ReturnType<typeof twoStates>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  world = await twoStates();
  // Slow enough that a kill lands while messages are in flight.
  whatsApp = await startFakeCloudApi({ delayMs: 20 });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await smtp?.close();
  await whatsApp?.close();
});

/** The real worker process, as `npm run worker` starts it (one process, so a kill really kills it). */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "server/worker.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...fakeEnv(whatsApp.url),
      SMTP_URL: smtp.url,
      WORKER_POLL_MS: "50",
      MAIL_LEASE_SECONDS: "2",
      NODE_ENV: "test",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  return child;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out");
}

describe("a follow-up to 200 participants while the worker is killed", () => {
  it("reaches every recipient; a resend after the crash carries the same Message-ID", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      status: "COMPLETED",
      startsAt: at("2026-03-03T09:00"),
      capacity: 300,
    });
    for (let i = 0; i < 200; i++) {
      await makeRegistration(db, {
        eventId: event.id,
        status: "ATTENDED",
        language: i % 3 === 0 ? "en" : "ms",
        person: { fullName: `Peserta ${i}`, email: `peserta${i}@contoh.my` },
      });
    }
    await scheduleFollowUp(world.nsCoordinator, event.id, { statuses: ["ATTENDED"], categories: [], materialIds: [], sendAt: new Date() });

    const first = startWorker();
    await until(() => smtp.received.length >= 50, 60_000);
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const beforeRestart = smtp.received.length;
    expect(beforeRestart).toBeLessThan(200);

    const second = startWorker();
    const recipients = () => new Set(smtp.received.flatMap((m) => m.envelopeTo));
    await until(() => recipients().size === 200, 90_000);
    await until(async () => (await db.campaign.findFirst({ where: { eventId: event.id, kind: "FOLLOW_UP" } }))?.status === "DONE", 30_000);
    second.kill("SIGTERM");
    await new Promise((resolve) => second.once("exit", resolve));

    // Everyone got it; anyone who got it twice got the same message twice (same Message-ID).
    const byRecipient = new Map<string, Set<string>>();
    for (const mail of smtp.received) {
      for (const to of mail.envelopeTo) byRecipient.set(to, (byRecipient.get(to) ?? new Set()).add(mail.messageId!));
    }
    expect(byRecipient.size).toBe(200);
    expect([...byRecipient.values()].every((ids) => ids.size === 1)).toBe(true);
    // At most the messages in flight at the kill (the worker sends a few at a time) are repeated.
    expect(smtp.received.length - 200).toBeLessThanOrEqual(SEND_CONCURRENCY);
    expect(await db.message.count({ where: { eventId: event.id, template: "follow-up", status: "SENT" } })).toBe(200);
    const english = smtp.received.find((m) => m.envelopeTo[0] === "peserta0@contoh.my")!;
    expect(english.subject).toMatch(/^Thank you, and follow-up materials/);
    const malay = smtp.received.find((m) => m.envelopeTo[0] === "peserta1@contoh.my")!;
    expect(malay.subject).toMatch(/^Terima kasih dan bahan susulan/);
  }, 180_000);

  it("on WhatsApp too: every phone gets the follow-up; a resend after the crash carries the same reference", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      status: "COMPLETED",
      startsAt: at("2026-03-04T09:00"),
      capacity: 300,
    });
    const phones: string[] = [];
    for (let i = 0; i < 100; i++) {
      const phone = `+60137${String(100000 + i)}`;
      phones.push(phone.slice(1));
      const registration = await makeRegistration(db, {
        eventId: event.id,
        status: "ATTENDED",
        person: { fullName: `Ibu Bapa ${i}`, phoneE164: phone, email: null },
      });
      await db.consent.create({
        data: { personId: registration.personId, noticeVersion: "2024-04-v1", kind: "WHATSAPP", method: "ONLINE_FORM", eventId: event.id },
      });
    }
    await scheduleFollowUp(world.nsCoordinator, event.id, { statuses: ["ATTENDED"], categories: [], materialIds: [], sendAt: new Date() });

    const first = startWorker();
    await until(() => whatsApp.sent.length >= 30, 60_000);
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    expect(whatsApp.sent.length).toBeLessThan(100);

    const second = startWorker();
    await until(() => new Set(whatsApp.sent.map((s) => s.to)).size === 100, 90_000);
    await until(
      async () => (await db.message.count({ where: { eventId: event.id, channel: "WHATSAPP", status: "SENT" } })) === 100,
      30_000,
    );
    second.kill("SIGTERM");
    await new Promise((resolve) => second.once("exit", resolve));

    const byPhone = new Map<string, Set<string | undefined>>();
    for (const s of whatsApp.sent) byPhone.set(s.to, (byPhone.get(s.to) ?? new Set()).add(s.reference));
    expect([...byPhone.keys()].sort()).toEqual([...phones].sort());
    expect([...byPhone.values()].every((references) => references.size === 1)).toBe(true);
    expect(whatsApp.sent.length - 100).toBeLessThanOrEqual(SEND_CONCURRENCY);
    expect(whatsApp.sent.every((s) => s.template === "kasih_follow_up")).toBe(true);
    expect(whatsApp.refused).toEqual([]);
  }, 180_000);
});
