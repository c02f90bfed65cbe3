-- CreateEnum
CREATE TYPE "ResourceKind" AS ENUM ('CHAIR', 'ROOM');
CREATE TYPE "SessionStatus" AS ENUM ('SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'NO_SHOW', 'CANCELLED');
CREATE TYPE "BlockReason" AS ENUM ('MAINTENANCE', 'MEETING', 'TRAINING', 'OTHER');
CREATE TYPE "PeriodKind" AS ENUM ('day', 'week', 'month');
CREATE TYPE "RollupRunStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "clinic" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "min_slot_minutes" INTEGER NOT NULL DEFAULT 15,
    "low_threshold" DOUBLE PRECISION NOT NULL DEFAULT 0.65,
    "target_low" DOUBLE PRECISION NOT NULL DEFAULT 0.70,
    "target_high" DOUBLE PRECISION NOT NULL DEFAULT 0.85,
    "risk_threshold" DOUBLE PRECISION NOT NULL DEFAULT 0.90,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "clinic_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "clinic_hours" (
    "clinic_id" TEXT NOT NULL,
    "effective_from" DATE NOT NULL,
    "hours" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "clinic_hours_pkey" PRIMARY KEY ("clinic_id", "effective_from")
);

CREATE TABLE "resource" (
    "id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "kind" "ResourceKind" NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "resource_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "resource_hours" (
    "resource_id" TEXT NOT NULL,
    "effective_from" DATE NOT NULL,
    "hours" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "resource_hours_pkey" PRIMARY KEY ("resource_id", "effective_from")
);

CREATE TABLE "clinic_exception" (
    "clinic_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "windows" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "clinic_exception_pkey" PRIMARY KEY ("clinic_id", "date")
);

CREATE TABLE "resource_exception" (
    "resource_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "windows" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "resource_exception_pkey" PRIMARY KEY ("resource_id", "date")
);

CREATE TABLE "provider" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "provider_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "provider_clinic" (
    "provider_id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "provider_clinic_pkey" PRIMARY KEY ("provider_id", "clinic_id")
);

CREATE TABLE "chair_session" (
    "external_id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "resource_id" TEXT NOT NULL,
    "provider_id" TEXT,
    "patient_ref" TEXT NOT NULL,
    "scheduled_start" TIMESTAMPTZ(3) NOT NULL,
    "scheduled_end" TIMESTAMPTZ(3) NOT NULL,
    "actual_start" TIMESTAMPTZ(3),
    "actual_end" TIMESTAMPTZ(3),
    "status" "SessionStatus" NOT NULL,
    "cancelled_at" TIMESTAMPTZ(3),
    "procedures" INTEGER NOT NULL DEFAULT 0,
    "production_value" DECIMAL(14,2),
    "span_start" TIMESTAMPTZ(3) NOT NULL,
    "span_end" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "chair_session_pkey" PRIMARY KEY ("external_id")
);

CREATE TABLE "block" (
    "external_id" TEXT NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "resource_id" TEXT NOT NULL,
    "start_at" TIMESTAMPTZ(3) NOT NULL,
    "end_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" "BlockReason" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "block_pkey" PRIMARY KEY ("external_id")
);

CREATE TABLE "dirty_day" (
    "clinic_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "marked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "dirty_day_pkey" PRIMARY KEY ("clinic_id", "date")
);

CREATE TABLE "resource_utilization" (
    "clinic_id" TEXT NOT NULL,
    "resource_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "available_minutes" DOUBLE PRECISION NOT NULL,
    "used_minutes" DOUBLE PRECISION NOT NULL,
    "blocked_minutes" DOUBLE PRECISION NOT NULL,
    "downtime_minutes" DOUBLE PRECISION NOT NULL,
    "maintenance_minutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "no_show_minutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "gap_minutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "overtime_minutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "booked_minutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "late_cancel_minutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "short_gap_minutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "utilization_rate" DOUBLE PRECISION,
    "scheduled_utilization_rate" DOUBLE PRECISION,
    "appointment_count" INTEGER NOT NULL,
    "no_show_count" INTEGER NOT NULL DEFAULT 0,
    "turnover_count" INTEGER NOT NULL,
    "turnover_minutes_total" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "turnover_samples" INTEGER NOT NULL DEFAULT 0,
    "avg_turnover_minutes" DOUBLE PRECISION,
    "missing_actual_count" INTEGER NOT NULL DEFAULT 0,
    "overlap_minutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "resource_utilization_pkey" PRIMARY KEY ("clinic_id", "resource_id", "date")
);

