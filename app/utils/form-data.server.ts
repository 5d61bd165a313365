/**
 * The submitted form. A body that is not a form (a script posting JSON, a cut-off multipart
 * upload) is the client's mistake: it gets a 400, never a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("Bad request: expected a form", { status: 400 });
  }
}
