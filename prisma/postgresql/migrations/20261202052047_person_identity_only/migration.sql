-- Derived by `npm run db:derive` from prisma/migrations/20261202052047_person_identity_only/migration.sql: do not edit.

-- AlterTable
ALTER TABLE "Person" DROP COLUMN "language",
DROP COLUMN "organisation",
ALTER COLUMN "nameKey" DROP DEFAULT;

-- AlterTable
ALTER TABLE "Registration" ALTER COLUMN "fullName" DROP DEFAULT;
