import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BAND_STATUSES, HoursRange } from '../common/common.responses.js';
import { RowBenchmark } from '../benchmarks/benchmarks.responses.js';
import { ROW_FIELDS, type RowKey } from '../domain/metrics.js';
import { registryProperties } from '../common/openapi.js';

const MINUTES = 'Real elapsed minutes, rounded to 0.01';

export class RowTarget {
  @ApiProperty({ type: Number, description: 'Lower end of the target band the row is judged by' })
  low!: number;
  @ApiProperty({ type: Number, description: 'Upper end of the target band' })
  high!: number;
  @ApiProperty({ enum: ['clinic', 'category'], description: "category: the band of the resource's category; clinic: the clinic's" })
  band!: 'clinic' | 'category';
}

export class RowLinks {
  @ApiPropertyOptional({ type: String, description: 'Daily rows: the timeline of that chair-day' })
  timeline?: string;
  @ApiPropertyOptional({ type: String, description: 'Weeks, months, totals: the daily rows of the period' })
  days?: string;
}

/** Which resource and period a row is about. */
class ChairRowKey {
  @ApiProperty({ type: String, example: 'clinic-a' })
  clinicId!: string;
  @ApiProperty({ type: String, example: 'chair-1' })
  resourceId!: string;
  @ApiProperty({ type: String, example: 'Chair 1' })
  resourceName!: string;
  @ApiProperty({ enum: ['CHAIR', 'ROOM'] })
  kind!: 'CHAIR' | 'ROOM';
  @ApiProperty({ type: String, nullable: true, description: 'Category of chair (hygiene, restorative, …)', example: 'hygiene' })
  category!: string | null;
  @ApiProperty({ enum: ['day', 'week', 'month', 'total'] })
  granularity!: 'day' | 'week' | 'month' | 'total';
  @ApiProperty({ type: String, format: 'date', description: 'The day, or the first day of the period' })
  date!: string;
  @ApiProperty({ type: String, format: 'date', description: 'The last day of the period' })
  periodEnd!: string;
  @ApiProperty({ type: 'integer', description: 'Days with a row in the period' })
  days!: number;
}
// then every figure of the metric registry, in its order
registryProperties(ChairRowKey, ROW_FIELDS);

/** One resource and period (a day, an ISO week, a month or the whole range) with every figure of SPEC §2 (ROW_FIELDS). */
export class ChairRow extends (ChairRowKey as new () => ChairRowKey & Record<RowKey, number | null>) {
  @ApiProperty({ enum: BAND_STATUSES, nullable: true, description: 'utilizationRate against the band; null without available time' })
  status!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: "Median utilizationRate of the clinic's resources of the same kind in the same period" })
  clinicMedianUtilizationRate!: number | null;
  @ApiProperty({ type: String, description: 'What the median is over', example: '10 chair(s) of the clinic in the same period' })
  comparedWith!: string;
  @ApiProperty({ type: () => RowTarget })
  target!: RowTarget;
  @ApiProperty({ type: () => [RowBenchmark], description: 'Published and group benchmarks of the figures' })
  benchmarks!: RowBenchmark[];
  @ApiProperty({ type: () => RowLinks, description: 'Drill-down' })
  links!: RowLinks;
}

/** GET /chairs. */
export class ChairRowPage {
  @ApiProperty({ type: () => [ChairRow] })
  items!: ChairRow[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}

export class TimelineResource {
  @ApiProperty({ type: String })
  resourceId!: string;
  @ApiProperty({ type: String })
  clinicId!: string;
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ enum: ['CHAIR', 'ROOM'] })
  kind!: 'CHAIR' | 'ROOM';
  @ApiProperty({ type: String, example: 'America/Chicago' })
  timeZone!: string;
  @ApiProperty({ type: String, format: 'date' })
  date!: string;
  @ApiProperty({ type: () => [HoursRange], description: 'The opening windows in force that day, local time; [] when closed' })
  windows!: HoursRange[];
  @ApiProperty({ enum: ['resource exception', 'clinic exception', 'resource hours', 'clinic hours'], description: 'Where the windows come from' })
  hoursSource!: string;
}

export class Interval {
  @ApiProperty({ type: String, format: 'date-time' })
  start!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  end!: string;
}

export class TimelineSegment extends Interval {
  @ApiProperty({ enum: ['used', 'maintenance', 'blocked', 'noShow', 'gap', 'overtime'] })
  kind!: string;
  @ApiProperty({ type: Number, description: MINUTES })
  minutes!: number;
}

export class TimelineSession {
  @ApiProperty({ type: String })
  externalId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null without ops:view_provider_detail (privacy rule) or when not sent' })
  providerId!: string | null;
  @ApiProperty({ type: String, description: 'Opaque patient reference' })
  patientRef!: string;
  @ApiProperty({ enum: ['SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'NO_SHOW', 'CANCELLED'] })
  status!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  scheduledStart!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  scheduledEnd!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  actualStart!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  actualEnd!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  bookedAt!: string | null;
  @ApiProperty({ type: 'integer' })
  procedures!: number;
  @ApiProperty({ type: [String], description: 'The warnings it was accepted with' })
  warnings!: string[];
}

export class TimelineBlock extends Interval {
  @ApiProperty({ type: String })
  externalId!: string;
  @ApiProperty({ enum: ['MAINTENANCE', 'MEETING', 'TRAINING', 'OTHER'] })
  reason!: string;
}

export class SegmentMinutes {
  @ApiPropertyOptional({ type: Number })
  used?: number;
  @ApiPropertyOptional({ type: Number })
  maintenance?: number;
  @ApiPropertyOptional({ type: Number })
  blocked?: number;
  @ApiPropertyOptional({ type: Number })
  noShow?: number;
  @ApiPropertyOptional({ type: Number })
  gap?: number;
  @ApiPropertyOptional({ type: Number })
  overtime?: number;
}

/** GET /chairs/{resourceId}/timeline. */
export class Timeline {
  @ApiProperty({ type: () => TimelineResource })
  resource!: TimelineResource;
  @ApiProperty({ type: () => [Interval], description: 'The available time as instants' })
  available!: Interval[];
  @ApiProperty({ type: () => [TimelineSegment], description: 'The day cut into segments by the rules of the daily rows' })
  segments!: TimelineSegment[];
  @ApiProperty({ type: () => [TimelineSession] })
  sessions!: TimelineSession[];
  @ApiProperty({ type: () => [TimelineBlock] })
  blocks!: TimelineBlock[];
  @ApiProperty({ type: () => SegmentMinutes, description: 'Minutes per kind of segment; adds up to the figures of `metrics`' })
  segmentMinutes!: SegmentMinutes;
  @ApiProperty({ type: () => ChairRow, nullable: true, description: 'The daily row of that day; null before it is computed' })
  metrics!: ChairRow | null;
  @ApiProperty({ type: Boolean, description: 'Whether the daily row exists' })
  computed!: boolean;
}
