-- Benchmarks and team goals (issue 14).
-- A resource may carry a category (hygiene, restorative, orthodontic, surgery, imaging, …); each category may have its
-- own utilization band per clinic (category_band). A group records its own benchmarks (group_benchmark) beside the
-- published ones shipped in data/benchmarks.json. Team goals are opt-in per clinic (team_goal_opt_in) and are about the
-- team as a whole: no provider column exists in these tables.
ALTER TABLE "resource" ADD COLUMN "category" TEXT;

CREATE TABLE "category_band" (
    "clinic_id" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "low_threshold" DOUBLE PRECISION NOT NULL,
    "target_low" DOUBLE PRECISION NOT NULL,
    "target_high" DOUBLE PRECISION NOT NULL,
    "risk_threshold" DOUBLE PRECISION NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "category_band_pkey" PRIMARY KEY ("clinic_id", "category")
);

CREATE TABLE "group_benchmark" (
    "id" UUID NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "category" TEXT,
    "low" DOUBLE PRECISION NOT NULL,
    "high" DOUBLE PRECISION NOT NULL,
    "label" TEXT NOT NULL,
    "note" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "group_benchmark_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "group_benchmark_clinic_id_idx" ON "group_benchmark"("clinic_id");

CREATE TABLE "team_goal_opt_in" (
    "clinic_id" TEXT NOT NULL,
    "enabled_by" TEXT NOT NULL,
    "enabled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "team_goal_opt_in_pkey" PRIMARY KEY ("clinic_id")
);

CREATE TABLE "team_goal" (
    "id" UUID NOT NULL,
    "clinic_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" DOUBLE PRECISION NOT NULL,
    "label" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "team_goal_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "team_goal_clinic_id_idx" ON "team_goal"("clinic_id");

ALTER TABLE "category_band" ADD CONSTRAINT "category_band_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "group_benchmark" ADD CONSTRAINT "group_benchmark_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "team_goal_opt_in" ADD CONSTRAINT "team_goal_opt_in_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "team_goal" ADD CONSTRAINT "team_goal_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE CASCADE ON UPDATE CASCADE;
