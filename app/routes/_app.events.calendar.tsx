import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/modules/auth/session.server";
import { formatMalaysia, malaysiaDateKey, parseMalaysiaDate, dayOfWeek } from "~/modules/calendar/malaysia-time";
import { monthFromParam, monthGrid, shiftMonth } from "~/modules/calendar/month-grid";
import { eventsBetween } from "~/modules/events/events.server";
import { STATES, stateByCode, weekendDays } from "~/modules/geography/states";
import { getLanguage } from "~/modules/i18n/language.server";
import { calendarCoverage, holidaysOn, schoolBreaksOn } from "~/modules/calendar/holidays.server";
import { useLanguage, useT } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";

/** Whose holidays and school breaks the calendar marks: the chosen state, else the user's, else Kuala Lumpur's. */
const DEFAULT_STATE = "14";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const month = monthFromParam(url.searchParams.get("month"));
  const state = stateByCode(url.searchParams.get("state") ?? "") ?? stateByCode(user.stateCode ?? "") ?? stateByCode(DEFAULT_STATE)!;
  const { weeks, from, to } = monthGrid(month);
  const dates = weeks.flat();
  const [events, holidays, breaks, coverage] = await Promise.all([
    eventsBetween(user, from, to),
    holidaysOn(state.code, dates, await getLanguage(request)),
    schoolBreaksOn(state.calendarGroup, dates),
    calendarCoverage(),
  ]);
  const breaksUntil = coverage.breaksKnownUntil(state.calendarGroup);
  return {
    month,
    weeks,
    weekend: weekendDays(state.weekend),
    state: { code: state.code, name: state.name, calendarGroup: state.calendarGroup },
    states: STATES.map((s) => ({ code: s.code, name: s.name })),
    today: malaysiaDateKey(new Date()),
    events: events.map((e) => ({ id: e.id, title: e.title, status: e.status, startsAt: e.startsAt, date: malaysiaDateKey(e.startsAt) })),
    holidays: Object.fromEntries(holidays),
    breaks: breaks.map((b) => ({ name: b.name, from: b.startDate, to: b.endDate })),
    // Say when the month runs past the school breaks recorded, rather than showing an empty month.
    breaksUnknownAfter: !breaksUntil || breaksUntil < dates[dates.length - 1] ? (breaksUntil ?? "") : null,
    holidaysUnchecked: [...new Set(dates.map((d) => Number(d.slice(0, 4))))].filter((y) => !coverage.holidaysChecked(y, state.code)),
  };
}

export default function CalendarPage() {
  const { month, weeks, weekend, state, states, today, events, holidays, breaks, breaksUnknownAfter, holidaysUnchecked } =
    useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  const monthLabel = formatMalaysia(parseMalaysiaDate(`${month}-01`)!, "monthYear", language);
  const byDate = new Map<string, typeof events>();
  for (const e of events) byDate.set(e.date, [...(byDate.get(e.date) ?? []), e]);
  const breakOn = (date: string) => breaks.find((b) => b.from <= date && date <= b.to);
  const keep = (extra: Record<string, string>) => `?${new URLSearchParams({ month, state: state.code, ...extra })}`;
  return (
    <>
      <div className="page-header">
        <h1>{t("calendar.title", { month: monthLabel })}</h1>
        <nav className="actions" aria-label={t("calendar.navigation")}>
          <Link to={keep({ month: shiftMonth(month, -1) })} className="button button--secondary">
            ← {t("calendar.previous")}
          </Link>
          <Link to={`?state=${state.code}`} className="button button--secondary">
            {t("calendar.thisMonth")}
          </Link>
          <Link to={keep({ month: shiftMonth(month, 1) })} className="button button--secondary">
            {t("calendar.next")} →
          </Link>
        </nav>
      </div>
      <Form method="get" className="inline-code">
        <input type="hidden" name="month" value={month} />
        <label htmlFor="calendar-state">{t("calendar.holidaysOf")}</label>
        <select id="calendar-state" name="state" defaultValue={state.code}>
          {states.map((s) => (
            <option key={s.code} value={s.code}>
              {s.name}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary">
          {t("common.show")}
        </button>
      </Form>
      {breaksUnknownAfter !== null || holidaysUnchecked.length ? (
        <p className="notice small">
          {breaksUnknownAfter !== null
            ? breaksUnknownAfter
              ? t("calendar.breaksUnknownAfter", {
                  group: state.calendarGroup,
                  date: formatMalaysia(parseMalaysiaDate(breaksUnknownAfter)!, "date", language),
                })
              : t("calendar.breaksUnknown", { group: state.calendarGroup })
            : ""}{" "}
          {holidaysUnchecked.length ? t("calendar.holidaysUnchecked", { years: holidaysUnchecked.join(", ") }) : ""}
        </p>
      ) : null}
      <div className="table-wrap" role="region" aria-label={t("calendar.gridLabel", { month: monthLabel })} tabIndex={0}>
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
                  const holiday = holidays[date];
                  const schoolBreak = breakOn(date);
                  const classes = [
                    "month__day",
                    date.slice(0, 7) !== month ? "month__day--other" : "",
                    weekend.includes(dayOfWeek(date)) ? "month__day--weekend" : "",
                    holiday ? "month__day--holiday" : "",
                    schoolBreak ? "month__day--break" : "",
                    date === today ? "month__day--today" : "",
                  ].join(" ");
                  return (
                    <td key={date} className={classes}>
                      <time className="month__date" dateTime={date}>
                        <span aria-hidden="true">{Number(date.slice(8))}</span>
                        <span className="visually-hidden">{formatMalaysia(parseMalaysiaDate(date)!, "weekdayDate", language)}</span>
                      </time>
                      {holiday ? (
                        <p className="month__holiday">
                          <span className="visually-hidden">{t("calendar.holiday")}: </span>
                          {holiday.join(", ")}
                        </p>
                      ) : null}
                      {schoolBreak ? (
                        <p className="month__break">
                          <span className="visually-hidden">{t("calendar.schoolBreak")}: </span>
                          {schoolBreak.name}
                        </p>
                      ) : null}
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
      <ul className="month__legend small" aria-label={t("calendar.legend")}>
        <li className="month__legend-weekend">{t("calendar.weekendOf", { state: state.name })}</li>
        <li className="month__legend-holiday">{t("calendar.holidayOf", { state: state.name })}</li>
        <li className="month__legend-break">{t("calendar.breakOf", { group: state.calendarGroup })}</li>
      </ul>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.calendar");

export function ErrorBoundary() {
  return <RouteError />;
}
