-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Event" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "programmeId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "schoolId" TEXT,
    "stateCode" TEXT NOT NULL,
    "districtId" TEXT,
    "venue" TEXT,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "capacity" INTEGER,
    "registrationOpensAt" DATETIME,
    "registrationClosesAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "statusReason" TEXT,
    "officials" TEXT,
    "partnerAgencies" TEXT,
    "notes" TEXT,
    "registrationCategories" TEXT NOT NULL DEFAULT 'TEACHER,PIBG,COMMUNITY',
    "publicCode" TEXT NOT NULL,
    "leadCoordinatorId" TEXT,
    "createdById" TEXT,
    "approvalReference" TEXT,
    "approvalDate" TEXT,
    "approvalOffice" TEXT,
    "approvalLetterPath" TEXT,
    "pupilsWithSpecialNeeds" INTEGER,
    "seatLock" INTEGER NOT NULL DEFAULT 0,
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "calendarSequence" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Event_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Event_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Event_stateCode_fkey" FOREIGN KEY ("stateCode") REFERENCES "State" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Event_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Event_leadCoordinatorId_fkey" FOREIGN KEY ("leadCoordinatorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Event_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Event" ("approvalDate", "approvalLetterPath", "approvalOffice", "approvalReference", "capacity", "createdAt", "createdById", "districtId", "endsAt", "id", "leadCoordinatorId", "notes", "officials", "partnerAgencies", "programmeId", "publicCode", "pupilsWithSpecialNeeds", "registrationCategories", "registrationClosesAt", "registrationOpensAt", "schoolId", "searchText", "seatLock", "startsAt", "stateCode", "status", "statusReason", "title", "type", "updatedAt", "venue") SELECT "approvalDate", "approvalLetterPath", "approvalOffice", "approvalReference", "capacity", "createdAt", "createdById", "districtId", "endsAt", "id", "leadCoordinatorId", "notes", "officials", "partnerAgencies", "programmeId", "publicCode", "pupilsWithSpecialNeeds", "registrationCategories", "registrationClosesAt", "registrationOpensAt", "schoolId", "searchText", "seatLock", "startsAt", "stateCode", "status", "statusReason", "title", "type", "updatedAt", "venue" FROM "Event";
DROP TABLE "Event";
ALTER TABLE "new_Event" RENAME TO "Event";
CREATE UNIQUE INDEX "Event_publicCode_key" ON "Event"("publicCode");
CREATE INDEX "Event_programmeId_startsAt_idx" ON "Event"("programmeId", "startsAt");
CREATE INDEX "Event_stateCode_startsAt_idx" ON "Event"("stateCode", "startsAt");
CREATE INDEX "Event_schoolId_startsAt_idx" ON "Event"("schoolId", "startsAt");
CREATE INDEX "Event_districtId_startsAt_idx" ON "Event"("districtId", "startsAt");
CREATE INDEX "Event_leadCoordinatorId_startsAt_idx" ON "Event"("leadCoordinatorId", "startsAt");
CREATE INDEX "Event_status_startsAt_idx" ON "Event"("status", "startsAt");
CREATE INDEX "Event_startsAt_idx" ON "Event"("startsAt");
CREATE INDEX "Event_createdById_idx" ON "Event"("createdById");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

