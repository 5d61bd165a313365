import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { dataPath, env } from "~/utils/env.server";

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

/**
 * SMTP when SMTP_URL is set; otherwise every message is written as an .eml file under the data
 * folder, so a new user sees every email the app sends without a mail server.
 */
export function createMailTransport(smtpUrl: string | undefined = env.SMTP_URL): MailTransport {
  if (smtpUrl) {
    // A small pool of kept-open connections: several messages in flight, no handshake per message.
    const transporter = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: SEND_CONCURRENCY,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    return {
      kind: "smtp",
      async send(mail) {
        await transporter.sendMail(mail);
        return {};
      },
      close: () => transporter.close(),
    };
  }
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    kind: "file",
    async send(mail) {
      const info = await transporter.sendMail(mail);
      const file = path.join(mailFolder(), emlFileName(String(mail.messageId)));
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, info.message as Buffer);
      return { file };
    },
    close: () => transporter.close(),
  };
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
