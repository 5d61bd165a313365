/**
 * The build's assets are sent as compressed at build time (server/precompress-assets.js,
 * server/precompressed.js): brotli or gzip as the browser asks, the script's own type, cached as
 * immutable, and the exact bytes of the file once decoded.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseEncoding, precompressedAssets } from "../../server/precompressed.js";

let folder: string;
let base: string;
let close: () => void;
const script = `export const hello = ${JSON.stringify("salam ".repeat(400))};\n`;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "kasih-assets-"));
  fs.mkdirSync(path.join(folder, "_shared"));
  fs.writeFileSync(path.join(folder, "_shared/chunk-A.js"), script);
  fs.writeFileSync(path.join(folder, "tiny.js"), "export {};\n");
  execFileSync(process.execPath, ["server/precompress-assets.js", folder], { stdio: "pipe" });
  const app = express();
  app.use("/build", precompressedAssets(folder));
  app.use((req, res) => res.status(404).send("not here"));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});

afterAll(() => {
  close?.();
  fs.rmSync(folder, { recursive: true, force: true });
});

async function get(file: string, acceptEncoding: string) {
  // Node's fetch would decode the body itself; the raw bytes show what was sent.
  const { request } = await import("node:http");
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    request(`${base}${file}`, { headers: { "accept-encoding": acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on("error", reject)
      .end();
  });
}

describe("precompressed build assets", () => {
  it("builds a brotli and a gzip copy of each asset big enough to gain from one", () => {
    expect(fs.existsSync(path.join(folder, "_shared/chunk-A.js.br"))).toBe(true);
    expect(fs.existsSync(path.join(folder, "_shared/chunk-A.js.gz"))).toBe(true);
    expect(fs.existsSync(path.join(folder, "tiny.js.br"))).toBe(false);
  });

  it("sends brotli to a browser that takes it, typed as the script, immutable for a year", async () => {
    const response = await get("/build/_shared/chunk-A.js", "gzip, deflate, br");
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe("br");
    expect(response.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(response.headers["vary"]).toBe("Accept-Encoding");
    expect(zlib.brotliDecompressSync(response.body).toString()).toBe(script);
  });

  it("sends gzip when brotli is not accepted, and the file itself when neither is", async () => {
    const gzip = await get("/build/_shared/chunk-A.js", "br;q=0, gzip");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gzip.body).toString()).toBe(script);
    const plain = await get("/build/_shared/chunk-A.js", "identity");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers["cache-control"]).toContain("immutable");
  });

  it("leaves files it does not have, and addresses it cannot read, to the next handler", async () => {
    expect((await get("/build/_shared/missing.js", "br")).status).toBe(404);
    expect((await get("/build/%E0%A4%A.js", "br")).status).toBe(404);
    expect((await get("/build/_shared/chunk-A.js.br", "identity")).headers["content-encoding"]).toBeUndefined();
  });

  it("reads Accept-Encoding as browsers write it", () => {
    expect(chooseEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(chooseEncoding("gzip;q=1.0, br;q=0")).toBe("gzip");
    expect(chooseEncoding("*")).toBe("br");
    expect(chooseEncoding("")).toBeNull();
    expect(chooseEncoding(undefined)).toBeNull();
  });
});
