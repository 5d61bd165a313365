/** Event vocabulary and the status machine, shared by server rules and UI buttons. */
export const EVENT_TYPES = ["LAUNCH", "SCHOOL_SESSION", "COMMUNITY_SESSION"] as const;

export const EVENT_STATUSES = ["DRAFT", "SCHEDULED", "COMPLETED", "POSTPONED", "CANCELLED"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const REGISTRATION_CATEGORIES = ["TEACHER", "PIBG", "COMMUNITY", "OFFICIAL", "VOLUNTEER"] as const;
export type RegistrationCategory = (typeof REGISTRATION_CATEGORIES)[number];
export const DEFAULT_CATEGORIES: RegistrationCategory[] = ["TEACHER", "PIBG", "COMMUNITY"];

const TRANSITIONS: Record<EventStatus, readonly EventStatus[]> = {
  DRAFT: ["SCHEDULED", "CANCELLED"],
  SCHEDULED: ["COMPLETED", "POSTPONED", "CANCELLED", "DRAFT"],
  POSTPONED: ["SCHEDULED", "CANCELLED"],
  COMPLETED: [],
  CANCELLED: [],
};

/** Moves that need a reason recorded with them. */
export const REASON_REQUIRED: readonly EventStatus[] = ["POSTPONED", "CANCELLED"];

export function allowedTransitions(from: string): readonly EventStatus[] {
  return TRANSITIONS[from as EventStatus] ?? [];
}

export function canTransition(from: string, to: string): boolean {
  return allowedTransitions(from).includes(to as EventStatus);
}

export function parseCategories(value: string): RegistrationCategory[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s): s is RegistrationCategory => (REGISTRATION_CATEGORIES as readonly string[]).includes(s));
}
