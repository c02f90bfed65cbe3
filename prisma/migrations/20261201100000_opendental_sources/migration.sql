-- Open Dental connector (src/connectors/opendental): per source, the state of its last sync; per source and
-- Open Dental table, the DateTStamp watermark (the source's own NOW(), a naive local 'YYYY-MM-DD HH:MM:SS').
CREATE TABLE "opendental_sync_state" (
    "source_id" TEXT NOT NULL,
    "last_started_at" TIMESTAMPTZ(3),
    "last_finished_at" TIMESTAMPTZ(3),
    "last_success_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_summary" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "opendental_sync_state_pkey" PRIMARY KEY ("source_id")
);

CREATE TABLE "opendental_watermark" (
    "source_id" TEXT NOT NULL,
    "table_name" TEXT NOT NULL,
    "stamp" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "opendental_watermark_pkey" PRIMARY KEY ("source_id", "table_name")
);
