import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, SubmitButton, TextareaField, TextField } from "~/components/forms";
import { FormToken, useFormToken } from "~/components/form-token";
import { RouteError } from "~/components/route-error";
import { submitOnce } from "~/modules/audit/form-once.server";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { retentionCandidates, runRetention } from "~/modules/privacy/erasure.server";
import { notices, NoticeSchema, publishNotice } from "~/modules/privacy/privacy.server";
import { lastRetentionRun } from "~/modules/system/housekeeping.server";
import { env } from "~/utils/env.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [versions, due, lastRun] = await Promise.all([notices(user), retentionCandidates(), lastRetentionRun()]);
  return { versions, retention: { months: env.RETENTION_MONTHS, cutoff: due.cutoff, count: due.count, lastRun } };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  if (formData.get("intent") === "retention") {
    const result = await runRetention(user, { dryRun: false });
    return redirectWithToast("/admin/privacy", { key: "toast.retentionRun", params: { count: result.anonymised } });
  }
  const published = () => redirectWithToast("/admin/privacy", { key: "toast.noticePublished" });
  return submitOnce(
    formData,
    async () => {
      const submission = parseWithZod(formData, { schema: NoticeSchema });
      if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
      const result = await publishNotice(user, submission.value);
      if (!result.ok) return data({ result: submission.reply({ fieldErrors: result.errors }) }, { status: 400 });
      return published();
    },
    published,
  );
}

export default function PrivacyPage() {
  const { versions, retention } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const formToken = useFormToken();
  const language = useLanguage();
  const current = versions[0];
  const [form, fields] = useForm({
    id: "notice",
    lastResult: actionData?.result,
    defaultValue: { version: "", textMs: current?.textMs ?? "", textEn: current?.textEn ?? "" },
    shouldValidate: "onSubmit",
  });
  return (
    <>
      <h1>{t("privacy.noticeTitle")}</h1>
      <p>
        <Link to="/admin/people">{t("privacy.peopleTitle")}</Link>
      </p>
      <section className="panel" aria-labelledby="versions-heading">
        <h2 id="versions-heading">{t("privacy.versions")}</h2>
        <ul>
          {versions.map((v) => (
            <li key={v.version}>
              <strong>{v.version}</strong> · {formatMalaysia(v.publishedAt, "date", language)} ·{" "}
              {t("privacy.consentCount", { count: v._count.consents })}
            </li>
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="publish-heading">
        <h2 id="publish-heading">{t("privacy.publish")}</h2>
        <Form method="post" {...getFormProps(form)} className="stack" key={formToken}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="publish" />
          <FormToken />
          <TextField meta={fields.version} label={t("privacy.version")} help={t("privacy.versionHelp")} />
          <TextareaField meta={fields.textMs} label={t("privacy.textMs")} rows={8} />
          <TextareaField meta={fields.textEn} label={t("privacy.textEn")} rows={8} />
          <SubmitButton>{t("privacy.publish")}</SubmitButton>
        </Form>
      </section>
      <section className="panel" aria-labelledby="retention-heading">
        <h2 id="retention-heading">{t("privacy.retention")}</h2>
        <p>{t("privacy.retentionHelp", { months: retention.months })}</p>
        {retention.lastRun ? (
          <p>
            {t("privacy.retentionLastRun", {
              date: formatMalaysia(retention.lastRun.at, "dateTime", language),
              count: retention.lastRun.anonymised,
            })}
          </p>
        ) : null}
        <p role="status">
          <strong>
            {t("privacy.retentionDryRun", { count: retention.count, date: formatMalaysia(retention.cutoff, "date", language) })}
          </strong>
        </p>
        {retention.count ? (
          <Form method="post">
            <input type="hidden" name="intent" value="retention" />
            <SubmitButton variant="danger">{t("privacy.retentionRun", { count: retention.count })}</SubmitButton>
          </Form>
        ) : null}
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "privacy.noticeTitle");

export function ErrorBoundary() {
  return <RouteError />;
}
