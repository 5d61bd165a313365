-- The same statement as the SQLite migration (portable SQL), before the unique index it makes possible.
DELETE FROM "Feedback" WHERE "registrationId" IS NOT NULL AND "id" NOT IN (
  SELECT MIN("id") FROM "Feedback" WHERE "registrationId" IS NOT NULL GROUP BY "registrationId"
);

-- @generated
