import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import nodemailer from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { parseConnectionUrl } from "nodemailer/lib/shared/index.js";
import type Mail from "nodemailer/lib/mailer";
import { dataPath, env } from "~/utils/env.server";
import { encodeQuotedPrintable } from "./quoted-printable";

/** Messages a worker sends at the same time (and SMTP connections it keeps open). */
export const SEND_CONCURRENCY = 4;

export type MailTransport = {
  /** "smtp" or "file", for the outbox page */
  kind: "smtp" | "file";
  send(mail: Mail.Options): Promise<{ file?: string }>;
  close(): void;
};

/** Where the embedded transport writes messages: one .eml per message, by day. */
export function mailFolder(): string {
  return dataPath("mail");
}

export function emlFileName(messageIdHeader: string): string {
  return `${messageIdHeader.replace(/[<>]/g, "").replace(/[^\w.@-]/g, "_")}.eml`;
}

/** Deletes the embedded transport's copies of these messages (they hold the recipient's details). */
export async function deleteMailCopies(messageIdHeaders: string[]): Promise<void> {
  for (const id of messageIdHeaders) await fs.rm(path.join(mailFolder(), emlFileName(id)), { force: true });
}

/** A message as it goes on the wire (CRLF line ends, every part encoded), with the addresses SMTP gives for it. */
export type BuiltMessage = { envelope: { from: string; to: string[] }; raw: Buffer };

/**
 * Builds the whole message into one buffer, as nodemailer's sendMail would build it from the same
 * options (headers, parts, attachments, the calendar part). Sent raw, the message leaves in one
 * socket write and its end marker in another, where sendMail streamed it in pieces (14 writes for
 * a follow-up, 5 now with the commands). Quoted-printable, as nodemailer would choose for text in
 * Malay or English, but without counting every letter of each part to choose (a regular-expression
 * match per letter of the HTML: a fifth of the worker's time per message, measured).
 */
export async function buildMessage(mail: Mail.Options): Promise<BuiltMessage> {
  const node = new MailComposer({
    textEncoding: "quoted-printable",
    ...mail,
    // The two large parts encoded here, in one pass (quoted-printable.ts), and given to MailComposer
    // whole: it takes `raw` for them as for any part (its types declare it for attachments only).
    text: typeof mail.text === "string" ? encodedPart("text/plain", mail.text) : mail.text,
    html: typeof mail.html === "string" ? encodedPart("text/html", mail.html) : mail.html,
  }).compile();
  const envelope = node.getEnvelope();
  return { envelope: { from: envelope.from || "", to: envelope.to }, raw: await node.build() };
}

/** A text part with its headers, as MailComposer writes them for `text` or `html`. */
function encodedPart(contentType: "text/plain" | "text/html", content: string): Mail.AttachmentLike {
  const raw = Buffer.concat([
    Buffer.from(`Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`),
    encodeQuotedPrintable(content),
  ]);
  return { raw } as Mail.AttachmentLike;
}

/**
 * SMTP when SMTP_URL is set; otherwise every message is written as an .eml file under the data
 * folder, so a new user sees every email the app sends without a mail server. Both get the same
 * bytes (buildMessage).
 */
export function createMailTransport(smtpUrl: string | undefined = env.SMTP_URL): MailTransport {
  if (smtpUrl) {
    // A small pool of kept-open connections: several messages in flight, no handshake per message.
    // The URL is parsed here because nodemailer, given `url`, reads only the URL and drops every
    // other option (the pool and the timeouts included): it would open a connection per message.
    const options = parseConnectionUrl(smtpUrl);
    const transporter = nodemailer.createTransport({
      ...options,
      pool: true,
      maxConnections: SEND_CONCURRENCY,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
      getSocket: (_options: unknown, callback: (error: Error | null, socket?: { connection: net.Socket }) => void) =>
        connectWithoutDelay(options, callback),
    } as Parameters<typeof nodemailer.createTransport>[0]);
    return {
      kind: "smtp",
      async send(mail) {
        const { envelope, raw } = await buildMessage(mail);
        // The Message-ID only names the message in nodemailer's own records (it would make one up).
        await transporter.sendMail({ envelope, raw, messageId: mail.messageId });
        return {};
      },
      close: () => transporter.close(),
    };
  }
  return {
    kind: "file",
    async send(mail) {
      const { raw } = await buildMessage(mail);
      const file = path.join(mailFolder(), emlFileName(String(mail.messageId)));
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, raw);
      return { file };
    },
    close: () => undefined,
  };
}

const CONNECTION_TIMEOUT_MS = 15_000;

/**
 * The TCP connection to the SMTP server, opened with Nagle's algorithm off. With it on, the end
 * of every message (a few bytes after the body) waits for the server's delayed acknowledgement,
 * about 40 ms, which caps each pooled connection at some twenty messages a second. nodemailer
 * carries on from the open socket as it does for a proxy: greeting, EHLO and TLS (implicit for
 * smtps://, STARTTLS otherwise) are unchanged.
 */
function connectWithoutDelay(
  options: { host?: string; port?: number; secure?: boolean },
  callback: (error: Error | null, socket?: { connection: net.Socket }) => void,
) {
  const socket = net.connect({
    host: options.host ?? "localhost",
    port: Number(options.port) || (options.secure ? 465 : 587),
    noDelay: true,
  });
  const fail = (error: Error) => {
    socket.destroy();
    callback(error);
  };
  socket.setTimeout(CONNECTION_TIMEOUT_MS, () => fail(Object.assign(new Error("Connection timeout"), { code: "ETIMEDOUT" })));
  socket.once("error", fail);
  socket.once("connect", () => {
    socket.setTimeout(0);
    socket.removeListener("error", fail);
    callback(null, { connection: socket });
  });
}

/** A refusal no retry will fix: a bad address or a mailbox that does not exist (SMTP 5xx). */
export function isPermanentFailure(error: unknown): boolean {
  const e = error as { responseCode?: number; code?: string };
  if (e?.code === "EENVELOPE" && !e.responseCode) return true;
  return typeof e?.responseCode === "number" && e.responseCode >= 500 && e.responseCode < 600;
}

/** An error message safe to store and show: addresses are removed. */
export function describeFailure(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const text = `${e?.code ?? "ERROR"}${e?.responseCode ? ` ${e.responseCode}` : ""}: ${e?.message ?? String(error)}`;
  return text.replace(/[^\s<>@]+@[^\s<>@]+/g, "[address]").slice(0, 500);
}
