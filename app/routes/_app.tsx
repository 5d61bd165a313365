import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";

/** Every page under here needs a signed-in user. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user };
}

export default function AppLayout() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <RouteError />;
}
