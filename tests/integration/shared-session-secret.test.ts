import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/test-database";

const run = promisify(execFile);

describe("the session secret kept in DATA_DIR", () => {
  it("is one secret for every server sharing the folder, however many start at once", async () => {
    const dataDir = path.join(process.env.DATA_DIR!, "shared");
    const { SESSION_SECRET: _unset, ...inherited } = process.env;
    const env = { ...inherited, DATA_DIR: dataDir };
    const print = "const { env } = await import('./app/utils/env.server.ts'); console.log(env.sessionSecrets.join(','))";
    const secrets = await Promise.all(
      Array.from({ length: 6 }, () =>
        run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", print], { cwd: ROOT, env }).then((r) => r.stdout.trim()),
      ),
    );
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(path.join(dataDir, ".session-secret"), "utf8")).toBe(secrets[0]);
    // No drafts are left behind.
    expect(fs.readdirSync(dataDir)).toEqual([".session-secret"]);
  });
});
