-- CreateIndex
CREATE INDEX "Message_template_status_eventId_idx" ON "Message"("template", "status", "eventId");

