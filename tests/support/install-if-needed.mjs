// `npm test` in a fresh clone must work without a separate install, but running `npm install` before
// every run cost one to two minutes on a busy 2-core machine even when nothing had changed. npm keeps
// its own record of what it installed (node_modules/.package-lock.json): install only when that is
// missing or older than the lockfile or package.json.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const mtime = (file) => fs.statSync(path.join(root, file), { throwIfNoEntry: false })?.mtimeMs ?? 0;
const installed = mtime("node_modules/.package-lock.json");
if (!installed || installed < Math.max(mtime("package-lock.json"), mtime("package.json"))) {
  console.log("Dependencies missing or out of date: installing them first.");
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: root, stdio: "inherit" });
}
