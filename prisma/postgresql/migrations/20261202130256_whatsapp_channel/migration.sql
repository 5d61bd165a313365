-- Derived by `npm run db:derive` from prisma/migrations/20261202130256_whatsapp_channel/migration.sql: do not edit.

-- DropIndex
DROP INDEX "Message_template_status_eventId_idx";

-- AlterTable
ALTER TABLE "Consent" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'NOTICE',
ADD COLUMN     "withdrawnAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "channel" TEXT NOT NULL DEFAULT 'EMAIL',
ADD COLUMN     "deliveredAt" TIMESTAMP(3),
ADD COLUMN     "providerMessageId" TEXT,
ADD COLUMN     "readAt" TIMESTAMP(3),
ADD COLUMN     "toPhone" TEXT,
ALTER COLUMN "toEmail" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Consent_personId_kind_withdrawnAt_idx" ON "Consent"("personId", "kind", "withdrawnAt");

-- CreateIndex
CREATE UNIQUE INDEX "Message_providerMessageId_key" ON "Message"("providerMessageId");

-- CreateIndex
CREATE INDEX "Message_template_status_eventId_channel_idx" ON "Message"("template", "status", "eventId", "channel");
