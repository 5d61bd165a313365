import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia, malaysiaDateKey, parseMalaysiaDate, dayOfWeek } from "~/modules/calendar/malaysia-time";
import { monthFromParam, monthGrid, shiftMonth } from "~/modules/calendar/month-grid";
import { eventsBetween } from "~/modules/events/events.server";
import { stateByCode, weekendDays } from "~/modules/geography/states";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const month = monthFromParam(new URL(request.url).searchParams.get("month"));
  const { weeks, from, to } = monthGrid(month);
  const events = await eventsBetween(user, from, to);
  const weekend = weekendDays(stateByCode(user.stateCode ?? "")?.weekend ?? "SAT_SUN");
  return {
    month,
    weeks,
    weekend,
    today: malaysiaDateKey(new Date()),
    events: events.map((e) => ({ id: e.id, title: e.title, status: e.status, startsAt: e.startsAt, date: malaysiaDateKey(e.startsAt) })),
  };
}

export default function CalendarPage() {
  const { month, weeks, weekend, today, events } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  const monthLabel = formatMalaysia(parseMalaysiaDate(`${month}-01`)!, "monthYear", language);
  const byDate = new Map<string, typeof events>();
  for (const e of events) byDate.set(e.date, [...(byDate.get(e.date) ?? []), e]);
  return (
    <>
      <div className="page-header">
        <h1>{t("calendar.title", { month: monthLabel })}</h1>
        <nav className="actions" aria-label={t("calendar.navigation")}>
          <Link to={`?month=${shiftMonth(month, -1)}`} className="button button--secondary">
            ← {t("calendar.previous")}
          </Link>
          <Link to="?" className="button button--secondary">
            {t("calendar.thisMonth")}
          </Link>
          <Link to={`?month=${shiftMonth(month, 1)}`} className="button button--secondary">
            {t("calendar.next")} →
          </Link>
        </nav>
      </div>
      <div className="table-wrap" role="region" aria-label={monthLabel} tabIndex={0}>
        <table className="month">
          <caption className="visually-hidden">{monthLabel}</caption>
          <thead>
            <tr>
              {weeks[0].map((date) => (
                <th scope="col" key={date}>
                  {formatMalaysia(parseMalaysiaDate(date)!, "weekdayShort", language)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week[0]}>
                {week.map((date) => {
                  const dayEvents = byDate.get(date) ?? [];
                  const classes = [
                    "month__day",
                    date.slice(0, 7) !== month ? "month__day--other" : "",
                    weekend.includes(dayOfWeek(date)) ? "month__day--weekend" : "",
                    date === today ? "month__day--today" : "",
                  ].join(" ");
                  return (
                    <td key={date} className={classes}>
                      <time className="month__date" dateTime={date}>
                        <span aria-hidden="true">{Number(date.slice(8))}</span>
                        <span className="visually-hidden">{formatMalaysia(parseMalaysiaDate(date)!, "weekdayDate", language)}</span>
                      </time>
                      {dayEvents.length ? (
                        <ul>
                          {dayEvents.map((e) => (
                            <li key={e.id} className={`month__event month__event--${e.status.toLowerCase()}`}>
                              <Link to={`/events/${e.id}`}>
                                <span className="month__time">{formatMalaysia(e.startsAt, "time", language)}</span> {e.title}
                              </Link>
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t("calendar.weekendNote")}</p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.calendar");

export function ErrorBoundary() {
  return <RouteError />;
}
