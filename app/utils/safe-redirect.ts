const BASE = "http://kasih.invalid";

/**
 * A redirect target from a form, kept only if it stays on this site: an open redirect after
 * sign-in would help phishing. Browsers read "/\evil", "/\t/evil" and "//evil" as another host,
 * so the target is resolved as a browser would before it is trusted.
 */
export function safeRedirect(target: unknown, fallback: string): string {
  if (typeof target !== "string" || !target.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return fallback;
  }
  return url.origin === BASE ? url.pathname + url.search + url.hash : fallback;
}
