/**
 * Redirect targets an attacker would put in `?redirectTo=` or a form's `redirectTo` field to send
 * a user to another site after signing in or switching language. Each must end on this site.
 */
export const HOSTILE_REDIRECTS = [
  // Another host, written the ways browsers accept.
  "//evil.test",
  "///evil.test",
  "////evil.test/x",
  "//evil.test@kasih.test",
  "https://evil.test",
  "http:evil.test",
  "https:/evil.test",
  "HTTPS://evil.test",
  "evil.test",
  "@evil.test",
  // Dot segments that collapse into "//".
  "/.//evil.test/x",
  "/x/../..//evil.test",
  "/./..//evil.test",
  "/x/..//evil.test",
  "/%2E%2E//evil.test",
  "/%2e/%2e%2e//evil.test",
  "/x/..%2F..%2F%2Fevil.test",
  // Backslashes, which browsers read as slashes.
  "/\\evil.test",
  "\\\\evil.test",
  "/\\/evil.test",
  "\\/evil.test",
  "/%5Cevil.test",
  "/%5c%5cevil.test",
  "/%5C/evil.test",
  // Encoded slashes.
  "/%2F/evil.test",
  "/%2f%2fevil.test",
  "/%2F%2Fevil.test/x",
  "%2F%2Fevil.test",
  // Whitespace and control characters that browsers drop.
  "/\t/evil.test",
  "/\n/evil.test",
  "/\r\n/evil.test",
  "\t//evil.test",
  " //evil.test",
  "/%09/evil.test",
  "/%0A/evil.test",
  "/%0d%0a/evil.test",
  "/%00/evil.test",
  // Other schemes.
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  // Broken escapes and oversize input.
  "/%E0%A4%A",
  `/${"a".repeat(3000)}`,
];

/** Targets on this site that must be kept as they are. */
export const LOCAL_REDIRECTS = [
  ["/events?when=past", "/events?when=past"],
  ["/events/abc/registrations?q=a%2Fb#senarai", "/events/abc/registrations?q=a%2Fb#senarai"],
  ["/", "/"],
  ["/dashboard/../events", "/events"],
  // A path that merely looks like a scheme is still a path here.
  ["/javascript:alert(1)//", "/javascript:alert(1)//"],
] as const;

/** Whether a Location header value stays on the site at `origin`. */
export function staysOn(origin: string, location: string | null): boolean {
  if (!location) return false;
  if (!/^\/(?:$|[^/\\])/.test(location)) return false;
  try {
    return new URL(location, origin).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}
