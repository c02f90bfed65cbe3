-- Issue 15, "Export at any size, linear": /chairs and /providers/rows answer (and their CSV exports read, page by page)
-- rows in the order period, clinic, resource (provider), keyset-paged on that triple. These indexes hold the rows in that order, so each page is one
-- ordered index range scan that starts at the cursor and stops after the page: its cost does not grow with how far
-- into the export it is (without them every page sorted what was left of the range: quadratic in the export's size).
CREATE INDEX "resource_utilization_date_clinic_id_resource_id_idx" ON "resource_utilization"("date", "clinic_id", "resource_id");
-- one clinic's rows in that order (date, then resource): the clinic's index gains the resource as its last column
DROP INDEX "resource_utilization_clinic_id_date_idx";
CREATE INDEX "resource_utilization_clinic_id_date_resource_id_idx" ON "resource_utilization"("clinic_id", "date", "resource_id");
CREATE INDEX "resource_rollup_period_period_start_clinic_id_resource_id_idx" ON "resource_rollup"("period", "period_start", "clinic_id", "resource_id");
CREATE INDEX "provider_productivity_date_clinic_id_provider_id_idx" ON "provider_productivity"("date", "clinic_id", "provider_id");
CREATE INDEX "provider_rollup_period_period_start_clinic_id_provider_id_idx" ON "provider_rollup"("period", "period_start", "clinic_id", "provider_id");
