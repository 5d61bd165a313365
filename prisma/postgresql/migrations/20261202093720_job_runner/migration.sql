-- Derived by `npm run db:derive` from prisma/migrations/20261202093720_job_runner/migration.sql: do not edit.

-- Hand-written for PostgreSQL in prisma/postgresql/hand-written/20261202093720_job_runner.sql
-- The same status change as the SQLite migration (portable SQL), after the generated statements.

-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "dedupeKey" TEXT,
ADD COLUMN     "error" TEXT,
ADD COLUMN     "lockedBy" TEXT,
ADD COLUMN     "lockedUntil" TIMESTAMP(3),
ADD COLUMN     "maxAttempts" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE UNIQUE INDEX "Job_dedupeKey_key" ON "Job"("dedupeKey");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");

-- (continued)
-- Work waiting to run is QUEUED now (PENDING means waiting for the user).
UPDATE "Job" SET "status" = 'QUEUED' WHERE "kind" = 'EXPORT' AND "status" = 'PENDING';
