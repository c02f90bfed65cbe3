import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BAND_STATUSES, ClinicBand, HoursRange } from '../common/common.responses.js';

const RATE = 'A fraction of 1 (booked or used ÷ available); null without available time';
const STATUS = 'Against the band; null without available time';

export class CapacityHistory {
  @ApiProperty({ type: String, format: 'date' })
  from!: string;
  @ApiProperty({ type: String, format: 'date' })
  to!: string;
  @ApiProperty({ type: 'integer' })
  openDays!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'First day with data; null without any' })
  firstDay!: string | null;
}

export class HeatmapThresholds {
  @ApiProperty({ type: Number, description: 'A cell above it is a peak (overbooking risk)' })
  peak!: number;
  @ApiProperty({ type: Number, description: 'A cell below it is low' })
  low!: number;
}

export class HeatmapHighlight {
  @ApiProperty({ type: String, example: 'Wednesday 14:00–15:00' })
  label!: string;
  @ApiProperty({ type: Number, nullable: true })
  utilization!: number | null;
  @ApiProperty({ type: Number })
  availableChairHoursPerWeek!: number;
}

/** The chair-hours of a weekday (or of one hour of it) over the history window, and their rates. */
class HeatmapFigures {
  @ApiProperty({ type: 'integer', description: 'ISO weekday, 1 = Monday' })
  weekday!: number;
  @ApiProperty({ type: Number })
  availableChairHours!: number;
  @ApiProperty({ type: Number })
  usedChairHours!: number;
  @ApiProperty({ type: Number })
  bookedChairHours!: number;
  @ApiProperty({ type: Number, nullable: true, description: RATE })
  utilization!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: RATE })
  bookedUtilization!: number | null;
}

export class HeatmapWeekday extends HeatmapFigures {
  @ApiProperty({ type: String, example: 'Monday' })
  name!: string;
  @ApiProperty({ type: 'integer', description: 'Days of that weekday in the history' })
  days!: number;
  @ApiProperty({ enum: BAND_STATUSES, nullable: true, description: STATUS })
  status!: string | null;
}

export class HeatmapCell extends HeatmapFigures {
  @ApiProperty({ type: 'integer', description: 'Local hour 0–23' })
  hour!: number;
  @ApiProperty({ type: String, example: 'Monday 08:00–09:00' })
  label!: string;
  @ApiProperty({ type: 'integer' })
  days!: number;
  @ApiProperty({ type: Number })
  availableChairHoursPerWeek!: number;
  @ApiProperty({ enum: ['peak', 'normal', 'low'], nullable: true, description: 'Against the thresholds; null without available time' })
  status!: string | null;
}

export class Heatmap {
  @ApiProperty({ type: String, description: 'How the cells are computed' })
  basis!: string;
  @ApiProperty({ type: String, format: 'date' })
  from!: string;
  @ApiProperty({ type: String, format: 'date' })
  to!: string;
  @ApiProperty({ type: () => HeatmapThresholds })
  thresholds!: HeatmapThresholds;
  @ApiProperty({ type: 'integer' })
  peakCells!: number;
  @ApiProperty({ type: 'integer' })
  lowCells!: number;
  @ApiProperty({ type: () => [HeatmapHighlight], description: 'The 5 busiest peak cells' })
  peaks!: HeatmapHighlight[];
  @ApiProperty({ type: () => [HeatmapHighlight], description: 'The 5 quietest low cells' })
  lows!: HeatmapHighlight[];
  @ApiProperty({ type: () => [HeatmapWeekday] })
  weekdays!: HeatmapWeekday[];
  @ApiProperty({ type: () => [HeatmapCell], description: 'Weekday × local hour' })
  cells!: HeatmapCell[];
}

export class CapacityModel {
  @ApiProperty({ type: String, description: 'What is forecast' })
  target!: string;
  @ApiProperty({ enum: ['weekday-trend', 'weekday', 'weekday-mean', 'bookings-only'] })
  method!: string;
  @ApiProperty({ type: String })
  description!: string;
  @ApiProperty({ type: 'integer' })
  openDays!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    nullable: true,
    description: 'Level per ISO weekday ("1" … "7"); null without a model',
    example: { '1': 0.81, '2': 0.77 },
  })
  weekdayLevels!: Record<string, number> | null;
  @ApiProperty({ type: Number, nullable: true })
  trendPerWeek!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  residualSd!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  withinWeekCorrelation!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  degreesOfFreedom!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Share of booked chair time really used' })
  realization!: number | null;
  @ApiProperty({ type: String })
  realizationNote!: string;
  @ApiProperty({ type: [String] })
  notes!: string[];
}

