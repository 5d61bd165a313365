import type { EventChange } from "../../../emails/templates/event-changed";
import { translate, type Language } from "~/modules/i18n/translate";
import type { MessageKey } from "~/modules/i18n/i18n";
import type { TemplateName } from "~/modules/mail/template-names";

/**
 * The WhatsApp template messages the app sends, each a text in both catalogues. Business-initiated
 * WhatsApp messages must use templates Meta has approved; the texts submitted for approval are made
 * from these (npm run whatsapp:templates, docs/whatsapp-templates.md), so what was approved and
 * what the app fills in cannot drift apart. A parameter is a {name} in the catalogue text and a
 * numbered {{1}} in the submitted one, in the order `params` lists.
 */
export type WhatsAppParam = "name" | "event" | "when" | "place" | "position" | "link" | "materials";

type TemplateSpec = { text: MessageKey; params: readonly WhatsAppParam[] };

export const WHATSAPP_TEMPLATES = {
  registration_confirmation: { text: "whatsapp.template.registrationConfirmation", params: ["name", "event", "when", "place", "link"] },
  waitlisted: { text: "whatsapp.template.waitlisted", params: ["name", "event", "position", "link"] },
  promoted: { text: "whatsapp.template.promoted", params: ["name", "event", "when", "place", "link"] },
  event_reminder: { text: "whatsapp.template.eventReminder", params: ["name", "event", "when", "place", "link"] },
  event_changed: { text: "whatsapp.template.eventChanged", params: ["name", "event", "when", "place", "link"] },
  event_postponed: { text: "whatsapp.template.eventPostponed", params: ["name", "event", "link"] },
  event_rescheduled: { text: "whatsapp.template.eventRescheduled", params: ["name", "event", "when", "place", "link"] },
  event_cancelled: { text: "whatsapp.template.eventCancelled", params: ["name", "event"] },
  registration_cancelled: { text: "whatsapp.template.registrationCancelled", params: ["name", "event", "link"] },
  follow_up: { text: "whatsapp.template.followUp", params: ["name", "event", "materials", "link"] },
} as const satisfies Record<string, TemplateSpec>;

export type WhatsAppTemplate = keyof typeof WHATSAPP_TEMPLATES;

/** The fixed footer of every template (a footer may hold no parameters). */
export const WHATSAPP_FOOTER: MessageKey = "whatsapp.template.footer";

/** The outbox templates that also go by WhatsApp, and which WhatsApp template each becomes. */
export const WHATSAPP_FOR: Partial<Record<TemplateName, WhatsAppTemplate | Record<EventChange, WhatsAppTemplate>>> = {
  "registration-confirmation": "registration_confirmation",
  waitlisted: "waitlisted",
  promoted: "promoted",
  "event-reminder": "event_reminder",
  "event-changed": {
    CHANGED: "event_changed",
    POSTPONED: "event_postponed",
    RESCHEDULED: "event_rescheduled",
    CANCELLED: "event_cancelled",
  },
  "registration-cancelled": "registration_cancelled",
  "follow-up": "follow_up",
};

export function goesByWhatsApp(template: TemplateName): boolean {
  return template in WHATSAPP_FOR;
}

/** The template's body as the person reads it, with the values filled in. */
export function whatsAppBody(template: WhatsAppTemplate, language: Language, values: Record<WhatsAppParam, string>): string {
  return translate(language, WHATSAPP_TEMPLATES[template].text, values);
}

/** The template's body as submitted to Meta: numbered parameters in the order they are sent. */
export function submittedBody(template: WhatsAppTemplate, language: Language): string {
  const numbered = Object.fromEntries(WHATSAPP_TEMPLATES[template].params.map((param, i) => [param, `{{${i + 1}}}`]));
  return translate(language, WHATSAPP_TEMPLATES[template].text, numbered);
}

/**
 * A parameter as the Cloud API takes it: no new lines or tabs, no more than four spaces in a row,
 * and never empty (each is refused), and not longer than a body may be.
 */
export function parameterText(value: string): string {
  const flat = value.replace(/\s+/g, " ").trim();
  return (flat || "-").slice(0, 500);
}

/** Example values for the template review (Meta asks for a sample of each parameter). */
export const EXAMPLE_VALUES: Record<Language, Record<WhatsAppParam, string>> = {
  ms: {
    name: "Siti Aminah",
    event: "Sesi KASIH Kanak-Kanak: SMK Seri Ampangan",
    when: "Selasa, 23 April 2024, 9:00 pg – 12:00 tgh",
    place: "Dewan Utama, SMK Seri Ampangan",
    position: "3",
    link: "https://kasih.example.gov.my/registration/AbC123",
    materials: "Risalah Talian Kasih: https://kasih.example.gov.my/materials/1/file",
  },
  en: {
    name: "Siti Aminah",
    event: "KASIH Kanak-Kanak session: SMK Seri Ampangan",
    when: "Tuesday, 23 April 2024, 9:00 am – 12:00 pm",
    place: "Main hall, SMK Seri Ampangan",
    position: "3",
    link: "https://kasih.example.gov.my/registration/AbC123",
    materials: "Talian Kasih leaflet: https://kasih.example.gov.my/materials/1/file",
  },
};

/**
 * The templates to submit for approval, as Markdown (docs/whatsapp-templates.md): each name, its
 * category, and its body and footer in both languages with numbered parameters and sample values.
 */
export function templatesForSubmission(prefix = "kasih_"): string {
  const lines = [
    "# WhatsApp templates to submit",
    "",
    "Generated from the app's catalogues by `npm run whatsapp:templates -- --write`; a test fails when",
    "this file and the catalogues differ. Submit each in WhatsApp Manager → Message templates, category",
    "**Utility**, once in Malay (`ms`) and once in English (`en`), with the body and footer below and",
    `the sample values given. The names carry the prefix \`${prefix}\` (WHATSAPP_TEMPLATE_PREFIX).`,
  ];
  for (const [name, spec] of Object.entries(WHATSAPP_TEMPLATES) as [WhatsAppTemplate, TemplateSpec][]) {
    lines.push("", `## ${prefix}${name}`, "");
    for (const language of ["ms", "en"] as const) {
      lines.push(
        `### ${language === "ms" ? "Malay (ms)" : "English (en)"}`,
        "",
        "Body:",
        "",
        "```text",
        submittedBody(name, language),
        "```",
        "",
      );
      lines.push(`Footer: ${translate(language, WHATSAPP_FOOTER)}`, "");
      lines.push(`Samples: ${spec.params.map((param, i) => `{{${i + 1}}} ${EXAMPLE_VALUES[language][param]}`).join(" · ")}`, "");
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
