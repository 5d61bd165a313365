-- Derived by `npm run db:derive` from prisma/migrations/20261125120155_feedback_once_per_registration/migration.sql: do not edit.

-- Hand-written for PostgreSQL in prisma/postgresql/hand-written/20261125120155_feedback_once_per_registration.sql
-- The same statement as the SQLite migration (portable SQL), before the unique index it makes possible.
DELETE FROM "Feedback" WHERE "registrationId" IS NOT NULL AND "id" NOT IN (
  SELECT MIN("id") FROM "Feedback" WHERE "registrationId" IS NOT NULL GROUP BY "registrationId"
);

-- DropIndex
DROP INDEX "Feedback_registrationId_idx";

-- CreateIndex
CREATE UNIQUE INDEX "Feedback_registrationId_key" ON "Feedback"("registrationId");
