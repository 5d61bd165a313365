import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { action, loader } from "../../app/routes/webhooks.whatsapp";
import { db } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { makeEvent, makeRegistration } from "../support/factories";
import { FAKE_VERIFY_TOKEN, fakeEnv, signed } from "../support/fake-whatsapp";
import { NASTY_VALUES } from "../support/hostile-input";
import { callAction, callLoader } from "../support/route-calls";
import { at, twoStates } from "../support/scenario";

let world: Awaited<ReturnType<typeof twoStates>>;
beforeAll(async () => {
  world = await twoStates();
});
beforeEach(() => Object.assign(env, fakeEnv("http://127.0.0.1:9")));
afterAll(() => Object.assign(env, { WHATSAPP_ACCESS_TOKEN: undefined, WHATSAPP_PHONE_NUMBER_ID: undefined }));

const post = (raw: string, signature?: string) =>
  callAction(action, {
    url: "/webhooks/whatsapp",
    body: raw,
    headers: { "Content-Type": "application/json", ...(signature ? { "X-Hub-Signature-256": signature } : {}) },
  });

const envelope = (value: unknown) => ({
  object: "whatsapp_business_account",
  entry: [{ id: "1", changes: [{ field: "messages", value }] }],
});

async function sentMessage(phone: string, wamid: string) {
  const event = await makeEvent(db, { programmeId: world.nsProgramme.id, startsAt: at("2030-11-05T09:00") });
  const registration = await makeRegistration(db, { eventId: event.id, person: { phoneE164: phone, email: null } });
  await db.consent.create({
    data: { personId: registration.personId, noticeVersion: "2024-04-v1", kind: "WHATSAPP", method: "ONLINE_FORM" },
  });
  return db.message.create({
    data: {
      idempotencyKey: `whatsapp:test:${wamid}`,
      template: "event-reminder",
      language: "ms",
      channel: "WHATSAPP",
      toPhone: phone,
      payload: JSON.stringify({ registrationId: registration.id }),
      personId: registration.personId,
      eventId: event.id,
      status: "SENT",
      sentAt: new Date(),
      messageIdHeader: `<${wamid}@kasih.test>`,
      providerMessageId: wamid,
    },
  });
}

describe("the verification handshake", () => {
  it("echoes the challenge for the right verify token, and refuses anything else", async () => {
    const ok = await callLoader(loader, {
      url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${FAKE_VERIFY_TOKEN}&hub.challenge=1158201444`,
    });
    expect([ok.status, ok.data]).toEqual([200, "1158201444"]);
    for (const query of [
      "hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1",
      `hub.mode=unsubscribe&hub.verify_token=${FAKE_VERIFY_TOKEN}&hub.challenge=1`,
      `hub.mode=subscribe&hub.verify_token=${FAKE_VERIFY_TOKEN}&hub.challenge=<script>`,
      "",
    ]) {
      expect((await callLoader(loader, { url: `/webhooks/whatsapp?${query}` })).status).toBe(403);
    }
  });

  it("is not there while the channel is off", async () => {
    env.WHATSAPP_ACCESS_TOKEN = undefined;
    const off = await callLoader(loader, {
      url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${FAKE_VERIFY_TOKEN}&hub.challenge=1`,
    });
    expect(off.status).toBe(404);
    expect((await post("{}", signed("{}").signature)).status).toBe(404);
  });
});

describe("delivery statuses", () => {
  it("records delivered and read by the Cloud API's message id, and a failure with its reason", async () => {
    const message = await sentMessage("+60111111111", "wamid.delivered1");
    const failing = await sentMessage("+60111111112", "wamid.failed1");
    const body = envelope({
      messaging_product: "whatsapp",
      statuses: [
        { id: "wamid.delivered1", status: "delivered", timestamp: "1700000000", recipient_id: "60111111111" },
        { id: "wamid.delivered1", status: "read", timestamp: "1700000060", recipient_id: "60111111111" },
        {
          id: "wamid.failed1",
          status: "failed",
          timestamp: "1700000000",
          errors: [{ code: 131026, title: "Message undeliverable to 60111111112" }],
        },
        { id: "wamid.unknown", status: "delivered", timestamp: "1700000000" },
      ],
    });
    const { raw, signature } = signed(body);
    expect((await post(raw, signature)).status).toBe(200);
    const delivered = await db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(delivered.deliveredAt?.toISOString()).toBe(new Date(1700000000_000).toISOString());
    expect(delivered.readAt?.toISOString()).toBe(new Date(1700000060_000).toISOString());
    const failed = await db.message.findUniqueOrThrow({ where: { id: failing.id } });
    expect(failed.status).toBe("FAILED");
    expect(failed.lastError).toBe("WHATSAPP code 131026: Message undeliverable to [number]");
  });

  it("a status of a resend after a crash (another Cloud API id) lands on the message by its reference", async () => {
    const message = await sentMessage("+60111111113", "wamid.first");
    const body = envelope({
      statuses: [{ id: "wamid.resent", status: "delivered", timestamp: "1700000100", biz_opaque_callback_data: message.messageIdHeader }],
    });
    const { raw, signature } = signed(body);
    expect((await post(raw, signature)).status).toBe(200);
    expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).deliveredAt).not.toBeNull();
  });
});

