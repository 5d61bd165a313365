import type { Db } from "~/utils/db.server";
import { searchKey } from "~/utils/text";

export type PersonDetails = {
  fullName: string;
  phoneE164?: string | null;
  email?: string | null;
  language?: string;
  organisation?: string | null;
};

export function personSearchText(person: { fullName: string; phoneE164?: string | null; email?: string | null }): string {
  const digits = person.phoneE164 ? `${person.phoneE164.replace(/\D/g, "")} 0${person.phoneE164.replace(/^\+60/, "")}` : "";
  return searchKey([person.fullName, digits, person.email ?? ""].join(" "));
}

/** Whoever holds the phone number and whoever holds the email (one read; at most two people). */
async function contactHolders(tx: Db, contact: { phoneE164?: string | null; email?: string | null }) {
  const contacts = [...(contact.phoneE164 ? [{ phoneE164: contact.phoneE164 }] : []), ...(contact.email ? [{ email: contact.email }] : [])];
  const holders = contacts.length ? await tx.person.findMany({ where: { OR: contacts } }) : [];
  return {
    byPhone: contact.phoneE164 ? holders.find((p) => p.phoneE164 === contact.phoneE164) : undefined,
    byEmail: contact.email ? holders.find((p) => p.email === contact.email) : undefined,
  };
}

/** The person who holds this phone number (first) or email, if anyone does. */
export async function findPersonByContact(tx: Db, contact: { phoneE164?: string | null; email?: string | null }) {
  const { byPhone, byEmail } = await contactHolders(tx, contact);
  return byPhone ?? byEmail ?? null;
}

/**
 * One identity per phone number or email across all events. An existing person is found by phone
 * first, then email; details they did not have before are added, nothing they had is overwritten
 * (a registration form is not the place to change someone's identity).
 */
export async function findOrCreatePerson(tx: Db, details: PersonDetails) {
  return (await resolvePerson(tx, details)).person;
}

/** findOrCreatePerson, also saying whether the person is new (a new person has no registrations yet). */
export async function resolvePerson(tx: Db, details: PersonDetails) {
  const { byPhone, byEmail } = await contactHolders(tx, details);
  const existing = byPhone ?? byEmail;
  if (existing) {
    const additions: { email?: string; phoneE164?: string; organisation?: string } = {};
    // The email is added only if nobody else has it already.
    if (!existing.email && details.email && !byEmail) additions.email = details.email;
    if (!existing.phoneE164 && details.phoneE164) additions.phoneE164 = details.phoneE164;
    if (!existing.organisation && details.organisation) additions.organisation = details.organisation;
    if (Object.keys(additions).length === 0) return { person: existing, created: false };
    const merged = { ...existing, ...additions };
    return {
      person: await tx.person.update({ where: { id: existing.id }, data: { ...additions, searchText: personSearchText(merged) } }),
      created: false,
    };
  }
  const person = await tx.person.create({
    data: {
      fullName: details.fullName,
      phoneE164: details.phoneE164 ?? null,
      email: details.email ?? null,
      language: details.language ?? "ms",
      organisation: details.organisation ?? null,
      searchText: personSearchText(details),
    },
  });
  return { person, created: true };
}
