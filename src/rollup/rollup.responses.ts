import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RollupRunProgress {
  @ApiProperty({ type: 'integer', description: 'Clinic-days the run covers', example: 90 })
  clinicDaysTotal!: number;
  @ApiProperty({ type: 'integer', description: 'Clinic-days computed so far', example: 42 })
  clinicDaysDone!: number;
  @ApiProperty({ type: 'integer', description: 'Clinic-days that failed (see errors)', example: 0 })
  clinicDaysFailed!: number;
  @ApiProperty({ type: Number, description: 'Done and failed over total, 0–1', example: 0.467 })
  fraction!: number;
}

export class RollupRunError {
  @ApiProperty({ type: String, description: 'The clinic whose days failed', example: 'clinic-a' })
  clinicId!: string;
  @ApiPropertyOptional({ type: String, description: 'The local dates concerned', example: '2026-03-02..2026-03-08' })
  dates?: string;
  @ApiProperty({ type: String, description: 'What went wrong' })
  message!: string;
}

/** A rollup run: a recompute of a date range of daily rows, weeks and months. */
export class RollupRun {
  @ApiProperty({ type: String, format: 'uuid', example: '6f1c2a7e-3b7d-4f0e-9a51-2f8d3c1e9b40' })
  id!: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'], example: 'running' })
  status!: 'queued' | 'running' | 'succeeded' | 'failed';
  @ApiProperty({ type: String, description: 'What started it: `api` (POST /rollups), `schedule`, `startup`, …', example: 'api' })
  trigger!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The token subject that asked for it (null for the scheduler)', example: 'ops-admin' })
  requestedBy!: string | null;
  @ApiProperty({ type: [String], description: 'The clinics it recomputes', example: ['clinic-a'] })
  clinicIds!: string[];
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'First local date', example: '2026-01-01' })
  from!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Last local date', example: '2026-03-31' })
  to!: string | null;
  @ApiProperty({ type: () => RollupRunProgress })
  progress!: RollupRunProgress;
  @ApiProperty({ type: () => [RollupRunError], description: 'Clinic-days that could not be computed' })
  errors!: RollupRunError[];
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;
}