describe("signatures and hostile bodies", () => {
  it("changes nothing without the app secret's signature, before reading the body", async () => {
    const message = await sentMessage("+60111111114", "wamid.unsigned");
    const body = JSON.stringify(envelope({ statuses: [{ id: "wamid.unsigned", status: "failed", timestamp: "1700000000" }] }));
    const wrongSecret = signed(body, "another-secret").signature;
    const otherBody = signed(body.replace("failed", "read")).signature;
    for (const signature of [undefined, "", "sha256=", "sha1=abc", wrongSecret, otherBody, `${signed(body).signature}00`]) {
      expect((await post(body, signature)).status).toBe(401);
    }
    // Not even a broken body gets further than the signature.
    expect((await post("{not json", "sha256=" + "0".repeat(64))).status).toBe(401);
    expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("SENT");
  });

  it("refuses an oversized body, and answers signed nonsense with 400 or a skip, never a 500", async () => {
    const huge = "x".repeat(300 * 1024);
    expect((await post(huge, signed(huge).signature)).status).toBe(413);
    const bodies: string[] = [
      "not json",
      "null",
      "[]",
      '"text"',
      JSON.stringify({ object: "page", entry: [] }),
      JSON.stringify({ object: "whatsapp_business_account", entry: "x" }),
      JSON.stringify(envelope({ statuses: [{ id: 1, status: {}, timestamp: "x" }, null, "s"] })),
      JSON.stringify(
        envelope({
          messages: [
            { from: "+60", type: "text", text: { body: "STOP" } },
            { from: "601", text: 5 },
          ],
        }),
      ),
      JSON.stringify(envelope({ statuses: Array.from({ length: 1001 }, () => ({})) })),
      ...NASTY_VALUES.map((s) =>
        JSON.stringify(
          envelope({
            statuses: [{ id: s, status: s, timestamp: "1" }],
            messages: [{ from: "60123456789", type: "text", text: { body: s } }],
          }),
        ),
      ),
    ];
    for (const raw of bodies) {
      const result = await post(raw, signed(raw).signature);
      expect([200, 400]).toContain(result.status);
    }
  });
});

describe("STOP and BERHENTI", () => {
  it("a reply unsubscribes that phone from WhatsApp; other replies change nothing", async () => {
    const stopping = await sentMessage("+60122222221", "wamid.stop");
    const chatting = await sentMessage("+60122222222", "wamid.chat");
    const body = envelope({
      contacts: [{ wa_id: "60122222221" }],
      messages: [
        { from: "60122222221", id: "wamid.in1", timestamp: "1700000000", type: "text", text: { body: " berhenti. " } },
        { from: "60122222222", id: "wamid.in2", timestamp: "1700000000", type: "text", text: { body: "Terima kasih, stop di sini?" } },
      ],
    });
    const { raw, signature } = signed(body);
    expect((await post(raw, signature)).status).toBe(200);
    const live = async (personId: string) => db.consent.count({ where: { personId, kind: "WHATSAPP", withdrawnAt: null } });
    expect(await live(stopping.personId!)).toBe(0);
    expect(await live(chatting.personId!)).toBe(1);
    const stop = signed(envelope({ messages: [{ from: "60122222222", type: "text", text: { body: "STOP" } }] }));
    await post(stop.raw, stop.signature);
    expect(await live(chatting.personId!)).toBe(0);
  });
});
