-- Derived by `npm run db:derive` from prisma/migrations/20261202051928_registration_contact_details/migration.sql: do not edit.

-- Hand-written for PostgreSQL in prisma/postgresql/hand-written/20261202051928_registration_contact_details.sql
-- The same backfill as the SQLite migration (portable SQL), after the generated statements.

-- DropIndex
DROP INDEX "Person_phoneE164_key";

-- DropIndex
DROP INDEX "Person_email_key";

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "nameKey" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Registration" ADD COLUMN     "email" TEXT,
ADD COLUMN     "fullName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'ms',
ADD COLUMN     "phoneE164" TEXT,
ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Person_email_idx" ON "Person"("email");

-- CreateIndex
CREATE INDEX "Person_phoneE164_idx" ON "Person"("phoneE164");

-- CreateIndex
CREATE UNIQUE INDEX "Person_nameKey_email_key" ON "Person"("nameKey", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Person_nameKey_phoneE164_key" ON "Person"("nameKey", "phoneE164");

-- CreateIndex
CREATE INDEX "Registration_email_idx" ON "Registration"("email");

-- CreateIndex
CREATE INDEX "Registration_phoneE164_idx" ON "Registration"("phoneE164");

-- (continued)
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
