import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { LATE_CANCEL_HOURS, MIN_TEAM_PROVIDERS } from '../domain/rules.js';
import { keyedClass, mapOf, registerModels, registryProperties } from '../common/openapi.js';
import { HEADLINE_CHANGES, ROW_FIELD } from '../domain/metrics.js';
import { BenchmarkComparison } from '../benchmarks/benchmarks.responses.js';
import { BAND_STATUSES, Change, ClinicBand, DatePeriod, FRACTION, HoursRange } from '../common/common.responses.js';
import { ChairRow } from '../utilization/utilization.responses.js';
import { DEFAULT_BAND } from '../domain/band.js';

export { BAND_STATUSES, ClinicBand, DatePeriod, HoursRange } from '../common/common.responses.js';

const RATE = `${FRACTION}; null when there is nothing to divide by`;

const STATUS =
  'Against the band: below lowThreshold `low`, up to targetLow `below-target`, within the band `on-target`, up to riskThreshold `high`, above it `overbooking-risk`; null without available time';

/** GET/PUT /settings/{clinicId}. */
export class ClinicSettings {
  @ApiProperty({ type: String, example: 'clinic-a' })
  clinicId!: string;
  @ApiProperty({ type: Number, description: `Below it the status is \`low\`. ${FRACTION}`, example: DEFAULT_BAND.lowThreshold })
  lowThreshold!: number;
  @ApiProperty({ type: Number, description: `Lower end of the target band. ${FRACTION}`, example: DEFAULT_BAND.targetLow })
  targetLow!: number;
  @ApiProperty({ type: Number, description: `Upper end of the target band. ${FRACTION}`, example: DEFAULT_BAND.targetHigh })
  targetHigh!: number;
  @ApiProperty({ type: Number, description: `Above it the status is \`overbooking-risk\`. ${FRACTION}`, example: DEFAULT_BAND.riskThreshold })
  riskThreshold!: number;
  @ApiProperty({ type: 'integer', description: 'Gaps shorter than this many minutes cannot be booked (short gaps)', example: 15 })
  minSlotMinutes!: number;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 4217 currency of the production values; null until set', example: 'USD' })
  currency!: string | null;
}

export class ClinicSummary {
  @ApiProperty({ type: String, example: 'clinic-a' })
  id!: string;
  @ApiProperty({ type: String, example: 'Lakeview Orthodontics' })
  name!: string;
  @ApiProperty({ type: String, description: 'IANA time zone; dates are local to it', example: 'America/Chicago' })
  timeZone!: string;
  @ApiProperty({ type: String, format: 'date', description: "The clinic's local date now", example: '2026-11-24' })
  today!: string;
  @ApiProperty({ type: 'integer', description: 'Active chairs', example: 10 })
  chairs!: number;
  @ApiProperty({ type: 'integer', description: 'Active rooms', example: 1 })
  rooms!: number;
  @ApiProperty({ type: () => ClinicBand })
  band!: ClinicBand;
  @ApiProperty({ type: 'integer', description: 'Minimum bookable slot, minutes', example: 15 })
  minSlotMinutes!: number;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 4217 currency of production values; null until set', example: 'USD' })
  currency!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'The last local date rolled up; null before the first rollup',
    example: '2026-11-23',
  })
  lastRolledDate!: string | null;
}

/** GET /clinics. */
export class ClinicList {
  @ApiProperty({ type: () => [ClinicSummary] })
  items!: ClinicSummary[];
}

/** The band a group of figures is judged by. */
export class HeadlineBand extends ClinicBand {
  @ApiProperty({ type: Boolean, description: 'The clinics asked for have different bands; the defaults are shown' })
  mixedClinicBands!: boolean;
}

export class CategoryFiguresBand extends HeadlineBand {
  @ApiProperty({ enum: ['clinic', 'category', 'mixed'], description: "category: the category's own band; clinic: the clinic's" })
  source!: 'clinic' | 'category' | 'mixed';
}

export class DowntimeShare {
  @ApiProperty({ type: Number, description: 'Minutes' })
  minutes!: number;
  @ApiProperty({ type: Number, nullable: true, description: `Share of the downtime. ${RATE}` })
  share!: number | null;
}

export class GapDowntime extends DowntimeShare {
  @ApiProperty({ type: Number, description: `Of the gap: minutes freed by late (< ${LATE_CANCEL_HOURS} h) cancellations` })
  lateCancelMinutes!: number;
  @ApiProperty({ type: Number, description: 'Of the gap: gaps shorter than the minimum slot' })
  shortGapMinutes!: number;
}

