import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/**
 * A mobile number in any way Malaysians write it (019-2615999, 0192615999, +60 19-261 5999,
 * 60192615999), or a foreign mobile with its + prefix, as E.164 (+60192615999). Null when it is
 * not a mobile number: reminders and WhatsApp follow-up need one.
 */
export function normaliseMobile(input: string): string | null {
  const compact = input.trim();
  if (!compact || compact.length > 30 || !/^[+\d\s().-]+$/.test(compact)) return null;
  const phone = parsePhoneNumberFromString(compact, "MY");
  if (!phone?.isValid()) return null;
  const type = phone.getType();
  return type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE" ? phone.number : null;
}

/** "+60192615999" → "019-261 5999" for display to the person themselves and to staff. */
export function formatMobile(e164: string | null | undefined): string {
  if (!e164) return "";
  const phone = parsePhoneNumberFromString(e164);
  return phone ? (phone.countryCallingCode === "60" ? phone.formatNational() : phone.formatInternational()) : e164;
}

/** A Malaysian mobile in E.164 (+601, then 8 or 9 digits; not 015, whose numbers are written 0159-…): its national form starts "01X-". */
const MALAYSIAN_MOBILE = /^\+601[0-46-9]\d{7,8}$/;

/** "+60192615999" → "019-•••• 999": enough to tell people apart, not enough to call them. */
export function maskMobile(e164: string | null | undefined): string {
  // Nearly every number here is Malaysian: masked without parsing (the parse cost ~10 µs a row,
  // a tenth of a second on a 10,000-person check-in list), exactly as the general path below would.
  if (e164 && MALAYSIAN_MOBILE.test(e164)) return `0${e164.slice(3, 5)}-••••${e164.slice(-3)}`;
  const shown = formatMobile(e164);
  if (!shown) return "";
  const digits = shown.replace(/\D/g, "");
  if (digits.length < 7) return "•••";
  return `${shown.slice(0, 4)}••••${shown.slice(-3)}`;
}

/** "siti@example.my" → "s•••@example.my". */
export function maskEmail(email: string | null | undefined): string {
  if (!email) return "";
  const [local, domain] = email.split("@");
  return `${local.slice(0, 1)}•••@${domain ?? ""}`;
}

/**
 * A name without case, accents, spaces or punctuation: "Siti Aminah binti Hassan" and
 * "SITI AMINAH BINTI  HASSAN" are one key, "Siti" and "Siti Aminah binti Hassan" are two. Part of
 * a person's identity (with their phone or email), so it never matches on a part of a name.
 */
export function nameKey(name: string): string {
  const key = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
  // A "name" of punctuation only still needs a key of its own.
  return key || name.trim().toLowerCase();
}

const DETAIL_FIELDS = ["fullName", "phoneE164", "email", "language"] as const;

/** The names of the contact details that differ (for the audit trail). */
export function changedDetails(
  before: Record<(typeof DETAIL_FIELDS)[number], string | null>,
  after: Record<(typeof DETAIL_FIELDS)[number], string | null>,
): string[] {
  return DETAIL_FIELDS.filter((field) => (before[field] ?? null) !== (after[field] ?? null));
}
