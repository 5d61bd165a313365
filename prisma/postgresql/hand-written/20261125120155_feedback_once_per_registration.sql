-- The same statement as the SQLite migration (portable SQL), before the unique index it makes possible.
DELETE FROM "Feedback" WHERE "registrationId" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "Feedback" AS "earlier"
  WHERE "earlier"."registrationId" = "Feedback"."registrationId"
    AND ("earlier"."createdAt" < "Feedback"."createdAt" OR ("earlier"."createdAt" = "Feedback"."createdAt" AND "earlier"."id" < "Feedback"."id"))
);

-- @generated
