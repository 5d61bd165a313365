import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * A local SMTP server that accepts every message and only counts it (parsing 10,000 messages here
 * would take the CPU the worker is being measured on), by recipient from the envelope, so a message
 * delivered twice shows. The first message is kept to check it.
 */
export async function startSmtpSink() {
  let received = 0;
  let first = "";
  const deliveries = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => {
        if (!first) chunks.push(chunk);
      });
      stream.on("end", () => {
        if (!first) first = Buffer.concat(chunks).toString("utf8");
        received++;
        for (const { address } of session.envelope.rcptTo) deliveries.set(address, (deliveries.get(address) ?? 0) + 1);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    /** Recipients who were delivered the message more than once, and the deliveries beyond the first. */
    duplicates: () => {
      const twice = [...deliveries.values()].filter((n) => n > 1);
      return { recipients: twice.length, extra: twice.reduce((sum, n) => sum + n - 1, 0) };
    },
    first: () => first,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