/** The scores of a backtest, over all its points or over one band of leads. */
class BacktestScores {
  @ApiProperty({ type: 'integer' })
  points!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean absolute error of the projected booked utilization' })
  mae!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  maeSeasonalNaive!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  coverage80!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  coverage95!: number | null;
}

export class BacktestByLead extends BacktestScores {
  @ApiProperty({ type: String, example: '1-7', description: 'Days ahead' })
  leads!: string;
  @ApiProperty({ type: Number, nullable: true })
  intervalWidening80!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  intervalWidening95!: number | null;
}

export class Backtest extends BacktestScores {
  @ApiProperty({ type: String })
  scope!: string;
  @ApiProperty({ type: 'integer' })
  horizonDays!: number;
  @ApiProperty({ type: 'integer' })
  origins!: number;
  @ApiProperty({ type: Number, nullable: true })
  bias!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  mase!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  relativeMae!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  calibratedCoverage80!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  calibratedCoverage95!: number | null;
  @ApiProperty({ type: () => [BacktestByLead] })
  byLead!: BacktestByLead[];
  @ApiProperty({ type: String })
  note!: string;
}

export class BookingCurvePoint {
  @ApiProperty({ type: 'integer', description: 'Days ahead' })
  lead!: number;
  @ApiProperty({ type: Number })
  shareOfFinal!: number;
  @ApiProperty({ type: Number })
  typicalBookedUtilization!: number;
  @ApiProperty({ type: Number })
  p10!: number;
  @ApiProperty({ type: Number })
  p90!: number;
  @ApiProperty({ type: 'integer' })
  days!: number;
}

export class BookingCurve {
  @ApiProperty({ type: Boolean })
  observable!: boolean;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  watchingSince!: string | null;
  @ApiProperty({ type: 'integer' })
  usableDays!: number;
  @ApiProperty({ type: 'integer' })
  maxLead!: number;
  @ApiProperty({ type: String })
  note!: string;
  @ApiProperty({ type: () => [BookingCurvePoint] })
  points!: BookingCurvePoint[];
}

export class UtilizationInterval {
  @ApiProperty({ type: Number, nullable: true })
  low!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  high!: number | null;
}

/** Projected figures over a span of days. */
export class ProjectionAggregate {
  @ApiProperty({ type: String, format: 'date' })
  from!: string;
  @ApiProperty({ type: String, format: 'date' })
  to!: string;
  @ApiProperty({ type: 'integer' })
  days!: number;
  @ApiProperty({ type: 'integer' })
  openDays!: number;
  @ApiProperty({ type: Number })
  availableChairHours!: number;
  @ApiProperty({ type: Number, description: 'Booked so far' })
  bookedChairHours!: number;
  @ApiProperty({ type: Number })
  projectedChairHours!: number;
  @ApiProperty({ type: Number, nullable: true, description: RATE })
  bookedUtilization!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: RATE })
  projectedUtilization!: number | null;
  @ApiProperty({ type: () => UtilizationInterval, nullable: true })
  interval80!: UtilizationInterval | null;
  @ApiProperty({ type: () => UtilizationInterval, nullable: true })
  interval95!: UtilizationInterval | null;
  @ApiProperty({ enum: BAND_STATUSES, nullable: true, description: STATUS })
  status!: string | null;
  @ApiProperty({ type: 'integer' })
  riskDays!: number;
  @ApiProperty({ type: 'integer' })
  lowDays!: number;
  @ApiProperty({ type: Number, description: 'Chair-hours missing to stay within the band' })
  chairHoursToAdd!: number;
  @ApiProperty({ type: Number, description: 'Chair-hours that could be released' })
  chairHoursToRelease!: number;
}

export class ProjectionWindow extends ProjectionAggregate {
  @ApiProperty({ type: 'integer', example: 30 })
  horizonDays!: number;
}

export class ProjectionWeek extends ProjectionAggregate {
  @ApiProperty({ type: String, format: 'date' })
  weekStart!: string;
  @ApiProperty({ type: Boolean, description: 'Only part of the week lies in the horizon' })
  partial!: boolean;
}

export class BookedToDate {
  @ApiProperty({ type: Number, nullable: true })
  utilization!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  typical!: number | null;
  @ApiProperty({ type: () => UtilizationInterval, nullable: true })
  typicalRange!: UtilizationInterval | null;
  @ApiProperty({ type: String })
  basis!: string;
  @ApiProperty({ enum: ['ahead', 'behind', 'normal'], nullable: true })
  status!: string | null;
}

