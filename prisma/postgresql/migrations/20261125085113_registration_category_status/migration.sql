-- Derived by `npm run db:derive` from prisma/migrations/20261125085113_registration_category_status/migration.sql: do not edit.

-- CreateIndex
CREATE INDEX "Registration_category_status_idx" ON "Registration"("category", "status");
