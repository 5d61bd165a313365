import type { ComponentType } from "react";
import EventChanged, { EVENT_CHANGE_TEXT, type EventChange, type EventChangedProps } from "../../../emails/templates/event-changed";
import EventReminder, { type EventReminderProps } from "../../../emails/templates/event-reminder";
import FollowUp, { type FollowUpProps } from "../../../emails/templates/follow-up";
import MaterialsReceipt, { type MaterialsReceiptProps } from "../../../emails/templates/materials-receipt";
import Promoted, { type PromotedProps } from "../../../emails/templates/promoted";
import RegistrationCancelled, { type RegistrationCancelledProps } from "../../../emails/templates/registration-cancelled";
import RegistrationConfirmation, { type RegistrationConfirmationProps } from "../../../emails/templates/registration-confirmation";
import SchoolInvitation, { type SchoolInvitationProps } from "../../../emails/templates/school-invitation";
import Waitlisted, { type WaitlistedProps } from "../../../emails/templates/waitlisted";
import type { EmailEvent } from "../../../emails/components/event-facts";
import type { IcsMethod } from "~/modules/calendar/ics";
import { icsMessage, participantEventToIcs, participantUrl } from "~/modules/events/event-ics.server";
import { isLanguage, translator, type Language } from "~/modules/i18n/translate";
import { checkInPayload, qrPng } from "~/modules/registrations/qr-code.server";
import { waitlistPosition } from "~/modules/registrations/seats.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { NON_ESSENTIAL, type TemplateName } from "./template-names";
import { exampleUnsubscribeUrl, unsubscribeUrl } from "./unsubscribe.server";

/** The name the calendar part has as an attached file. */
export const CALENDAR_FILE_NAME = "kasih-kanak-kanak.ics";

export type Attachment = { filename: string; content: Buffer | string; contentType: string; cid?: string };

export type ComposedEmail = {
  subject: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  component: ComponentType<any>;
  props: Record<string, unknown>;
  attachments: Attachment[];
  /** The event for the recipient's calendar: a copy to keep, an update or a cancellation (sent as text/calendar) */
  calendar?: { method: IcsMethod; content: string };
  /** Where a reply goes, when someone is expected to answer (the sender is a no-reply address) */
  replyTo?: { name: string; address: string };
  unsubscribeUrl?: string;
  /**
   * Props that differ from one recipient to the next (text values only), where everything else
   * is the same for many: the email is then rendered once and these filled in (render.server.ts).
   */
  personal?: string[];
};

/** What the message row says; the composer fills in everything else from the database at send time. */
export type MessageToCompose = {
  template: string;
  language: string;
  toName: string | null;
  /** The recipient, named in a calendar update; absent for previews */
  toEmail?: string | null;
  payload: string;
  personId: string | null;
};

const eventSelect = {
  id: true,
  title: true,
  status: true,
  statusReason: true,
  startsAt: true,
  endsAt: true,
  calendarSequence: true,
  venue: true,
  publicCode: true,
  school: {
    select: { name: true, address: true, postcode: true, town: true, latitude: true, longitude: true, email: true, headTeacherName: true },
  },
  state: { select: { name: true } },
} as const;

export type LoadedEvent = NonNullable<Awaited<ReturnType<typeof loadEvent>>>;
function loadEvent(eventId: string) {
  return db.event.findUnique({
    where: { id: eventId },
    select: { ...eventSelect, leadCoordinator: { select: { name: true, email: true } } },
  });
}

export function emailEvent(event: LoadedEvent): EmailEvent {
  const place = [event.venue, event.school?.name].filter(Boolean).join(", ") || event.state.name;
  const address = [event.school?.address, [event.school?.postcode, event.school?.town].filter(Boolean).join(" "), event.state.name]
    .filter(Boolean)
    .join(", ");
  const mapQuery =
    event.school?.latitude && event.school.longitude ? `${event.school.latitude},${event.school.longitude}` : `${place}, ${address}`;
  return {
    title: event.title,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    place,
    address,
    mapUrl: `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(mapQuery)}`,
  };
}

const registrationSelect = {
  id: true,
  status: true,
  eventId: true,
  waitlistedAt: true,
  checkInCode: true,
  manageToken: true,
  fullName: true,
  phoneE164: true,
  personId: true,
  person: { select: { unsubscribedAt: true, erasedAt: true } },
  event: { select: eventSelect },
} as const;

type LoadedRegistration = NonNullable<Awaited<ReturnType<typeof loadRegistration>>>;
export async function loadRegistration(registrationId: string) {
  return db.registration.findUnique({ where: { id: registrationId }, select: registrationSelect });
}

/**
 * What the messages of one batch share, read once for all of them: their registrations in one
 * query (instead of one each), and each campaign's materials once per language (a follow-up sends
 * the same ones to thousands). Read when the batch is claimed, so at most the batch's sending time
 * (seconds) before each message goes; the worker makes one per batch.
 */
export type ComposeBatch = {
  registrations: Map<string, LoadedRegistration>;
  materials: Map<string, Promise<Awaited<ReturnType<typeof followUpMaterials>>>>;
};

