-- The same backfill as the SQLite migration (portable SQL), after the generated statements.
-- @generated

-- Each registration keeps the details it was made with (until now they lived on the person only).
UPDATE "Registration" SET
  "fullName" = (SELECT "fullName" FROM "Person" WHERE "Person"."id" = "Registration"."personId"),
  "phoneE164" = (SELECT "phoneE164" FROM "Person" WHERE "Person"."id" = "Registration"."personId"),
  "email" = (SELECT "email" FROM "Person" WHERE "Person"."id" = "Registration"."personId"),
  "language" = (SELECT "language" FROM "Person" WHERE "Person"."id" = "Registration"."personId"),
  "searchText" = (SELECT "searchText" FROM "Person" WHERE "Person"."id" = "Registration"."personId");

-- The name key as app/modules/people/contact.ts makes it, for the Latin names in the data so far
-- (lower case, no spaces or common punctuation). Contacts were unique until now, so the
-- (nameKey, contact) indexes hold.
UPDATE "Person" SET "nameKey" = lower(replace(replace(replace(replace(replace("fullName", ' ', ''), '.', ''), '''', ''), '-', ''), ',', ''));
