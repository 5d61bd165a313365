import { beforeAll, describe, expect, it, vi } from "vitest";
import { runJobsUntilIdle } from "../../app/modules/jobs/jobs.server";
import * as followUpPage from "../../app/routes/_app.events.$eventId.follow-up";
import * as messagePage from "../../app/routes/_app.outbox.$messageId";
import * as outboxPage from "../../app/routes/_app.outbox._index";
import * as feedbackRoute from "../../app/routes/feedback.$code";
import * as unsubscribeRoute from "../../app/routes/unsubscribe.$token";
import { composeEmail } from "../../app/modules/mail/compose.server";
import { enqueueMessage } from "../../app/modules/mail/outbox.server";
import { renderEmail } from "../../app/modules/mail/render.server";
import { unsubscribeToken } from "../../app/modules/mail/unsubscribe.server";
import { db } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { makeEvent, makeRegistration } from "../support/factories";
import { callAction, callLoader, cookieFor } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
let event: Awaited<ReturnType<typeof makeEvent>>;
let coordinator: string;
let registrationId: string;

beforeAll(async () => {
  world = await twoStates();
  event = await makeEvent(db, {
    programmeId: world.nsProgramme.id,
    schoolId: world.nsSchool.id,
    status: "COMPLETED",
    startsAt: at("2026-02-03T09:00"),
  });
  for (let i = 0; i < 5; i++) {
    const r = await makeRegistration(db, {
      eventId: event.id,
      status: i < 4 ? "ATTENDED" : "NO_SHOW",
      category: i % 2 ? "PIBG" : "TEACHER",
      language: i === 0 ? "en" : "ms",
      person: { fullName: `Peserta ${i}`, email: `p${i}@contoh.my` },
    });
    if (i === 0) registrationId = r.id;
  }
  coordinator = await cookieFor(world.nsCoordinator.id);
  await db.material.create({
    data: { code: "PDF-01", titleMs: "Panduan Guru", titleEn: "Teachers' Guide", kind: "PDF", url: "https://contoh.my/panduan.pdf" },
  });
});