export async function readBatch(messages: Pick<MessageToCompose, "payload">[]): Promise<ComposeBatch> {
  const ids = new Set<string>();
  for (const message of messages) {
    const id = (JSON.parse(message.payload) as { registrationId?: unknown }).registrationId;
    if (typeof id === "string") ids.add(id);
  }
  const rows = ids.size ? await db.registration.findMany({ where: { id: { in: [...ids] } }, select: registrationSelect }) : [];
  return { registrations: new Map(rows.map((r) => [r.id, r])), materials: new Map() };
}

/**
 * Builds the email a message row stands for, from the current data. Null means it should no
 * longer go out: the person was erased, unsubscribed from this kind of mail, or the registration
 * is gone.
 */
export async function composeEmail(message: MessageToCompose, batch?: ComposeBatch): Promise<ComposedEmail | null> {
  const language: Language = isLanguage(message.language) ? message.language : "ms";
  const t = translator(language);
  const payload = JSON.parse(message.payload) as Record<string, string>;
  const template = message.template as TemplateName;

  if (template === "school-invitation") {
    const props = payload.invitationId
      ? await invitationProps(payload.invitationId, language)
      : await scheduledVisitProps(payload.eventId, language);
    if (!props) return null;
    return {
      subject: t("email.invitation.subject", { school: props.schoolName }),
      component: SchoolInvitation,
      props,
      attachments: [],
      // The head teacher is asked to answer: the answer goes to the coordinator, not to the no-reply sender.
      ...(props.coordinatorEmail !== fallbackContact()
        ? { replyTo: { name: props.coordinatorName, address: props.coordinatorEmail } }
        : {}),
    };
  }

  if (template === "materials-receipt") {
    const props = JSON.parse(payload.receipt ?? "null") as Omit<MaterialsReceiptProps, "language"> | null;
    if (!props) return null;
    return {
      subject: t("email.receipt.subject", { event: props.eventTitle }),
      component: MaterialsReceipt,
      props: { ...props, language },
      attachments: [],
    };
  }

  // Not in the batch's reads: gone since, or not read with them; asked for alone.
  const registration = batch?.registrations.get(payload.registrationId) ?? (await loadRegistration(payload.registrationId));
  if (!registration || registration.person.erasedAt) return null;
  if (NON_ESSENTIAL.includes(template) && registration.person.unsubscribedAt) return null;
  const name = registration.fullName;
  const loaded = registration.event as LoadedEvent;
  const event = emailEvent(loaded);
  const manageUrl = participantUrl(registration.manageToken);
  // The participant's calendar entry: made now (its DTSTAMP), linking their own page.
  const calendar = (method: IcsMethod) => ({
    method,
    content: icsMessage(participantEventToIcs(loaded, registration), method, message.toEmail ? { name, email: message.toEmail } : null),
  });

  switch (template) {
    case "registration-confirmation": {
      if (registration.status !== "REGISTERED") return null;
      const props: RegistrationConfirmationProps = {
        language,
        name,
        event,
        manageUrl,
        checkInCode: registration.checkInCode,
        qrCid: "check-in-qr",
      };
      const qr: Attachment = {
        filename: `${registration.checkInCode}.png`,
        content: await qrPng(checkInPayload(registration.checkInCode)),
        contentType: "image/png",
        cid: "check-in-qr",
      };
      return {
        subject: t("email.confirmation.subject", { event: event.title }),
        component: RegistrationConfirmation,
        props,
        attachments: [qr],
        calendar: calendar("PUBLISH"),
      };
    }
    case "waitlisted": {
      const position = await waitlistPosition(db, registration);
      if (registration.status !== "WAITLISTED" || !position) return null;
      const props: WaitlistedProps = { language, name, event, manageUrl, position };
      return { subject: t("email.waitlisted.subject", { event: event.title }), component: Waitlisted, props, attachments: [] };
    }
    case "promoted": {
      if (registration.status !== "REGISTERED") return null;
      const props: PromotedProps = { language, name, event, manageUrl, checkInCode: registration.checkInCode };
      return {
        subject: t("email.promoted.subject", { event: event.title }),
        component: Promoted,
        props,
        attachments: [],
        calendar: calendar("PUBLISH"),
      };
    }
    case "event-reminder": {
      if (registration.status !== "REGISTERED" || registration.event.status !== "SCHEDULED") return null;
      const unsubscribe = unsubscribeUrl(registration.personId);
      const props: EventReminderProps = {
        language,
        name,
        event,
        manageUrl,
        checkInCode: registration.checkInCode,
        unsubscribeUrl: unsubscribe,
      };
      return {
        subject: t("email.reminder.subject", { event: event.title }),
        component: EventReminder,
        props,
        attachments: [],
        calendar: calendar("PUBLISH"),
        unsubscribeUrl: unsubscribe,
      };
    }
    case "event-changed": {
      const change = (payload.change ?? "CHANGED") as EventChange;
      const props: EventChangedProps = { language, name, event, change, reason: payload.reason ?? null, manageUrl };
      return {
        subject: t(EVENT_CHANGE_TEXT[change].subject, { event: event.title }),
        component: EventChanged,
        props,
        attachments: [],
        // Cancelled: the entry goes. Moved, postponed or back on: the entry is replaced by this one.
        calendar: calendar(change === "CANCELLED" ? "CANCEL" : "REQUEST"),
      };
    }
    case "registration-cancelled": {
      // Registered again since: the cancellation is old news (and would take the new entry away).
      if (registration.status !== "CANCELLED") return null;
      const open = registration.event.status === "SCHEDULED" && registration.event.startsAt > new Date();
      const props: RegistrationCancelledProps = {
        language,
        name,
        event,
        byStaff: payload.by === "staff",
        registrationUrl: open ? `${env.APP_URL}/r/${registration.event.publicCode}` : null,
      };
      return {
        subject: t("email.cancelled.subject", { event: event.title }),
        component: RegistrationCancelled,
        props,
        attachments: [],
        calendar: calendar("CANCEL"),
      };
    }
    case "follow-up": {
      const readMaterials = async () =>
        followUpMaterials(payload.materialIds?.split(",") ?? (await campaignMaterialIds(payload.campaignId)), language);
      const materialsKey = `${payload.materialIds ?? `campaign ${payload.campaignId}`} ${language}`;
      let materials$ = batch?.materials.get(materialsKey);
      if (!materials$) {
        materials$ = readMaterials();
        batch?.materials.set(materialsKey, materials$);
      }
      const materials = await materials$;
      // A test to staff shows the participant's email with example links, which change nothing.
      const test = payload.test === "1";
      const unsubscribe = test ? exampleUnsubscribeUrl() : unsubscribeUrl(registration.personId);
      const props: FollowUpProps = {
        language,
        name,
        eventTitle: event.title,
        attended: registration.status === "ATTENDED",
        materials,
        feedbackUrl: `${env.APP_URL}/feedback/${registration.event.publicCode}${test ? "" : `?r=${registration.manageToken}`}`,
        unsubscribeUrl: unsubscribe,
        test,
      };
      const subject = t("email.followUp.subject", { event: event.title });
      return {
        subject: test ? t("email.testSubject", { subject }) : subject,
        component: FollowUp,
        props,
        personal: ["name", "feedbackUrl", "unsubscribeUrl"],
        attachments: [],
        ...(test ? {} : { unsubscribeUrl: unsubscribe }),
      };
    }
    default:
      return null;
  }
}

