export const TEMPLATE_NAMES = [
  "registration-confirmation",
  "waitlisted",
  "promoted",
  "event-reminder",
  "event-changed",
  "registration-cancelled",
  "follow-up",
  "materials-receipt",
  "school-invitation",
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** Mail a person may opt out of; the rest (confirmations, changes) always goes out. */
export const NON_ESSENTIAL: readonly TemplateName[] = ["event-reminder", "follow-up"];

export const MESSAGE_STATUSES = ["QUEUED", "SENDING", "SENT", "FAILED", "CANCELLED", "PAUSED"] as const;
