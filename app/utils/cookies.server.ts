import type { CookieOptions } from "@remix-run/node";
import { env } from "./env.server";

/** Whether the site is served over https (APP_URL), and so every cookie must be Secure. */
export const SECURE_SITE = env.APP_URL.startsWith("https://");

/**
 * The options every cookie the app sets is made with: the whole site, out of reach of scripts,
 * left off cross-site requests, and Secure whenever the public address is https, whatever the
 * caller asks (behind a proxy the app itself may see plain http).
 */
export function cookieOptions(options: CookieOptions = {}): CookieOptions {
  return { path: "/", httpOnly: true, sameSite: "lax", ...options, secure: SECURE_SITE };
}
