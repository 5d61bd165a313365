import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { FieldErrors, SubmitButton } from "~/components/forms";
import { RouteError } from "~/components/route-error";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/session.server";
import { pupilCounts, savePupilCounts } from "~/modules/children/pupil-counts.server";
import { fieldName, gradesForLevel, PupilCountSchema, SEXES } from "~/modules/children/pupil-schema";
import { translateError, useLanguage, useT } from "~/modules/i18n/i18n";
import { readFormData } from "~/utils/form-data.server";
import { pageTitle } from "~/utils/meta";
import { redirectWithToast } from "~/utils/toast.server";
import { labels } from "~/modules/i18n/labels";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event, rows, total, specialNeeds } = await pupilCounts(user, params.eventId!);
  return {
    event: { id: event.id, title: event.title, level: event.school?.level ?? null, enrolment: event.school?.enrolment ?? null },
    counts: Object.fromEntries(rows.map((r) => [fieldName(r.grade, r.sex), r.count])),
    total,
    specialNeeds,
    canRecord: can(user, "record:pupils"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: PupilCountSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), warning: null }, { status: 400 });
  const { acknowledgeWarnings, ...values } = submission.value;
  const result = await savePupilCounts(user, params.eventId!, values, acknowledgeWarnings);
  if (result.status === "warning")
    return data({ result: submission.reply(), warning: { total: result.total, enrolment: result.enrolment } }, { status: 200 });
  return redirectWithToast(`/events/${params.eventId}/pupils`, { key: "toast.pupilsSaved", params: { total: result.total } });
}

/** After the session, on a phone: how many pupils of each year and sex were there. Never names. */
export default function PupilsPage() {
  const { event, counts, total, specialNeeds, canRecord } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const language = useLanguage();
  const grades = gradesForLevel(event.level);
  const submitted = (actionData?.result?.initialValue ?? {}) as Record<string, string>;
  const initial = (name: string) => submitted[name] ?? (counts[name] !== undefined ? String(counts[name]) : "");
  const [sum, setSum] = useState(total);
  const errors = (actionData?.result?.error ?? {}) as Record<string, string[]>;
  return (
    <>
      <p className="eyebrow">
        <Link to={`/events/${event.id}`}>{event.title}</Link>
      </p>
      <h1>{t("pupils.title")}</h1>
      <p>{t("pupils.intro")}</p>
      {event.enrolment ? <p className="muted small">{t("pupils.enrolment", { enrolment: event.enrolment })}</p> : null}
      {actionData?.warning ? (
        <div className="warnings" role="alert">
          <p className="warnings__title">
            {t("pupils.aboveEnrolment", { total: actionData.warning.total, enrolment: actionData.warning.enrolment })}
          </p>
        </div>
      ) : null}
      {canRecord ? (
        <Form
          method="post"
          className="stack"
          onChange={(e) => {
            const form = e.currentTarget;
            const values = Array.from(form.querySelectorAll<HTMLInputElement>("input[data-count]"), (input) => Number(input.value) || 0);
            setSum(values.reduce((a, b) => a + b, 0));
          }}
        >
          <div className="table-wrap" role="region" aria-label={t("pupils.title")} tabIndex={0}>
            <table className="pupil-grid">
              <caption className="visually-hidden">{t("pupils.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("pupils.year")}</th>
                  {SEXES.map((s) => (
                    <th scope="col" key={s}>
                      {labels.pupilSex(t, s)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {grades.map((grade) => (
                  <tr key={grade}>
                    <th scope="row">{labels.pupilGrade(t, grade)}</th>
                    {SEXES.map((sex) => {
                      const name = fieldName(grade, sex);
                      const label = `${labels.pupilGrade(t, grade)}, ${labels.pupilSex(t, sex)}`;
                      return (
                        <td key={sex}>
                          <input
                            data-count
                            name={name}
                            aria-label={label}
                            type="number"
                            inputMode="numeric"
                            min={0}
                            max={5000}
                            defaultValue={initial(name)}
                            aria-invalid={errors[name] ? true : undefined}
                            aria-describedby={errors[name] ? `${name}-error` : undefined}
                          />
                          {errors[name] ? (
                            <span id={`${name}-error`} className="field__errors">
                              {translateError(language, errors[name][0])}
                            </span>
                          ) : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="check-in__total" aria-live="polite">
            {t("pupils.total", { total: sum })}
          </p>
          <div className="field">
            <label htmlFor="specialNeeds">{t("pupils.specialNeeds")}</label>
            <input
              id="specialNeeds"
              name="specialNeeds"
              type="number"
              inputMode="numeric"
              min={0}
              defaultValue={submitted.specialNeeds ?? specialNeeds ?? ""}
              aria-invalid={errors.specialNeeds ? true : undefined}
              aria-describedby={errors.specialNeeds ? "specialNeeds-error" : undefined}
            />
            <FieldErrors id="specialNeeds-error" errors={errors.specialNeeds} />
          </div>
          {actionData?.warning ? (
            <div className="field field--checkbox">
              <input type="checkbox" id="acknowledgeWarnings" name="acknowledgeWarnings" value="on" />
              <label htmlFor="acknowledgeWarnings">{t("pupils.acknowledge")}</label>
            </div>
          ) : null}
          <SubmitButton>{t("pupils.save")}</SubmitButton>
        </Form>
      ) : (
        <p>{t("pupils.total", { total })}</p>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pupils.title");

export function ErrorBoundary() {
  return <RouteError />;
}
