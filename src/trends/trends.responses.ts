import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TEAM_SUPPRESSED_PROSE } from '../domain/rules.js';
import { Change } from '../common/common.responses.js';
import { METRIC_NAMES } from '../domain/metrics.js';

export class TrendPoint {
  @ApiProperty({ type: String, format: 'date', description: 'First day of the period' })
  periodStart!: string;
  @ApiProperty({ type: String, format: 'date', description: 'Last day of the period' })
  periodEnd!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The figure; null without data or when suppressed' })
  value!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Ratios: the sum above the line' })
  numerator!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Ratios: the sum below the line' })
  denominator!: number | null;
  @ApiProperty({ type: () => Change, description: 'Against the period before' })
  change!: Change;
  @ApiProperty({ type: Number, nullable: true, description: 'Moving average over movingAverageWindow periods' })
  movingAverage!: number | null;
  @ApiProperty({ type: Boolean, description: `Team provider figure over ${TEAM_SUPPRESSED_PROSE}, hidden (privacy rule)` })
  suppressed!: boolean;
  @ApiProperty({ type: Boolean, description: 'false when the period reaches beyond the days rolled up (its sums cover fewer days)' })
  complete!: boolean;
}

export class TrendInterval {
  @ApiProperty({ type: Number })
  low!: number;
  @ApiProperty({ type: Number })
  high!: number;
}

/** The least-squares trend of a series and its significance. */
export class TrendSummary {
  @ApiProperty({ enum: ['up', 'down', 'flat'], description: 'flat unless the slope is significant' })
  direction!: 'up' | 'down' | 'flat';
  @ApiProperty({ type: Number, nullable: true, description: 'Change of the figure per period' })
  slope!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Slope relative to the mean' })
  slopeRelative!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  standardError!: number | null;
  @ApiProperty({ type: Number, description: 'Confidence level of the test', example: 0.95 })
  confidence!: number;
  @ApiProperty({ type: () => TrendInterval, nullable: true, description: 'Interval of the slope' })
  confidenceInterval!: TrendInterval | null;
  @ApiProperty({ type: Number, nullable: true })
  tStatistic!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  degreesOfFreedom!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  pValue!: number | null;
  @ApiProperty({ type: Boolean })
  significant!: boolean;
  @ApiProperty({ type: Number, nullable: true })
  rSquared!: number | null;
  @ApiProperty({ type: 'integer', description: 'Points with a value' })
  pointsUsed!: number;
}

export class TrendSeries {
  @ApiProperty({ type: String, nullable: true, description: 'The clinic, resource or provider (null with groupBy=none)' })
  groupId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  groupName!: string | null;
  @ApiProperty({ type: () => [TrendPoint] })
  points!: TrendPoint[];
  @ApiProperty({ type: () => TrendSummary })
  trend!: TrendSummary;
}

export class TrendFilters {
  @ApiProperty({ type: [String], nullable: true, description: 'null: every clinic' })
  clinicIds!: string[] | null;
  @ApiProperty({ enum: ['CHAIR', 'ROOM'], nullable: true })
  kind!: string | null;
  @ApiProperty({ type: [String], nullable: true })
  resourceIds!: string[] | null;
  @ApiProperty({ type: [String], nullable: true })
  providerIds!: string[] | null;
  @ApiProperty({ type: String, nullable: true })
  role!: string | null;
}

export class TrendPrivacy {
  @ApiProperty({ type: 'integer', nullable: true, description: 'Team figures over fewer providers are suppressed; null when the caller may see individuals' })
  suppressedBelowProviders!: number | null;
  @ApiProperty({ type: String })
  note!: string;
}

/** GET /trends. */
export class Trends {
  @ApiProperty({ enum: METRIC_NAMES })
  metric!: string;
  @ApiProperty({ enum: ['chair', 'provider'] })
  family!: 'chair' | 'provider';
  @ApiProperty({ type: String })
  definition!: string;
  @ApiProperty({ enum: ['fraction', 'minutes', 'count', 'money', 'money per hour', 'ratio'] })
  unit!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Ratios: the figure above the line' })
  numerator!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Ratios: the figure below the line' })
  denominator!: string | null;
  @ApiProperty({ enum: ['day', 'week', 'month', 'quarter'] })
  granularity!: string;
  @ApiProperty({ type: String, format: 'date' })
  from!: string;
  @ApiProperty({ type: String, format: 'date' })
  to!: string;
  @ApiProperty({ type: String, format: 'date', description: 'First day of the first period' })
  periodFrom!: string;
  @ApiProperty({ type: String, format: 'date', description: 'Last day of the last period' })
  periodTo!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'First day rolled up; null before any' })
  dataFrom!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Last day rolled up' })
  dataTo!: string | null;
  @ApiProperty({ type: String, description: 'The table the sums come from' })
  source!: string;
  @ApiProperty({ type: () => TrendFilters })
  filters!: TrendFilters;
  @ApiProperty({ enum: ['none', 'clinic', 'resource', 'provider'] })
  groupBy!: string;
  @ApiProperty({ type: 'integer' })
  movingAverageWindow!: number;
  @ApiProperty({ type: Number })
  confidence!: number;
  @ApiPropertyOptional({ type: () => TrendPrivacy, description: 'Provider metrics only' })
  privacy?: TrendPrivacy;
  @ApiProperty({ type: () => [TrendSeries] })
  series!: TrendSeries[];
}
