const BASE = "http://kasih.invalid";

// A control character or a backslash anywhere: browsers drop tabs and newlines from addresses and
// read "\" as "/", so "/\t/evil" and "/\evil" would both reach another host.
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

/** One slash and then something that is not another slash or a backslash (or nothing: "/"). */
const LOCAL_PATH = /^\/(?:$|[^/\\])/;

function isLocal(path: string): boolean {
  return LOCAL_PATH.test(path) && !UNSAFE_CHARACTERS.test(path);
}

/**
 * A redirect target that came from input (a form field, a query parameter), kept only if it is a
 * path on this site; anything else gives `fallback`. Every redirect to a target from input goes
 * through here: an open redirect after sign-in or a language switch would help phishing.
 *
 * The target is normalised as a browser would read it ("/x/../..//evil" and "/.//evil" both become
 * "//evil", another host), and the result must be a single leading "/" followed by a character that
 * is neither "/" nor "\". The same holds for the path with its percent-escapes decoded, so
 * "/%2F/evil" or "/%5Cevil" cannot become another host if anything on the way decodes it.
 */
export function safeRedirect(target: unknown, fallback: string): string {
  if (typeof target !== "string" || target.length > 2000 || !isLocal(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || !isLocal(url.pathname)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return fallback;
  }
  if (!isLocal(decoded) || !isLocal(new URL(decoded, BASE).pathname)) return fallback;
  return url.pathname + url.search + url.hash;
}
