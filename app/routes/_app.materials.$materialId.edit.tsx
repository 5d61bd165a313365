import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MaterialForm } from "~/components/materials/material-form";
import { RouteError } from "~/components/route-error";
import { requirePermission } from "~/modules/auth/scope.server";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { maxUploadBytes } from "~/modules/files/stored-files.server";
import { submitMaterialForm } from "~/modules/materials/material-form.server";
import { getMaterial } from "~/modules/materials/materials.server";
import { namedTitle } from "~/utils/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "write:material");
  const material = await getMaterial(user, params.materialId!);
  return {
    title: material.titleMs,
    maxMb: Math.round(maxUploadBytes() / 1024 / 1024),
    currentFile: material.filePath ? { name: material.fileName ?? material.code, size: material.fileSize ?? 0 } : null,
    defaults: {
      code: material.code,
      titleMs: material.titleMs,
      titleEn: material.titleEn,
      descriptionMs: material.descriptionMs ?? "",
      descriptionEn: material.descriptionEn ?? "",
      kind: material.kind,
      languages: material.languages.split(","),
      audiences: material.audiences.split(","),
      unit: material.unit,
      url: material.url ?? "",
      active: material.active ? "on" : "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return submitMaterialForm(request, await requireUser(request), params.materialId);
}

export default function EditMaterialPage() {
  const { title, maxMb, currentFile, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{title}</h1>
      <MaterialForm
        lastResult={actionData?.result}
        fileError={actionData?.fileError}
        maxMb={maxMb}
        currentFile={currentFile}
        defaultValue={defaults}
        submitLabel={t("common.save")}
      />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => namedTitle(data?.title);

export function ErrorBoundary() {
  return <RouteError />;
}