CREATE TABLE "resource_hourly" (
    "clinic_id" TEXT NOT NULL,
    "resource_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "hour" SMALLINT NOT NULL,
    "available_minutes" DOUBLE PRECISION NOT NULL,
    "used_minutes" DOUBLE PRECISION NOT NULL,
    "booked_minutes" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "resource_hourly_pkey" PRIMARY KEY ("clinic_id", "resource_id", "date", "hour")
);

CREATE TABLE "provider_productivity" (
    "clinic_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "patients_scheduled" INTEGER NOT NULL,
    "patients_seen" INTEGER NOT NULL,
    "no_show_count" INTEGER NOT NULL DEFAULT 0,
    "procedures_completed" INTEGER NOT NULL,
    "chair_minutes" DOUBLE PRECISION NOT NULL,
    "scheduled_minutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "production_value" DECIMAL(14,2),
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "provider_productivity_pkey" PRIMARY KEY ("clinic_id", "provider_id", "date")
);

CREATE TABLE "resource_rollup" (
    "clinic_id" TEXT NOT NULL,
    "resource_id" TEXT NOT NULL,
    "period" "PeriodKind" NOT NULL,
    "period_start" DATE NOT NULL,
    "days" INTEGER NOT NULL,
    "available_minutes" DOUBLE PRECISION NOT NULL,
    "used_minutes" DOUBLE PRECISION NOT NULL,
    "blocked_minutes" DOUBLE PRECISION NOT NULL,
    "downtime_minutes" DOUBLE PRECISION NOT NULL,
    "maintenance_minutes" DOUBLE PRECISION NOT NULL,
    "no_show_minutes" DOUBLE PRECISION NOT NULL,
    "gap_minutes" DOUBLE PRECISION NOT NULL,
    "overtime_minutes" DOUBLE PRECISION NOT NULL,
    "booked_minutes" DOUBLE PRECISION NOT NULL,
    "late_cancel_minutes" DOUBLE PRECISION NOT NULL,
    "short_gap_minutes" DOUBLE PRECISION NOT NULL,
    "utilization_rate" DOUBLE PRECISION,
    "scheduled_utilization_rate" DOUBLE PRECISION,
    "appointment_count" INTEGER NOT NULL,
    "no_show_count" INTEGER NOT NULL,
    "turnover_count" INTEGER NOT NULL,
    "turnover_minutes_total" DOUBLE PRECISION NOT NULL,
    "turnover_samples" INTEGER NOT NULL,
    "avg_turnover_minutes" DOUBLE PRECISION,
    "missing_actual_count" INTEGER NOT NULL,
    "overlap_minutes" DOUBLE PRECISION NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "resource_rollup_pkey" PRIMARY KEY ("clinic_id", "period", "period_start", "resource_id")
);

CREATE TABLE "clinic_rollup" (
    "clinic_id" TEXT NOT NULL,
    "period" "PeriodKind" NOT NULL,
    "period_start" DATE NOT NULL,
    "days" INTEGER NOT NULL,
    "resource_days" INTEGER NOT NULL,
    "available_minutes" DOUBLE PRECISION NOT NULL,
    "used_minutes" DOUBLE PRECISION NOT NULL,
    "blocked_minutes" DOUBLE PRECISION NOT NULL,
    "downtime_minutes" DOUBLE PRECISION NOT NULL,
    "maintenance_minutes" DOUBLE PRECISION NOT NULL,
    "no_show_minutes" DOUBLE PRECISION NOT NULL,
    "gap_minutes" DOUBLE PRECISION NOT NULL,
    "overtime_minutes" DOUBLE PRECISION NOT NULL,
    "booked_minutes" DOUBLE PRECISION NOT NULL,
    "late_cancel_minutes" DOUBLE PRECISION NOT NULL,
    "short_gap_minutes" DOUBLE PRECISION NOT NULL,
    "utilization_rate" DOUBLE PRECISION,
    "scheduled_utilization_rate" DOUBLE PRECISION,
    "appointment_count" INTEGER NOT NULL,
    "no_show_count" INTEGER NOT NULL,
    "turnover_count" INTEGER NOT NULL,
    "turnover_minutes_total" DOUBLE PRECISION NOT NULL,
    "turnover_samples" INTEGER NOT NULL,
    "avg_turnover_minutes" DOUBLE PRECISION,
    "missing_actual_count" INTEGER NOT NULL,
    "overlap_minutes" DOUBLE PRECISION NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "clinic_rollup_pkey" PRIMARY KEY ("clinic_id", "period", "period_start")
);

