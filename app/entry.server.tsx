import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { optimizeDatabase } from "~/modules/system/housekeeping.server";
import { PRIVATE_NO_STORE } from "~/utils/cache-control";
import { CspNonceProvider } from "~/utils/csp-nonce";

const ABORT_DELAY = 5_000;

// Planner statistics brought up to date once per start (see optimizeDatabase); pages do not wait for it.
optimizeDatabase().catch((error: unknown) => console.error(`[server] PRAGMA optimize failed: ${String(error)}`));
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Bots and crawlers get the whole document at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  const nonce = loadContext?.cspNonce;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <CspNonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </CspNonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          // Pages show names, contacts and a nonce that is only good once: nobody keeps a copy.
          if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", PRIVATE_NO_STORE);
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logServerError(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/** The data behind a page (client-side navigation and form answers): kept by nobody, as the page. */
export function handleDataRequest(response: Response) {
  if (response.headers.has("Cache-Control")) return response;
  const headers = new Headers(response.headers);
  headers.set("Cache-Control", PRIVATE_NO_STORE);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  logServerError(error);
}

/**
 * Logs an error without request bodies, query strings or messages that may carry personal data:
 * only the error's class, its stack frames and a Prisma code when there is one.
 */
function logServerError(error: unknown) {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const frames = (error.stack ?? "").split("\n").slice(1, 8).join("\n");
    console.error(`[error] ${error.name}${code ? ` ${code}` : ""}\n${frames}`);
  } else {
    console.error(
      "[error] non-Error thrown",
      typeof error === "object" && error && "status" in error ? `(status ${(error as { status: number }).status})` : "",
    );
  }
}
