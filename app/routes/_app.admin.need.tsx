import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/forms";
import { AdminTable, DeleteRowCell } from "~/components/admin-table";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { useT } from "~/modules/i18n/i18n";
import { deleteNeed, listNeed, NeedSchema, saveNeed } from "~/modules/reports/need.server";
import { stateChoices } from "~/modules/schools/schools.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [rows, states] = await Promise.all([listNeed(user), stateChoices()]);
  return { rows, states };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  if (formData.get("intent") === "delete") {
    await deleteNeed(user, String(formData.get("id") ?? ""));
    return redirectWithToast("/admin/need", { key: "toast.calendarEntryDeleted" });
  }
  const submission = parseWithZod(formData, { schema: NeedSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  await saveNeed(user, submission.value);
  return redirectWithToast("/admin/need", { key: "toast.needSaved" });
}

export default function NeedPage() {
  const { rows, states } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({ id: "need", lastResult: actionData?.result, shouldValidate: "onSubmit" });
  return (
    <>
      <h1>{t("need.title")}</h1>
      <p>{t("need.intro")}</p>
      <AdminTable
        label={t("need.title")}
        headers={[
          <th key="area" scope="col">
            {t("dashboard.area")}
          </th>,
          <th key="year" scope="col" className="num">
            {t("need.year")}
          </th>,
          <th key="children" scope="col" className="num">
            {t("need.children")}
          </th>,
          <th key="source" scope="col">
            {t("need.source")}
          </th>,
        ]}
      >
        {rows.map((r) => (
          <tr key={r.id}>
            <th scope="row">{r.state?.name ?? t("dashboard.national")}</th>
            <td className="num">{r.year}</td>
            <td className="num">{r.children.toLocaleString("en-MY")}</td>
            <td className="small">{r.source}</td>
            <DeleteRowCell intent="delete" id={r.id} name={`${r.state?.name ?? t("dashboard.national")} ${r.year}`} />
          </tr>
        ))}
      </AdminTable>
      <Form method="post" {...getFormProps(form)} className="panel stack">
        <h2>{t("need.add")}</h2>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="save" />
        <div className="row">
          <SelectField
            meta={fields.area}
            label={t("dashboard.area")}
            options={[{ value: "MY", label: t("dashboard.national") }, ...states.map((s) => ({ value: s.code, label: s.name }))]}
          />
          <TextField meta={fields.year} label={t("need.year")} type="number" inputMode="numeric" />
          <TextField meta={fields.children} label={t("need.children")} type="number" inputMode="numeric" />
        </div>
        <TextField meta={fields.source} label={t("need.source")} help={t("need.sourceHelp")} />
        <SubmitButton>{t("common.save")}</SubmitButton>
      </Form>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "need.title");

export function ErrorBoundary() {
  return <RouteError />;
}
