/** What an audit entry records; shared by the writer, the filters and the page. */
export const AUDIT_ACTIONS = ["CREATE", "UPDATE", "DELETE", "STATUS", "ERASE", "IMPORT", "REVERSE", "EXPORT"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