CREATE TABLE "provider_rollup" (
    "clinic_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "period" "PeriodKind" NOT NULL,
    "period_start" DATE NOT NULL,
    "days" INTEGER NOT NULL,
    "patients_scheduled" INTEGER NOT NULL,
    "patients_seen" INTEGER NOT NULL,
    "no_show_count" INTEGER NOT NULL,
    "procedures_completed" INTEGER NOT NULL,
    "chair_minutes" DOUBLE PRECISION NOT NULL,
    "scheduled_minutes" DOUBLE PRECISION NOT NULL,
    "production_value" DECIMAL(14,2),
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "provider_rollup_pkey" PRIMARY KEY ("clinic_id", "period", "period_start", "provider_id")
);

CREATE TABLE "clinic_rollup_state" (
    "clinic_id" TEXT NOT NULL,
    "last_rolled_date" DATE,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "clinic_rollup_state_pkey" PRIMARY KEY ("clinic_id")
);

CREATE TABLE "rollup_run" (
    "id" UUID NOT NULL,
    "status" "RollupRunStatus" NOT NULL,
    "trigger" TEXT NOT NULL,
    "requested_by" TEXT,
    "clinic_ids" TEXT[],
    "from_date" DATE,
    "to_date" DATE,
    "clinic_days_total" INTEGER NOT NULL DEFAULT 0,
    "clinic_days_done" INTEGER NOT NULL DEFAULT 0,
    "clinic_days_failed" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "rollup_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "resource_clinic_id_idx" ON "resource"("clinic_id");
CREATE INDEX "provider_clinic_clinic_id_idx" ON "provider_clinic"("clinic_id");
CREATE INDEX "chair_session_resource_id_span_start_idx" ON "chair_session"("resource_id", "span_start");
CREATE INDEX "chair_session_clinic_id_span_start_idx" ON "chair_session"("clinic_id", "span_start");
CREATE INDEX "chair_session_provider_id_span_start_idx" ON "chair_session"("provider_id", "span_start");
CREATE INDEX "block_resource_id_start_at_idx" ON "block"("resource_id", "start_at");
CREATE INDEX "block_clinic_id_start_at_idx" ON "block"("clinic_id", "start_at");
CREATE INDEX "resource_utilization_clinic_id_date_idx" ON "resource_utilization"("clinic_id", "date");
CREATE INDEX "resource_hourly_clinic_id_date_idx" ON "resource_hourly"("clinic_id", "date");
CREATE INDEX "provider_productivity_clinic_id_date_idx" ON "provider_productivity"("clinic_id", "date");
CREATE INDEX "rollup_run_created_at_idx" ON "rollup_run"("created_at");

-- AddForeignKey
ALTER TABLE "clinic_hours" ADD CONSTRAINT "clinic_hours_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "resource" ADD CONSTRAINT "resource_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "resource_hours" ADD CONSTRAINT "resource_hours_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "clinic_exception" ADD CONSTRAINT "clinic_exception_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "resource_exception" ADD CONSTRAINT "resource_exception_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "provider_clinic" ADD CONSTRAINT "provider_clinic_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "provider_clinic" ADD CONSTRAINT "provider_clinic_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE CASCADE ON UPDATE CASCADE;
