import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { RouteError } from "~/components/route-error";
import { UserForm } from "~/components/users/user-form";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { stateChoices } from "~/modules/schools/schools.server";
import { EditUserSchema } from "~/modules/users/user-schema";
import { clearSignInThrottle, getUserForAdmin, updateUser } from "~/modules/users/users.server";
import { readFormData } from "~/utils/form-data.server";
import { namedTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireUser(request);
  const user = await getUserForAdmin(admin, params.userId!);
  return {
    user: { id: user.id, name: user.name },
    signIn: user.signIn,
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
  const formData = await readFormData(request);
  if (formData.get("intent") === "clear-sign-in-throttle") {
    const cleared = await clearSignInThrottle(admin, params.userId!);
    return redirectWithToast(`/admin/users/${params.userId}`, {
      kind: cleared ? "success" : "info",
      key: cleared ? "toast.signInThrottleCleared" : "toast.signInThrottleNone",
    });
  }
  const submission = parseWithZod(formData, { schema: EditUserSchema });
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
  const { user, signIn, states, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const language = useLanguage();
  return (
    <>
      <h1>{user.name}</h1>
      {signIn && (signIn.failures > 0 || signIn.until) ? (
        <section className="panel panel--notice" aria-labelledby="sign-in-heading">
          <h2 id="sign-in-heading">{t("user.signInAttempts")}</h2>
          <p>{t("user.failedAttempts", { count: signIn.failures })}</p>
          {signIn.accountBlockedUntil ? (
            <p>{t("user.slowedEverywhere", { time: formatMalaysia(signIn.accountBlockedUntil, "dateTime", language) })}</p>
          ) : null}
          {signIn.blockedPlaces ? <p>{t("user.slowedPlaces", { count: signIn.blockedPlaces })}</p> : null}
          <p className="muted small">{t("user.slowedHelp")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="clear-sign-in-throttle" />
            <SubmitButton variant="secondary">{t("user.clearSlowed")}</SubmitButton>
          </Form>
        </section>
      ) : null}
      <UserForm mode="edit" lastResult={actionData?.result} defaultValue={defaults} states={states} submitLabel={t("common.save")} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => namedTitle(data?.user.name);

export function ErrorBoundary() {
  return <RouteError />;
}
