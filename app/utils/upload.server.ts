import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

export type UploadResult =
  | { ok: true; bytes: Uint8Array; fileName: string; contentType: string; fields: FormData }
  | { ok: false; error: "errors.file.missing" | "errors.file.empty" | "errors.file.tooLarge" | "errors.file.unreadable"; fields?: FormData };

/** Keeps the last segment of a client file name, without path tricks or control characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
    const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "").replace(/^\.+/, "").trim();
  return cleaned.slice(-120) || "file";
}

/**
 * Reads one uploaded file from a multipart form into memory, refusing files over `maxBytes`
 * with a message rather than an error page.
 */
export async function readUpload(request: Request, field: string, maxBytes: number): Promise<UploadResult> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes + 64 * 1024) return { ok: false, error: "errors.file.tooLarge" };
  let fields: FormData;
  // Too large to even read: answer before parsing, keeping nothing.
  try {
    fields = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: "errors.file.tooLarge" };
    return { ok: false, error: "errors.file.unreadable" };
  }
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
