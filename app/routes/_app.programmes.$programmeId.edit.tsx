import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ProgrammeForm } from "~/components/programmes/programme-form";
import { RouteError } from "~/components/route-error";
import { isNational, requirePermission, requireStateInScope } from "~/modules/auth/scope.server";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { ProgrammeSchema } from "~/modules/programmes/programme-schema";
import { coordinatorChoices, getProgramme, updateProgramme } from "~/modules/programmes/programmes.server";
import { stateChoices } from "~/modules/schools/schools.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "write:programme");
  const programme = await getProgramme(user, params.programmeId!);
  requireStateInScope(user, programme.stateCode);
  const [states, coordinators] = await Promise.all([stateChoices(), coordinatorChoices(user)]);
  const national = isNational(user);
  return {
    programme: { id: programme.id, title: programme.title },
    states: national ? states : states.filter((s) => s.code === user.stateCode),
    coordinators,
    allowNational: national,
    defaults: {
      title: programme.title,
      year: programme.year,
      stateCode: programme.stateCode ?? "",
      description: programme.description ?? "",
      targetSchools: programme.targetSchools ?? "",
      targetParticipants: programme.targetParticipants ?? "",
      targetMaterials: programme.targetMaterials ?? "",
      targetChildren: programme.targetChildren ?? "",
      approvalRequired: programme.approvalRequired ? "on" : "",
      coordinatorIds: programme.coordinators.map((c) => c.user.id),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: ProgrammeSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  await updateProgramme(user, params.programmeId!, submission.value);
  return redirectWithToast(`/programmes/${params.programmeId}`, { key: "toast.programmeSaved" });
}

export default function EditProgrammePage() {
  const { programme, states, coordinators, allowNational, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("programme.editTitle", { title: programme.title })}</h1>
      <ProgrammeForm
        lastResult={actionData?.result}
        defaultValue={defaults}
        states={states}
        coordinators={coordinators}
        allowNational={allowNational}
        submitLabel={t("common.save")}
      />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, "programme.editTitle", { title: data?.programme.title ?? "" });

export function ErrorBoundary() {
  return <RouteError />;
}
