import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { dataPath, env } from "~/utils/env.server";
import { safeFileName } from "~/utils/upload.server";

/** The file kinds the app accepts, recognised by their first bytes (not by name or claimed type). */
const SIGNATURES: { mime: string; ext: string; test: (b: Uint8Array) => boolean }[] = [
  { mime: "application/pdf", ext: "pdf", test: (b) => b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 },
  { mime: "image/png", ext: "png", test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { mime: "image/jpeg", ext: "jpg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: "image/webp",
    ext: "webp",
    test: (b) => String.fromCharCode(...b.subarray(0, 4)) === "RIFF" && String.fromCharCode(...b.subarray(8, 12)) === "WEBP",
  },
];

export function uploadRoot(): string {
  return path.resolve(env.UPLOAD_DIR ?? dataPath("uploads"));
}

export function maxUploadBytes(): number {
  return env.MATERIAL_MAX_MB * 1024 * 1024;
}

export function detectFileType(bytes: Uint8Array) {
  return SIGNATURES.find((s) => s.test(bytes)) ?? null;
}

export type StoredFile = { relativePath: string; mime: string; size: number; ext: string };

/** The extension the app gives a file of this (sniffed) type, or null for a type it does not take. */
export function extensionFor(mime: string | null | undefined): string | null {
  return SIGNATURES.find((s) => s.mime === mime)?.ext ?? null;
}

/**
 * The name a stored file is shown and served under: the uploader's name with the extension of the
 * type its bytes really are, so "x.html" holding a PDF is "x.pdf" (a browser or a mail program
 * trusting the name must not open it as a page). Without a known type the name gets no extension.
 */
export function nameForType(fileName: string, mime: string | null | undefined): string {
  const ext = extensionFor(mime);
  const base =
    safeFileName(fileName)
      .replace(/\.[^.]*$/, "")
      .replace(/[.\s]+$/, "") || "file";
  return ext ? `${base}.${ext}` : base;
}

/**
 * Stores an uploaded file under a random name inside the upload folder: the person's file name
 * never becomes a path, so "../../etc/passwd" or "a\u0000.pdf" cannot escape or confuse it.
 */
export async function storeUploadedFile(
  bytes: Uint8Array,
  options: {
    folder: "materials" | "approvals";
    allowed: readonly string[];
    typeError: "errors.material.fileType" | "errors.approval.fileType";
  },
): Promise<StoredFile | { error: "errors.file.tooLarge" | "errors.material.fileType" | "errors.approval.fileType" }> {
  if (bytes.length > maxUploadBytes()) return { error: "errors.file.tooLarge" };
  const type = detectFileType(bytes);
  if (!type || !options.allowed.includes(type.mime)) return { error: options.typeError };
  const relativePath = path.join(options.folder, `${crypto.randomBytes(16).toString("hex")}.${type.ext}`);
  const full = path.join(uploadRoot(), relativePath);
  await fs.mkdir(path.dirname(full), { recursive: true });
  await fs.writeFile(full, bytes, { flag: "wx" });
  return { relativePath, mime: type.mime, size: bytes.length, ext: type.ext };
}

/** Resolves a stored path, refusing anything that would leave the upload folder. */
export function storedFilePath(relativePath: string): string | null {
  const root = uploadRoot();
  const full = path.resolve(root, relativePath);
  return full.startsWith(root + path.sep) ? full : null;
}

/** Reads a stored file back, or null when it is gone or outside the folder. */
export async function readStoredFile(relativePath: string): Promise<Buffer | null> {
  const full = storedFilePath(relativePath);
  if (!full) return null;
  try {
    return await fs.readFile(full);
  } catch {
    return null;
  }
}

export async function removeStoredFile(relativePath: string | null) {
  const full = relativePath ? storedFilePath(relativePath) : null;
  if (full) await fs.rm(full, { force: true });
}
