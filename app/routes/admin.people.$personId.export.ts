import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { downloadResponse, toCsv } from "~/modules/exports/tabular.server";
import { PRIVATE_NO_STORE } from "~/utils/cache-control";
import { contentDisposition } from "~/utils/content-disposition";
import { personExport, personExportRows } from "~/modules/privacy/privacy.server";

/** Everything held about a person, as JSON or CSV (a data access request). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const record = await personExport(user, params.personId!);
  const name = `data-peribadi-${params.personId}`;
  if (new URL(request.url).searchParams.get("format") === "csv") {
    const rows = personExportRows(record);
    return downloadResponse(toCsv({ sheetName: "data", headers: ["section", "field", "value"], rows }), `${name}.csv`, "csv");
  }
  return new Response(JSON.stringify(record, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": contentDisposition("attachment", `${name}.json`),
      "Cache-Control": PRIVATE_NO_STORE,
    },
  });
}
