/**
 * What the registration and rush benches share: the form a person posts, the events the fixture
 * makes, and a reader of the database a server writes to (SQLite file or PostgreSQL).
 */
import pg from "pg";
import { openDatabase } from "./bench-database";
import { cpuSeconds } from "./processes";

const CATEGORIES = ["TEACHER", "PIBG", "COMMUNITY"] as const;
export type Fixture = { large: string; small: string; rushes: string[]; noticeVersion: string };

let personNumber = 0;
/** A form body as the public page posts it, each with its own name, phone number and email. */
export function formBody(noticeVersion: string): string {
  const k = ++personNumber + Math.floor(Math.random() * 1e6) * 1000;
  return new URLSearchParams({
    fullName: `Cikgu Beban ${k}`,
    phone: `+6012${String(k % 10_000_000).padStart(7, "0")}`,
    email: `beban${k}@sekolah.test`,
    category: CATEGORIES[k % 3],
    organisation: "SMK Seri Ampangan",
    language: k % 4 === 0 ? "en" : "ms",
    noticeVersion,
    consent: "on",
    website: "",
  }).toString();
}

/** Reads the database a server writes to: SQLite file or PostgreSQL. */
export type Database = {
  label: string;
  url: string;
  dataDir: string;
  registrations(): Promise<number>;
  statuses(publicCode: string): Promise<Record<string, number>>;
  /**
   * CPU seconds used so far by the database server's processes for this database, per process:
   * PostgreSQL's backends when the server runs on this machine (it shares its cores with the app).
   * Empty for SQLite, whose work is the app's own CPU.
   */
  serverCpu(): Promise<Map<number, number>>;
  close(): Promise<void>;
};

/** CPU seconds the database server used between two readings of serverCpu (NaN when it cannot be read). */
export function serverCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  if (after.size === 0) return NaN;
  // A backend that started during the run counts whole; one that ended during it is not seen.
  let seconds = 0;
  for (const [pid, used] of after) seconds += used - (before.get(pid) ?? 0);
  return seconds;
}

export function sqliteDatabase(file: string, dataDir: string): Database {
  const read = () => openDatabase(file);
  return {
    label: "SQLite",
    url: `file:${file}`,
    dataDir,
    registrations: async () => {
      const sqlite = read();
      const { n } = sqlite.prepare(`SELECT count(*) AS n FROM "Registration"`).get() as { n: number };
      sqlite.close();
      return n;
    },
    statuses: async (code) => {
      const sqlite = read();
      const rows = sqlite
        .prepare(
          `SELECT r.status AS status, count(*) AS n FROM "Registration" r JOIN "Event" e ON e.id = r.eventId WHERE e.publicCode = ? GROUP BY r.status`,
        )
        .all(code) as { status: string; n: number }[];
      sqlite.close();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    serverCpu: async () => new Map(),
    close: async () => undefined,
  };
}

export function postgresDatabase(url: string, dataDir: string, drop: () => Promise<void>): Database {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const local = ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname);
  return {
    label: "PostgreSQL",
    url,
    dataDir,
    registrations: async () => Number((await pool.query(`SELECT count(*) AS n FROM "Registration"`)).rows[0].n),
    statuses: async (code) => {
      const { rows } = await pool.query(
        `SELECT r.status, count(*) AS n FROM "Registration" r JOIN "Event" e ON e.id = r."eventId" WHERE e."publicCode" = $1 GROUP BY r.status`,
        [code],
      );
      return Object.fromEntries(rows.map((r: { status: string; n: string }) => [r.status, Number(r.n)]));
    },
    serverCpu: async () => {
      if (!local) return new Map();
      const { rows } = await pool.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
      return new Map(rows.map((r: { pid: number }) => [r.pid, cpuSeconds(r.pid)] as const).filter(([, used]) => Number.isFinite(used)));
    },
    close: async () => {
      await pool.end();
      await drop();
    },
  };
}

/** A PostgreSQL database from the test suite's template (migrated with reference data, or the seeded demo), dropped at the end. */
export async function createPostgresDatabase(
  name: string,
  from: "base" | "demo" = "base",
): Promise<{ url: string; dataDir: string; drop: () => Promise<void> } | null> {
  const previous = process.env.TEST_DATABASE;
  process.env.TEST_DATABASE = "postgresql";
  try {
    const support = await import("../../support/test-database");
    if (!(await support.postgresAnswers())) return null;
    if (from === "demo") await support.ensureDemoDatabase();
    else await support.ensureBaseDatabase();
    return await support.createTestDatabase(name, from);
  } finally {
    process.env.TEST_DATABASE = previous;
  }
}
