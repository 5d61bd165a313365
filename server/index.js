// The web server: Remix behind Express, so each request knows the client's address (for rate
// limits) and gets a CSP nonce and security headers. See docs/decisions/002-own-server-process.md.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { precompressedAssets } from "./precompressed.js";
import { sameOriginChanges } from "./same-origin.js";

installGlobals({ nativeFetch: true });

const BUILD_PATH = path.resolve("build/index.js");
const DEVELOPMENT = process.env.NODE_ENV === "development";
const PORT = Number(process.env.PORT || 3000);
const HOST = process.env.HOST || "0.0.0.0";
const APP_ORIGIN = new URL(process.env.APP_URL || `http://localhost:${PORT}`).origin;

async function importBuild() {
  // A changing query string makes Node load the rebuilt file in development.
  const stamp = DEVELOPMENT ? `?t=${fs.statSync(BUILD_PATH).mtimeMs}` : "";
  return import(url.pathToFileURL(BUILD_PATH).href + stamp);
}

let build = await importBuild();

const app = express();
app.disable("x-powered-by");
// Behind a load balancer, TRUST_PROXY=1 makes req.ip the client's address from X-Forwarded-For.
if (process.env.TRUST_PROXY) app.set("trust proxy", Number(process.env.TRUST_PROXY) || process.env.TRUST_PROXY);

app.use((req, res, next) => {
  // When the request was taken from the socket: the public form's wait bound counts from here.
  res.locals.receivedAt = Date.now();
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${res.locals.cspNonce}'${DEVELOPMENT ? " 'unsafe-eval'" : ""}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      `connect-src 'self'${DEVELOPMENT ? " ws://localhost:*" : ""}`,
      "media-src 'self' blob:",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  // Whenever the public address is https, even when a proxy in front speaks plain http to us and
  // TRUST_PROXY is unset (browsers ignore the header on plain http, so it cannot lock anyone out).
  if (req.secure || APP_ORIGIN.startsWith("https://")) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
});

app.use(sameOriginChanges({ appOrigin: APP_ORIGIN }));

// A NUL in the address (%00) is never a real page or id, and PostgreSQL refuses it in a query.
app.use((req, res, next) => {
  if (/%00/i.test(req.originalUrl)) return res.status(400).type("text/plain").send("Bad Request");
  next();
});

// Fingerprinted assets are cached for a year, and sent as compressed at build time: they come
// before compression(), which would gzip each one again on every request.
app.use("/build", precompressedAssets(path.resolve("public/build"), { watch: DEVELOPMENT }));
app.use(compression());
// Everything else in public/ for an hour.
app.use(express.static("public", { maxAge: "1h" }));

/**
 * A Remix request handler for `build`, or for the part of it made of the routes `routeIds` (and
 * nothing else). In development, made again for every request so a rebuild is served at once.
 */
function remixHandler(routeIds) {
  const handlerFor = (whole) =>
    createRequestHandler({ build: routeIds ? onlyRoutes(whole, routeIds) : whole, mode: whole.mode, getLoadContext });
  if (!DEVELOPMENT) return handlerFor(build);
  return async (req, res, next) => {
    try {
      return handlerFor(build)(req, res, next);
    } catch (error) {
      next(error);
    }
  };
}

/** The build with only these routes, in its server routes and in its manifest alike. */
function onlyRoutes(whole, routeIds) {
  const pick = (routes) => Object.fromEntries(routeIds.map((id) => [id, routes[id]]));
  return { ...whole, routes: pick(whole.routes), assets: { ...whole.assets, routes: pick(whole.assets.routes) } };
}

// The public registration form, which a whole school hall submits at once: its address can only
// ever match the root and routes/r.$code, so it gets a handler that knows those two. Remix matches
// each request against the whole route tree, flattened, ranked and its patterns compiled anew every
// time (twice per request): with the app's 74 routes that was the largest cost of a registration
// outside the database (docs/decisions/020-public-form-cpu.md). The page and its answers are the
// same either way (same modules, same root); any other /r/… address goes to the whole app.
app.all(/^\/r\/[a-z2-9]{6,16}$/, remixHandler(["root", "routes/r.$code"]));

app.all("*", remixHandler(null));

function getLoadContext(req, res) {
  return { clientIp: req.ip || req.socket.remoteAddress || "unknown", cspNonce: res.locals.cspNonce, receivedAt: res.locals.receivedAt };
}

const server = app.listen(PORT, HOST, () => {
  console.log(`KASIH Outreach listening on http://localhost:${PORT}`);
  if (DEVELOPMENT) broadcastDevReady(build);
});

if (DEVELOPMENT) {
  fs.watch(path.dirname(BUILD_PATH), { persistent: false }, async () => {
    try {
      build = await importBuild();
      broadcastDevReady(build);
    } catch (error) {
      console.error(error);
    }
  });
}

// Finish requests in flight, then exit, so a deploy or Ctrl-C never cuts a registration in half.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
