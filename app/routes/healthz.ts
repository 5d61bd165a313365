import { db } from "~/utils/db.server";
import { resolveDatabaseTarget } from "~/utils/database-url";

/** For load balancers and uptime checks: 200 when the database answers, 503 when it does not. */
export async function loader() {
  const provider = resolveDatabaseTarget().provider;
  const started = Date.now();
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return Response.json(
      { status: "ok", database: { status: "ok", provider, latencyMs: Date.now() - started } },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return Response.json(
      { status: "error", database: { status: "unreachable", provider } },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
