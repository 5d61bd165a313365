// Serves the build's fingerprinted assets (public/build) from the copies compressed at build time
// (server/precompress-assets.js), brotli or gzip as the browser accepts, cached for a year as
// immutable. Mounted before compression(), which would otherwise gzip each script again on every
// request. See docs/decisions/015-what-a-phone-downloads.md.
import fs from "node:fs";
import path from "node:path";
import express from "express";

const TYPES = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

function listFiles(folder, prefix = "") {
  const found = new Set();
  if (!fs.existsSync(folder)) return found;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const relative = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) for (const file of listFiles(path.join(folder, entry.name), relative)) found.add(file);
    else found.add(relative);
  }
  return found;
}

/** Which encoding to send: brotli before gzip, and neither when the browser refuses it (q=0). */
export function chooseEncoding(acceptEncoding) {
  const accepted = new Map();
  for (const part of (acceptEncoding ?? "").toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name, q ? Number(q[1]) : 1);
  }
  const wants = (name) => (accepted.has(name) ? accepted.get(name) > 0 : accepted.has("*") && accepted.get("*") > 0);
  if (wants("br")) return "br";
  if (wants("gzip")) return "gzip";
  return null;
}

/**
 * `folder` is read once: a build's fingerprinted files never change under a running server (in
 * development, where they do, `watch` re-reads the list on every request).
 */
export function precompressedAssets(folder, { watch = false } = {}) {
  let files = listFiles(folder);
  const serveStatic = express.static(folder, {
    immutable: true,
    maxAge: "1y",
    // Only the list above decides what exists; a missing file falls through to the app's 404.
    fallthrough: true,
    index: false,
  });
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    if (watch) files = listFiles(folder);
    let file;
    try {
      file = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const type = TYPES[path.extname(file)];
    if (type && files.has(file)) {
      res.setHeader("Vary", "Accept-Encoding");
      const encoding = chooseEncoding(req.get("accept-encoding"));
      const suffix = encoding === "br" ? ".br" : encoding === "gzip" ? ".gz" : null;
      if (suffix && files.has(file + suffix)) {
        // Set before the file is sent, so it is typed as the script it is, not as a .br file.
        res.setHeader("Content-Type", type);
        res.setHeader("Content-Encoding", encoding);
        req.url = req.url.replace(/(\?.*)?$/, (query) => `${suffix}${query}`);
      }
    }
    return serveStatic(req, res, next);
  };
}
