-- CreateTable
CREATE TABLE "MaterialPlanItem" (
    "eventId" TEXT NOT NULL,
    "materialId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("eventId", "materialId"),
    CONSTRAINT "MaterialPlanItem_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MaterialPlanItem_materialId_fkey" FOREIGN KEY ("materialId") REFERENCES "Material" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "MaterialPlanItem_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "MaterialPlanItem_materialId_idx" ON "MaterialPlanItem"("materialId");

-- CreateIndex
CREATE INDEX "MaterialPlanItem_updatedById_idx" ON "MaterialPlanItem"("updatedById");

