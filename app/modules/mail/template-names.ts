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

/** A campaign: an event's automatic reminder, or a follow-up a coordinator prepares. */
export const CAMPAIGN_KINDS = ["REMINDER", "FOLLOW_UP"] as const;
/** EXPANDING: a worker is turning the audience into outbox messages. */
export const CAMPAIGN_STATUSES = ["DRAFT", "SCHEDULED", "EXPANDING", "SENDING", "PAUSED", "DONE", "CANCELLED"] as const;
