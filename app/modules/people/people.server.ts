import type { Db } from "~/utils/db.server";
import { searchKey } from "~/utils/text";
import { nameKey } from "./contact";

/** A name with a mobile number (E.164) or an email, as someone typed them. */
export type ContactDetails = {
  fullName: string;
  phoneE164?: string | null;
  email?: string | null;
};

/** The text a name, phone (in both the +60 and the 0 form) and email are searched by. */
export function contactSearchText(details: ContactDetails): string {
  const digits = details.phoneE164 ? `${details.phoneE164.replace(/\D/g, "")} 0${details.phoneE164.replace(/^\+60/, "")}` : "";
  return searchKey([details.fullName, digits, details.email ?? ""].join(" "));
}

/**
 * The person these details identify: the same name with the same mobile number, else the same
 * name with the same email; someone new otherwise. A contact alone identifies nobody (two people
 * may share a phone), and nothing about the person found is returned or changed: the caller gets
 * an id to link a registration to, never the details on file
 * (docs/decisions/011-identity-and-contact-details.md).
 */
export async function resolvePerson(tx: Db, details: ContactDetails): Promise<{ personId: string; created: boolean }> {
  const key = nameKey(details.fullName);
  const contacts = [...(details.phoneE164 ? [{ phoneE164: details.phoneE164 }] : []), ...(details.email ? [{ email: details.email }] : [])];
  if (contacts.length) {
    const found = await tx.person.findMany({ where: { nameKey: key, OR: contacts }, select: { id: true, phoneE164: true } });
    const match = found.find((p) => details.phoneE164 && p.phoneE164 === details.phoneE164) ?? found[0];
    if (match) return { personId: match.id, created: false };
  }
  const person = await tx.person.create({
    data: {
      fullName: details.fullName,
      nameKey: key,
      phoneE164: details.phoneE164 ?? null,
      email: details.email ?? null,
      searchText: contactSearchText(details),
    },
    select: { id: true },
  });
  return { personId: person.id, created: true };
}
