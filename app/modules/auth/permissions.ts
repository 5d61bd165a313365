/**
 * Who may do what. One table, used by the server (requirePermission) and by the UI (to show or
 * hide a control), so the two never disagree. Scope (which state or school) is applied separately
 * by each module's where-clause builder; a permission says only whether the role may act at all.
 */
export const ROLES = ["ADMIN", "COORDINATOR", "LIAISON", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | "read:programme"
  | "write:programme"
  | "read:event"
  | "write:event"
  | "read:school"
  | "write:school"
  | "import:school"
  | "read:registration"
  | "write:registration"
  | "checkin:registration"
  | "export:registration"
  | "export:contacts"
  | "read:material"
  | "write:material"
  | "write:stock"
  | "write:delivery"
  | "send:email"
  | "read:outbox"
  | "read:report"
  | "manage:user"
  | "manage:calendar"
  | "read:audit"
  | "manage:personal-data"
  | "record:pupils"
  | "invite:school";

const COORDINATOR: Permission[] = [
  "read:programme",
  "write:programme",
  "read:event",
  "write:event",
  "read:school",
  "write:school",
  "import:school",
  "read:registration",
  "write:registration",
  "checkin:registration",
  "export:registration",
  // Full phone numbers and emails in exports (masked otherwise); never for liaisons or viewers.
  "export:contacts",
  "read:material",
  // Not "write:material": the catalogue is national, one for every state, so only administrators
  // create, edit and retire materials; coordinators keep their own state's stock and deliveries.
  "write:stock",
  "write:delivery",
  "send:email",
  "read:outbox",
  "read:report",
  "record:pupils",
  "invite:school",
];

const LIAISON: Permission[] = [
  "read:programme",
  "read:event",
  "read:school",
  "read:registration",
  "write:registration",
  "checkin:registration",
  "read:material",
  "write:delivery",
  "record:pupils",
];

// Viewers see plans and aggregate figures, never participants' personal data.
const VIEWER: Permission[] = ["read:programme", "read:event", "read:school", "read:material", "read:report"];

const PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  ADMIN: new Set<Permission>([...COORDINATOR, "write:material", "manage:user", "manage:calendar", "read:audit", "manage:personal-data"]),
  COORDINATOR: new Set(COORDINATOR),
  LIAISON: new Set(LIAISON),
  VIEWER: new Set(VIEWER),
};

export function can(user: { role: string } | null | undefined, permission: Permission): boolean {
  if (!user) return false;
  return PERMISSIONS[user.role as Role]?.has(permission) ?? false;
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
