-- Before the unique index: a participant's personal link may have been sent twice at once while
-- only the application checked; keep the first response of each and drop the rest.
DELETE FROM "Feedback" WHERE "registrationId" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "Feedback" AS "earlier"
  WHERE "earlier"."registrationId" = "Feedback"."registrationId"
    AND ("earlier"."createdAt" < "Feedback"."createdAt" OR ("earlier"."createdAt" = "Feedback"."createdAt" AND "earlier"."id" < "Feedback"."id"))
);

-- DropIndex
DROP INDEX "Feedback_registrationId_idx";

-- CreateIndex
CREATE UNIQUE INDEX "Feedback_registrationId_key" ON "Feedback"("registrationId");

