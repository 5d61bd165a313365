/**
 * Two open events for the registration benchmark, on a copy of the seeded demo database: one with
 * room for everyone and one with 50 seats, so most of its registrations join the waitlist.
 * Prints their public codes as JSON.
 */
import { db } from "../../../app/utils/db.server";
import { makeEvent, makeProgramme } from "../../support/factories";
import { PRIVACY_NOTICE_V1 } from "../../../prisma/seed/reference-data";

const school = await db.school.findUniqueOrThrow({ where: { code: "NEB2069" }, select: { id: true } });
const programme = await makeProgramme(db, { title: "Bench: registration load", year: new Date().getFullYear(), stateCode: "05" });
const startsAt = new Date(Date.now() + 30 * 86_400_000);
const large = await makeEvent(db, {
  programmeId: programme.id,
  schoolId: school.id,
  title: "Bench: large launch",
  startsAt,
  capacity: 1_000_000,
  status: "SCHEDULED",
});
const small = await makeEvent(db, {
  programmeId: programme.id,
  schoolId: school.id,
  title: "Bench: small session",
  startsAt,
  capacity: 50,
  status: "SCHEDULED",
});
await db.$disconnect();
console.log(JSON.stringify({ large: large.publicCode, small: small.publicCode, noticeVersion: PRIVACY_NOTICE_V1.version }));
