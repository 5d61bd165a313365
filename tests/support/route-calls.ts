/**
 * Calls route loaders and actions the way Remix does, with a real session cookie, so tests
 * exercise parsing, permission checks and responses together.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { startSession } from "../../app/modules/auth/session.server";

export type RouteResult = {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
  location: string | null;
};

export async function cookieFor(userId: string): Promise<string> {
  const setCookie = await startSession(userId);
  return setCookie.split(";")[0];
}

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown;

async function normalise(run: () => unknown): Promise<RouteResult> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
    // A thrown Response or data(): Remix answers with it (through the error boundary).
    if (!(thrown instanceof Response) && (thrown as { type?: string } | null)?.type !== "DataWithResponseInit") throw thrown;
  }
  if (value instanceof Response) {
    const type = value.headers.get("Content-Type") ?? "";
    const body = type.includes("json") ? await value.json() : await value.text();
    return { status: value.status, headers: value.headers, data: body, location: value.headers.get("Location") };
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = value as { data: unknown; init: ResponseInit | null };
    return { status: init?.status ?? 200, headers: new Headers(init?.headers), data, location: null };
  }
  return { status: 200, headers: new Headers(), data: value, location: null };
}

export function callLoader(
  loader: Handler,
  options: { url: string; cookie?: string; params?: Record<string, string>; headers?: Record<string, string> },
): Promise<RouteResult> {
  const request = new Request(new URL(options.url, "http://localhost"), {
    headers: { ...(options.cookie ? { Cookie: options.cookie } : {}), ...options.headers },
  });
  return normalise(() => loader({ request, params: options.params ?? {}, context: { clientIp: "127.0.0.1", cspNonce: "test" } }));
}

export type ActionOptions = {
  url: string;
  cookie?: string;
  params?: Record<string, string>;
  clientIp?: string;
  headers?: Record<string, string>;
  /** When the web server took the request (ms since the epoch), as server/index.js says. */
  receivedAt?: number;
} & (
  | { form: Record<string, string | string[]> | FormData }
  /** A raw body, for clients that send something other than a form (say which with a Content-Type header). */
  | { body: BodyInit }
);

export function callAction(action: Handler, options: ActionOptions): Promise<RouteResult> {
  let body: BodyInit;
  if ("body" in options) body = options.body;
  else if (options.form instanceof FormData) body = options.form;
  else {
    const form = new FormData();
    for (const [key, value] of Object.entries(options.form)) {
      for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
    }
    body = form;
  }
  const request = new Request(new URL(options.url, "http://localhost"), {
    method: "POST",
    body,
    headers: { ...(options.cookie ? { Cookie: options.cookie } : {}), ...options.headers },
  });
  return normalise(() =>
    action({
      request,
      params: options.params ?? {},
      context: { clientIp: options.clientIp ?? "127.0.0.1", cspNonce: "test", receivedAt: options.receivedAt },
    }),
  );
}
