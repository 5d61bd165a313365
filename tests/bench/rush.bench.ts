/**
 * The rush (issue 14): 300 people submitting the public form at once for a 150-seat event, on
 * SQLite, on PostgreSQL and on two servers sharing PostgreSQL, while a second process keeps a core
 * busy. Everyone turned away with a 503 tries again after its Retry-After; in the end exactly 150
 * are seated and 150 wait, with no other 5xx and nobody left without an answer. The servers get a
 * short queue (REGISTRATION_QUEUE_SECONDS=1) so the 503 path is exercised.
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import { runFixture, seededDatabase, workCopy } from "./support/bench-database";
import { percentile } from "./support/measure";
import { startApp, type Started } from "./support/processes";
import {
  createPostgresDatabase,
  formBody,
  postgresDatabase,
  sqliteDatabase,
  type Database,
  type Fixture,
} from "./support/registration-databases";
import { fmt, type BenchContext, type Figure } from "./support/report";

const RUSH_ENV = { REGISTRATION_QUEUE_SECONDS: "1" };

/** A process that keeps one core busy, so the servers run on a loaded machine. */
function cpuBurner() {
  const child = spawn(process.execPath, ["-e", "for (;;) Math.sqrt(Math.random())"], { stdio: "ignore" });
  return () => child.kill("SIGKILL");
}

type RushResult = {
  first: Record<string, number>;
  retries: number;
  rounds: number;
  final: Record<string, number>;
  p95: number;
  fivexx: number;
  failures: number;
};

/**
 * 300 people press submit at the same moment (spread over the given servers, as a load balancer
 * would); each one answered 503 waits its Retry-After and submits the same form again. Someone
 * left a minute without any answer presses the button again too, as a person would: each form
 * carries its one-time token (as the page gives it), so a second press of a registration that was
 * saved is answered with that registration. Those are counted apart ("no answer").
 */
async function rush(servers: Started[], database: Database, code: string, noticeVersion: string): Promise<RushResult> {
  const people = Array.from({ length: 300 }, () => `${formBody(noticeVersion)}&formToken=${crypto.randomBytes(16).toString("base64url")}`);
  const first: Record<string, number> = {};
  const latencies: number[] = [];
  let retries = 0;
  let rounds = 0;
  let fivexx = 0;
  let failures = 0;
  const send = async (i: number, attempt: number): Promise<void> => {
    rounds = Math.max(rounds, attempt);
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(`${servers[i % servers.length].url}/r/${code}`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: people[i],
        signal: AbortSignal.timeout(60_000),
      });
      await response.arrayBuffer();
    } catch {
      // No answer at all (a dropped connection, a minute without reply): counted, and pressed again.
      failures++;
      if (attempt < 30) return send(i, attempt + 1);
      return;
    }
    latencies.push(performance.now() - started);
    if (attempt === 1) first[response.status] = (first[response.status] ?? 0) + 1;
    if (response.status >= 500 && response.status !== 503) fivexx++;
    if (response.status === 503 && attempt < 30) {
      retries++;
      await new Promise((r) => setTimeout(r, Number(response.headers.get("Retry-After") ?? 1) * 1000));
      return send(i, attempt + 1);
    }
  };
  await Promise.all(people.map((_, i) => send(i, 1)));
  latencies.sort((a, b) => a - b);
  return { first, retries, rounds, final: await database.statuses(code), p95: percentile(latencies, 95), fivexx, failures };
}

function rushFigure(label: string, result: RushResult): Figure {
  const ok =
    result.final.REGISTERED === 150 && result.final.WAITLISTED === 150 && Object.keys(result.final).length === 2 && result.fivexx === 0;
  return {
    part: "rush",
    what: `rush: 300 at once for 150 seats, ${label}, one core kept busy`,
    value: `${result.final.REGISTERED ?? 0} seated, ${result.final.WAITLISTED ?? 0} waitlisted${ok ? "" : " — WRONG"}`,
    detail: `first answers ${Object.entries(result.first)
      .map(([s, n]) => `${s}×${n}`)
      .join(
        " ",
      )}; ${result.retries} retries after a 503 (at most ${result.rounds - 1} per person); other 5xx: ${result.fivexx}; no answer within a minute (pressed again): ${result.failures}; p95 of all answers ${fmt.ms(result.p95)} ms`,
  };
}

export async function rushBench(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  const record = (figure: Figure) => {
    ctx.log(`rush figure | ${figure.what} | ${figure.value} | ${figure.detail ?? ""}`);
    figures.push(figure);
  };
  const copy = workCopy(seededDatabase(ctx.log), "rush");
  const sqlite = sqliteDatabase(copy.file, copy.dataDir);
  const events = runFixture<Fixture>("registration-fixture.ts", copy.file, copy.dataDir);
  const stopBurner = cpuBurner();
  try {
    const server = await startApp(sqlite, RUSH_ENV);
    try {
      ctx.log("rush: 300 for 150 seats on SQLite");
      record(rushFigure("SQLite", await rush([server], sqlite, events.rushes[0], events.noticeVersion)));
    } finally {
      await server.stop();
    }

    const created = await createPostgresDatabase("bench-rush");
    if (!created) {
      ctx.log("rush: no PostgreSQL server answers; its figures are left out");
      return figures;
    }
    const postgres = postgresDatabase(created.url, created.dataDir, created.drop);
    try {
      const pgEvents = runFixture<Fixture>("registration-fixture.ts", "unused", created.dataDir, [], { DATABASE_URL: created.url });
      const one = await startApp(postgres, RUSH_ENV);
      try {
        ctx.log("rush: 300 for 150 seats on PostgreSQL");
        record(rushFigure("PostgreSQL", await rush([one], postgres, pgEvents.rushes[0], pgEvents.noticeVersion)));
      } finally {
        await one.stop();
      }
      const two = [await startApp(postgres, RUSH_ENV), await startApp(postgres, RUSH_ENV)];
      try {
        ctx.log("rush: 300 for 150 seats on two servers sharing PostgreSQL");
        record(rushFigure("two servers sharing PostgreSQL", await rush(two, postgres, pgEvents.rushes[1], pgEvents.noticeVersion)));
      } finally {
        await Promise.all(two.map((s) => s.stop()));
      }
    } finally {
      await postgres.close();
    }
  } finally {
    stopBurner();
  }
  return figures;
}
