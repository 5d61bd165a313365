-- Before the unique index: a participant's personal link may have been sent twice at once while
-- only the application checked; keep the first response of each and drop the rest.
DELETE FROM "Feedback" WHERE "registrationId" IS NOT NULL AND "id" NOT IN (
  SELECT MIN("id") FROM "Feedback" WHERE "registrationId" IS NOT NULL GROUP BY "registrationId"
);

-- DropIndex
DROP INDEX "Feedback_registrationId_idx";

-- CreateIndex
CREATE UNIQUE INDEX "Feedback_registrationId_key" ON "Feedback"("registrationId");

