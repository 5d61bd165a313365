-- Derived by `npm run db:derive` from prisma/migrations/20261125120155_feedback_once_per_registration/migration.sql: do not edit.

-- Hand-written for PostgreSQL in prisma/postgresql/hand-written/20261125120155_feedback_once_per_registration.sql
-- The same statement as the SQLite migration (portable SQL), before the unique index it makes possible.
DELETE FROM "Feedback" WHERE "registrationId" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "Feedback" AS "earlier"
  WHERE "earlier"."registrationId" = "Feedback"."registrationId"
    AND ("earlier"."createdAt" < "Feedback"."createdAt" OR ("earlier"."createdAt" = "Feedback"."createdAt" AND "earlier"."id" < "Feedback"."id"))
);

-- DropIndex
DROP INDEX "Feedback_registrationId_idx";

-- CreateIndex
CREATE UNIQUE INDEX "Feedback_registrationId_key" ON "Feedback"("registrationId");
