import { formatMalaysia } from "~/modules/calendar/malaysia-time";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { BarList } from "./bar-list";

type Results = {
  responses: number;
  averageRating: number | null;
  ratings: { rating: number; count: number }[];
  correct: { answerSigns: number; answerReport: number; answerHelpline: number };
  comments: { comment: string; rating: number; createdAt: Date | string }[];
};

/** `level`: the heading level of its own sections, one below the heading it sits under. */
export function FeedbackSummary({ results, level = 2 }: { results: Results; level?: 2 | 3 }) {
  const Heading = level === 2 ? "h2" : "h3";
  const t = useT();
  const language = useLanguage();
  if (!results.responses) return <p className="empty">{t("feedback.none")}</p>;
  return (
    <>
      <div className="figures">
        <div className="figure">
          <p className="figure__label">{t("feedback.responses")}</p>
          <p className="figure__value">{results.responses}</p>
        </div>
        <div className="figure">
          <p className="figure__label">{t("feedback.averageRating")}</p>
          <p className="figure__value">{results.averageRating} / 5</p>
        </div>
      </div>
      <BarList
        title={t("feedback.ratingSpread")}
        rows={results.ratings.map((r) => ({ label: t("feedback.stars", { n: r.rating }), value: r.count }))}
      />
      <BarList
        title={t("feedback.knowledge")}
        unit="%"
        max={100}
        rows={[
          { label: t("feedback.q.answerSigns"), value: results.correct.answerSigns },
          { label: t("feedback.q.answerReport"), value: results.correct.answerReport },
          { label: t("feedback.q.answerHelpline"), value: results.correct.answerHelpline },
        ]}
      />
      {results.comments.length ? (
        <section aria-labelledby="comments-heading">
          <Heading id="comments-heading">{t("feedback.comments")}</Heading>
          <ul className="comments">
            {results.comments.map((c, i) => (
              <li key={i}>
                <p className="preserve-lines">{c.comment}</p>
                <p className="muted small">
                  {t("feedback.stars", { n: c.rating })} · {formatMalaysia(c.createdAt, "date", language)}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
