-- Derived by `npm run db:derive` from prisma/migrations/20261125115258_event_material_plan/migration.sql: do not edit.

-- CreateTable
CREATE TABLE "MaterialPlanItem" (
    "eventId" TEXT NOT NULL,
    "materialId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MaterialPlanItem_pkey" PRIMARY KEY ("eventId","materialId")
);

-- CreateIndex
CREATE INDEX "MaterialPlanItem_updatedById_idx" ON "MaterialPlanItem"("updatedById");

-- CreateIndex
CREATE INDEX "MaterialPlanItem_materialId_idx" ON "MaterialPlanItem"("materialId");

-- AddForeignKey
ALTER TABLE "MaterialPlanItem" ADD CONSTRAINT "MaterialPlanItem_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialPlanItem" ADD CONSTRAINT "MaterialPlanItem_materialId_fkey" FOREIGN KEY ("materialId") REFERENCES "Material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialPlanItem" ADD CONSTRAINT "MaterialPlanItem_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
