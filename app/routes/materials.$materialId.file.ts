import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/modules/auth/session.server";
import { materialFile } from "~/modules/materials/materials.server";
import { PRIVATE_NO_STORE } from "~/utils/cache-control";
import { contentDisposition } from "~/utils/content-disposition";

/**
 * A digital material's file: linked from follow-up emails, so open to anyone with the link while
 * the material is active. Once retired it is a 404 to the public; staff may still preview it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = await materialFile(params.materialId ?? "", await getSessionUser(request));
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(new Blob([new Uint8Array(file.bytes)]), {
    headers: {
      "Content-Type": file.mime,
      "Content-Disposition": contentDisposition("inline", file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      // Revalidated on every use, so a retired material stops being served at once; a staff
      // preview of a retired one is kept by nobody.
      "Cache-Control": file.retired ? PRIVATE_NO_STORE : "no-cache",
    },
  });
}