describe("the follow-up page", () => {
  it("previews the email as a chosen recipient in both languages, with the chosen materials", async () => {
    const material = await db.material.findFirstOrThrow();
    const result = await callAction(followUpPage.action, {
      url: "/",
      cookie: coordinator,
      params: { eventId: event.id },
      form: { intent: "preview", statuses: "ATTENDED", sendAt: "2030-01-01T09:00", recipientId: registrationId, materialIds: material.id },
    });
    expect(result.status).toBe(200);
    const [ms, en] = result.data.previews;
    expect(ms.subject).toMatch(/^Terima kasih dan bahan susulan/);
    expect(en.subject).toMatch(/^Thank you, and follow-up materials/);
    expect(ms.html).toContain("Panduan Guru");
    expect(en.html).toContain("Teachers&#x27; Guide");
    expect(await db.message.count()).toBe(0);
  });

  it("sends a test to the coordinator only, once for a double tap", async () => {
    const sendTest = () =>
      callAction(followUpPage.action, {
        url: "/",
        cookie: coordinator,
        params: { eventId: event.id },
        form: { intent: "test", statuses: "ATTENDED", sendAt: "2030-01-01T09:00", recipientId: registrationId },
      });
    // Two taps five seconds apart, inside one half-minute whatever the machine's speed.
    const tap = Math.ceil(Date.now() / 30_000) * 30_000 + 1_000;
    vi.useFakeTimers({ toFake: ["Date"], now: tap });
    try {
      expect((await sendTest()).data.tested).toBe(world.nsCoordinator.email);
      vi.setSystemTime(tap + 5_000);
      expect((await sendTest()).data.tested).toBe(world.nsCoordinator.email);
    } finally {
      vi.useRealTimers();
    }
    const messages = await db.message.findMany();
    expect(messages.map((m) => m.toEmail)).toEqual([world.nsCoordinator.email]);
    // It shows the participant's email without the participant's own unsubscribe and feedback links.
    const composed = await composeEmail(messages[0]);
    const registration = await db.registration.findUniqueOrThrow({ where: { id: registrationId }, include: { person: true } });
    expect(composed?.unsubscribeUrl).toBeUndefined();
    expect(JSON.stringify(composed?.props)).not.toContain(unsubscribeToken(registration.personId));
    expect(JSON.stringify(composed?.props)).not.toContain(registration.manageToken);

    // Marked as a test where the coordinator sees it first: the subject, and a note at the top.
    expect(composed!.subject).toBe(`[UJIAN] Terima kasih dan bahan susulan: ${event.title}`);
    const { html } = await renderEmail(composed!);
    expect(html).toContain("E-mel ujian");
    // Every link into the app opens a page: the example unsubscribe link explains itself and changes nothing.
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&")).filter((h) => h.startsWith(env.APP_URL));
    const unsubscribeLink = links.find((h) => h.includes("/unsubscribe/"))!;
    const feedbackLink = links.find((h) => h.includes("/feedback/"))!;
    expect(links).toHaveLength(2);
    const token = new URL(unsubscribeLink).pathname.split("/").at(-1)!;
    const page = await callLoader(unsubscribeRoute.loader, { url: unsubscribeLink, params: { token } });
    expect(page.status).toBe(200);
    expect(page.data).toEqual({ example: true });
    expect((await callAction(unsubscribeRoute.action, { url: unsubscribeLink, params: { token }, form: {} })).status).toBe(404);
    expect(await db.person.count({ where: { unsubscribedAt: { not: null } } })).toBe(0);
    const code = new URL(feedbackLink).pathname.split("/").at(-1)!;
    expect((await callLoader(feedbackRoute.loader, { url: feedbackLink, params: { code } })).status).toBe(200);
  });

  it("schedules, pauses and resumes; the audience follows the chosen statuses and categories", async () => {
    const refused = await callAction(followUpPage.action, {
      url: "/",
      cookie: coordinator,
      params: { eventId: event.id },
      form: { intent: "schedule", statuses: [], sendAt: "" },
    });
    expect(refused.status).toBe(400);
    expect(refused.data.result.error).toMatchObject({ statuses: ["errors.chooseAtLeastOne"], sendAt: ["errors.required"] });
    const past = await callAction(followUpPage.action, {
      url: "/",
      cookie: coordinator,
      params: { eventId: event.id },
      form: { intent: "schedule", statuses: "ATTENDED", sendAt: "2020-01-01T09:00" },
    });
    expect(past.data.result.error.sendAt).toEqual(["errors.followUp.sendAtPast"]);

    const scheduled = await callAction(followUpPage.action, {
      url: "/",
      cookie: coordinator,
      params: { eventId: event.id },
      form: { intent: "schedule", statuses: "ATTENDED", categories: "TEACHER", sendAt: "2031-01-01T09:00" },
    });
    expect(scheduled.status).toBe(302);
    const campaign = await db.campaign.findFirstOrThrow({ where: { eventId: event.id, kind: "FOLLOW_UP" } });
    expect(campaign).toMatchObject({ status: "SCHEDULED", sendAt: at("2031-01-01T09:00") });
    expect(JSON.parse(campaign.audience)).toEqual({ statuses: ["ATTENDED"], categories: ["TEACHER"] });

    await callAction(followUpPage.action, {
      url: "/",
      cookie: coordinator,
      params: { eventId: event.id },
      form: { intent: "pause", campaignId: campaign.id },
    });
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("PAUSED");
    await callAction(followUpPage.action, {
      url: "/",
      cookie: coordinator,
      params: { eventId: event.id },
      form: { intent: "resume", campaignId: campaign.id },
    });
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("SCHEDULED");
  });

  it("a campaign paused part-way through its audience reaches everyone, once each, after it resumes", async () => {
    const attended = await db.registration.findMany({
      where: { eventId: event.id, status: "ATTENDED" },
      include: { person: true },
      orderBy: { id: "asc" },
    });
    const campaign = await db.campaign.create({
      data: {
        eventId: event.id,
        kind: "FOLLOW_UP",
        status: "PAUSED",
        sendAt: at("2026-02-04T09:00"),
        audience: JSON.stringify({ statuses: ["ATTENDED"], categories: [] }),
        createdById: world.nsCoordinator.id,
      },
    });
    // Paused after the first recipient was queued.
    await enqueueMessage(db, {
      idempotencyKey: `follow-up:${campaign.id}:${attended[0].id}`,
      template: "follow-up",
      language: "ms",
      toEmail: attended[0].person.email!,
      payload: { registrationId: attended[0].id, campaignId: campaign.id },
      personId: attended[0].personId,
      eventId: event.id,
      campaignId: campaign.id,
      status: "PAUSED",
    });
    await callAction(followUpPage.action, {
      url: "/",
      cookie: coordinator,
      params: { eventId: event.id },
      form: { intent: "resume", campaignId: campaign.id },
    });
    await runJobsUntilIdle({ kinds: ["CAMPAIGN_EXPANSION"] });
    const messages = await db.message.findMany({ where: { campaignId: campaign.id } });
    expect(messages.map((m) => m.toEmail).sort()).toEqual(attended.map((r) => r.person.email).sort());
    expect(messages.every((m) => m.status === "QUEUED")).toBe(true);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("SENDING");
  });

  it("is not open to another state's coordinator or to a liaison teacher", async () => {
    const selangor = await cookieFor(world.selCoordinator.id);
    expect((await callLoader(followUpPage.loader, { url: "/", cookie: selangor, params: { eventId: event.id } })).status).toBe(404);
    const liaison = await cookieFor(world.liaison.id);
    expect((await callLoader(followUpPage.loader, { url: "/", cookie: liaison, params: { eventId: event.id } })).status).toBe(403);
  });
});

