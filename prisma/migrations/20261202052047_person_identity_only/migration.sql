-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fullName" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "phoneE164" TEXT,
    "email" TEXT,
    "searchText" TEXT NOT NULL DEFAULT '',
    "unsubscribedAt" DATETIME,
    "erasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Person" ("createdAt", "email", "erasedAt", "fullName", "id", "nameKey", "phoneE164", "searchText", "unsubscribedAt", "updatedAt") SELECT "createdAt", "email", "erasedAt", "fullName", "id", "nameKey", "phoneE164", "searchText", "unsubscribedAt", "updatedAt" FROM "Person";
DROP TABLE "Person";
ALTER TABLE "new_Person" RENAME TO "Person";
CREATE INDEX "Person_phoneE164_idx" ON "Person"("phoneE164");
CREATE INDEX "Person_email_idx" ON "Person"("email");
CREATE INDEX "Person_fullName_idx" ON "Person"("fullName");
CREATE INDEX "Person_erasedAt_idx" ON "Person"("erasedAt");
CREATE UNIQUE INDEX "Person_nameKey_phoneE164_key" ON "Person"("nameKey", "phoneE164");
CREATE UNIQUE INDEX "Person_nameKey_email_key" ON "Person"("nameKey", "email");
CREATE TABLE "new_Registration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "phoneE164" TEXT,
    "email" TEXT,
    "language" TEXT NOT NULL DEFAULT 'ms',
    "searchText" TEXT NOT NULL DEFAULT '',
    "organisation" TEXT,
    "pibgRole" TEXT,
    "checkInCode" TEXT NOT NULL,
    "manageToken" TEXT NOT NULL,
    "waitlistedAt" DATETIME,
    "checkedInAt" DATETIME,
    "checkedInById" TEXT,
    "checkInClientId" TEXT,
    "cancelledAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Registration_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Registration_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Registration_checkedInById_fkey" FOREIGN KEY ("checkedInById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Registration_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Registration" ("cancelledAt", "category", "checkInClientId", "checkInCode", "checkedInAt", "checkedInById", "createdAt", "createdById", "email", "eventId", "fullName", "id", "language", "manageToken", "organisation", "personId", "phoneE164", "pibgRole", "searchText", "source", "status", "updatedAt", "waitlistedAt") SELECT "cancelledAt", "category", "checkInClientId", "checkInCode", "checkedInAt", "checkedInById", "createdAt", "createdById", "email", "eventId", "fullName", "id", "language", "manageToken", "organisation", "personId", "phoneE164", "pibgRole", "searchText", "source", "status", "updatedAt", "waitlistedAt" FROM "Registration";
DROP TABLE "Registration";
ALTER TABLE "new_Registration" RENAME TO "Registration";
CREATE UNIQUE INDEX "Registration_checkInCode_key" ON "Registration"("checkInCode");
CREATE UNIQUE INDEX "Registration_manageToken_key" ON "Registration"("manageToken");
CREATE UNIQUE INDEX "Registration_checkInClientId_key" ON "Registration"("checkInClientId");
CREATE INDEX "Registration_eventId_status_waitlistedAt_idx" ON "Registration"("eventId", "status", "waitlistedAt");
CREATE INDEX "Registration_eventId_category_idx" ON "Registration"("eventId", "category");
CREATE INDEX "Registration_category_status_idx" ON "Registration"("category", "status");
CREATE INDEX "Registration_eventId_createdAt_idx" ON "Registration"("eventId", "createdAt");
CREATE INDEX "Registration_personId_idx" ON "Registration"("personId");
CREATE INDEX "Registration_phoneE164_idx" ON "Registration"("phoneE164");
CREATE INDEX "Registration_email_idx" ON "Registration"("email");
CREATE INDEX "Registration_checkedInById_idx" ON "Registration"("checkedInById");
CREATE INDEX "Registration_createdById_idx" ON "Registration"("createdById");
CREATE UNIQUE INDEX "Registration_eventId_personId_key" ON "Registration"("eventId", "personId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

