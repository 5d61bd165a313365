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

/** The person who holds this phone number (first) or email, if anyone does. */
export async function findPersonByContact(tx: Db, contact: { phoneE164?: string | null; email?: string | null }) {
  const byPhone = contact.phoneE164 ? await tx.person.findUnique({ where: { phoneE164: contact.phoneE164 } }) : null;
  return byPhone ?? (contact.email ? await tx.person.findUnique({ where: { email: contact.email } }) : null);
}

/**
 * One identity per phone number or email across all events. An existing person is found by phone
 * first, then email; details they did not have before are added, nothing they had is overwritten
 * (a registration form is not the place to change someone's identity).
 */
export async function findOrCreatePerson(tx: Db, details: PersonDetails) {
  const existing = await findPersonByContact(tx, details);
  if (existing) {
    const additions: { email?: string; phoneE164?: string; organisation?: string } = {};
    if (!existing.email && details.email && !(await tx.person.findUnique({ where: { email: details.email }, select: { id: true } }))) {
      additions.email = details.email;
    }
    if (!existing.phoneE164 && details.phoneE164) additions.phoneE164 = details.phoneE164;
    if (!existing.organisation && details.organisation) additions.organisation = details.organisation;
    if (Object.keys(additions).length === 0) return existing;
    const merged = { ...existing, ...additions };
    return tx.person.update({ where: { id: existing.id }, data: { ...additions, searchText: personSearchText(merged) } });
  }
  return tx.person.create({
    data: {
      fullName: details.fullName,
      phoneE164: details.phoneE164 ?? null,
      email: details.email ?? null,
      language: details.language ?? "ms",
      organisation: details.organisation ?? null,
      searchText: personSearchText(details),
    },
  });
}