export class DowntimeByReason {
  @ApiProperty({ type: () => DowntimeShare })
  maintenance!: DowntimeShare;
  @ApiProperty({ type: () => DowntimeShare })
  noShow!: DowntimeShare;
  @ApiProperty({ type: () => GapDowntime })
  gap!: GapDowntime;
}

export class Turnover {
  @ApiProperty({ type: 'integer', description: 'Changeovers between sessions' })
  count!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Average changeover, minutes; null without one' })
  avgMinutes!: number | null;
}

export class RateInterval {
  @ApiProperty({ type: Number, description: FRACTION })
  low!: number;
  @ApiProperty({ type: Number, description: FRACTION })
  high!: number;
}

/** The figures of the metric registry the headline sums or divides. */
const HEADLINE_ROW_FIELDS = [
  'availableMinutes',
  'usedMinutes',
  'blockedMinutes',
  'downtimeMinutes',
  'overtimeMinutes',
  'bookedMinutes',
  'utilizationRate',
  'scheduledUtilizationRate',
] as const;

/** How much of a period the headline figures cover. */
class HeadlineDays {
  @ApiProperty({ type: 'integer', description: 'Days with available time' })
  days!: number;
  @ApiProperty({ type: 'integer', description: 'Resource-days with available time' })
  chairDays!: number;
}
// then the registry's figures, summed over the chairs and rooms (rates: ratios of the sums)
registryProperties(
  HeadlineDays,
  HEADLINE_ROW_FIELDS.map((k) => ROW_FIELD[k]),
);

/** The headline figures of a set of clinics and a period. */
export class HeadlineFigures extends (HeadlineDays as new () => HeadlineDays & Record<(typeof HEADLINE_ROW_FIELDS)[number], number | null>) {
  @ApiProperty({ type: Number, description: 'availableMinutes in hours' })
  availableChairHours!: number;
  @ApiProperty({ enum: BAND_STATUSES, nullable: true, description: STATUS })
  status!: string | null;
  @ApiProperty({ type: () => DowntimeByReason })
  downtimeByReason!: DowntimeByReason;
  @ApiProperty({ type: () => Turnover })
  turnover!: Turnover;
  @ApiProperty({ type: 'integer', description: 'Sessions not cancelled (no-shows included)' })
  appointments!: number;
  @ApiProperty({ type: 'integer' })
  noShowCount!: number;
  @ApiProperty({ type: Number, nullable: true, description: `No-shows ÷ appointments. ${RATE}` })
  noShowRate!: number | null;
}

export class HeadlinePeriodFigures extends HeadlineFigures {
  @ApiProperty({ type: () => RateInterval, nullable: true, description: '95 % interval of utilizationRate; null with too few days' })
  utilizationRateInterval95!: RateInterval | null;
}

export class ClinicFigures extends HeadlineFigures {
  @ApiProperty({ type: String })
  clinicId!: string;
}

const HeadlineFigureChanges = keyedClass('HeadlineFigureChanges', HEADLINE_CHANGES, () => ({ type: () => Change })) as new () => Record<
  (typeof HEADLINE_CHANGES)[number],
  Change
>;

export class HeadlineChange extends HeadlineFigureChanges {
  @ApiProperty({ type: Boolean, nullable: true, description: 'Whether the change of utilizationRate lies outside the intervals; null without them' })
  utilizationRateChangeSignificant!: boolean | null;
}

export class Confidence {
  @ApiProperty({ type: Boolean, description: 'Few days or chair-hours behind the figures' })
  lowVolume!: boolean;
  @ApiProperty({ type: String, example: '24 open day(s), 1980 available chair-hours' })
  basis!: string;
  @ApiProperty({ type: String })
  note!: string;
}

export class DataQuality {
  @ApiProperty({ enum: ['good', 'fair', 'poor'] })
  rating!: 'good' | 'fair' | 'poor';
  @ApiProperty({ type: Number, description: FRACTION })
  sessionsWithoutActualTimesShare!: number;
  @ApiProperty({ type: 'integer' })
  sessionsAcceptedWithWarnings!: number;
  @ApiProperty({ type: Number, description: FRACTION })
  chairTimeOutsideOpeningHoursShare!: number;
  @ApiProperty({ type: Number, description: 'Minutes of sessions overlapping on one chair (counted once)' })
  overlappingSessionMinutes!: number;
  @ApiProperty({ type: 'integer' })
  chairsWithoutHours!: number;
  @ApiProperty({ type: 'integer' })
  clinicDaysNotRolledUp!: number;
  @ApiProperty({ type: [String], description: 'What lowers the rating, in plain words' })
  notes!: string[];
}

