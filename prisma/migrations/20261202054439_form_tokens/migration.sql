-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN "formToken" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_formToken_key" ON "AuditEntry"("formToken");

