/**
 * Realistic sample data for the email preview (`npm run email`) and the rendering tests: one
 * builder per template, for either language.
 */
import type { Language } from "../app/modules/i18n/translate";
import type { EmailEvent } from "./components/event-facts";
import type { EventChangedProps } from "./templates/event-changed";
import type { EventReminderProps } from "./templates/event-reminder";
import type { FollowUpProps } from "./templates/follow-up";
import type { MaterialsReceiptProps } from "./templates/materials-receipt";
import type { PromotedProps } from "./templates/promoted";
import type { RegistrationCancelledProps } from "./templates/registration-cancelled";
import type { RegistrationConfirmationProps } from "./templates/registration-confirmation";
import type { SchoolInvitationProps } from "./templates/school-invitation";
import type { WaitlistedProps } from "./templates/waitlisted";

const APP = "https://kasih.example.gov.my";

export const sampleEvent: EmailEvent = {
  title: "Sesi Advokasi KASIH Kanak-Kanak: SMK Seri Ampangan",
  startsAt: "2026-12-08T01:00:00.000Z",
  endsAt: "2026-12-08T04:00:00.000Z",
  place: "Dewan Besar, SMK SERI AMPANGAN",
  address: "Jalan Ampangan, 70400 Seremban, Negeri Sembilan",
  mapUrl: "https://www.google.com/maps/search/?api=1&query=2.7381,101.9598",
};

const person = { name: "Cikgu Norhayati binti Kassim" };
const manageUrl = `${APP}/registration/Zm9vYmFyYmF6cXV4cXV1eA`;
const unsubscribeUrl = `${APP}/unsubscribe/sample.signature`;

export const samples = {
  "registration-confirmation": (language: Language): RegistrationConfirmationProps => ({
    language,
    ...person,
    event: sampleEvent,
    manageUrl,
    checkInCode: "4DVCB9TB",
  }),
  waitlisted: (language: Language): WaitlistedProps => ({ language, ...person, event: sampleEvent, manageUrl, position: 3 }),
  promoted: (language: Language): PromotedProps => ({ language, ...person, event: sampleEvent, manageUrl, checkInCode: "4DVCB9TB" }),
  "event-reminder": (language: Language): EventReminderProps => ({
    language,
    ...person,
    event: sampleEvent,
    manageUrl,
    checkInCode: "4DVCB9TB",
    unsubscribeUrl,
  }),
  "event-changed": (language: Language): EventChangedProps => ({
    language,
    ...person,
    event: sampleEvent,
    change: "POSTPONED",
    reason: "Banjir di kawasan sekolah",
    manageUrl,
  }),
  "registration-cancelled": (language: Language): RegistrationCancelledProps => ({
    language,
    ...person,
    event: sampleEvent,
    byStaff: false,
    registrationUrl: `${APP}/r/6dnr9faj6e`,
  }),
  "follow-up": (language: Language): FollowUpProps => ({
    language,
    ...person,
    eventTitle: sampleEvent.title,
    attended: true,
    materials: [
      {
        title: language === "en" ? "Child protection guide for teachers (PDF)" : "Panduan perlindungan kanak-kanak untuk guru (PDF)",
        url: `${APP}/materials/m1/file`,
        description: null,
      },
      {
        title: language === "en" ? "Talian Kasih 15999 video" : "Video Talian Kasih 15999",
        url: "https://www.kpwkm.gov.my",
        description: null,
      },
    ],
    feedbackUrl: `${APP}/feedback/6dnr9faj6e?r=token`,
    unsubscribeUrl,
  }),
  "materials-receipt": (language: Language): MaterialsReceiptProps => ({
    language,
    recipientName: "PIBG SMK Seri Ampangan",
    eventTitle: sampleEvent.title,
    items: [
      {
        title: language === "en" ? "Talian Kasih 15999 pamphlet" : "Risalah Talian Kasih 15999",
        quantity: 120,
        unit: language === "en" ? "copies" : "naskhah",
      },
      {
        title: language === "en" ? "KASIH Kanak-Kanak poster" : "Poster KASIH Kanak-Kanak",
        quantity: 10,
        unit: language === "en" ? "sheets" : "helai",
      },
    ],
    acknowledgedBy: "Encik Lim Boon Hock (Yang Dipertua PIBG)",
    acknowledgedAt: "8 Dis 2026, 12.15 tengah hari",
  }),
  "school-invitation": (language: Language): SchoolInvitationProps => ({
    language,
    schoolName: "SMK SERI AMPANGAN",
    headTeacherName: "Puan Pengetua",
    event: sampleEvent,
    coordinatorName: "Puan Rohana Abdul Karim",
    coordinatorEmail: "penyelaras.ns@kasih.test",
    registrationUrl: `${APP}/r/6dnr9faj6e`,
  }),
};
