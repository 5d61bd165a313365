import type { Prisma } from "@prisma/client";
import { changedFields, recordAudit } from "~/modules/audit/audit.server";
import { can } from "~/modules/auth/permissions";
import { requirePermission, type ScopedUser } from "~/modules/auth/scope.server";
import { containsIgnoringCase, db } from "~/utils/db.server";
import { invariantResponse } from "~/utils/invariant";
import { pageArgs, toPage } from "~/utils/pagination";
import { nameForType, readStoredFile, removeStoredFile, storeUploadedFile } from "~/modules/files/stored-files.server";
import { isPrint, type MaterialInput } from "./material-schema";

export async function listMaterials(user: ScopedUser, filters: { kind?: string; active?: boolean; q?: string }, page: number) {
  requirePermission(user, "read:material");
  const where: Prisma.MaterialWhereInput = {
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.active === undefined ? {} : { active: filters.active }),
    ...(filters.q
      ? {
          OR: [
            { code: { contains: filters.q.toUpperCase() } },
            { titleMs: containsIgnoringCase(filters.q) },
            { titleEn: containsIgnoringCase(filters.q) },
          ],
        }
      : {}),
  };
  const [items, total] = await Promise.all([
    db.material.findMany({ where, orderBy: [{ active: "desc" }, { code: "asc" }], ...pageArgs(page) }),
    db.material.count({ where }),
  ]);
  return toPage(items, total, page);
}

export async function getMaterial(user: ScopedUser, id: string) {
  requirePermission(user, "read:material");
  const material = await db.material.findUnique({ where: { id } });
  invariantResponse(material, "Material not found");
  return material;
}

export function materialChoices(filter: { print?: boolean } = {}) {
  return db.material.findMany({
    where: {
      active: true,
      ...(filter.print ? { kind: { in: ["PAMPHLET", "POSTER", "BOOKLET", "CARD", "STICKER", "BANNER", "OTHER_PRINT"] } } : {}),
    },
    select: { id: true, code: true, titleMs: true, titleEn: true, unit: true, kind: true },
    orderBy: { code: "asc" },
  });
}

type Upload = { bytes: Uint8Array; fileName: string } | null;
export type MaterialSaveResult = { ok: true; id: string } | { ok: false; errors: Record<string, string[]> };

function materialData(input: MaterialInput) {
  return {
    code: input.code,
    titleMs: input.titleMs,
    titleEn: input.titleEn,
    descriptionMs: input.descriptionMs ?? null,
    descriptionEn: input.descriptionEn ?? null,
    kind: input.kind,
    languages: input.languages.join(","),
    audiences: input.audiences.join(","),
    unit: input.unit,
    url: input.url ?? null,
    active: input.active,
  };
}

/** Creates or updates a catalogue entry; a digital one may come with a file (PDF or image). */
export async function saveMaterial(user: ScopedUser, input: MaterialInput, upload: Upload, id?: string): Promise<MaterialSaveResult> {
  requirePermission(user, "write:material");
  const existing = id ? await getMaterial(user, id) : null;
  const clash = await db.material.findUnique({ where: { code: input.code }, select: { id: true } });
  if (clash && clash.id !== id) return { ok: false, errors: { code: ["errors.material.codeTaken"] } };
  if (upload && isPrint(input.kind)) return { ok: false, errors: { file: ["errors.material.fileForPrint"] } };
  if (input.kind === "PDF" && !upload && !existing?.filePath && !input.url)
    return { ok: false, errors: { file: ["errors.material.fileOrUrl"] } };
  let stored: Awaited<ReturnType<typeof storeUploadedFile>> | null = null;
  if (upload) {
    stored = await storeUploadedFile(upload.bytes, {
      folder: "materials",
      allowed: ["application/pdf", "image/png", "image/jpeg", "image/webp"],
      typeError: "errors.material.fileType",
    });
    if ("error" in stored) return { ok: false, errors: { file: [stored.error] } };
  }
  const fileFields =
    stored && !("error" in stored)
      ? {
          filePath: stored.relativePath,
          fileMime: stored.mime,
          fileSize: stored.size,
          fileName: nameForType(upload!.fileName, stored.mime),
        }
      : {};
  const data = { ...materialData(input), ...fileFields };
  try {
    const saved = await db.$transaction(async (tx) => {
      if (existing) {
        await tx.material.update({ where: { id: existing.id }, data });
        const diff = changedFields(existing as unknown as Record<string, unknown>, data);
        await recordAudit(tx, {
          actorId: user.id,
          action: "UPDATE",
          entityType: "Material",
          entityId: existing.id,
          before: diff.before,
          after: diff.after,
        });
        return existing.id;
      }
      const created = await tx.material.create({ data, select: { id: true } });
      await recordAudit(tx, { actorId: user.id, action: "CREATE", entityType: "Material", entityId: created.id, after: data });
      return created.id;
    });
    if (stored && existing?.filePath) await removeStoredFile(existing.filePath);
    return { ok: true, id: saved };
  } catch (error) {
    // The row was not written: do not leave its file behind.
    if (stored && !("error" in stored)) await removeStoredFile(stored.relativePath);
    throw error;
  }
}

/**
 * A digital material's file. An active one is for anyone with the link (these are public advocacy
 * resources, linked from follow-up emails); a retired one only for staff who can see the catalogue,
 * to check it before it returns. `retired` tells the route not to let anything keep a copy.
 */
export async function materialFile(id: string, viewer: ScopedUser | null) {
  const material = await db.material.findUnique({
    where: { id },
    select: { active: true, filePath: true, fileMime: true, fileName: true, code: true },
  });
  if (!material?.filePath) return null;
  if (!material.active && !can(viewer, "read:material")) return null;
  const bytes = await readStoredFile(material.filePath);
  if (!bytes) return null;
  const mime = material.fileMime ?? "application/octet-stream";
  // Named after what the bytes are, whatever name they were uploaded under (older rows included).
  return { bytes, mime, fileName: nameForType(material.fileName ?? material.code, mime), retired: !material.active };
}
