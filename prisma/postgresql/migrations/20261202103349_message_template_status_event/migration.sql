-- Derived by `npm run db:derive` from prisma/migrations/20261202103349_message_template_status_event/migration.sql: do not edit.

-- CreateIndex
CREATE INDEX "Message_template_status_eventId_idx" ON "Message"("template", "status", "eventId");
