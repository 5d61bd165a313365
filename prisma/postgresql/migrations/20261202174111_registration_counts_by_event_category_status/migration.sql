-- Derived by `npm run db:derive` from prisma/migrations/20261202174111_registration_counts_by_event_category_status/migration.sql: do not edit.

-- DropIndex
DROP INDEX "Registration_category_status_idx";

-- DropIndex
DROP INDEX "Registration_eventId_category_idx";

-- CreateIndex
CREATE INDEX "Registration_eventId_category_status_idx" ON "Registration"("eventId", "category", "status");
