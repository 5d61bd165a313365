import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type Received = ParsedMail & { envelopeTo: string[] };

/**
 * A real SMTP server inside the test. Recipients containing "invalid" are refused with 550, as a
 * mail server refuses a mailbox that does not exist.
 */
export async function startSmtpServer(port = 0) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (address.address.includes("invalid")) {
        const error = new Error("Mailbox unavailable") as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
          callback();
        })
        .catch(callback);
    },
  });
  // A sender killed mid-conversation (the worker crash tests) resets its connection: that is the
  // scenario under test, not a fault of the server. Anything else is kept for the test to see.
  const errors: Error[] = [];
  server.on("error", (error: Error & { code?: string }) => {
    if (error.code !== "ECONNRESET") errors.push(error);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.server.address() as AddressInfo).port;
  return {
    received,
    errors,
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
