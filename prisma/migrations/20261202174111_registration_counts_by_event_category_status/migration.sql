-- DropIndex
DROP INDEX "Registration_category_status_idx";

-- DropIndex
DROP INDEX "Registration_eventId_category_idx";

-- CreateIndex
CREATE INDEX "Registration_eventId_category_status_idx" ON "Registration"("eventId", "category", "status");

