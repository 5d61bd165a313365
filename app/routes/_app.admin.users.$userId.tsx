import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { UserForm } from "~/components/users/user-form";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { stateChoices } from "~/modules/schools/schools.server";
import { EditUserSchema } from "~/modules/users/user-schema";
import { getUserForAdmin, updateUser } from "~/modules/users/users.server";
import { readFormData } from "~/utils/form-data.server";
import { namedTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireUser(request);
  const user = await getUserForAdmin(admin, params.userId!);
  return {
    user: { id: user.id, name: user.name },
    states: await stateChoices(),
    defaults: {
      name: user.name,
      email: user.email,
      role: user.role,
      stateCode: user.stateCode ?? "",
      schoolCode: user.school?.code ?? "",
      active: user.active ? "on" : "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: EditUserSchema });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const result = await updateUser(admin, params.userId!, submission.value);
  if (!result.ok)
    return data(
      { result: submission.reply({ fieldErrors: result.errors as Record<string, string[]>, hideFields: ["password"] }) },
      { status: 400 },
    );
  return redirectWithToast("/admin/users", { key: "toast.userSaved" });
}

export default function EditUserPage() {
  const { user, states, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{user.name}</h1>
      <UserForm mode="edit" lastResult={actionData?.result} defaultValue={defaults} states={states} submitLabel={t("common.save")} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => namedTitle(data?.user.name);

export function ErrorBoundary() {
  return <RouteError />;
}
