-- CreateIndex
CREATE INDEX "Registration_category_status_idx" ON "Registration"("category", "status");

