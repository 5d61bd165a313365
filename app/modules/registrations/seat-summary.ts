/**
 * How an event's seats stand, in words people can trust. Seats are held by people registered or
 * present; walk-ins (and someone let in from the waitlist at the door) are present whatever the
 * capacity, so the people present can be more than the seats: that is said, not "7 of 5 seats".
 */
export type SeatSummary =
  | { kind: "unlimited"; seated: number }
  | { kind: "free"; capacity: number; seated: number; free: number; waiting: number }
  | { kind: "full"; capacity: number; seated: number; over: number; waiting: number };

export function seatSummary(capacity: number | null, counts: Record<string, number | undefined>): SeatSummary {
  const seated = (counts.REGISTERED ?? 0) + (counts.ATTENDED ?? 0);
  const waiting = counts.WAITLISTED ?? 0;
  if (capacity === null) return { kind: "unlimited", seated };
  if (seated < capacity) return { kind: "free", capacity, seated, free: capacity - seated, waiting };
  return { kind: "full", capacity, seated, over: seated - capacity, waiting };
}