export class DayActual {
  @ApiProperty({ type: Number, nullable: true })
  bookedUtilization!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  utilization!: number | null;
}

export class ProjectionDay {
  @ApiProperty({ type: String, format: 'date' })
  date!: string;
  @ApiProperty({ type: 'integer', description: 'ISO weekday' })
  weekday!: number;
  @ApiProperty({ type: 'integer', description: 'Days ahead' })
  lead!: number;
  @ApiProperty({ type: Boolean })
  closed!: boolean;
  @ApiProperty({ type: Number })
  availableChairHours!: number;
  @ApiProperty({ type: Number })
  bookedChairHours!: number;
  @ApiProperty({ type: Number, nullable: true })
  bookedUtilization!: number | null;
  @ApiProperty({ type: Number })
  projectedChairHours!: number;
  @ApiProperty({ type: Number, nullable: true })
  projectedUtilization!: number | null;
  @ApiProperty({ type: () => UtilizationInterval, nullable: true })
  interval80!: UtilizationInterval | null;
  @ApiProperty({ type: () => UtilizationInterval, nullable: true })
  interval95!: UtilizationInterval | null;
  @ApiProperty({ enum: ['pickup', 'model-floored-by-bookings', 'bookings-only'], nullable: true, description: 'How the day was forecast; null when closed' })
  method!: string | null;
  @ApiProperty({ enum: BAND_STATUSES, nullable: true })
  status!: string | null;
  @ApiProperty({ enum: ['likely', 'possible'], nullable: true })
  overbookingRisk!: string | null;
  @ApiProperty({ type: Number, nullable: true })
  overbookingProbability!: number | null;
  @ApiProperty({ type: Number })
  chairHoursToAdd!: number;
  @ApiProperty({ type: Number })
  chairHoursToRelease!: number;
  @ApiPropertyOptional({ type: () => BookedToDate, nullable: true, description: 'Bookings so far against the typical booking curve at the same lead' })
  bookedToDate?: BookedToDate | null;
  @ApiPropertyOptional({ type: () => DayActual, description: 'Replays (asOf in the past): what really happened' })
  actual?: DayActual;
}

export class RiskDay {
  @ApiProperty({ type: String, format: 'date' })
  date!: string;
  @ApiProperty({ type: 'integer' })
  weekday!: number;
  @ApiProperty({ type: Number, nullable: true })
  projectedUtilization!: number | null;
  @ApiProperty({ type: () => UtilizationInterval, nullable: true })
  interval80!: UtilizationInterval | null;
  @ApiProperty({ enum: ['likely', 'possible'], nullable: true })
  overbookingRisk!: string | null;
  @ApiProperty({ type: Number, nullable: true })
  overbookingProbability!: number | null;
  @ApiProperty({ type: Number })
  chairHoursToAdd!: number;
}

export class ProjectionAccuracy {
  @ApiProperty({ type: 'integer' })
  days!: number;
  @ApiProperty({ type: Number, nullable: true })
  mae!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  coverage80!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  coverage95!: number | null;
  @ApiProperty({ type: String })
  note!: string;
}

export class ProjectionBody {
  @ApiProperty({ type: () => ProjectionAggregate })
  summary!: ProjectionAggregate;
  @ApiProperty({ type: () => [ProjectionWindow], description: '30, 60, 90 days (up to the horizon)' })
  windows!: ProjectionWindow[];
  @ApiProperty({ type: () => [ProjectionWeek] })
  weeks!: ProjectionWeek[];
  @ApiProperty({ type: () => [ProjectionDay] })
  days!: ProjectionDay[];
  @ApiProperty({ type: () => [RiskDay] })
  riskDays!: RiskDay[];
  @ApiPropertyOptional({ type: () => ProjectionAccuracy, description: 'Replays: how the projection scored on the days that are over' })
  accuracy?: ProjectionAccuracy;
}

export class Projection extends ProjectionBody {
  @ApiProperty({ type: 'integer' })
  horizonDays!: number;
  @ApiProperty({ type: String, format: 'date' })
  from!: string;
  @ApiProperty({ type: String, format: 'date' })
  to!: string;
}

export class NumberComparison {
  @ApiProperty({ type: Number, nullable: true })
  baseline!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  whatIf!: number | null;
}

export class NumberChange extends NumberComparison {
  @ApiProperty({ type: Number, nullable: true })
  change!: number | null;
}

export class StatusComparison {
  @ApiProperty({ enum: BAND_STATUSES, nullable: true })
  baseline!: string | null;
  @ApiProperty({ enum: BAND_STATUSES, nullable: true })
  whatIf!: string | null;
}

