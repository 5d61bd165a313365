-- The same status change as the SQLite migration (portable SQL), after the generated statements.
-- @generated

-- Work waiting to run is QUEUED now (PENDING means waiting for the user).
UPDATE "Job" SET "status" = 'QUEUED' WHERE "kind" = 'EXPORT' AND "status" = 'PENDING';
