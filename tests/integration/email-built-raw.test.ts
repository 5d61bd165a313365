/**
 * The worker builds each email into one buffer (the text and HTML parts quoted-printable by our own
 * encoder) and sends it raw, then records SENT for the messages sent together in one statement on
 * the driver (decision 020). What a recipient and the outbox see must not change: the headers,
 * both parts decoding to exactly what was rendered, each message SENT with its own subject.
 */
import fc from "fast-check";
import { simpleParser } from "mailparser";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import { scheduleFollowUp } from "../../app/modules/mail/follow-up.server";
import { buildMessage, createMailTransport } from "../../app/modules/mail/transport.server";
import { runOnce } from "../../app/modules/mail/worker.server";
import { db } from "../../app/utils/db.server";
import { makeEvent, makeRegistration } from "../support/factories";
import { at, twoStates } from "../support/scenario";
import { startSmtpServer } from "../support/smtp";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let world: Awaited<ReturnType<typeof twoStates>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  world = await twoStates();
});
afterAll(async () => {
  await smtp?.close();
});

/** The lines of a message as it goes on the wire. */
const linesOf = (raw: Buffer) => raw.toString("utf8").split("\r\n");

describe("a follow-up campaign, built raw and recorded in one statement", () => {
  it("reaches everyone with its headers and both parts; each message is SENT with its own subject", async () => {
    const event = await makeEvent(db, {
      programmeId: world.nsProgramme.id,
      schoolId: world.nsSchool.id,
      title: "Sesi susulan Seri Ampangan",
      status: "COMPLETED",
      startsAt: at("2026-03-05T09:00"),
    });
    const people = Array.from({ length: 12 }, (_, i) => ({
      fullName: `Peserta Mentah ${i} = ${"é".repeat(i + 1)}`,
      email: `mentah${i}@contoh.my`,
      language: i % 3 === 0 ? "en" : "ms",
    }));
    for (const p of people) {
      await makeRegistration(db, {
        eventId: event.id,
        status: "ATTENDED",
        language: p.language,
        person: { fullName: p.fullName, email: p.email },
      });
    }
    const scheduled = await scheduleFollowUp(world.nsCoordinator, event.id, {
      statuses: ["ATTENDED"],
      categories: [],
      materialIds: [],
      sendAt: new Date(),
    });
    expect(scheduled.ok).toBe(true);
    await runJobsUntilIdle({ kinds: ["CAMPAIGN_EXPANSION"] });
    expect(await runOnce({ workerId: "raw-worker", transport: createMailTransport(smtp.url), batchSize: 50 })).toMatchObject({
      sent: people.length,
      failed: 0,
    });

    const messages = await db.message.findMany({ where: { eventId: event.id, template: "follow-up" } });
    expect(messages).toHaveLength(people.length);
    for (const p of people) {
      const message = messages.find((m) => m.toEmail === p.email)!;
      // Recorded as sent, by this worker's statement, with the subject in the person's own language.
      expect(message).toMatchObject({ status: "SENT", lockedAt: null, lastError: null });
      expect(message.sentAt).toBeInstanceOf(Date);
      expect(message.subject).toMatch(
        p.language === "en" ? /^Thank you, and follow-up materials: Sesi susulan/ : /^Terima kasih dan bahan susulan: Sesi susulan/,
      );

      const received = smtp.received.filter((m) => m.envelopeTo.includes(p.email));
      expect(received).toHaveLength(1);
      const mail = received[0];
      expect(mail.messageId).toBe(message.messageIdHeader);
      expect(mail.subject).toBe(message.subject);
      expect(mail.from?.value[0].address).toBe("no-reply@kasih.local");
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0] : null).toEqual({ name: p.fullName, address: p.email });
      expect(mail.headerLines.find((h) => h.key === "list-unsubscribe")?.line.replace(/\r\n\s+/g, " ")).toMatch(
        /^List-Unsubscribe: <http:\/\/[^>]+\/unsubscribe\/[^>]+>$/,
      );
      expect(mail.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line).toBe(
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
      );
      // Both parts, each naming the person as typed (the accents and the "=" came through the encoding).
      expect(mail.text).toContain(p.fullName);
      expect(mail.html).toContain(p.fullName);
      expect(mail.text).toContain("Talian Kasih 15999");
      expect(mail.html).toContain("https://wa.me/60192615999");
    }
  });

  it("sends the text and HTML parts quoted-printable, in lines of at most 76 characters", async () => {
    const built = await buildMessage({
      from: "KASIH <no-reply@kasih.local>",
      to: { name: "Siti", address: "siti@contoh.my" },
      subject: "Ujian",
      text: `Terima kasih, ${"Cikgu Siti binti Ahmad · ".repeat(10)}= 100% \nbaris dua\t\n`,
      html: `<p style="color:#333">${"Talian Kasih 15999 ♥ ".repeat(12)}</p>`,
      messageId: "<ujian@kasih.local>",
    });
    const lines = linesOf(built.raw);
    expect(lines.filter((l) => l === "Content-Transfer-Encoding: quoted-printable")).toHaveLength(2);
    expect(lines.filter((l) => /^Content-Type: text\/(plain|html); charset=utf-8$/.test(l))).toHaveLength(2);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(76);
    expect(built.envelope).toEqual({ from: "no-reply@kasih.local", to: ["siti@contoh.my"] });
    const parsed = await simpleParser(built.raw);
    expect(parsed.messageId).toBe("<ujian@kasih.local>");
    expect(parsed.html).toBe(`<p style="color:#333">${"Talian Kasih 15999 ♥ ".repeat(12)}</p>`);
  });

  it("decodes to what nodemailer's own encoding gave, whatever the text holds", async () => {
    // Any characters, with the ones quoted-printable treats apart made likely: "=", spaces and tabs
    // (kept unless at a line's end), line breaks, a lone carriage return, letters beyond ASCII.
    const piece = fc.oneof(
      fc.string({ unit: "binary", maxLength: 30 }),
      fc.constantFrom("=", " ", "\t", "\n", "\r\n", " \n", "\t\r\n", "\r", "é", "陈", "♥", "=3D", "."),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.array(piece, { maxLength: 40 }), async (textPieces, htmlPieces) => {
        const mail = {
          from: "a@kasih.local",
          to: "b@contoh.my",
          subject: "s",
          text: `x${textPieces.join("")}x`,
          html: `<p>${htmlPieces.join("")}</p>`,
        };
        const built = await buildMessage(mail);
        expect(Math.max(...linesOf(built.raw).map((l) => l.length))).toBeLessThanOrEqual(76);
        // As sendMail built it before (MailComposer encoding every part itself).
        const before = await new MailComposer({ textEncoding: "quoted-printable", ...mail }).compile().build();
        const [parsed, expected] = await Promise.all([simpleParser(built.raw), simpleParser(before)]);
        expect(parsed.text).toBe(expected.text);
        expect(parsed.html).toBe(expected.html);
      }),
      { numRuns: 200 },
    );
  });
});
