import { db } from "~/utils/db.server";
import { resolveDatabaseTarget } from "~/utils/database-url";

export type Health = { ok: boolean; database: { status: "ok" | "unreachable"; provider: string; latencyMs?: number } };

/** Whether the app can reach its database, and how quickly. */
export async function checkHealth(): Promise<Health> {
  const provider = resolveDatabaseTarget().provider;
  const started = Date.now();
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return { ok: true, database: { status: "ok", provider, latencyMs: Date.now() - started } };
  } catch {
    return { ok: false, database: { status: "unreachable", provider } };
  }
}
