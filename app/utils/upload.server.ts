import {
  MaxPartSizeExceededError,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { storableForm } from "./form-data.server";

export type UploadResult =
  | { ok: true; bytes: Uint8Array; fileName: string; contentType: string; fields: FormData }
  | {
      ok: false;
      error: "errors.file.missing" | "errors.file.empty" | "errors.file.tooLarge" | "errors.file.unreadable";
      fields?: FormData;
    };

/** Keeps the last segment of a client file name, without path tricks or control characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "")
    .replace(/^\.+/, "")
    .trim();
  return cleaned.slice(-120) || "file";
}

/**
 * Reads one uploaded file from a multipart form into memory, refusing files over `maxBytes`
 * with a message rather than an error page. An oversized file is read through and dropped, so the
 * form's other fields still come back to be shown again; only a body far larger than any file we
 * take is refused before reading.
 */
export async function readUpload(request: Request, field: string, maxBytes: number): Promise<UploadResult> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes + 10 * 1024 * 1024) return { ok: false, error: "errors.file.tooLarge" };
  let tooLarge = false;
  const keepFileWithinLimit: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (name !== field || filename === undefined) return undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    }
    return tooLarge ? undefined : new File(chunks as Uint8Array<ArrayBuffer>[], filename, { type: contentType });
  };
  let fields: FormData;
  try {
    fields = storableForm(
      await unstable_parseMultipartFormData(
        request,
        unstable_composeUploadHandlers(keepFileWithinLimit, unstable_createMemoryUploadHandler({ maxPartSize: 64 * 1024 })),
      ),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: "errors.file.tooLarge" };
    return { ok: false, error: "errors.file.unreadable" };
  }
  if (tooLarge) return { ok: false, error: "errors.file.tooLarge", fields };
  const file = fields.get(field);
  if (!file || typeof file === "string") return { ok: false, error: "errors.file.missing", fields };
  if (file.size === 0) return { ok: false, error: file.name ? "errors.file.empty" : "errors.file.missing", fields };
  return {
    ok: true,
    bytes: new Uint8Array(await file.arrayBuffer()),
    fileName: safeFileName(file.name),
    contentType: file.type,
    fields,
  };
}
