import { useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { RadioGroupField } from "~/components/choice-fields";
import { TextareaField } from "~/components/forms";
import { EventSummary } from "~/components/registrations/event-summary";
import { PublicForm } from "~/components/public-form";
import { RouteError } from "~/components/route-error";
import { FeedbackSchema, HELPLINE_OPTIONS, REPORT_OPTIONS, SIGNS_OPTIONS } from "~/modules/feedback/feedback-schema";
import { submitOnce } from "~/modules/audit/form-once.server";
import { feedbackEvent, submitFeedback } from "~/modules/feedback/feedback.server";
import { labels } from "~/modules/i18n/labels";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { readFormData } from "~/utils/form-data.server";
import { namedTitle } from "~/utils/meta";

export async function loader({ params }: LoaderFunctionArgs) {
  const event = await feedbackEvent(params.code ?? "");
  return { event, options: { signs: SIGNS_OPTIONS, report: REPORT_OPTIONS, helpline: HELPLINE_OPTIONS } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: FeedbackSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), done: false }, { status: 400 });
  const thanks = () => data({ result: submission.reply({ resetForm: true }), done: true });
  // One response per form: sent twice (a double tap on a school's wifi), it is counted once.
  return submitOnce(
    formData,
    async () => {
      const result = await submitFeedback(params.code ?? "", submission.value, context?.clientIp ?? "unknown");
      if (!result.ok)
        return data(
          { result: submission.reply({ formErrors: [result.error] }), done: false },
          { status: result.error === "errors.rateLimited" ? 429 : 409 },
        );
      return thanks();
    },
    thanks,
  );
}

export default function FeedbackPage() {
  const { event, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const language = useLanguage();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    id: "feedback",
    lastResult: actionData?.result,
    defaultValue: { language, r: params.get("r") ?? "" },
    constraint: getZodConstraint(FeedbackSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FeedbackSchema }),
  });
  return (
    <div className="public-page">
      <EventSummary event={event} />
      {event.feedbackClosed && !actionData?.done ? (
        <section className="panel" role="status">
          <h2>{t("feedback.title")}</h2>
          <p>{t(event.feedbackClosed)}</p>
        </section>
      ) : actionData?.done ? (
        <section className="panel" role="status">
          <h2>{t("feedback.thanks")}</h2>
          <p>{t("feedback.thanksBody")}</p>
        </section>
      ) : (
        <section aria-labelledby="feedback-heading">
          <h2 id="feedback-heading">{t("feedback.title")}</h2>
          <p className="muted small">{t("feedback.intro")}</p>
          <PublicForm form={form} submit={t("feedback.submit")}>
            <input type="hidden" name="r" value={params.get("r") ?? ""} />
            <input type="hidden" name="language" value={language} />
            <RadioGroupField
              meta={fields.rating}
              legend={t("feedback.rating")}
              options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: labels.feedbackRating(t, String(n)) }))}
            />
            <RadioGroupField
              meta={fields.answerSigns}
              legend={t("feedback.q.answerSigns")}
              options={labels.feedbackSigns.options(t, options.signs)}
            />
            <RadioGroupField
              meta={fields.answerReport}
              legend={t("feedback.q.answerReport")}
              options={labels.feedbackReport.options(t, options.report)}
            />
            <RadioGroupField
              meta={fields.answerHelpline}
              legend={t("feedback.q.answerHelpline")}
              options={options.helpline.map((v) => ({ value: v, label: v }))}
            />
            <TextareaField meta={fields.comment} label={t("feedback.comment")} />
          </PublicForm>
        </section>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [...namedTitle(data?.event.title), { name: "robots", content: "noindex" }];

export function ErrorBoundary() {
  return <RouteError />;
}
