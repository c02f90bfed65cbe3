import { ApiProperty } from '@nestjs/swagger';
import { mapOf } from '../../common/openapi.js';

/** Counts of one kind of record in a sync. */
export class SyncCounts {
  @ApiProperty({ type: 'integer', description: 'Rows read from Open Dental' })
  read!: number;
  @ApiProperty({ type: 'integer' })
  created!: number;
  @ApiProperty({ type: 'integer' })
  updated!: number;
  @ApiProperty({ type: 'integer' })
  unchanged!: number;
  @ApiProperty({ type: 'integer', description: 'Accepted under a documented rule, with a warning' })
  warnings!: number;
}

export class LastSync {
  @ApiProperty({ type: String, nullable: true, enum: ['full', 'incremental'] })
  mode!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'How long it took' })
  seconds!: number | null;
  @ApiProperty({ ...mapOf(SyncCounts), description: 'Per kind of record (clinics, resources, providers, sessions, blocks, exceptions)' })
  counts!: Record<string, SyncCounts>;
  @ApiProperty({ type: [String], description: 'The first 20 warnings' })
  warnings!: string[];
}

export class DataSource {
  @ApiProperty({ type: String, example: 'od1' })
  id!: string;
  @ApiProperty({ enum: ['opendental'] })
  kind!: 'opendental';
  @ApiProperty({ type: Boolean, description: 'Configured in OPENDENTAL_SOURCES (synced on a schedule)' })
  configured!: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Minutes between syncs; null when not configured' })
  every!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastStartedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastFinishedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSuccessAt!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Seconds since the last successful sync finished' })
  lagSeconds!: number | null;
  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "DateTStamp watermark per Open Dental table (the source's clock, naive local time)",
    example: { appointment: '2026-12-01 10:10:00' },
  })
  watermarks!: Record<string, string>;
  @ApiProperty({ type: () => LastSync, nullable: true })
  lastSync!: LastSync | null;
}

export class DataSourceList {
  @ApiProperty({ type: () => [DataSource] })
  items!: DataSource[];
}
