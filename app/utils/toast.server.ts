import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { z } from "zod";
import type { MessageKey, MessageParams } from "~/modules/i18n/i18n";
import { cookieOptions } from "./cookies.server";
import { env } from "./env.server";

const toastStorage = createCookieSessionStorage({
  cookie: { name: "kasih_toast", ...cookieOptions({ secrets: env.sessionSecrets }) },
});

const ToastSchema = z.object({
  kind: z.enum(["success", "error", "info"]).default("success"),
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type Toast = { kind?: "success" | "error" | "info"; key: MessageKey; params?: MessageParams };

/** Redirects and shows a translated message on the next page (read and cleared by the root loader). */
export async function redirectWithToast(url: string, toast: Toast, init?: ResponseInit): Promise<Response> {
  const session = await toastStorage.getSession();
  session.flash("toast", toast);
  const headers = new Headers(init?.headers);
  headers.append("Set-Cookie", await toastStorage.commitSession(session));
  return redirect(url, { ...init, headers });
}

export async function readToast(request: Request): Promise<{ toast: z.infer<typeof ToastSchema> | null; setCookie: string | null }> {
  const session = await toastStorage.getSession(request.headers.get("Cookie"));
  const raw = session.get("toast");
  if (!raw) return { toast: null, setCookie: null };
  const parsed = ToastSchema.safeParse(raw);
  return { toast: parsed.success ? parsed.data : null, setCookie: await toastStorage.commitSession(session) };
}