export class WhatIfComparison {
  @ApiProperty({ type: () => NumberChange })
  availableChairHours!: NumberChange;
  @ApiProperty({ type: () => NumberChange })
  projectedUtilization!: NumberChange;
  @ApiProperty({ type: () => NumberComparison })
  riskDays!: NumberComparison;
  @ApiProperty({ type: () => NumberComparison })
  lowDays!: NumberComparison;
  @ApiProperty({ type: () => StatusComparison })
  status!: StatusComparison;
  @ApiProperty({ type: String })
  summary!: string;
}

export class WhatIf {
  @ApiProperty({ type: [String], description: 'The changes asked for, in words' })
  changes!: string[];
  @ApiProperty({ type: [String] })
  assumptions!: string[];
  @ApiProperty({ type: () => ProjectionBody })
  projection!: ProjectionBody;
  @ApiProperty({ type: () => WhatIfComparison })
  comparison!: WhatIfComparison;
}

export class CapacitySuggestion {
  @ApiProperty({
    enum: ['add-hours', 'add-chair', 'rebalance-peak', 'shorten-hours', 'consolidate-chair', 'consolidate-weekday', 'release-capacity', 'above-band'],
  })
  type!: string;
  @ApiProperty({ enum: ['high', 'medium', 'low'] })
  priority!: 'high' | 'medium' | 'low';
  @ApiProperty({ type: String })
  title!: string;
  @ApiProperty({ type: String })
  detail!: string;
  @ApiPropertyOptional({ type: 'integer', description: 'ISO weekday, 1 = Monday' })
  weekday?: number;
  @ApiPropertyOptional({ type: () => HoursRange, description: 'Local clock hours, `to` exclusive' })
  hours?: HoursRange;
  @ApiPropertyOptional({ type: [String], format: 'date' })
  dates?: string[];
  @ApiPropertyOptional({ type: [String] })
  resourceIds?: string[];
  @ApiPropertyOptional({ type: Number })
  chairHoursPerWeek?: number;
  @ApiPropertyOptional({ type: Number, description: 'Over the days named' })
  chairHours?: number;
  @ApiPropertyOptional({ type: String, description: 'The what-if parameter that tries it', example: 'addChairs=1' })
  whatIf?: string;
}

export class Replay {
  @ApiProperty({ type: String })
  note!: string;
}

export class KindProjection {
  @ApiProperty({ enum: ['CHAIR', 'ROOM'] })
  kind!: 'CHAIR' | 'ROOM';
  @ApiProperty({ enum: ['weekday-trend', 'weekday', 'weekday-mean', 'bookings-only'] })
  method!: string;
  @ApiProperty({ type: () => ProjectionAggregate })
  summary!: ProjectionAggregate;
  @ApiProperty({ type: () => [ProjectionWindow] })
  windows!: ProjectionWindow[];
}

/** GET /capacity. */
export class Capacity {
  @ApiProperty({ type: String })
  clinicId!: string;
  @ApiProperty({ type: String })
  clinicName!: string;
  @ApiProperty({ type: String })
  timeZone!: string;
  @ApiProperty({ type: String, format: 'date' })
  asOf!: string;
  @ApiProperty({ type: String, format: 'date' })
  today!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  bookingsKnownAt!: string;
  @ApiProperty({ enum: ['ALL', 'CHAIR', 'ROOM'] })
  kind!: string;
  @ApiProperty({ type: () => ClinicBand })
  band!: ClinicBand;
  @ApiProperty({ type: () => CapacityHistory })
  history!: CapacityHistory;
  @ApiProperty({ type: () => Heatmap })
  heatmap!: Heatmap;
  @ApiProperty({ type: () => CapacityModel })
  model!: CapacityModel;
  @ApiProperty({ type: () => Backtest })
  backtest!: Backtest;
  @ApiProperty({ type: () => BookingCurve })
  bookingCurve!: BookingCurve;
  @ApiProperty({ type: () => Projection })
  projection!: Projection;
  @ApiProperty({ type: () => WhatIf, nullable: true, description: 'With what-if parameters: the projection under the changes; null without' })
  whatIf!: WhatIf | null;
  @ApiProperty({ type: () => [CapacitySuggestion] })
  suggestions!: CapacitySuggestion[];
  @ApiPropertyOptional({ type: () => Replay, description: 'asOf in the past' })
  replay?: Replay;
  @ApiPropertyOptional({ type: () => [KindProjection], description: 'Chairs and rooms apart, when the clinic has both and kind is not given' })
  byKind?: KindProjection[];
}
