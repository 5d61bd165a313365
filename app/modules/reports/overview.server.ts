import { eventScope, programmeScope, type ScopedUser } from "~/modules/auth/scope.server";
import { db } from "~/utils/db.server";

/** The first screen after sign-in: what is coming up and how the user's programmes stand. */
export async function overview(user: ScopedUser, now = new Date()) {
  const scope = eventScope(user);
  const [upcoming, completed, scheduled, drafts, programmes] = await Promise.all([
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
        _count: { select: { registrations: { where: { status: { in: ["REGISTERED", "ATTENDED"] } } } } },
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
  return { upcoming, counts: { completed, scheduled, drafts }, programmes };
}
