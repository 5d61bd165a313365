import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/forms";
import { FormToken, useFormToken } from "~/components/form-token";
import { AdminTable, DeleteRowCell } from "~/components/admin-table";
import { RouteError } from "~/components/route-error";
import { submitOnce } from "~/modules/audit/form-once.server";
import { requireUser } from "~/modules/auth/session.server";
import {
  addHolidayOverride,
  addSchoolBreak,
  calendarGaps,
  calendarTables,
  deleteCalendarEntry,
} from "~/modules/calendar/calendar-admin.server";
import { HolidayOverrideSchema, SchoolBreakSchema } from "~/modules/calendar/calendar-schema";
import { formatMalaysia, malaysiaDateKey, parseMalaysiaDate } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { stateChoices } from "~/modules/schools/schools.server";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";

function yearFrom(request: Request): number {
  const year = Number(new URL(request.url).searchParams.get("year"));
  return Number.isInteger(year) && year > 2000 && year < 2101 ? year : Number(malaysiaDateKey(new Date()).slice(0, 4));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const year = yearFrom(request);
  const [tables, states, gaps] = await Promise.all([calendarTables(user, year), stateChoices(), calendarGaps(user)]);
  return { year, ...tables, states, gaps };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const back = `/admin/calendar?year=${yearFrom(request)}`;
  if (intent === "delete-holiday" || intent === "delete-break") {
    await deleteCalendarEntry(user, intent === "delete-holiday" ? "holiday" : "break", String(formData.get("id") ?? ""));
    return redirectWithToast(back, { key: "toast.calendarEntryDeleted" });
  }
  const added = () => redirectWithToast(back, { key: "toast.calendarEntryAdded" });
  if (intent === "add-break") {
    return submitOnce(
      formData,
      async () => {
        const submission = parseWithZod(formData, { schema: SchoolBreakSchema });
        if (submission.status !== "success") return data({ form: "break", result: submission.reply() }, { status: 400 });
        const result = await addSchoolBreak(user, submission.value);
        if (!result.ok)
          return data(
            { form: "break", result: submission.reply({ fieldErrors: { startDate: ["errors.calendar.breakExists"] } }) },
            { status: 400 },
          );
        return added();
      },
      added,
    );
  }
  return submitOnce(
    formData,
    async () => {
      const submission = parseWithZod(formData, { schema: HolidayOverrideSchema });
      if (submission.status !== "success") return data({ form: "holiday", result: submission.reply() }, { status: 400 });
      await addHolidayOverride(user, submission.value);
      return added();
    },
    added,
  );
}