export class HeadlineDefinitions {
  @ApiProperty({ type: String })
  availableMinutes!: string;
  @ApiProperty({ type: String })
  utilizationRate!: string;
  @ApiProperty({ type: String })
  scheduledUtilizationRate!: string;
  @ApiProperty({ type: String })
  downtimeMinutes!: string;
  @ApiProperty({ type: String })
  noShowRate!: string;
  @ApiProperty({ type: String })
  avgTurnoverMinutes!: string;
}

export class CategoryFigures {
  @ApiProperty({ type: String, example: 'hygiene' })
  category!: string;
  @ApiProperty({ type: 'integer', description: 'Chairs and rooms of the category' })
  chairs!: number;
  @ApiProperty({ type: Number })
  availableChairHours!: number;
  @ApiProperty({ type: Number, nullable: true, description: RATE })
  utilizationRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: RATE })
  scheduledUtilizationRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: RATE })
  noShowRate!: number | null;
  @ApiProperty({ type: () => CategoryFiguresBand })
  band!: CategoryFiguresBand;
  @ApiProperty({ enum: BAND_STATUSES, nullable: true, description: STATUS })
  status!: string | null;
  @ApiProperty({ type: () => [BenchmarkComparison] })
  benchmarks!: BenchmarkComparison[];
}

export class HeadlineLinks {
  @ApiProperty({ type: String, description: 'The trend of the period' })
  trend!: string;
  @ApiProperty({ type: String, description: 'The chairs over the period' })
  chairs!: string;
  @ApiProperty({ type: String, description: 'The daily rows' })
  days!: string;
  @ApiProperty({ type: String, description: 'The report' })
  report!: string;
}

/** GET /api/v1/ops/utilization. */
export class Headline {
  @ApiProperty({ type: [String] })
  clinicIds!: string[];
  @ApiProperty({ type: () => DatePeriod })
  period!: DatePeriod;
  @ApiProperty({ type: () => DatePeriod, description: 'The period of equal length before' })
  previousPeriod!: DatePeriod;
  @ApiProperty({ type: () => HeadlineBand, description: 'The band the status of the figures is judged by' })
  band!: HeadlineBand;
  @ApiProperty({ type: () => HeadlineDefinitions, description: 'How each figure is defined' })
  definitions!: HeadlineDefinitions;
  @ApiProperty({ type: () => HeadlinePeriodFigures, description: 'The figures of the period' })
  current!: HeadlinePeriodFigures;
  @ApiProperty({ type: () => HeadlinePeriodFigures, description: 'The same figures over previousPeriod' })
  previous!: HeadlinePeriodFigures;
  @ApiProperty({ type: () => HeadlineChange, description: 'current against previous' })
  change!: HeadlineChange;
  @ApiProperty({ type: () => Confidence, description: 'How much lies behind the figures (days, chair-hours)' })
  confidence!: Confidence;
  @ApiProperty({ type: () => DataQuality, description: 'Gaps in the inputs and in the computation' })
  dataQuality!: DataQuality;
  @ApiProperty({ type: () => [BenchmarkComparison] })
  benchmarks!: BenchmarkComparison[];
  @ApiProperty({ type: () => [CategoryFigures] })
  byCategory!: CategoryFigures[];
  @ApiPropertyOptional({ type: () => [ClinicFigures], description: 'Several clinics: the figures of each' })
  perClinic?: ClinicFigures[];
  @ApiProperty({ type: () => HeadlineLinks })
  links!: HeadlineLinks;
}

// ---------------------------------------------------------------- GET /report

/** The headline's figures, as the report's summary repeats them. */
export class ReportSummary extends PickType(Headline, [
  'band',
  'current',
  'previous',
  'change',
  'confidence',
  'definitions',
  'benchmarks',
  'byCategory',
] as const) {}

export class ResourceDowntime {
  @ApiProperty({ type: String })
  clinicId!: string;
  @ApiProperty({ type: String })
  resourceId!: string;
  @ApiProperty({ type: String })
  resourceName!: string;
  @ApiProperty({ type: Number, description: 'Available minutes not used' })
  downtimeMinutes!: number;
}

