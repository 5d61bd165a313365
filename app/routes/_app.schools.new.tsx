import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { SchoolForm } from "~/components/schools/school-form";
import { requirePermission } from "~/modules/auth/scope.server";
import { submitOnce } from "~/modules/audit/form-once.server";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { SchoolSchema } from "~/modules/schools/school-schema";
import { createSchool, districtChoices, getSchool, stateChoices } from "~/modules/schools/schools.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "write:school");
  const scopeState = user.role === "ADMIN" ? undefined : (user.stateCode ?? undefined);
  const [states, districts] = await Promise.all([stateChoices(), districtChoices(scopeState)]);
  return {
    states: scopeState ? states.filter((s) => s.code === scopeState) : states,
    districts,
    defaults: { stateCode: scopeState ?? "" },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const created = (code: string) => redirectWithToast(`/schools?q=${encodeURIComponent(code)}`, { key: "toast.schoolCreated" });
  return submitOnce(
    formData,
    async () => {
      const submission = parseWithZod(formData, { schema: SchoolSchema });
      if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
      const result = await createSchool(user, submission.value);
      if (!result.ok) return data({ result: submission.reply({ fieldErrors: { [result.field]: [result.error] } }) }, { status: 400 });
      return created(submission.value.code);
    },
    async (first) => created((await getSchool(user, first.entityId)).code),
  );
}

export default function NewSchoolPage() {
  const { states, districts, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("school.new")}</h1>
      <SchoolForm
        lastResult={actionData?.result}
        defaultValue={defaults}
        states={states}
        districts={districts}
        submitLabel={t("school.create")}
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "school.new");

export function ErrorBoundary() {
  return <RouteError />;
}
