-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Consent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "noticeVersion" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'NOTICE',
    "method" TEXT NOT NULL,
    "eventId" TEXT,
    "acceptedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawnAt" DATETIME,
    CONSTRAINT "Consent_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Consent_noticeVersion_fkey" FOREIGN KEY ("noticeVersion") REFERENCES "PrivacyNotice" ("version") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Consent" ("acceptedAt", "eventId", "id", "method", "noticeVersion", "personId") SELECT "acceptedAt", "eventId", "id", "method", "noticeVersion", "personId" FROM "Consent";
DROP TABLE "Consent";
ALTER TABLE "new_Consent" RENAME TO "Consent";
CREATE INDEX "Consent_personId_acceptedAt_idx" ON "Consent"("personId", "acceptedAt");
CREATE INDEX "Consent_personId_kind_withdrawnAt_idx" ON "Consent"("personId", "kind", "withdrawnAt");
CREATE INDEX "Consent_noticeVersion_idx" ON "Consent"("noticeVersion");
CREATE TABLE "new_Message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "idempotencyKey" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'EMAIL',
    "toEmail" TEXT,
    "toPhone" TEXT,
    "toName" TEXT,
    "payload" TEXT NOT NULL,
    "personId" TEXT,
    "eventId" TEXT,
    "campaignId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 6,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedAt" DATETIME,
    "lockedBy" TEXT,
    "lastError" TEXT,
    "messageIdHeader" TEXT NOT NULL,
    "subject" TEXT,
    "sentAt" DATETIME,
    "openedAt" DATETIME,
    "providerMessageId" TEXT,
    "deliveredAt" DATETIME,
    "readAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Message_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Message_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Message_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Message" ("attempts", "campaignId", "createdAt", "eventId", "id", "idempotencyKey", "language", "lastError", "lockedAt", "lockedBy", "maxAttempts", "messageIdHeader", "nextAttemptAt", "openedAt", "payload", "personId", "sentAt", "status", "subject", "template", "toEmail", "toName", "updatedAt") SELECT "attempts", "campaignId", "createdAt", "eventId", "id", "idempotencyKey", "language", "lastError", "lockedAt", "lockedBy", "maxAttempts", "messageIdHeader", "nextAttemptAt", "openedAt", "payload", "personId", "sentAt", "status", "subject", "template", "toEmail", "toName", "updatedAt" FROM "Message";
DROP TABLE "Message";
ALTER TABLE "new_Message" RENAME TO "Message";
CREATE UNIQUE INDEX "Message_idempotencyKey_key" ON "Message"("idempotencyKey");
CREATE UNIQUE INDEX "Message_messageIdHeader_key" ON "Message"("messageIdHeader");
CREATE UNIQUE INDEX "Message_providerMessageId_key" ON "Message"("providerMessageId");
CREATE INDEX "Message_status_nextAttemptAt_idx" ON "Message"("status", "nextAttemptAt");
CREATE INDEX "Message_personId_idx" ON "Message"("personId");
CREATE INDEX "Message_eventId_template_idx" ON "Message"("eventId", "template");
CREATE INDEX "Message_template_status_eventId_channel_idx" ON "Message"("template", "status", "eventId", "channel");
CREATE INDEX "Message_campaignId_status_idx" ON "Message"("campaignId", "status");
CREATE INDEX "Message_createdAt_idx" ON "Message"("createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

