import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { ScopedUser } from "~/modules/auth/scope.server";
import { submitOnce } from "~/modules/audit/form-once.server";
import { redirectWithToast } from "~/utils/toast.server";
import { readUpload } from "~/utils/upload.server";
import { maxUploadBytes } from "~/modules/files/stored-files.server";
import { MaterialSchema } from "./material-schema";
import { saveMaterial } from "./materials.server";

/** Shared by "new material" and "edit material": a multipart form whose file is optional. */
export async function submitMaterialForm(request: Request, user: ScopedUser, id?: string) {
  const upload = await readUpload(request, "file", maxUploadBytes());
  if (!upload.ok && upload.error !== "errors.file.missing" && upload.error !== "errors.file.empty") {
    const submission = upload.fields ? parseWithZod(upload.fields, { schema: MaterialSchema }) : null;
    return data({ result: submission?.reply(), fileError: upload.error }, { status: 400 });
  }
  const fields = upload.fields!;
  const saved = () => redirectWithToast("/materials", { key: id ? "toast.materialSaved" : "toast.materialCreated" });
  const save = async () => {
    const submission = parseWithZod(fields, { schema: MaterialSchema });
    if (submission.status !== "success") return data({ result: submission.reply(), fileError: undefined }, { status: 400 });
    const result = await saveMaterial(user, submission.value, upload.ok ? { bytes: upload.bytes, fileName: upload.fileName } : null, id);
    if (!result.ok) {
      const { file, ...fieldErrors } = result.errors;
      return data({ result: submission.reply({ fieldErrors }), fileError: file?.[0] }, { status: 400 });
    }
    return saved();
  };
  // A new material is made once, however often its form is sent.
  return id ? save() : submitOnce(fields, save, saved);
}
