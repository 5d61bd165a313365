import { describe, expect, it } from "vitest";
import { withReplacementDays, replacedWeekday } from "../../app/modules/calendar/holiday-rules";
import { holidaysOn } from "../../app/modules/calendar/holidays.server";

/**
 * The replacement-day rules (Holidays Act 1951 and state orders), each checked on real dates.
 * What date-holidays does by itself, per state (checked before writing the rules): it moves a few
 * national holidays (New Year, Chinese New Year, Labour Day, National Day, Malaysia Day, Christmas,
 * some listed Vesak and Deepavali years) from a Sunday to the Monday, in every state, Kedah,
 * Kelantan and Terengganu included (where Sunday is a working day), and nothing else.
 */
const on = async (state: string, date: string, language: "ms" | "en" = "ms") => (await holidaysOn(state, [date], language)).get(date) ?? [];

describe("a holiday on a day of rest is replaced by the next working day", () => {
  it("Saturday–Sunday states: Sunday → Monday (Negeri Sembilan, Hari Raya Aidilfitri, Sunday 22 March 2026)", async () => {
    expect(await on("05", "2026-03-23")).toEqual(["Cuti ganti Hari Raya Aidil Fitri"]);
    expect(await on("05", "2026-03-23", "en")).toEqual(["End of Ramadan (Eid al-Fitr) (replacement holiday)"]);
    // A Saturday holiday is not replaced in these states (Saturday 21 March 2026 is Raya's first day).
    expect(await on("05", "2026-03-24")).toEqual([]);
  });

  it("then the next working day if the Monday is a holiday (Johor: Monday 23 March 2026 is the Sultan's birthday → Tuesday)", async () => {
    expect(await on("01", "2026-03-23")).toEqual(["Hari Keputeraan Sultan Johor"]);
    expect(await on("01", "2026-03-24")).toEqual(["Cuti ganti Hari Raya Aidil Fitri"]);
  });

  it("and past a second day of the same holiday (Kuala Lumpur, Chinese New Year on Sunday 22 January 2023 → Tuesday 24th)", async () => {
    expect(await on("14", "2023-01-23")).toEqual(["Tahun Baru Cina"]);
    expect(await on("14", "2023-01-24")).toEqual(["Cuti ganti Tahun Baru Cina"]);
  });

  it("Kedah: a Friday holiday moves to the Sunday (Hari Pekerja, Friday 1 May 2026 → Sunday 3 May; Israk Mikraj, 16 → 18 January 2026)", async () => {
    expect(await on("02", "2026-05-03")).toEqual(["Cuti ganti Hari Pekerja"]);
    expect(await on("02", "2026-01-18")).toEqual(["Cuti ganti Israk dan Mikraj"]);
  });

  it("Kedah: a Sunday holiday is on a working day and is not moved (National Day, Sunday 31 August 2025: no Monday off)", async () => {
    expect(await on("02", "2025-08-31")).toEqual(["Hari Kebangsaan"]);
    // date-holidays itself gives Kedah a Monday: dropped.
    expect(await on("02", "2025-09-01")).toEqual([]);
    // …while a Saturday–Sunday state does get it.
    expect(await on("05", "2025-09-01")).toEqual(["Cuti ganti Hari Kebangsaan"]);
  });

  it("Kelantan and Terengganu: a Saturday holiday moves to the Sunday (National Day, Saturday 31 August 2024 → Sunday 1 September)", async () => {
    expect(await on("03", "2024-09-01")).toEqual(["Cuti ganti Hari Kebangsaan"]);
    expect(await on("11", "2024-09-01")).toEqual(["Cuti ganti Hari Kebangsaan"]);
    // Not in Kedah, whose rule is for Fridays, nor in the Saturday–Sunday states.
    expect(await on("02", "2024-09-01")).toEqual([]);
    expect(await on("05", "2024-09-01")).toEqual([]);
  });

  it("Kelantan: when the Sunday is itself a holiday, the next working day (Hari Raya, Saturday 21 and Sunday 22 March 2026 → Monday 23)", async () => {
    expect(await on("03", "2026-03-22")).toEqual(["Hari Raya Aidil Fitri"]);
    expect(await on("03", "2026-03-23")).toEqual(["Cuti ganti Hari Raya Aidil Fitri"]);
  });

  it("Kelantan: a Sunday holiday is not moved, though date-holidays moves it (Deepavali, Sunday 8 November 2026)", async () => {
    expect(await on("03", "2026-11-09")).toEqual([]);
    expect(await on("14", "2026-11-09")).toEqual(["Cuti ganti Deepavali"]);
  });

  it("knows which day each state replaces", () => {
    expect(["01", "02", "03", "05", "11", "14"].map(replacedWeekday)).toEqual([0, 5, 6, 0, 6, 0]);
  });

  it("applies the rules to corrected dates too (an official holiday added on a Sunday gets its Monday)", () => {
    const added = withReplacementDays(new Map([["2027-02-07", ["Cuti khas"]]]), "10", (names) => `Cuti ganti ${names.join(", ")}`);
    expect([...added]).toEqual([
      ["2027-02-07", ["Cuti khas"]],
      ["2027-02-08", ["Cuti ganti Cuti khas"]],
    ]);
  });
});
