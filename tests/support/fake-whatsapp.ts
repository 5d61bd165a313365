import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WHATSAPP_TEMPLATES } from "../../app/modules/whatsapp/whatsapp-templates";

export const FAKE_TOKEN = "test-access-token";
export const FAKE_PHONE_NUMBER_ID = "1098765432";
export const FAKE_APP_SECRET = "test-app-secret";
export const FAKE_VERIFY_TOKEN = "test-verify-token";
export const FAKE_VERSION = "v21.0";
export const FAKE_PREFIX = "kasih_";

export type FakeSent = {
  id: string;
  to: string;
  template: string;
  language: string;
  parameters: string[];
  reference: string | undefined;
};

type Reply = { status: number; code?: number; message?: string };

/**
 * A local stand-in for the WhatsApp Business Cloud API, as the Cloud API answers: it checks the
 * path, the bearer token and the message (a template Meta approved, in ms or en, with as many body
 * parameters as it has, none empty or with a new line), and can be told to answer a recipient with
 * a throttle (429), its own trouble (5xx) or a permanent refusal, as the real one does.
 */
export async function startFakeCloudApi(options: { delayMs?: number } = {}) {
  const sent: FakeSent[] = [];
  const refused: { to: string; status: number; code: number }[] = [];
  const scripted = new Map<string, Reply[]>();
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => setTimeout(respond, options.delayMs ?? 0));
    const respond = () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const fail = (status: number, code: number, message: string, to = "") => {
        refused.push({ to, status, code });
        answer(status, { error: { message, type: "OAuthException", code, fbtrace_id: "Atest" } });
      };
      if (req.method !== "POST" || req.url !== `/${FAKE_VERSION}/${FAKE_PHONE_NUMBER_ID}/messages`) {
        return fail(400, 100, `Unsupported request: ${req.method} ${req.url}`);
      }
      if (req.headers.authorization !== `Bearer ${FAKE_TOKEN}`) return fail(401, 190, "Invalid OAuth access token");
      let body: {
        messaging_product?: string;
        to?: string;
        type?: string;
        biz_opaque_callback_data?: string;
        template?: {
          name?: string;
          language?: { code?: string };
          components?: { type: string; parameters: { type: string; text: string }[] }[];
        };
      };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return fail(400, 100, "Invalid JSON");
      }
      const to = body.to ?? "";
      if (body.messaging_product !== "whatsapp" || body.type !== "template" || !/^\d{8,15}$/.test(to)) {
        return fail(400, 100, "Invalid parameter", to);
      }
      const script = scripted.get(to);
      const reply = script?.shift();
      if (reply) return fail(reply.status, reply.code ?? 131000, reply.message ?? "Scripted failure", to);
      const name = body.template?.name ?? "";
      const spec = name.startsWith(FAKE_PREFIX)
        ? WHATSAPP_TEMPLATES[name.slice(FAKE_PREFIX.length) as keyof typeof WHATSAPP_TEMPLATES]
        : undefined;
      const language = body.template?.language?.code ?? "";
      if (!spec || !["ms", "en"].includes(language)) {
        return fail(404, 132001, "Template name does not exist in the translation", to);
      }
      const parameters = (body.template?.components ?? []).filter((c) => c.type === "body").flatMap((c) => c.parameters.map((p) => p.text));
      if (parameters.length !== spec.params.length) return fail(400, 132000, "Number of parameters does not match", to);
      if (parameters.some((p) => !p || /[\n\t]| {5}/.test(p))) return fail(400, 132012, "Parameter format does not match", to);
      const id = `wamid.${crypto.randomBytes(8).toString("hex")}${++count}`;
      sent.push({ id, to, template: name, language, parameters, reference: body.biz_opaque_callback_data });
      answer(200, { messaging_product: "whatsapp", contacts: [{ input: to, wa_id: to }], messages: [{ id }] });
    };
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    refused,
    /** The next answers to this recipient (digits, no +), before it is accepted. */
    script(to: string, replies: Reply[]) {
      scripted.set(to.replace(/^\+/, ""), [...replies]);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The environment that points the app at the fake. */
export function fakeEnv(url: string) {
  return {
    WHATSAPP_ACCESS_TOKEN: FAKE_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: FAKE_PHONE_NUMBER_ID,
    WHATSAPP_APP_SECRET: FAKE_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: FAKE_VERIFY_TOKEN,
    WHATSAPP_API_URL: url,
    WHATSAPP_API_VERSION: FAKE_VERSION,
    WHATSAPP_TEMPLATE_PREFIX: FAKE_PREFIX,
  };
}

/** A webhook body signed as Meta signs it. */
export function signed(body: unknown, secret = FAKE_APP_SECRET) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  return { raw, signature: `sha256=${crypto.createHmac("sha256", secret).update(raw).digest("hex")}` };
}
