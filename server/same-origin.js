// Cross-site request forgery protection for changes. See docs/decisions/007-csrf-by-origin.md.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const SESSION_COOKIE = /(?:^|;\s*)kasih_session=/;

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Remix checks an action's Origin against the Host (or X-Forwarded-Host) header itself, and throws
 * (a 500) when they differ, as they do behind a proxy that passes its own Host. Once this check has
 * accepted the Origin as this site's, the request Remix sees carries that origin's host.
 */
function carryHostOf(req, origin) {
  const host = new URL(origin).host;
  req.headers.host = host;
  if (req.headers["x-forwarded-host"] !== undefined) req.headers["x-forwarded-host"] = host;
}

/**
 * Refuses a change (any method but GET, HEAD, OPTIONS) that a browser says comes from another
 * site, and a change carrying the session cookie or signing in that says nothing about where it
 * comes from (no Origin, no Referer). Browsers send Origin with every POST, so the app's own
 * forms and fetches pass; so do clients that are not browsers and carry no session, such as a
 * mail program's one-click unsubscribe. Remix itself throws on a foreign Origin in an action,
 * which would be a 500; this answers with a clear 403 first.
 */
export function sameOriginChanges({ appOrigin }) {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const ownOrigins = [appOrigin, `${req.protocol}://${req.get("host")}`];
    const origin = req.get("origin");
    if (origin) {
      if (ownOrigins.includes(origin)) {
        carryHostOf(req, origin);
        return next();
      }
    } else {
      const signedIn = SESSION_COOKIE.test(req.get("cookie") ?? "");
      // A forged sign-in would put the victim in the attacker's account ("login CSRF").
      const signingIn = req.path.replace(/\.data$/, "") === "/sign-in";
      const referer = req.get("referer");
      if (!signedIn && !(signingIn && referer)) return next();
      if (referer && ownOrigins.includes(originOf(referer))) return next();
    }
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send(
        "Permintaan ditolak: borang ini mesti dihantar dari laman KASIH Outreach sendiri.\nRequest refused: this form must be sent from the KASIH Outreach site itself.\n",
      );
  };
}
