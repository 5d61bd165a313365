import { newFormToken } from "../../app/modules/audit/form-once.server";
import type { PublicRegistrationInput } from "../../app/modules/registrations/registration-schema";
import { PRIVACY_NOTICE_V1 } from "../../prisma/seed/reference-data";

/** A valid public registration; `n` makes the phone and name unique. */
export function teacher(n: number, overrides: Partial<PublicRegistrationInput> = {}): PublicRegistrationInput {
  return {
    fullName: `Cikgu Ujian ${n}`,
    phone: `+6012${String(3000000 + n).padStart(7, "0")}`,
    email: `cikgu${n}@sekolah.test`,
    category: "TEACHER",
    language: "ms",
    consent: "on",
    noticeVersion: PRIVACY_NOTICE_V1.version,
    organisation: "SMK Seri Ampangan",
    ...overrides,
  };
}

/** What the public form sends for person `n` (their own phone and email), with a fresh one-time token. */
export function publicFormFields(n: number) {
  return {
    fullName: `Peserta Kira ${n}`,
    phone: `+6019${String(7000000 + n).padStart(7, "0")}`,
    email: `kira${n}@contoh.my`,
    category: "COMMUNITY",
    language: "ms",
    consent: "on",
    noticeVersion: PRIVACY_NOTICE_V1.version,
    website: "",
    formToken: newFormToken(),
  };
}
