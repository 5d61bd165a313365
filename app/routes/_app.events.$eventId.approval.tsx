import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors, FormErrors, SubmitButton, TextField } from "~/components/forms";
import { RouteError } from "~/components/route-error";
import { requirePermission } from "~/modules/auth/scope.server";
import { requireUser } from "~/modules/auth/session.server";
import { ApprovalSchema } from "~/modules/events/approval-schema";
import { saveApproval } from "~/modules/events/approval.server";
import { getEvent } from "~/modules/events/events.server";
import { maxUploadBytes } from "~/modules/files/stored-files.server";
import { useT } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";
import { readUpload } from "~/utils/upload.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "write:event");
  const event = await getEvent(user, params.eventId!);
  return {
    event: { id: event.id, title: event.title, required: event.programme.approvalRequired, hasLetter: Boolean(event.approvalLetterPath) },
    defaults: {
      approvalReference: event.approvalReference ?? "",
      approvalDate: event.approvalDate ?? "",
      approvalOffice: event.approvalOffice ?? "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const upload = await readUpload(request, "letter", maxUploadBytes());
  if (!upload.ok && upload.error !== "errors.file.missing" && upload.error !== "errors.file.empty") {
    return data(
      { result: upload.fields ? parseWithZod(upload.fields, { schema: ApprovalSchema }).reply() : undefined, letterError: upload.error },
      { status: 400 },
    );
  }
  const submission = parseWithZod(upload.fields!, { schema: ApprovalSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), letterError: undefined }, { status: 400 });
  const result = await saveApproval(user, params.eventId!, submission.value, upload.ok ? upload.bytes : null);
  if (!result.ok) return data({ result: submission.reply(), letterError: result.errors.letter?.[0] }, { status: 400 });
  return redirectWithToast(`/events/${params.eventId}`, { key: "toast.approvalSaved" });
}

export default function ApprovalPage() {
  const { event, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({
    id: "approval",
    lastResult: actionData?.result,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApprovalSchema }),
  });
  return (
    <>
      <p className="eyebrow">
        <Link to={`/events/${event.id}`}>{event.title}</Link>
      </p>
      <h1>{t("approval.title")}</h1>
      <p>{event.required ? t("approval.required") : t("approval.optional")}</p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack narrow-wide">
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.approvalReference} label={t("approval.reference")} help={t("approval.referenceHelp")} />
        <TextField meta={fields.approvalDate} label={t("approval.date")} type="date" />
        <TextField meta={fields.approvalOffice} label={t("approval.office")} help={t("approval.officeHelp")} />
        <div className="field">
          <label htmlFor="letter">{t("approval.letter")}</label>
          {event.hasLetter ? (
            <p className="small">
              <a href={`/events/${event.id}/approval-letter`}>{t("approval.viewLetter")}</a>
            </p>
          ) : null}
          <input
            id="letter"
            name="letter"
            type="file"
            accept="application/pdf"
            aria-invalid={actionData?.letterError ? true : undefined}
            aria-describedby={actionData?.letterError ? "letter-error" : undefined}
          />
          <FieldErrors id="letter-error" errors={actionData?.letterError ? [actionData.letterError] : undefined} />
        </div>
        <SubmitButton>{t("common.save")}</SubmitButton>
      </Form>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "approval.title");

export function ErrorBoundary() {
  return <RouteError />;
}
