import { parseMalaysiaDateTime } from "../../app/modules/calendar/malaysia-time";
import { db } from "../../app/utils/db.server";
import { makeEvent, makeProgramme, makeSchool, makeUser } from "./factories";

export const at = (local: string) => parseMalaysiaDateTime(local)!;

/**
 * Two states' worth of people and plans: a Negeri Sembilan coordinator with a programme, school
 * and event, and the same for Selangor, plus an administrator, a liaison teacher and a viewer.
 */
export async function twoStates() {
  const nsSchool = await makeSchool(db, {
    code: "NEB2069",
    name: "SMK SERI AMPANGAN",
    type: "SMK",
    level: "MENENGAH",
    stateCode: "05",
    district: "SEREMBAN",
    enrolment: 1450,
  });
  const nsOtherSchool = await makeSchool(db, { code: "NBA2001", name: "SK AMPANGAN", stateCode: "05", district: "SEREMBAN" });
  const selSchool = await makeSchool(db, {
    code: "BEA8001",
    name: "SMK SEKSYEN 9 SHAH ALAM",
    type: "SMK",
    level: "MENENGAH",
    stateCode: "10",
    district: "PETALING PERDANA",
  });
  const kelSchool = await makeSchool(db, {
    code: "DEA9001",
    name: "SMK SULTAN ISMAIL",
    type: "SMK",
    level: "MENENGAH",
    stateCode: "03",
    district: "KOTA BHARU",
  });
  const admin = await makeUser(db, { role: "ADMIN", name: "Admin" });
  const nsCoordinator = await makeUser(db, { role: "COORDINATOR", name: "Penyelaras NS", stateCode: "05" });
  const selCoordinator = await makeUser(db, { role: "COORDINATOR", name: "Penyelaras Selangor", stateCode: "10" });
  const nationalCoordinator = await makeUser(db, { role: "COORDINATOR", name: "Penyelaras Kebangsaan", stateCode: null });
  const liaison = await makeUser(db, { role: "LIAISON", name: "Cikgu Ampangan", stateCode: "05", schoolId: nsSchool.id });
  const viewer = await makeUser(db, { role: "VIEWER", name: "Pemerhati" });
  const nsProgramme = await makeProgramme(db, { title: "KASIH NS 2026", stateCode: "05", year: 2026, coordinatorIds: [nsCoordinator.id] });
  const selProgramme = await makeProgramme(db, { title: "KASIH Selangor 2026", stateCode: "10", year: 2026 });
  const kelProgramme = await makeProgramme(db, { title: "KASIH Kelantan 2026", stateCode: "03", year: 2026 });
  const nsEvent = await makeEvent(db, {
    programmeId: nsProgramme.id,
    schoolId: nsSchool.id,
    title: "Sesi Seri Ampangan",
    startsAt: at("2026-12-08T09:00"),
    leadCoordinatorId: nsCoordinator.id,
  });
  const selEvent = await makeEvent(db, {
    programmeId: selProgramme.id,
    schoolId: selSchool.id,
    title: "Sesi Seksyen 9",
    startsAt: at("2026-12-09T09:00"),
  });
  return {
    nsSchool,
    nsOtherSchool,
    selSchool,
    kelSchool,
    admin,
    nsCoordinator,
    selCoordinator,
    nationalCoordinator,
    liaison,
    viewer,
    nsProgramme,
    selProgramme,
    kelProgramme,
    nsEvent,
    selEvent,
  };
}