describe("the outbox page", () => {
  it("lists the state's messages with counts, shows one rendered, and sends a failed one again", async () => {
    const message = await db.message.findFirstOrThrow();
    await db.message.update({
      where: { id: message.id },
      data: { status: "FAILED", attempts: 6, lastError: "EENVELOPE 550: Mailbox unavailable" },
    });
    const list = await callLoader(outboxPage.loader, { url: "/outbox?status=FAILED", cookie: coordinator });
    expect(list.data.outbox.total).toBe(1);
    expect(list.data.outbox.byStatus.FAILED).toBe(1);
    expect(list.data.transport).toBe("file");
    const detail = await callLoader(messagePage.loader, { url: "/", cookie: coordinator, params: { messageId: message.id } });
    expect(detail.data.html).toContain("15999");
    expect(detail.data.canRetry).toBe(true);
    const retried = await callAction(messagePage.action, { url: "/", cookie: coordinator, params: { messageId: message.id }, form: {} });
    expect(retried.status).toBe(302);
    expect(await db.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: "QUEUED",
      attempts: 0,
      lastError: null,
    });
  });

  it("shows the calendar part a message carries, with what it does to the entry", async () => {
    await db.$transaction((tx) =>
      enqueueMessage(tx, {
        idempotencyKey: "outbox-page:calendar",
        template: "event-changed",
        language: "ms",
        toEmail: "p1@contoh.my",
        payload: { registrationId, change: "CANCELLED" },
        eventId: event.id,
      }),
    );
    const stored = await db.message.findFirstOrThrow({ where: { idempotencyKey: "outbox-page:calendar" } });
    const detail = await callLoader(messagePage.loader, { url: "/", cookie: coordinator, params: { messageId: stored.id } });
    expect(detail.data.attachments).toEqual(["kasih-kanak-kanak.ics (CANCEL)"]);
  });

  it("hides other states' messages", async () => {
    const selangor = await cookieFor(world.selCoordinator.id);
    const list = await callLoader(outboxPage.loader, { url: "/outbox", cookie: selangor });
    expect(list.data.outbox.total).toBe(0);
    const message = await db.message.findFirstOrThrow();
    expect((await callLoader(messagePage.loader, { url: "/", cookie: selangor, params: { messageId: message.id } })).status).toBe(404);
  });
});
