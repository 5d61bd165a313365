-- Derived by `npm run db:derive` from prisma/migrations/20261124120000_audit_append_only/migration.sql: do not edit.

-- Hand-written for PostgreSQL in prisma/postgresql/hand-written/20261124120000_audit_append_only.sql
-- The audit trail is append-only: the database itself refuses to change or remove an entry, as the
-- SQLite triggers of this migration do. TRUNCATE, which SQLite does not have, is refused as well.
-- The function body is an E'' string with \073 for its semicolons: Prisma's PostgreSQL adapter
-- splits a migration at every semicolon, even inside a dollar-quoted body.
CREATE FUNCTION "AuditEntry_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''DELETE'' OR TG_OP = ''TRUNCATE'' THEN
    RAISE EXCEPTION ''audit entries cannot be deleted''\073
  END IF\073
  RAISE EXCEPTION ''audit entries cannot be changed''\073
END\073
';

CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "AuditEntry_refuse_change"();

CREATE TRIGGER "AuditEntry_no_delete" BEFORE DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "AuditEntry_refuse_change"();

CREATE TRIGGER "AuditEntry_no_truncate" BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "AuditEntry_refuse_change"();
