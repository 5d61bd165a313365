import { describe, expect, it } from "vitest";
import * as signInRoute from "../../app/routes/sign-in";
import { db } from "../../app/utils/db.server";
import { hitRateLimit } from "../../app/utils/rate-limit.server";
import { callAction } from "../support/route-calls";

describe("the rate limiter", () => {
  it("lets exactly the limit through when a flood arrives all at once", async () => {
    const results = await Promise.all(Array.from({ length: 80 }, () => hitRateLimit("ujian", "serentak", 30, 600)));
    expect(results.filter((r) => r.allowed)).toHaveLength(30);
    expect(results.filter((r) => !r.allowed).every((r) => !r.allowed && r.retryAfterSeconds > 0 && r.retryAfterSeconds <= 600)).toBe(true);
  });

  it("counts each key on its own and starts again when the window has passed", async () => {
    for (let i = 0; i < 3; i++) await hitRateLimit("ujian", "198.51.100.1", 3, 600);
    expect(await hitRateLimit("ujian", "198.51.100.1", 3, 600)).toMatchObject({ allowed: false });
    expect(await hitRateLimit("ujian", "198.51.100.2", 3, 600)).toEqual({ allowed: true });
    // The client's address is counted, never kept.
    expect((await db.rateLimitBucket.findMany()).map((b) => b.key).join(" ")).not.toContain("198.51.100");
    await db.rateLimitBucket.updateMany({ where: { key: { startsWith: "ujian:" } }, data: { windowEnds: new Date(Date.now() - 1000) } });
    expect(await hitRateLimit("ujian", "198.51.100.1", 3, 600)).toEqual({ allowed: true });
  });

  it("sign-in attempts racing from one address never get past the limit", async () => {
    const attempts = await Promise.all(
      Array.from({ length: 45 }, (_, i) =>
        callAction(signInRoute.action, {
          url: "/sign-in",
          clientIp: "203.0.113.45",
          form: { email: `serentak${i}@kasih.test`, password: "cuba-cuba-lagi" },
        }),
      ),
    );
    expect(attempts.filter((a) => a.status === 429)).toHaveLength(15);
    expect(attempts.filter((a) => a.status === 400)).toHaveLength(30);
  });
});
