/**
 * Check-in opens on a session's own day (CHECK_IN_OPENS_AT), so the check-in tests need a session
 * happening now. The demo's next visit at SMK Seri Ampangan (with its registered participants) is
 * moved to now: started half an hour ago, ending in three hours. Run after the seed, with the same
 * DATABASE_URL.
 */
import { db } from "../../../app/utils/db.server";

const event = await db.event.findFirst({
  where: { school: { code: "NEB2069" }, status: "SCHEDULED", startsAt: { gt: new Date() } },
  orderBy: { startsAt: "asc" },
  select: { id: true },
});
if (!event) throw new Error("The demo has no visit coming up at SMK Seri Ampangan (NEB2069) to hold today.");
const now = Date.now();
await db.event.update({
  where: { id: event.id },
  data: {
    startsAt: new Date(now - 30 * 60_000),
    endsAt: new Date(now + 3 * 3_600_000),
    registrationOpensAt: null,
    registrationClosesAt: null,
  },
});
await db.$disconnect();
