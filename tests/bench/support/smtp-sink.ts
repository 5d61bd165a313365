import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * A local SMTP server that accepts every message and only counts it (parsing 10,000 messages here
 * would take the CPU the worker is being measured on). The first message is kept to check it.
 */
export async function startSmtpSink() {
  let received = 0;
  let first = "";
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => {
        if (!first) chunks.push(chunk);
      });
      stream.on("end", () => {
        if (!first) first = Buffer.concat(chunks).toString("utf8");
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    first: () => first,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
