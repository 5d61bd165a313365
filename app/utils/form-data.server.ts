import { storable } from "./text";

/**
 * Reads a submitted form. A body that is not a form (another content type, broken multipart) is
 * the client's mistake, answered with 400, never a server error. Text that no database can store
 * (a NUL, half a surrogate pair) is cleaned here, once for every field, so no query can fail on it.
 */
export async function readFormData(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Response("Bad Request", { status: 400 });
  }
  return storableForm(form);
}

/** The same form with every text value (and name) cleaned of what no database can store. */
export function storableForm(form: FormData): FormData {
  const cleaned = new FormData();
  for (const [name, value] of form.entries()) cleaned.append(storable(name), typeof value === "string" ? storable(value) : value);
  return cleaned;
}
