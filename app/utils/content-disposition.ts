/**
 * The Content-Disposition of a download: a plain-ASCII name every browser reads, and the real name
 * in UTF-8 (RFC 6266). Nothing in the name can end the header value, add a parameter or a path:
 * quotes, semicolons, slashes and control characters never reach it.
 */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const cleaned = fileName
    .replace(/[\u0000-\u001f\u007f"\\/;:*?<>|]+/g, "_")
    .replace(/^[.\s]+/, "")
    .trim();
  const name = cleaned || "file";
  const ascii = name.normalize("NFKD").replace(/[^\w.\- ]+/g, "_");
  const utf8 = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}
