import { eventScope, programmeScope, type ScopedUser } from "~/modules/auth/scope.server";
import { db } from "~/utils/db.server";

/** The first screen after sign-in: what is coming up and how the user's programmes stand. */
export async function overview(user: ScopedUser, now = new Date()) {
  const scope = eventScope(user);
  const [coming, completed, scheduled, drafts, programmes] = await Promise.all([
    db.event.findMany({
      where: { AND: [scope, { endsAt: { gte: now } }, { status: { in: ["SCHEDULED", "DRAFT", "POSTPONED"] } }] },
      select: {
        id: true,
        title: true,
        type: true,
        status: true,
        startsAt: true,
        capacity: true,
        venue: true,
        school: { select: { code: true, name: true } },
        state: { select: { name: true } },
        district: { select: { name: true } },
      },
      orderBy: { startsAt: "asc" },
      take: 8,
    }),
    db.event.count({ where: { AND: [scope, { status: "COMPLETED" }] } }),
    db.event.count({ where: { AND: [scope, { status: "SCHEDULED" }, { endsAt: { gte: now } }] } }),
    db.event.count({ where: { AND: [scope, { status: "DRAFT" }] } }),
    db.programme.findMany({
      where: programmeScope(user),
      select: { id: true, title: true, year: true, state: { select: { name: true } } },
      orderBy: [{ year: "desc" }, { title: "asc" }],
      take: 6,
    }),
  ]);
  // Seats taken at those eight events only: Prisma's `_count` on the list would count the
  // registrations of every event in the country first (a grouped scan of 100,000 rows).
  const taken = await db.registration.groupBy({
    by: ["eventId"],
    where: { eventId: { in: coming.map((e) => e.id) }, status: { in: ["REGISTERED", "ATTENDED"] } },
    _count: { _all: true },
  });
  const takenAt = new Map(taken.map((t) => [t.eventId, t._count._all]));
  const upcoming = coming.map((e) => ({ ...e, _count: { registrations: takenAt.get(e.id) ?? 0 } }));
  return { upcoming, counts: { completed, scheduled, drafts }, programmes };
}
