// Compresses every built asset once, at build time (brotli at its best quality and gzip), so the
// server never compresses a script per request: a phone's visit then costs the server a file read.
// Run after `remix build` (npm run build does). See docs/decisions/015-what-a-phone-downloads.md.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const ASSETS = path.resolve(process.argv[2] ?? "public/build");
const COMPRESSIBLE = /\.(js|css|svg|json|map|txt)$/;
// Below this a compressed copy saves less than the headers it costs.
const SMALLEST = 256;

function* files(folder) {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

let count = 0;
let raw = 0;
let brotli = 0;
for (const file of files(ASSETS)) {
  if (!COMPRESSIBLE.test(file)) continue;
  const body = fs.readFileSync(file);
  if (body.length < SMALLEST) continue;
  const br = zlib.brotliCompressSync(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const gz = zlib.gzipSync(body, { level: zlib.constants.Z_BEST_COMPRESSION });
  // A compressed copy larger than the file is never served (the server checks for the copy only).
  if (br.length < body.length) fs.writeFileSync(`${file}.br`, br);
  if (gz.length < body.length) fs.writeFileSync(`${file}.gz`, gz);
  count++;
  raw += body.length;
  brotli += br.length;
}
console.log(`precompressed ${count} assets: ${(raw / 1024).toFixed(0)} KiB → ${(brotli / 1024).toFixed(0)} KiB brotli`);
