/**
 * Open events for the registration benchmark: one with room for everyone, one with 50 seats (most
 * of its registrations join the waitlist) and one with 150 seats for the rush of 300 at once. On a
 * copy of the seeded demo (SQLite) or a database with reference data only (PostgreSQL), so the
 * school is made when the demo's is not there. Prints their public codes as JSON.
 */
import { db } from "../../../app/utils/db.server";
import { makeEvent, makeProgramme, makeSchool } from "../../support/factories";
import { PRIVACY_NOTICE_V1 } from "../../../prisma/seed/reference-data";

const school =
  (await db.school.findUnique({ where: { code: "NEB2069" }, select: { id: true } })) ??
  (await makeSchool(db, { code: "NEB2069", name: "SMK Seri Ampangan", stateCode: "05" }));
const programme = await makeProgramme(db, { title: "Bench: registration load", year: new Date().getFullYear(), stateCode: "05" });
const startsAt = new Date(Date.now() + 30 * 86_400_000);
const event = (title: string, capacity: number) =>
  makeEvent(db, { programmeId: programme.id, schoolId: school.id, title, startsAt, capacity, status: "SCHEDULED" });
const large = await event("Bench: large launch", 1_000_000);
const small = await event("Bench: small session", 50);
const rushes = [];
// One 150-seat event per rush run (SQLite, PostgreSQL, two servers on PostgreSQL).
for (let i = 0; i < 3; i++) rushes.push((await event(`Bench: rush ${i + 1}`, 150)).publicCode);
await db.$disconnect();
console.log(JSON.stringify({ large: large.publicCode, small: small.publicCode, rushes, noticeVersion: PRIVACY_NOTICE_V1.version }));
