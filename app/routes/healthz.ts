import { checkHealth } from "~/modules/system/health.server";

/** For load balancers and uptime checks: 200 when the database answers, 503 when it does not. */
export async function loader() {
  const health = await checkHealth();
  return Response.json(
    { status: health.ok ? "ok" : "error", database: health.database },
    { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