export class ReportDowntime {
  @ApiProperty({ type: () => DowntimeByReason })
  byReason!: DowntimeByReason;
  @ApiProperty({ type: () => [ResourceDowntime], description: 'Most downtime first' })
  byResource!: ResourceDowntime[];
}

export class ProviderFigureDistribution {
  @ApiProperty({ type: 'integer', description: `Providers with a value (at least ${MIN_TEAM_PROVIDERS})` })
  count!: number;
  @ApiProperty({ type: Number })
  p25!: number;
  @ApiProperty({ type: Number })
  median!: number;
  @ApiProperty({ type: Number })
  p75!: number;
}

const REPORT_PROVIDER_FIGURES = [
  'patientsSeen',
  'patientsScheduled',
  'noShowRate',
  'proceduresCompleted',
  'chairHours',
  'productionValue',
  'productionPerScheduledHour',
];
export const ReportProviderDistributions = keyedClass('ReportProviderDistributions', REPORT_PROVIDER_FIGURES, () => ({
  type: () => ProviderFigureDistribution,
  nullable: true,
  description: `null with fewer than ${MIN_TEAM_PROVIDERS} values`,
}));
registerModels(ReportProviderDistributions);

export class ReportProviderGroup {
  @ApiProperty({ type: 'integer' })
  providers!: number;
  @ApiProperty({ type: Boolean, description: `Fewer than ${MIN_TEAM_PROVIDERS} providers: no distribution (privacy rule)` })
  suppressed!: boolean;
  @ApiPropertyOptional({ type: String, description: 'Why it is suppressed' })
  reason?: string;
  @ApiPropertyOptional({ type: () => ReportProviderDistributions, description: 'The distributions (not when suppressed)' })
  figures?: Record<string, ProviderFigureDistribution | null>;
}

export class ReportProvider {
  @ApiProperty({ type: String })
  providerId!: string;
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: String })
  role!: string;
  @ApiProperty({ type: 'integer' })
  patientsSeen!: number;
  @ApiProperty({ type: 'integer' })
  patientsScheduled!: number;
  @ApiProperty({ type: Number, nullable: true })
  noShowRate!: number | null;
  @ApiProperty({ type: 'integer' })
  proceduresCompleted!: number;
  @ApiProperty({ type: Number, nullable: true })
  chairHours!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  productionValue!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  productionPerScheduledHour!: number | null;
}

export class ReportProviders {
  @ApiProperty({ type: String })
  privacy!: string;
  @ApiProperty({ type: () => ReportProviderGroup })
  team!: ReportProviderGroup;
  @ApiProperty({ ...mapOf(ReportProviderGroup), description: 'Per role' })
  byRole!: Record<string, ReportProviderGroup>;
  @ApiPropertyOptional({ type: () => [ReportProvider], description: 'Only with ops:view_provider_detail; in name order, never ranked' })
  individuals?: ReportProvider[];
}

export class HourCell {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' })
  weekday!: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 23, description: 'Local hour' })
  hour!: number;
  @ApiProperty({ type: Number })
  availableChairHours!: number;
  @ApiProperty({ type: Number })
  usedChairHours!: number;
  @ApiProperty({ type: Number })
  bookedChairHours!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null without available time' })
  utilizationRate!: number | null;
  @ApiProperty({ enum: ['peak', 'low', 'normal'], description: 'peak > riskThreshold (overbooking risk), low < lowThreshold' })
  mark!: 'peak' | 'low' | 'normal';
  @ApiProperty({ type: 'integer', description: 'Days of that weekday counted' })
  weeks!: number;
}

export class HourSpan {
  @ApiProperty({ type: 'integer', description: 'ISO weekday, 1 = Monday' })
  weekday!: number;
  @ApiProperty({ type: 'integer', description: 'First local hour' })
  fromHour!: number;
  @ApiProperty({ type: 'integer', description: 'Local hour the span ends (exclusive)' })
  toHour!: number;
  @ApiProperty({ type: Number, description: `usedChairHours ÷ availableChairHours. ${FRACTION}` })
  utilizationRate!: number;
  @ApiProperty({ type: Number, description: 'Open chair-hours of the span over the period' })
  availableChairHours!: number;
  @ApiProperty({ type: Number, description: 'Used chair-hours of the span over the period' })
  usedChairHours!: number;
  @ApiProperty({ type: Number, description: 'The most days of that weekday any hour of the span was open' })
  weeks!: number;
  @ApiProperty({ type: String, example: 'Wednesday' })
  weekdayName!: string;
  @ApiProperty({ type: String, example: 'Wednesdays 14:00–17:00' })
  label!: string;
}

