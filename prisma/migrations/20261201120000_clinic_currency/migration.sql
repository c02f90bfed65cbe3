-- The currency of a clinic's money amounts (production values), ISO 4217 (e.g. "EUR"); set with
-- PUT /api/v1/ops/utilization/settings/{clinicId}. NULL until set: amounts are then shown without a currency.
ALTER TABLE "clinic" ADD COLUMN "currency" TEXT;
