import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { SchoolForm } from "~/components/schools/school-form";
import { requirePermission, requireStateInScope } from "~/modules/auth/scope.server";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { SchoolSchema } from "~/modules/schools/school-schema";
import { districtChoices, getSchool, stateChoices, updateSchool } from "~/modules/schools/schools.server";
import { readFormData } from "~/utils/form-data.server";
import { namedTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "write:school");
  const school = await getSchool(user, params.schoolId!);
  requireStateInScope(user, school.stateCode);
  const scopeState = user.role === "ADMIN" ? undefined : (user.stateCode ?? undefined);
  const [states, districts] = await Promise.all([stateChoices(), districtChoices(scopeState)]);
  return {
    school: { id: school.id, name: school.name },
    states: scopeState ? states.filter((s) => s.code === scopeState) : states,
    districts,
    defaults: {
      code: school.code,
      name: school.name,
      type: school.type,
      level: school.level,
      stateCode: school.stateCode,
      district: school.district.name,
      address: school.address ?? "",
      postcode: school.postcode ?? "",
      town: school.town ?? "",
      phone: school.phone ?? "",
      email: school.email ?? "",
      headTeacherName: school.headTeacherName ?? "",
      enrolment: school.enrolment ?? "",
      teachers: school.teachers ?? "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: SchoolSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const result = await updateSchool(user, params.schoolId!, submission.value);
  if (!result.ok) return data({ result: submission.reply({ fieldErrors: { [result.field]: [result.error] } }) }, { status: 400 });
  return redirectWithToast(`/schools?q=${encodeURIComponent(submission.value.code)}`, { key: "toast.schoolSaved" });
}

export default function EditSchoolPage() {
  const { school, states, districts, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{school.name}</h1>
      <SchoolForm
        lastResult={actionData?.result}
        defaultValue={defaults}
        states={states}
        districts={districts}
        submitLabel={t("common.save")}
      />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => namedTitle(data?.school.name);

export function ErrorBoundary() {
  return <RouteError />;
}