export class PeakLow {
  @ApiProperty({ type: () => [HourCell], description: 'Weekday × hour' })
  grid!: HourCell[];
  @ApiProperty({ type: () => [HourSpan] })
  peaks!: HourSpan[];
  @ApiProperty({ type: () => [HourSpan] })
  lows!: HourSpan[];
  @ApiProperty({ type: () => [HourCell], description: 'The 5 busiest cells' })
  busiestHours!: HourCell[];
  @ApiProperty({ type: () => [HourCell], description: 'The 5 quietest cells' })
  quietestHours!: HourCell[];
}

export class ReportClinic {
  @ApiProperty({ type: String })
  clinicId!: string;
  @ApiProperty({ enum: BAND_STATUSES, nullable: true })
  status!: string | null;
  @ApiProperty({ type: Number, nullable: true })
  utilizationRate!: number | null;
  @ApiProperty({ type: () => PeakLow })
  peakLow!: PeakLow;
}

export class CitationSource {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  name!: string;
  @ApiPropertyOptional({ type: 'integer' })
  year?: number;
  @ApiProperty({ type: String, format: 'uri' })
  url!: string;
  @ApiProperty({ type: Boolean })
  vendor!: boolean;
  @ApiPropertyOptional({ type: String })
  definitionDiffers?: string;
}

export class Citation {
  @ApiProperty({ type: String })
  metric!: string;
  @ApiProperty({ type: String })
  summary!: string;
  @ApiProperty({ type: () => [CitationSource] })
  sources!: CitationSource[];
}

/** A suggestion or risk of the report, in plain words with the chair-hours at stake. */
export class ReportSuggestion {
  @ApiProperty({ type: String })
  clinicId!: string;
  @ApiProperty({ enum: ['release-hours', 'consolidate-chair', 'fill-short-gaps', 'reduce-no-shows', 'add-hours', 'review-chair'] })
  kind!: string;
  @ApiProperty({ enum: ['info', 'warning', 'risk'] })
  severity!: 'info' | 'warning' | 'risk';
  @ApiProperty({ type: String, description: 'What to do and why' })
  text!: string;
  @ApiPropertyOptional({ type: [String], description: 'The resources concerned' })
  chairs?: string[];
  @ApiPropertyOptional({ type: String, description: 'Weekday name', example: 'Wednesday' })
  weekday?: string;
  @ApiPropertyOptional({ type: () => HoursRange, description: 'Local clock hours, `to` exclusive' })
  hours?: HoursRange;
  @ApiProperty({ type: Number, description: 'Chair-hours at stake over the period' })
  chairHours!: number;
  @ApiPropertyOptional({ type: Number, description: 'The same a week' })
  chairHoursPerWeek?: number;
  @ApiPropertyOptional({ type: () => [Citation], description: 'The benchmarks it cites' })
  citations?: Citation[];
}

/** GET /report (JSON). */
export class Report {
  @ApiProperty({ type: String })
  title!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  generatedAt!: string;
  @ApiProperty({ type: String, description: 'The token subject' })
  generatedFor!: string;
  @ApiProperty({ type: [String] })
  clinicIds!: string[];
  @ApiProperty({ type: () => DatePeriod })
  period!: DatePeriod;
  @ApiProperty({ type: () => ReportSummary })
  summary!: ReportSummary;
  @ApiProperty({ type: () => DataQuality })
  dataQuality!: DataQuality;
  @ApiProperty({ type: () => ReportDowntime })
  downtime!: ReportDowntime;
  @ApiProperty({ type: () => [ChairRow], description: 'Each resource over the period (granularity total)' })
  resources!: ChairRow[];
  @ApiProperty({ type: () => ReportProviders })
  providers!: ReportProviders;
  @ApiProperty({ type: () => [ReportClinic], description: 'Per clinic: status and the weekday × hour peaks and lows' })
  clinics!: ReportClinic[];
  @ApiProperty({ type: () => [ReportSuggestion] })
  suggestions!: ReportSuggestion[];
  @ApiProperty({ type: () => [ReportSuggestion] })
  risks!: ReportSuggestion[];
}

registerModels(Report);