const fallbackContact = () => env.MAIL_FROM.replace(/.*<|>.*/g, "");

/** The head teacher's email when a visit to the school is scheduled. */
async function scheduledVisitProps(eventId: string, language: Language): Promise<SchoolInvitationProps | null> {
  const event = await loadEvent(eventId);
  if (!event?.school) return null;
  return {
    language,
    schoolName: event.school.name,
    headTeacherName: event.school.headTeacherName,
    event: emailEvent(event),
    coordinatorName: event.leadCoordinator?.name ?? "JKM",
    coordinatorEmail: event.leadCoordinator?.email ?? fallbackContact(),
    registrationUrl: `${env.APP_URL}/r/${event.publicCode}`,
  };
}

/** An invitation proposing dates (and its reminders); once accepted, the visit's details too. */
async function invitationProps(invitationId: string, language: Language): Promise<SchoolInvitationProps | null> {
  const invitation = await db.schoolInvitation.findUnique({
    where: { id: invitationId },
    select: {
      status: true,
      proposedDates: true,
      eventId: true,
      school: { select: { name: true, headTeacherName: true } },
      programme: { select: { title: true } },
      createdBy: { select: { name: true, email: true } },
    },
  });
  if (!invitation || invitation.status === "DECLINED") return null;
  const event = invitation.eventId ? await loadEvent(invitation.eventId) : null;
  return {
    language,
    schoolName: invitation.school.name,
    headTeacherName: invitation.school.headTeacherName,
    event: event ? emailEvent(event) : null,
    coordinatorName: invitation.createdBy?.name ?? "JKM",
    coordinatorEmail: invitation.createdBy?.email ?? fallbackContact(),
    registrationUrl: event ? `${env.APP_URL}/r/${event.publicCode}` : null,
    proposedDates: invitation.proposedDates,
    programmeTitle: invitation.programme.title,
  };
}

export async function campaignMaterialIds(campaignId: string | undefined): Promise<string[]> {
  if (!campaignId) return [];
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { materialIds: true } });
  return (campaign?.materialIds ?? "").split(",").filter(Boolean);
}

/** The digital materials a follow-up links to, titled in the recipient's language. */
export async function followUpMaterials(materialIds: string[], language: Language) {
  const ids = materialIds.filter(Boolean);
  if (!ids.length) return [];
  const materials = await db.material.findMany({
    where: { id: { in: ids }, active: true },
    select: { id: true, titleMs: true, titleEn: true, descriptionMs: true, descriptionEn: true, url: true, filePath: true },
  });
  return materials.map((m) => ({
    title: language === "en" ? m.titleEn : m.titleMs,
    description: language === "en" ? m.descriptionEn : m.descriptionMs,
    url: m.filePath ? `${env.APP_URL}/materials/${m.id}/file` : (m.url ?? env.APP_URL),
  }));
}
