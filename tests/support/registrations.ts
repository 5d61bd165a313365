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
