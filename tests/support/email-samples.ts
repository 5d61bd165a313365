import { renderEmail } from "../../app/modules/mail/render.server";
import { TEMPLATE_NAMES, type TemplateName } from "../../app/modules/mail/template-names";
import { samples } from "../../emails/sample-data";
import EventChanged from "../../emails/templates/event-changed";
import EventReminder from "../../emails/templates/event-reminder";
import FollowUp from "../../emails/templates/follow-up";
import MaterialsReceipt from "../../emails/templates/materials-receipt";
import Promoted from "../../emails/templates/promoted";
import RegistrationCancelled from "../../emails/templates/registration-cancelled";
import RegistrationConfirmation from "../../emails/templates/registration-confirmation";
import SchoolInvitation from "../../emails/templates/school-invitation";
import Waitlisted from "../../emails/templates/waitlisted";

/** Every template the outbox knows, by name. */
export const templateComponents = {
  "registration-confirmation": RegistrationConfirmation,
  waitlisted: Waitlisted,
  promoted: Promoted,
  "event-reminder": EventReminder,
  "event-changed": EventChanged,
  "registration-cancelled": RegistrationCancelled,
  "follow-up": FollowUp,
  "materials-receipt": MaterialsReceipt,
  "school-invitation": SchoolInvitation,
} as const satisfies Record<TemplateName, unknown>;

/** The shapes a template takes beyond its sample: each kind of change, a test send, an invitation without a date. */
const VARIANTS: { name: TemplateName; label: string; props: Record<string, unknown> }[] = [
  { name: "event-changed", label: "moved", props: { change: "CHANGED", reason: null } },
  { name: "event-changed", label: "going-ahead", props: { change: "RESCHEDULED", reason: null } },
  { name: "event-changed", label: "cancelled", props: { change: "CANCELLED" } },
  { name: "registration-cancelled", label: "by-staff", props: { byStaff: true, registrationUrl: null } },
  { name: "follow-up", label: "test", props: { test: true } },
  { name: "school-invitation", label: "proposed-dates", props: { event: null, registrationUrl: null, proposedDates: "Selasa atau Rabu" } },
];

export type RenderedSample = { file: string; name: TemplateName; language: "ms" | "en"; html: string; text: string };

/** Every template in both languages, from the sample data, and the variants: what the email checks look at. */
export async function renderEverySample(): Promise<RenderedSample[]> {
  const cases = TEMPLATE_NAMES.flatMap((name) => [
    { name, label: "sample", props: {} as Record<string, unknown> },
    ...VARIANTS.filter((v) => v.name === name),
  ]);
  const rendered: RenderedSample[] = [];
  for (const { name, label, props } of cases) {
    for (const language of ["ms", "en"] as const) {
      const { html, text } = await renderEmail({
        component: templateComponents[name],
        props: { ...(samples[name](language) as Record<string, unknown>), ...props },
      });
      rendered.push({ file: `${name}.${label}.${language}.html`, name, language, html, text });
    }
  }
  return rendered;
}
