import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { FormErrors, SubmitButton, TextField } from "~/components/forms";
import { RouteError } from "~/components/route-error";
import { getSessionUser, startSession } from "~/modules/auth/session.server";
import { signIn } from "~/modules/auth/sign-in.server";
import { errorMessage, isLanguage, useT } from "~/modules/i18n/i18n";
import { serializeLanguage } from "~/modules/i18n/language.server";
import { SignInSchema } from "~/modules/users/user-schema";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { safeRedirect } from "~/utils/safe-redirect";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) return redirect("/dashboard");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: SignInSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await signIn(email, password, request, context?.clientIp ?? "unknown");
  if (!result.ok) {
    const message =
      result.reason === "invalid"
        ? "errors.signIn.invalid"
        : errorMessage(result.reason === "throttled" ? "errors.signIn.throttled" : "errors.signIn.rateLimited", {
            minutes: result.minutes,
          });
    return data(
      { result: submission.reply({ formErrors: [message], hideFields: ["password"] }) },
      { status: result.reason === "invalid" ? 400 : 429 },
    );
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(result.userId, request));
  headers.append("Set-Cookie", result.deviceCookie);
  if (isLanguage(result.language) && !request.headers.get("Cookie")?.includes("kasih_lang=")) {
    headers.append("Set-Cookie", await serializeLanguage(result.language));
  }
  return redirect(safeRedirect(redirectTo, "/dashboard"), { headers });
}

export default function SignInPage() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "sign-in",
    lastResult: actionData?.result,
    constraint: getZodConstraint(SignInSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
  });
  return (
    <section className="narrow">
      <h1>{t("signIn.title")}</h1>
      <p className="muted">{t("signIn.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <TextField meta={fields.email} label={t("signIn.email")} type="email" autoComplete="username" />
        <TextField meta={fields.password} label={t("signIn.password")} type="password" autoComplete="current-password" />
        <SubmitButton>{t("signIn.submit")}</SubmitButton>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signIn.title");

export function ErrorBoundary() {
  return <RouteError />;
}
