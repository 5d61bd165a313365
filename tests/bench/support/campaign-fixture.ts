/**
 * A held session with N attendees who have an email (argument, default 10,000) and a follow-up
 * campaign to them scheduled for now, created as the follow-up page does (scheduleFollowUp), on a
 * copy of the seeded demo database. Prints the campaign's id as JSON.
 */
import { scheduleFollowUp } from "../../../app/modules/mail/follow-up.server";
import { nameKey } from "../../../app/modules/people/contact";
import { contactSearchText } from "../../../app/modules/people/people.server";
import { newCheckInCode, newManageToken } from "../../../app/modules/registrations/seats.server";
import { db } from "../../../app/utils/db.server";
import { makeEvent, makeProgramme } from "../../support/factories";

const size = Number(process.argv[2]) || 10_000;
const admin = await db.user.findUniqueOrThrow({
  where: { email: "admin@kasih.test" },
  select: { id: true, role: true, stateCode: true, schoolId: true },
});
const school = await db.school.findUniqueOrThrow({ where: { code: "NEB2069" }, select: { id: true } });
const programme = await makeProgramme(db, { title: "Bench: follow-up campaign", year: new Date().getFullYear(), stateCode: "05" });
const startsAt = new Date(Date.now() - 2 * 86_400_000);
const event = await makeEvent(db, {
  programmeId: programme.id,
  schoolId: school.id,
  title: "Bench: a large session held",
  startsAt,
  capacity: null,
  status: "COMPLETED",
});

const people = Array.from({ length: size }, (_, i) => {
  const fullName = `Peserta Susulan ${i + 1}`;
  const phoneE164 = `+6014${String(2_000_000 + i).padStart(7, "0")}`;
  const email = `susulan${i + 1}@contoh.my`;
  return {
    id: `bench-person-${i}`,
    fullName,
    nameKey: nameKey(fullName),
    phoneE164,
    email,
    searchText: contactSearchText({ fullName, phoneE164, email }),
  };
});
await db.$transaction(
  async (tx) => {
    for (let i = 0; i < size; i += 2000) {
      await tx.person.createMany({ data: people.slice(i, i + 2000) });
      await tx.registration.createMany({
        data: people.slice(i, i + 2000).map(({ nameKey: _key, ...p }, j) => ({
          eventId: event.id,
          personId: p.id,
          fullName: p.fullName,
          phoneE164: p.phoneE164,
          email: p.email,
          searchText: p.searchText,
          language: (i + j) % 3 === 0 ? "en" : "ms",
          category: "TEACHER",
          status: "ATTENDED",
          source: "ONLINE",
          checkInCode: newCheckInCode(),
          manageToken: newManageToken(),
          checkedInAt: startsAt,
        })),
      });
    }
  },
  { timeout: 600_000 },
);

const materials = await db.material.findMany({ where: { kind: { in: ["VIDEO", "LINK"] } }, select: { id: true } });
const scheduled = await scheduleFollowUp({ ...admin, role: admin.role as "ADMIN" }, event.id, {
  statuses: ["ATTENDED"],
  categories: [],
  materialIds: materials.map((m) => m.id),
  sendAt: new Date(),
  recipientId: undefined,
});
if (!scheduled.ok) throw new Error(`The follow-up was refused: ${scheduled.error}`);
const campaignId = scheduled.campaignId;
await db.$disconnect();
console.log(JSON.stringify({ campaignId, recipients: size }));
