/**
 * Every enumeration a person sees, with the one way to put it into words: `labels.<enum>(t, value)`.
 * Raw codes ("ATTENDED", "LINK", "DAMAGED") never reach a page, an export or an email. The type
 * below refuses an enumeration whose values do not all have a catalogue key, and
 * tests/integration/enum-labels.test.ts walks every value of every enumeration in both languages.
 */
import { AUDIT_ACTIONS } from "~/modules/audit/audit-actions";
import { ROLES } from "~/modules/auth/permissions";
import { GRADES, SEXES } from "~/modules/children/pupil-schema";
import { EVENT_STATUSES, EVENT_TYPES, REGISTRATION_CATEGORIES } from "~/modules/events/event-rules";
import { EXPORT_DATASETS, EXPORT_STATUSES } from "~/modules/exports/export-schema";
import { KNOWLEDGE_QUESTIONS, RATINGS, REPORT_OPTIONS, SIGNS_OPTIONS } from "~/modules/feedback/feedback-schema";
import { INVITATION_STATUSES } from "~/modules/invitations/invitation-schema";
import { CAMPAIGN_KINDS, CAMPAIGN_STATUSES, MESSAGE_STATUSES, TEMPLATE_NAMES } from "~/modules/mail/template-names";
import {
  ADJUSTMENT_REASONS,
  AUDIENCES,
  MATERIAL_KINDS,
  MATERIAL_LANGUAGES,
  MOVEMENT_TYPES,
  RECIPIENT_TYPES,
  TOTAL_GROUPS,
} from "~/modules/materials/material-schema";
import { IMPORT_ACTIONS, IMPORT_FIELDS, REGISTRATION_SOURCES, REGISTRATION_STATUSES } from "~/modules/registrations/registration-schema";
import { EVENT_WHEN } from "~/modules/events/event-schema";
import { COVERAGE_STATUSES } from "~/modules/reports/coverage-statuses";
import { SCHOOL_LEVELS } from "~/modules/schools/school-schema";
import type { MessageKey, MessageParams, Translate } from "./translate";

type AllKeys<P extends string, V extends readonly string[]> = `${P}.${V[number]}`;

export type EnumLabel<V extends readonly string[]> = {
  /** Every value, in order (for selects, filters and the labels test). */
  readonly values: V;
  readonly prefix: string;
  /** The value in words; text that is not one of the values (free text, an old code) is shown as it is. */
  (t: Translate, value: string | null | undefined, params?: MessageParams): string;
  /** `{ value, label }` for each value, for a select or a list of checkboxes. */
  options(t: Translate, only?: readonly string[]): { value: V[number]; label: string }[];
};

/** An enumeration's labels; does not compile unless every `${prefix}.${value}` is a catalogue key. */
function enumLabel<P extends string, const V extends readonly string[]>(
  prefix: P,
  values: AllKeys<P, V> extends MessageKey ? V : never,
): EnumLabel<V> {
  const known = new Set<string>(values);
  // The one cast of a built key: the parameter type above proves every such key exists.
  const label = (t: Translate, value: string | null | undefined, params?: MessageParams) =>
    value == null ? "" : known.has(value) ? t(`${prefix}.${value}` as MessageKey, params) : value;
  return Object.assign(label, {
    values,
    prefix,
    options: (t: Translate, only?: readonly string[]) =>
      values.filter((v) => !only || only.includes(v)).map((value) => ({ value: value as V[number], label: label(t, value) })),
  });
}

export const labels = {
  registrationStatus: enumLabel("registration.status", REGISTRATION_STATUSES),
  registrationCategory: enumLabel("registration.category", REGISTRATION_CATEGORIES),
  registrationSource: enumLabel("registration.source", REGISTRATION_SOURCES),
  eventType: enumLabel("event.type", EVENT_TYPES),
  eventStatus: enumLabel("event.status", EVENT_STATUSES),
  materialKind: enumLabel("material.kind", MATERIAL_KINDS),
  materialLanguage: enumLabel("material.language", MATERIAL_LANGUAGES),
  materialAudience: enumLabel("material.audience", AUDIENCES),
  stockMovementType: enumLabel("stock.type", MOVEMENT_TYPES),
  stockReason: enumLabel("stock.reason", ADJUSTMENT_REASONS),
  deliveryRecipient: enumLabel("delivery.recipient", RECIPIENT_TYPES),
  materialTotalsBy: enumLabel("totals.by", TOTAL_GROUPS),
  invitationStatus: enumLabel("invitations.status", INVITATION_STATUSES),
  campaignKind: enumLabel("followUp.kind", CAMPAIGN_KINDS),
  campaignStatus: enumLabel("followUp.status", CAMPAIGN_STATUSES),
  messageStatus: enumLabel("outbox.status", MESSAGE_STATUSES),
  messageTemplate: enumLabel("outbox.template", TEMPLATE_NAMES),
  role: enumLabel("role", ROLES),
  coverageStatus: enumLabel("coverage.status", COVERAGE_STATUSES),
  schoolLevel: enumLabel("school.level", SCHOOL_LEVELS),
  pupilGrade: enumLabel("pupils.grade", GRADES),
  pupilSex: enumLabel("pupils.sex", SEXES),
  auditAction: enumLabel("audit.act", AUDIT_ACTIONS),
  exportDataset: enumLabel("exports.dataset", EXPORT_DATASETS),
  exportStatus: enumLabel("exports.status", EXPORT_STATUSES),
  feedbackSigns: enumLabel("feedback.signs", SIGNS_OPTIONS),
  feedbackReport: enumLabel("feedback.report", REPORT_OPTIONS),
  feedbackQuestion: enumLabel("feedback.q", KNOWLEDGE_QUESTIONS),
  feedbackRating: enumLabel("feedback.rating", RATINGS),
  // The same values in other words: a participant's own status, the button that moves an event there.
  participantStatus: enumLabel("register.status", REGISTRATION_STATUSES),
  eventTransition: enumLabel("event.transition", EVENT_STATUSES),
  eventWhen: enumLabel("event.when", EVENT_WHEN),
  importField: enumLabel("registrationImport.field", IMPORT_FIELDS),
  importAction: enumLabel("registrationImport.action", IMPORT_ACTIONS),
  importCount: enumLabel("registrationImport.count", IMPORT_ACTIONS),
} as const;
