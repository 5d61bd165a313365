import { stateByCode, weekendDays } from "~/modules/geography/states";
import type { Language, MessageKey, MessageParams } from "~/modules/i18n/i18n";
import { db } from "~/utils/db.server";
import { calendarCoverage, holidaysOn, schoolBreaksOn } from "./holidays.server";
import { dateKeysBetween, dayOfWeek, formatMalaysia, parseMalaysiaDate, weekdayName } from "./malaysia-time";

export type SchedulingWarning = { code: string; key: MessageKey; params: MessageParams };

export type ScheduleCheck = {
  stateCode: string;
  schoolId?: string | null;
  startsAt: Date;
  endsAt: Date;
  leadCoordinatorId?: string | null;
  /** The event being edited, so it does not clash with itself (nor warn of a date it already had) */
  eventId?: string | null;
  /** The programme the event belongs to: a date outside its year is worth a second look */
  programmeId?: string | null;
};

/**
 * Reasons a coordinator may want to think twice about a date. They are warnings, never blocks:
 * a weekend programme or a visit during the holidays can be deliberate.
 */
export async function schedulingWarnings(check: ScheduleCheck, language: Language, now = new Date()): Promise<SchedulingWarning[]> {
  const state = stateByCode(check.stateCode);
  if (!state || !(check.endsAt >= check.startsAt)) return [];
  const dates = dateKeysBetween(check.startsAt, check.endsAt);
  const warnings: SchedulingWarning[] = [];
  const [existing, programme] = await Promise.all([
    check.eventId ? db.event.findUnique({ where: { id: check.eventId }, select: { startsAt: true } }) : null,
    check.programmeId ? db.programme.findUnique({ where: { id: check.programmeId }, select: { year: true, title: true } }) : null,
  ]);

  // A date already gone (a typo in the year, say): unless it is the date the event already had.
  if (check.startsAt < now && existing?.startsAt.getTime() !== check.startsAt.getTime()) {
    warnings.push({ code: "PAST", key: "warnings.past", params: { date: weekdayName(dates[0], language) } });
  }
  const year = Number(dates[0].slice(0, 4));
  if (programme && programme.year !== year) {
    warnings.push({
      code: "OUTSIDE_PROGRAMME_YEAR",
      key: "warnings.outsideProgrammeYear",
      params: { programme: programme.title, programmeYear: programme.year, year },
    });
  }

  const weekend = weekendDays(state.weekend);
  for (const date of dates) {
    if (weekend.includes(dayOfWeek(date))) {
      warnings.push({
        code: "WEEKEND",
        key: state.weekend === "FRI_SAT" ? "warnings.weekendFriSat" : "warnings.weekendSatSun",
        params: { date: weekdayName(date, language), state: state.name },
      });
    }
  }

  const holidays = await holidaysOn(state.code, dates, language);
  for (const [date, names] of holidays) {
    warnings.push({
      code: "HOLIDAY",
      key: "warnings.holiday",
      params: { date: weekdayName(date, language), names: names.join(", "), state: state.name },
    });
  }

  for (const schoolBreak of await schoolBreaksOn(state.calendarGroup, dates)) {
    warnings.push({
      code: "SCHOOL_BREAK",
      key: "warnings.schoolBreak",
      params: {
        name: schoolBreak.name,
        group: state.calendarGroup,
        from: formatMalaysia(parseMalaysiaDate(schoolBreak.startDate)!, "date", language),
        to: formatMalaysia(parseMalaysiaDate(schoolBreak.endDate)!, "date", language),
      },
    });
  }

  // Say what the checks above could not know: breaks not yet recorded, holidays not yet checked.
  const coverage = await calendarCoverage();
  const breaksUntil = coverage.breaksKnownUntil(state.calendarGroup);
  const lastDate = dates[dates.length - 1];
  if (!breaksUntil || breaksUntil < lastDate) {
    warnings.push(
      breaksUntil
        ? {
            code: "NO_SCHOOL_TERM_DATA",
            key: "warnings.noSchoolTermData",
            params: { group: state.calendarGroup, until: formatMalaysia(parseMalaysiaDate(breaksUntil)!, "date", language) },
          }
        : { code: "NO_SCHOOL_TERM_DATA", key: "warnings.noSchoolTermDataAtAll", params: { group: state.calendarGroup } },
    );
  }
  for (const dataYear of new Set(dates.map((d) => Number(d.slice(0, 4))))) {
    if (!coverage.holidaysChecked(dataYear, state.code)) {
      warnings.push({ code: "NO_HOLIDAY_DATA", key: "warnings.noHolidayData", params: { year: dataYear } });
    }
  }

  const dayStart = parseMalaysiaDate(dates[0])!;
  const dayEnd = new Date(parseMalaysiaDate(dates[dates.length - 1])!.getTime() + 24 * 60 * 60 * 1000);
  const notThisEvent = check.eventId ? { id: { not: check.eventId } } : {};

  if (check.schoolId) {
    const sameDay = await db.event.findMany({
      where: {
        ...notThisEvent,
        schoolId: check.schoolId,
        status: { not: "CANCELLED" },
        startsAt: { lt: dayEnd },
        endsAt: { gt: dayStart },
      },
      select: { title: true, startsAt: true },
      take: 3,
    });
    for (const other of sameDay) {
      warnings.push({
        code: "SCHOOL_BUSY",
        key: "warnings.schoolBusy",
        params: { title: other.title, time: formatMalaysia(other.startsAt, "dateTime", language) },
      });
    }
  }

  if (check.leadCoordinatorId) {
    const overlapping = await db.event.findMany({
      where: {
        ...notThisEvent,
        leadCoordinatorId: check.leadCoordinatorId,
        status: { not: "CANCELLED" },
        startsAt: { lt: check.endsAt },
        endsAt: { gt: check.startsAt },
      },
      select: { title: true, startsAt: true, leadCoordinator: { select: { name: true } } },
      take: 3,
    });
    for (const other of overlapping) {
      warnings.push({
        code: "COORDINATOR_BUSY",
        key: "warnings.coordinatorBusy",
        params: {
          name: other.leadCoordinator?.name ?? "",
          title: other.title,
          time: formatMalaysia(other.startsAt, "dateTime", language),
        },
      });
    }
  }
  return warnings;
}
