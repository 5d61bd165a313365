-- Derived by `npm run db:derive` from prisma/migrations/20261202054439_form_tokens/migration.sql: do not edit.

-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "formToken" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_formToken_key" ON "AuditEntry"("formToken");
