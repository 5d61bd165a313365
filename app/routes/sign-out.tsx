import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession } from "~/modules/auth/session.server";

export async function loader() {
  // Signing out changes data, so it is a POST; a GET just goes home.
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/sign-in", { headers: { "Set-Cookie": await endSession(request) } });
}
