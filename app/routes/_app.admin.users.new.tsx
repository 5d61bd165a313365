import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { UserForm } from "~/components/users/user-form";
import { requirePermission } from "~/modules/auth/scope.server";
import { submitOnce } from "~/modules/audit/form-once.server";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { stateChoices } from "~/modules/schools/schools.server";
import { NewUserSchema } from "~/modules/users/user-schema";
import { createUser } from "~/modules/users/users.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request }: LoaderFunctionArgs) {
  requirePermission(await requireUser(request), "manage:user");
  return { states: await stateChoices() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request);
  const formData = await readFormData(request);
  const created = () => redirectWithToast("/admin/users", { key: "toast.userCreated" });
  return submitOnce(
    formData,
    async () => {
      const submission = parseWithZod(formData, { schema: NewUserSchema });
      if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
      const result = await createUser(admin, submission.value);
      if (!result.ok)
        return data(
          { result: submission.reply({ fieldErrors: result.errors as Record<string, string[]>, hideFields: ["password"] }) },
          { status: 400 },
        );
      return created();
    },
    created,
  );
}

export default function NewUserPage() {
  const { states } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("user.new")}</h1>
      <UserForm
        mode="new"
        lastResult={actionData?.result}
        defaultValue={{ role: "COORDINATOR", active: "on" }}
        states={states}
        submitLabel={t("user.create")}
      />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "user.new");

export function ErrorBoundary() {
  return <RouteError />;
}
