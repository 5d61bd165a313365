-- Derived by `npm run db:derive` from prisma/migrations/20261202072938_event_calendar_sequence/migration.sql: do not edit.

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "calendarSequence" INTEGER NOT NULL DEFAULT 0;
