import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, SubmitButton, TextField } from "~/components/forms";
import { RouteError } from "~/components/route-error";
import { requireUser, startSession } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { ChangePasswordSchema } from "~/modules/users/user-schema";
import { changePassword, getAccount, rotateCalendarToken } from "~/modules/users/users.server";
import { env } from "~/utils/env.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const account = await getAccount(user.id);
  return { account, feedUrl: `${env.APP_URL}/calendar/${account.calendarToken}.ics` };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  if (formData.get("intent") === "rotate-calendar") {
    await rotateCalendarToken(user.id);
    return redirectWithToast("/account", { key: "toast.calendarRotated" });
  }
  const submission = parseWithZod(formData, { schema: ChangePasswordSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["currentPassword", "newPassword", "confirmPassword"] }) }, { status: 400 });
  const changed = await changePassword(user.id, submission.value.currentPassword, submission.value.newPassword);
  if (!changed) {
    return data(
      {
        result: submission.reply({
          fieldErrors: { currentPassword: ["errors.signIn.wrongPassword"] },
          hideFields: ["currentPassword", "newPassword", "confirmPassword"],
        }),
      },
      { status: 400 },
    );
  }
  return redirectWithToast("/account", { key: "toast.passwordChanged" }, { headers: { "Set-Cookie": await startSession(user.id) } });
}

export default function AccountPage() {
  const { account, feedUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({
    id: "password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ChangePasswordSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  });
  return (
    <>
      <h1>{t("account.title")}</h1>
      <dl className="details">
        <dt>{t("account.name")}</dt>
        <dd>{account.name}</dd>
        <dt>{t("signIn.email")}</dt>
        <dd>{account.email}</dd>
        <dt>{t("account.role")}</dt>
        <dd>
          {labels.role(t, account.role)}
          {account.school ? ` · ${account.school.name}` : account.state ? ` · ${account.state.name}` : ` · ${t("account.national")}`}
        </dd>
      </dl>
      <section className="panel" aria-labelledby="feed-heading">
        <h2 id="feed-heading">{t("account.calendarFeed")}</h2>
        <p>{t("account.calendarFeedHelp")}</p>
        <label htmlFor="feed-url">{t("account.calendarFeedUrl")}</label>
        <input id="feed-url" readOnly value={feedUrl} className="code-input" />
        <Form method="post">
          <input type="hidden" name="intent" value="rotate-calendar" />
          <SubmitButton variant="secondary" name="intent" value="rotate-calendar">
            {t("account.rotateFeed")}
          </SubmitButton>
        </Form>
      </section>
      <section className="panel" aria-labelledby="password-heading">
        <h2 id="password-heading">{t("account.changePassword")}</h2>
        <Form method="post" {...getFormProps(form)} className="stack narrow">
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextField meta={fields.currentPassword} label={t("account.currentPassword")} type="password" autoComplete="current-password" />
          <TextField
            meta={fields.newPassword}
            label={t("account.newPassword")}
            type="password"
            autoComplete="new-password"
            help={t("account.passwordRule")}
          />
          <TextField meta={fields.confirmPassword} label={t("account.confirmPassword")} type="password" autoComplete="new-password" />
          <SubmitButton>{t("account.changePassword")}</SubmitButton>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export function ErrorBoundary() {
  return <RouteError />;
}
