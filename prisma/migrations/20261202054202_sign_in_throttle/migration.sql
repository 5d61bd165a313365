-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "accountKey" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "blockedUntil" DATETIME,
    "lastAttemptAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "stateCode" TEXT,
    "schoolId" TEXT,
    "language" TEXT NOT NULL DEFAULT 'ms',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "calendarToken" TEXT NOT NULL,
    "lastSignInAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_stateCode_fkey" FOREIGN KEY ("stateCode") REFERENCES "State" ("code") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "User_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_User" ("active", "calendarToken", "createdAt", "email", "id", "language", "lastSignInAt", "name", "passwordHash", "role", "schoolId", "stateCode", "updatedAt") SELECT "active", "calendarToken", "createdAt", "email", "id", "language", "lastSignInAt", "name", "passwordHash", "role", "schoolId", "stateCode", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE UNIQUE INDEX "User_calendarToken_key" ON "User"("calendarToken");
CREATE INDEX "User_role_idx" ON "User"("role");
CREATE INDEX "User_stateCode_idx" ON "User"("stateCode");
CREATE INDEX "User_schoolId_idx" ON "User"("schoolId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SignInThrottle_accountKey_idx" ON "SignInThrottle"("accountKey");

-- CreateIndex
CREATE INDEX "SignInThrottle_lastAttemptAt_idx" ON "SignInThrottle"("lastAttemptAt");

