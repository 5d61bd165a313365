/** Whether an event takes public registrations now, and if not, why (each reason has a message). */
export type RegistrationWindow =
  | { open: true }
  | { open: false; reason: "draft" | "cancelled" | "postponed" | "ended" | "closed" }
  | { open: false; reason: "notYet"; opensAt: Date };

type EventTimes = {
  status: string;
  startsAt: Date;
  endsAt: Date;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
};

export function registrationWindow(event: EventTimes, now = new Date()): RegistrationWindow {
  if (event.status === "CANCELLED") return { open: false, reason: "cancelled" };
  if (event.status === "POSTPONED") return { open: false, reason: "postponed" };
  if (event.status === "DRAFT") return { open: false, reason: "draft" };
  if (event.status === "COMPLETED" || event.endsAt <= now) return { open: false, reason: "ended" };
  if (event.registrationOpensAt && event.registrationOpensAt > now)
    return { open: false, reason: "notYet", opensAt: event.registrationOpensAt };
  // Without a closing time, people can still register until the session ends (late arrivals at the door).
  if (event.registrationClosesAt && event.registrationClosesAt <= now) return { open: false, reason: "closed" };
  return { open: true };
}
