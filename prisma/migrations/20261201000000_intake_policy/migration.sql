-- Intake policy (issue 9): sessions are stored as sent; what the policy makes of them is stored beside.
-- used_start / used_end: the actual times SPEC §2 uses (NULL: the scheduled time), see src/intake/policy.ts.
-- booked_at: when the appointment was made, as sent; booked_time: the booking time used (booked_at when usable,
-- else when the service first saw the session). warnings: the policy's warnings for the session as last sent.
ALTER TABLE "chair_session" ADD COLUMN "booked_at" TIMESTAMPTZ(3);
ALTER TABLE "chair_session" ADD COLUMN "used_start" TIMESTAMPTZ(3);
ALTER TABLE "chair_session" ADD COLUMN "used_end" TIMESTAMPTZ(3);
ALTER TABLE "chair_session" ADD COLUMN "booked_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "chair_session" ADD COLUMN "warnings" TEXT[] DEFAULT '{}';
-- sessions stored before the policy had only consistent actual times on COMPLETED / IN_PROGRESS
UPDATE "chair_session" SET "used_start" = "actual_start", "used_end" = "actual_end", "booked_time" = "created_at";

-- data quality: sessions accepted with a warning, per day and in the rollups
ALTER TABLE "resource_utilization" ADD COLUMN "warning_count" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "resource_rollup" ADD COLUMN "warning_count" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "clinic_rollup" ADD COLUMN "warning_count" INTEGER NOT NULL DEFAULT 0;

-- a rollup run records the instance that executes it and a heartbeat, so that only runs whose owner is gone are failed
ALTER TABLE "rollup_run" ADD COLUMN "owner_instance" TEXT;
ALTER TABLE "rollup_run" ADD COLUMN "heartbeat_at" TIMESTAMPTZ(3);
