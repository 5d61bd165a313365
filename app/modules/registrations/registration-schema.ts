import { z } from "zod";
import { REGISTRATION_CATEGORIES } from "~/modules/events/event-rules";
import { LANGUAGES } from "~/modules/i18n/i18n";
import { normaliseMobile } from "~/modules/people/contact";
import { checkbox, cleanInput, optionalEmail, optionalText, requiredChoice, requiredText } from "~/utils/zod";

export const REGISTRATION_STATUSES = ["REGISTERED", "WAITLISTED", "ATTENDED", "NO_SHOW", "CANCELLED"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const REGISTRATION_SOURCES = ["ONLINE", "WALK_IN", "IMPORT", "STAFF"] as const;
/** Statuses that hold a seat. */
export const SEATED: RegistrationStatus[] = ["REGISTERED", "ATTENDED"];

/** Talian Kasih 15999 and its WhatsApp line 019-2615999: printed on every page, never a participant's own. */
const HELPLINE_E164 = "+60192615999";
const HELPLINE_SHORT_CODE = "15999";

/** Whether a typed number is the helpline's own (people copy it from the poster into the form). */
export function isHelplineNumber(input: string, e164 = normaliseMobile(input)): boolean {
  const digits = input.replace(/\D/g, "");
  return digits === HELPLINE_SHORT_CODE || e164 === HELPLINE_E164;
}

/** A mobile number as E.164, or the reason it is refused. */
function mobileE164(value: string, ctx: z.RefinementCtx): string {
  // Parsed once: the full metadata's parse is most of what checking a form costs.
  const e164 = normaliseMobile(value);
  if (isHelplineNumber(value, e164)) {
    ctx.addIssue({ code: "custom", message: "errors.phoneIsHelpline" });
    return z.NEVER;
  }
  if (e164) return e164;
  ctx.addIssue({ code: "custom", message: "errors.phone" });
  return z.NEVER;
}

const mobile = (required: boolean) =>
  z.preprocess(
    (v) => cleanInput(v),
    required
      ? z
          .string({ error: (issue) => (issue.input === undefined ? "errors.required" : "errors.phone") })
          .max(30, "errors.phone")
          .transform(mobileE164)
      : z.string({ error: "errors.phone" }).max(30, "errors.phone").transform(mobileE164).optional(),
  );

const personFields = {
  fullName: requiredText(120).refine((v) => v.length >= 2, "errors.nameTooShort"),
  email: optionalEmail(),
  category: requiredChoice(REGISTRATION_CATEGORIES),
  organisation: optionalText(150),
  pibgRole: optionalText(80),
  language: z.enum(LANGUAGES).catch("ms"),
};

/** The public form. `website` is a honeypot: people never see it, bots fill it in. */
export const PublicRegistrationSchema = z.object({
  ...personFields,
  phone: mobile(true),
  consent: z.literal("on", { error: "errors.consentRequired" }),
  /** Asked apart from the notice, and only while the WhatsApp channel is on: ticked, messages may go by WhatsApp. */
  whatsappConsent: checkbox().optional(),
  noticeVersion: z.string().max(40),
  website: z.string().max(0, "errors.invalid").optional(),
});
export type PublicRegistrationInput = z.infer<typeof PublicRegistrationSchema>;

/** Staff adding someone (and quick walk-ins at the door): a phone is welcome but not required. */
export const StaffRegistrationSchema = z.object({
  ...personFields,
  phone: mobile(false),
  status: z.enum(["REGISTERED", "WAITLISTED", "ATTENDED"]).default("REGISTERED"),
  consent: z.literal("on", { error: "errors.consentInformed" }),
});
export type StaffRegistrationInput = z.infer<typeof StaffRegistrationSchema>;

/**
 * A participant correcting their own phone or email from their personal page (the public form
 * answers "already registered" to the same name with a new phone, and points here).
 */
export const OwnContactSchema = z
  .object({
    intent: z.literal("contact"),
    phone: mobile(false),
    email: optionalEmail(),
  })
  .refine((contact) => contact.phone || contact.email, { path: ["phone"], message: "errors.phoneOrEmailRequired" });
export type OwnContactInput = z.infer<typeof OwnContactSchema>;

/**
 * A person's details as every registration form gives them (the public form, staff, a walk-in at
 * check-in), in the terms createRegistration stores: the phone is already E.164 from the schema.
 */
export function registrationDetails(input: {
  fullName: string;
  phone?: string | null;
  email?: string | null;
  language: string;
  category: string;
  organisation?: string | null;
  pibgRole?: string | null;
}) {
  const { fullName, phone, email, language, category, organisation, pibgRole } = input;
  return { fullName, phoneE164: phone, email, language, category, organisation, pibgRole };
}

export const EditRegistrationSchema = z.object({
  ...personFields,
  phone: mobile(false),
  status: requiredChoice(REGISTRATION_STATUSES),
});
export type EditRegistrationInput = z.infer<typeof EditRegistrationSchema>;

export const RegistrationFilterSchema = z.object({
  q: optionalText(100).catch(undefined),
  category: z.enum(REGISTRATION_CATEGORIES).optional().catch(undefined),
  status: z.enum(REGISTRATION_STATUSES).optional().catch(undefined),
  source: z.enum(REGISTRATION_SOURCES).optional().catch(undefined),
});
export type RegistrationFilters = z.infer<typeof RegistrationFilterSchema>;

/** The fields a school's participant list can fill in a registration import. */
export const IMPORT_FIELDS = ["fullName", "phone", "email", "category", "organisation", "pibgRole"] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** What an import does with each row. */
export const IMPORT_ACTIONS = ["create", "existing", "reject"] as const;