export default function CalendarAdminPage() {
  const { year, overrides, breaks, states, gaps } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const language = useLanguage();
  const date = (key: string) => formatMalaysia(parseMalaysiaDate(key)!, "date", language);
  const formToken = useFormToken();
  const [holidayForm, holidayFields] = useForm({
    id: "holiday",
    lastResult: actionData?.form === "holiday" ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HolidayOverrideSchema }),
    shouldValidate: "onBlur",
  });
  const [breakForm, breakFields] = useForm({
    id: "break",
    lastResult: actionData?.form === "break" ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SchoolBreakSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <>
      <div className="page-header">
        <h1>{t("calendarAdmin.title", { year })}</h1>
        <nav className="actions" aria-label={t("calendarAdmin.years")}>
          <Link to={`?year=${year - 1}`} className="button button--secondary">
            {year - 1}
          </Link>
          <Link to={`?year=${year + 1}`} className="button button--secondary">
            {year + 1}
          </Link>
        </nav>
      </div>
      <p>{t("calendarAdmin.intro")}</p>
      {gaps.length ? (
        <section className="panel panel--notice" aria-labelledby="gaps-heading">
          <h2 id="gaps-heading">{t("calendarAdmin.gapsTitle")}</h2>
          <p>{t("calendarAdmin.gapsIntro")}</p>
          <ul>
            {gaps.map((gap) => (
              <li key={gap.year}>
                <Link to={`?year=${gap.year}`}>
                  <strong>{gap.year}</strong>
                </Link>
                :{" "}
                {[
                  ...gap.breaks.map((b) =>
                    b.until
                      ? t("calendarAdmin.gapBreaksUntil", { group: b.group, until: date(b.until) })
                      : t("calendarAdmin.gapBreaksNone", { group: b.group }),
                  ),
                  ...(gap.holidaysUnchecked ? [t("calendarAdmin.gapHolidays")] : []),
                ].join("; ")}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="panel">
        <h2 id="breaks-heading">{t("calendarAdmin.breaks")}</h2>
        <AdminTable
          label={t("calendarAdmin.breaks")}
          headers={[
            <th key="group" scope="col">
              {t("calendarAdmin.group")}
            </th>,
            <th key="name" scope="col">
              {t("calendarAdmin.name")}
            </th>,
            <th key="from" scope="col">
              {t("common.from")}
            </th>,
            <th key="to" scope="col">
              {t("common.to")}
            </th>,
            <th key="source" scope="col">
              {t("calendarAdmin.source")}
            </th>,
          ]}
        >
          {breaks.map((b) => (
            <tr key={b.id}>
              <td>{b.calendarGroup}</td>
              <td>{b.name}</td>
              <td>{date(b.startDate)}</td>
              <td>{date(b.endDate)}</td>
              <td className="small">{b.source}</td>
              <DeleteRowCell intent="delete-break" id={b.id} name={b.name} />
            </tr>
          ))}
        </AdminTable>
        <Form method="post" {...getFormProps(breakForm)} className="stack" key={`break-${formToken}`}>
          <h3>{t("calendarAdmin.addBreak")}</h3>
          <FormErrors id={breakForm.errorId} errors={breakForm.errors} />
          <input type="hidden" name="intent" value="add-break" />
          <FormToken />
          <div className="row">
            <SelectField
              meta={breakFields.calendarGroup}
              label={t("calendarAdmin.group")}
              options={[
                { value: "A", label: t("calendarAdmin.groupA") },
                { value: "B", label: t("calendarAdmin.groupB") },
              ]}
            />
            <TextField meta={breakFields.name} label={t("calendarAdmin.name")} />
            <TextField meta={breakFields.startDate} label={t("common.from")} type="date" />
            <TextField meta={breakFields.endDate} label={t("common.to")} type="date" />
          </div>
          <TextField meta={breakFields.source} label={t("calendarAdmin.source")} />
          <SubmitButton variant="secondary">{t("calendarAdmin.addBreak")}</SubmitButton>
        </Form>
      </section>

      <section className="panel">
        <h2 id="holidays-heading">{t("calendarAdmin.overrides")}</h2>
        <p className="muted small">{t("calendarAdmin.overridesHelp")}</p>
        <AdminTable
          label={t("calendarAdmin.overrides")}
          headers={[
            <th key="date" scope="col">
              {t("calendarAdmin.date")}
            </th>,
            <th key="name" scope="col">
              {t("calendarAdmin.name")}
            </th>,
            <th key="where" scope="col">
              {t("calendarAdmin.where")}
            </th>,
            <th key="action" scope="col">
              {t("calendarAdmin.action")}
            </th>,
          ]}
        >
          {overrides.map((o) => (
            <tr key={o.id}>
              <td>{date(o.date)}</td>
              <td>{o.name}</td>
              <td>{o.state?.name ?? t("calendarAdmin.nationwide")}</td>
              <td>{o.action === "ADD" ? t("calendarAdmin.actionAdd") : t("calendarAdmin.actionRemove")}</td>
              <DeleteRowCell intent="delete-holiday" id={o.id} name={o.name} />
            </tr>
          ))}
        </AdminTable>
        <Form method="post" {...getFormProps(holidayForm)} className="stack" key={`holiday-${formToken}`}>
          <h3>{t("calendarAdmin.addOverride")}</h3>
          <FormErrors id={holidayForm.errorId} errors={holidayForm.errors} />
          <input type="hidden" name="intent" value="add-holiday" />
          <FormToken />
          <div className="row">
            <TextField meta={holidayFields.date} label={t("calendarAdmin.date")} type="date" />
            <TextField meta={holidayFields.name} label={t("calendarAdmin.name")} />
            <SelectField
              meta={holidayFields.stateCode}
              label={t("calendarAdmin.where")}
              placeholder={t("calendarAdmin.nationwide")}
              options={states.map((s) => ({ value: s.code, label: s.name }))}
            />
            <SelectField
              meta={holidayFields.action}
              label={t("calendarAdmin.action")}
              options={[
                { value: "ADD", label: t("calendarAdmin.actionAdd") },
                { value: "REMOVE", label: t("calendarAdmin.actionRemove") },
              ]}
            />
          </div>
          <TextField meta={holidayFields.source} label={t("calendarAdmin.source")} />
          <SubmitButton variant="secondary">{t("calendarAdmin.addOverride")}</SubmitButton>
        </Form>
      </section>
      <p className="muted small">{t("calendarAdmin.credit")}</p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.holidays");

export function ErrorBoundary() {
  return <RouteError />;
}
