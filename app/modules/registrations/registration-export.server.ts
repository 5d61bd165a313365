import type { ScopedUser } from "~/modules/auth/scope.server";
import { includesContacts } from "~/modules/exports/export-datasets.server";
import { downloadResponse, toCsv, toXlsx, type Table } from "~/modules/exports/tabular.server";
import { translator, type Language } from "~/modules/i18n/i18n";
import { formatMobile, maskEmail, maskMobile } from "~/modules/people/contact";
import { db } from "~/utils/db.server";
import type { RegistrationFilters } from "./registration-schema";
import { eventForRegistrations, registrationListWhere, registrationRowSelect } from "./registrations.server";
import { labels } from "~/modules/i18n/labels";

/**
 * An event's registrations as a table. Contact details are masked unless the user asks for them
 * and may have them (data minimisation: most uses of the list need names and numbers only).
 */
export async function registrationTable(
  user: ScopedUser,
  eventId: string,
  filters: RegistrationFilters,
  options: { contacts: boolean; language: Language },
): Promise<{ table: Table; fileStem: string }> {
  const event = await eventForRegistrations(user, eventId, "export:registration");
  const withContacts = includesContacts(user, options.contacts);
  const t = translator(options.language);
  const rows = await db.registration.findMany({
    where: registrationListWhere(eventId, filters),
    select: registrationRowSelect,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return {
    fileStem: `pendaftaran-${event.publicCode}`,
    table: {
      sheetName: t("registrations.title"),
      headers: [
        "#",
        t("register.fullName"),
        t("registrations.category"),
        t("event.field.status"),
        t("registrations.source"),
        t("register.organisation"),
        t("register.pibgRole"),
        t("register.phone"),
        t("register.email"),
        t("registrations.registeredAt"),
        t("registrations.checkedInAt"),
      ],
      rows: rows.map((r, i) => [
        i + 1,
        r.fullName,
        labels.registrationCategory(t, r.category),
        labels.registrationStatus(t, r.status),
        labels.registrationSource(t, r.source),
        r.organisation,
        r.pibgRole,
        withContacts ? formatMobile(r.phoneE164) : maskMobile(r.phoneE164),
        withContacts ? r.email : maskEmail(r.email),
        r.createdAt,
        r.checkedInAt,
      ]),
    },
  };
}

export async function exportRegistrations(
  user: ScopedUser,
  eventId: string,
  filters: RegistrationFilters,
  options: { contacts: boolean; language: Language; format: "csv" | "xlsx" },
) {
  const { table, fileStem } = await registrationTable(user, eventId, filters, options);
  const body = options.format === "csv" ? toCsv(table) : await toXlsx(table);
  return downloadResponse(body, `${fileStem}.${options.format}`, options.format);
}
