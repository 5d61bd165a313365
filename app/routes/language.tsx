import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getSessionUser } from "~/modules/auth/session.server";
import { isLanguage } from "~/modules/i18n/i18n";
import { serializeLanguage } from "~/modules/i18n/language.server";
import { setUserLanguage } from "~/modules/users/users.server";
import { readFormData } from "~/utils/form-data.server";
import { safeRedirect } from "~/utils/safe-redirect";

export async function loader() {
  return redirect("/");
}

/** Switches the interface language; remembered in a cookie and on the user's account. */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const language = formData.get("language");
  const redirectTo = safeRedirect(formData.get("redirectTo"), "/");
  if (!isLanguage(language)) return redirect(redirectTo);
  const user = await getSessionUser(request);
  if (user) await setUserLanguage(user.id, language);
  return redirect(redirectTo, { headers: { "Set-Cookie": await serializeLanguage(language) } });
}
