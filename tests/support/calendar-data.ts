import type { PrismaClient } from "@prisma/client";

/**
 * Marks the administrator's calendar data as complete through `lastYear` (school breaks recorded
 * for both groups to its last day, each year's holidays checked against the official list), so
 * scheduling warns only about the dates themselves. Without it, every date after the seeded KPM
 * breaks (March 2026) carries a "not recorded yet" warning, as it does for a real installation.
 * The marks change no holiday: a break on 31 December, and the removal of a holiday that is not there.
 */
export async function completeCalendarData(db: PrismaClient, firstYear: number, lastYear: number) {
  for (const calendarGroup of ["A", "B"]) {
    await db.schoolBreak.create({
      data: { calendarGroup, name: `Cuti hujung tahun ${lastYear}`, startDate: `${lastYear}-12-31`, endDate: `${lastYear}-12-31` },
    });
  }
  for (let year = firstYear; year <= lastYear; year++) {
    await db.holidayOverride.create({
      data: { date: `${year}-12-30`, stateCode: null, name: `Senarai rasmi ${year} disemak`, action: "REMOVE" },
    });
  }
}
