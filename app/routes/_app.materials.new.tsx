import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MaterialForm } from "~/components/materials/material-form";
import { RouteError } from "~/components/route-error";
import { requirePermission } from "~/modules/auth/scope.server";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { maxUploadBytes } from "~/modules/files/stored-files.server";
import { submitMaterialForm } from "~/modules/materials/material-form.server";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  requirePermission(await requireUser(request), "write:material");
  return { maxMb: Math.round(maxUploadBytes() / 1024 / 1024) };
}

export async function action({ request }: ActionFunctionArgs) {
  return submitMaterialForm(request, await requireUser(request));
}

export default function NewMaterialPage() {
  const { maxMb } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("material.new")}</h1>
      <MaterialForm
        lastResult={actionData?.result}
        fileError={actionData?.fileError}
        maxMb={maxMb}
        defaultValue={{ languages: ["ms"], audiences: ["TEACHER", "PIBG", "COMMUNITY"], unit: "naskhah", active: "on" }}
        submitLabel={t("material.create")}
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "material.new");

export function ErrorBoundary() {
  return <RouteError />;
}
