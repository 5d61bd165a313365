/**
 * Reads a submitted form. A body that is not a form (another content type, broken multipart) is
 * the client's mistake, answered with 400, never a server error.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("Bad Request", { status: 400 });
  }
}
