import type { PrismaClient } from "@prisma/client";
import { STATES } from "../../app/modules/geography/states";

/** KPM school term breaks, session 2025/2026 (KPM Surat Siaran Bil. 10/2024). Later breaks: add when KPM confirms. */
export const SCHOOL_BREAKS = [
  { calendarGroup: "A", name: "Cuti Penggal 1 2025", startDate: "2025-05-29", endDate: "2025-06-09" },
  { calendarGroup: "B", name: "Cuti Penggal 1 2025", startDate: "2025-05-29", endDate: "2025-06-09" },
  { calendarGroup: "A", name: "Cuti Penggal 2 2025", startDate: "2025-09-12", endDate: "2025-09-20" },
  { calendarGroup: "B", name: "Cuti Penggal 2 2025", startDate: "2025-09-13", endDate: "2025-09-21" },
  { calendarGroup: "A", name: "Cuti Akhir Persekolahan 2025", startDate: "2025-12-19", endDate: "2026-01-10" },
  { calendarGroup: "B", name: "Cuti Akhir Persekolahan 2025", startDate: "2025-12-20", endDate: "2026-01-11" },
  { calendarGroup: "A", name: "Cuti Perayaan Aidilfitri 2026", startDate: "2026-03-20", endDate: "2026-03-28" },
  { calendarGroup: "B", name: "Cuti Perayaan Aidilfitri 2026", startDate: "2026-03-21", endDate: "2026-03-29" },
] as const;
const BREAK_SOURCE = "KPM Surat Siaran Bil. 10/2024";

/**
 * Official 2025 dates of the Islamic holidays the library computes a day early: the computed date
 * is removed and the official one added, nationwide.
 */
export const HOLIDAY_CORRECTIONS = [
  { remove: "2025-03-30", add: "2025-04-01", name: "Hari Raya Aidilfitri (hari kedua)" },
  { remove: "2025-06-06", add: "2025-06-07", name: "Hari Raya Aidiladha" },
  { remove: "2025-06-26", add: "2025-06-27", name: "Awal Muharram" },
  { remove: "2025-09-04", add: "2025-09-05", name: "Maulidur Rasul" },
] as const;
const HOLIDAY_SOURCE = "Senarai cuti umum persekutuan 2025";

export const PRIVACY_NOTICE_V1 = {
  version: "2024-04-v1",
  textMs:
    "Notis Perlindungan Data Peribadi (Akta 709). Jabatan Kebajikan Masyarakat (JKM), Kementerian Pembangunan Wanita, Keluarga dan Masyarakat, memproses nama, nombor telefon, e-mel dan sekolah/organisasi anda untuk menguruskan pendaftaran dan kehadiran program KASIH Kanak-Kanak, menghantar pengesahan, peringatan dan bahan susulan, serta melaporkan capaian program secara agregat. Data tidak dijual atau dikongsi untuk tujuan lain. Anda boleh meminta salinan, pembetulan atau pemadaman data anda melalui pegawai JKM negeri. Data dianonimkan selepas tempoh penyimpanan program tamat.",
  textEn:
    "Personal Data Protection Notice (Act 709). The Social Welfare Department (JKM), Ministry of Women, Family and Community Development, processes your name, phone number, email and school/organisation to manage registration and attendance for the KASIH Kanak-Kanak programme, send confirmations, reminders and follow-up materials, and report the programme's reach in aggregate. Your data is not sold or shared for other purposes. You may ask for a copy, correction or erasure of your data through your state JKM officer. Data is anonymised after the programme's retention period ends.",
};

/** From the ministry's media release of 23 April 2024, at the Negeri Sembilan launch. */
export const CHILD_PROTECTION_NEED = [
  { area: "MY", stateCode: null, year: 2023, children: 7520 },
  { area: "05", stateCode: "05", year: 2022, children: 302 },
  { area: "05", stateCode: "05", year: 2023, children: 405 },
] as const;
const NEED_SOURCE = "KPWKM, kenyataan media 23 April 2024 (pelancaran KASIH Kanak-Kanak Negeri Sembilan)";

/** Reference data every database needs; safe to run any number of times. */
export async function seedReferenceData(db: PrismaClient): Promise<void> {
  for (const state of STATES) {
    const { schoolCodePrefix: _prefix, ...row } = state;
    await db.state.upsert({ where: { code: state.code }, create: row, update: row });
  }
  for (const b of SCHOOL_BREAKS) {
    await db.schoolBreak.upsert({
      where: { calendarGroup_startDate: { calendarGroup: b.calendarGroup, startDate: b.startDate } },
      create: { ...b, source: BREAK_SOURCE },
      update: {},
    });
  }
  if ((await db.holidayOverride.count()) === 0) {
    for (const c of HOLIDAY_CORRECTIONS) {
      await db.holidayOverride.createMany({
        data: [
          { date: c.remove, stateCode: null, name: `${c.name} (tarikh kiraan)`, action: "REMOVE", source: HOLIDAY_SOURCE },
          { date: c.add, stateCode: null, name: c.name, action: "ADD", source: HOLIDAY_SOURCE },
        ],
      });
    }
  }
  for (const need of CHILD_PROTECTION_NEED) {
    await db.childProtectionNeed.upsert({
      where: { area_year: { area: need.area, year: need.year } },
      create: { ...need, source: NEED_SOURCE },
      update: {},
    });
  }
  await db.privacyNotice.upsert({ where: { version: PRIVACY_NOTICE_V1.version }, create: PRIVACY_NOTICE_V1, update: {} });
}
