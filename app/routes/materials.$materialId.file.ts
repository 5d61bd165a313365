import type { LoaderFunctionArgs } from "@remix-run/node";
import { materialFile } from "~/modules/materials/materials.server";

/** A digital material's file: linked from follow-up emails, so open to anyone with the link. */
export async function loader({ params }: LoaderFunctionArgs) {
  const file = await materialFile(params.materialId ?? "");
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(new Blob([new Uint8Array(file.bytes)]), {
    headers: {
      "Content-Type": file.mime,
      "Content-Disposition": `inline; filename="${file.fileName.replace(/[^\w.-]+/g, "_")}"`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      // Revalidated on every use, so a retired material stops being served at once.
      "Cache-Control": "no-cache",
    },
  });
}
