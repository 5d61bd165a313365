import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ProgrammeForm } from "~/components/programmes/programme-form";
import { RouteError } from "~/components/route-error";
import { isNational, requirePermission } from "~/modules/auth/scope.server";
import { submitOnce } from "~/modules/audit/form-once.server";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { ProgrammeSchema } from "~/modules/programmes/programme-schema";
import { coordinatorChoices, createProgramme } from "~/modules/programmes/programmes.server";
import { stateChoices } from "~/modules/schools/schools.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "write:programme");
  const [states, coordinators] = await Promise.all([stateChoices(), coordinatorChoices(user)]);
  const national = isNational(user);
  return {
    states: national ? states : states.filter((s) => s.code === user.stateCode),
    coordinators,
    allowNational: national,
    defaults: {
      year: new Date().getFullYear(),
      stateCode: user.stateCode ?? "",
      coordinatorIds: user.role === "COORDINATOR" ? [user.id] : [],
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const created = (id: string) => redirectWithToast(`/programmes/${id}`, { key: "toast.programmeCreated" });
  return submitOnce(
    formData,
    async () => {
      const submission = parseWithZod(formData, { schema: ProgrammeSchema });
      if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
      return created(await createProgramme(user, submission.value));
    },
    (first) => created(first.entityId),
  );
}

export default function NewProgrammePage() {
  const { states, coordinators, allowNational, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("programme.new")}</h1>
      <ProgrammeForm
        lastResult={actionData?.result}
        defaultValue={defaults}
        states={states}
        coordinators={coordinators}
        allowNational={allowNational}
        submitLabel={t("programme.create")}
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "programme.new");

export function ErrorBoundary() {
  return <RouteError />;
}
