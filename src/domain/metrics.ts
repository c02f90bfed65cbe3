/**
 * The one metric registry. Every figure of the daily rows (SPEC §2) is declared here once: its key in the answers, its
 * SQL column, its unit, how many decimals the answers show, and (for a rate) its numerator and denominator. The rollup
 * SQL (src/rollup/rollup-sql.ts), the /chairs rows and their sort keys (src/utilization), the headline sums
 * (src/analytics/headline.service.ts), the OpenAPI descriptions of a row (src/utilization/utilization.responses.ts) and
 * the figures a trend can follow (RESOURCE_METRICS / PROVIDER_METRICS below) are all built from these lists, so a new
 * figure is added in one place.
 *
 * A rate is always a ratio of sums over the period (Σ numerator / Σ denominator), never a mean of daily rates.
 */

const MINUTES = 'Real elapsed minutes, rounded to 0.01';
const RATE = 'A fraction of 1, rounded to 4 decimals; null without available minutes';

export type MetricUnit = 'fraction' | 'minutes' | 'count' | 'money' | 'money per hour' | 'ratio';

/** A figure stored on every daily row of a resource (resource_utilization) and on its rollups. */
export interface RowField {
  /** the key in the answers (JSON field, CSV header) */
  key: string;
  /** the SQL column */
  column: string;
  /** minutes: real elapsed minutes (2 decimals); fraction: a rate of 1 (4 decimals); count: a whole number */
  unit: 'minutes' | 'fraction' | 'count';
  decimals: number;
  /** a ratio stored beside its parts: recomputed as Σ num / Σ den for any period (null when Σ den is 0) */
  ratio?: { num: string; den: string };
  /** the /chairs rows may be sorted by it */
  sortable: boolean;
  /** its description in the OpenAPI document */
  doc?: string;
}

type Plain<K extends string> = RowField & { key: K; ratio?: undefined };
type Ratio<K extends string> = RowField & { key: K; ratio: { num: string; den: string } };
const minutes = <K extends string>(key: K, column: string, doc: string, sortable = true): Plain<K> => ({
  key,
  column,
  unit: 'minutes',
  decimals: 2,
  sortable,
  doc: `${doc}. ${MINUTES}`,
});
const count = <K extends string>(key: K, column: string, doc?: string, sortable = true): Plain<K> => ({
  key,
  column,
  unit: 'count',
  decimals: 0,
  sortable,
  doc,
});
const ratio = <K extends string>(key: K, column: string, unit: RowField['unit'], num: string, den: string, doc: string): Ratio<K> => ({
  key,
  column,
  unit,
  decimals: unit === 'fraction' ? 4 : 2,
  sortable: true,
  ratio: { num, den },
  doc,
});

/** Every figure of a resource's row, in the order of the answers (JSON keys and CSV columns): minutes, rates, counts. */
export const ROW_FIELDS = [
  minutes('availableMinutes', 'available_minutes', 'Opening time'),
  minutes('usedMinutes', 'used_minutes', 'Seated → released inside the opening time'),
  minutes('blockedMinutes', 'blocked_minutes', 'Blocked (maintenance, meetings, training, other)'),
  minutes('downtimeMinutes', 'downtime_minutes', 'Available and not used'),
  minutes('maintenanceMinutes', 'maintenance_minutes', 'Maintenance blocks'),
  minutes('noShowMinutes', 'no_show_minutes', 'Booked time of no-shows'),
  minutes('gapMinutes', 'gap_minutes', 'Open, not booked, not blocked'),
  minutes('overtimeMinutes', 'overtime_minutes', 'Used outside the opening time'),
  minutes('bookedMinutes', 'booked_minutes', 'Booked inside the opening time'),
  minutes('lateCancelMinutes', 'late_cancel_minutes', `Of the gap: freed by late (< ${LATE_CANCEL_HOURS} h) cancellations`),
  minutes('shortGapMinutes', 'short_gap_minutes', 'Of the gap: gaps shorter than the minimum slot'),
  ratio(
    'avgTurnoverMinutes',
    'avg_turnover_minutes',
    'minutes',
    'turnover_minutes_total',
    'turnover_samples',
    'Average changeover between sessions, minutes; null without one',
  ),
  minutes('turnoverMinutesTotal', 'turnover_minutes_total', 'All changeovers', false),
  minutes('overlapMinutes', 'overlap_minutes', 'Sessions overlapping on the chair (counted once)'),
  ratio('utilizationRate', 'utilization_rate', 'fraction', 'used_minutes', 'available_minutes', `usedMinutes ÷ availableMinutes. ${RATE}`),
  ratio(
    'scheduledUtilizationRate',
    'scheduled_utilization_rate',
    'fraction',
    'booked_minutes',
    'available_minutes',
    `bookedMinutes ÷ availableMinutes. ${RATE}`,
  ),
  count('appointmentCount', 'appointment_count', 'Sessions not cancelled (no-shows included)'),
  count('noShowCount', 'no_show_count'),
  count('turnoverCount', 'turnover_count', 'Changeovers'),
  count('turnoverSamples', 'turnover_samples', 'Changeovers measured (both sides with actual times)', false),
  count('missingActualCount', 'missing_actual_count', 'Sessions without actual times (scheduled times used)'),
  count('warningCount', 'warning_count', 'Sessions accepted with a warning'),
] as const;

/** The key of a figure of the rows, and of a figure a period sums (not a ratio). */
export type RowKey = (typeof ROW_FIELDS)[number]['key'];
export type SummedKey = Exclude<RowKey, Extract<(typeof ROW_FIELDS)[number], { ratio: object }>['key']>;

/** The fields by key (e.g. ROW_FIELD.usedMinutes.doc). */
export const ROW_FIELD: Readonly<Record<string, RowField>> = Object.fromEntries(ROW_FIELDS.map((f) => [f.key, f]));

/** The fields a period sums (every field that is not a ratio of two others). */
export const SUMMED_FIELDS = ROW_FIELDS.filter((f) => !f.ratio) as readonly (RowField & { key: SummedKey })[];
/** The ratios, recomputed from the sums of their parts. */
export const RATIO_FIELDS: readonly RowField[] = ROW_FIELDS.filter((f) => f.ratio);

/** SQL of a ratio over summed rows (`t` the alias of the rows, '' for none): Σ num / Σ den, null when Σ den is 0. */
export const ratioSql = (f: RowField, t = ''): string => `sum(${t}${f.ratio!.num}) / nullif(sum(${t}${f.ratio!.den}), 0)`;

/** The keys /chairs may be sorted by, besides date and resourceName. */
export const ROW_SORT_KEYS: readonly string[] = ROW_FIELDS.filter((f) => f.sortable).map((f) => f.key);

// ------------------------------------------------------------------------------------------------ trends

/**
 * The figures a trend can follow. Chair/room figures come from the resource tables (clinic_rollup, resource_rollup,
 * resource_utilization), provider figures from provider_productivity / provider_rollup.
 */
export type Family = 'resource' | 'provider';

export interface MetricDef {
  family: Family;
  /** SQL column summed for the value (sum metrics) or the numerator (rates) */
  num: string;
  /** SQL column summed for the denominator (rates only) */
  den?: string;
  /** the denominator is Σden × denFactor (e.g. minutes → hours) */
  denFactor?: number;
  numeratorName?: string;
  denominatorName?: string;
  unit: MetricUnit;
  decimals: number;
  description: string;
  /** the figure in words, for the answers that state their definitions (the headline's and the report's `definitions`) */
  definition?: string;
}

const sum = (family: Family, num: string, unit: MetricDef['unit'], description: string): MetricDef => ({
  family,
  num,
  unit,
  decimals: unit === 'count' ? 0 : 2,
  description,
});
/** A summed figure of the resource rows, by its key in ROW_FIELDS. */
const rowSum = (key: string, description: string, definition?: string): MetricDef => ({
  ...sum('resource', ROW_FIELD[key].column, ROW_FIELD[key].unit, description),
  definition,
});
/** A rate of the resource rows: Σ num / Σ den, both keys of ROW_FIELDS. */
const rowRate = (num: string, den: string, unit: MetricUnit, decimals: number, description: string, definition?: string): MetricDef => ({
  family: 'resource',
  num: ROW_FIELD[num].column,
  den: ROW_FIELD[den].column,
  numeratorName: num,
  denominatorName: den,
  unit,
  decimals,
  description,
  definition,
});

export const RESOURCE_METRICS: Record<string, MetricDef> = {
  utilizationRate: rowRate(
    'usedMinutes',
    'availableMinutes',
    'fraction',
    4,
    'Σ used / Σ available minutes (actual chair time)',
    'Actual utilization: minutes chairs were really occupied (seated → released; scheduled times where no actual was reported) inside the available time, divided by the available minutes. Overlapping sessions on one chair count once.',
  ),
  scheduledUtilizationRate: rowRate(
    'bookedMinutes',
    'availableMinutes',
    'fraction',
    4,
    'Σ booked / Σ available minutes',
    'Scheduled utilization: minutes booked (scheduled intervals of sessions not cancelled, no-shows included) inside the available time, divided by the same available minutes.',
  ),
  downtimeRate: rowRate('downtimeMinutes', 'availableMinutes', 'fraction', 4, 'Σ downtime / Σ available minutes'),
  noShowRate: rowRate(
    'noShowCount',
    'appointmentCount',
    'fraction',
    4,
    'Σ no-show sessions / Σ appointments (non-cancelled sessions)',
    'No-show sessions / appointments (sessions not cancelled) that started in the period.',
  ),
  avgTurnoverMinutes: rowRate(
    'turnoverMinutesTotal',
    'turnoverSamples',
    'minutes',
    2,
    `Σ minutes between patients / Σ patient changes within ${TURNOVER_MAX_PAUSE_MINUTES} minutes`,
    `Mean time between one patient leaving a chair and the next being seated, over changes of patient ${TURNOVER_PAUSE_PROSE}.`,
  ),
  availableMinutes: rowSum(
    'availableMinutes',
    'Σ available minutes',
    'Opening windows in force that day (clinic or resource hours, minus closures and exceptions), in real elapsed minutes, summed over chairs and rooms.',
  ),
  usedMinutes: rowSum('usedMinutes', 'Σ used minutes'),
  bookedMinutes: rowSum('bookedMinutes', 'Σ booked (scheduled) minutes'),
  blockedMinutes: rowSum('blockedMinutes', 'Σ blocked minutes (meetings, training, other blocks)'),
  downtimeMinutes: rowSum(
    'downtimeMinutes',
    'Σ downtime minutes (maintenance + no-show + gap)',
    'Available minutes lost to maintenance, no-shows and unbooked gaps (blocked time for meetings, training and other reasons is counted apart).',
  ),
  maintenanceMinutes: rowSum('maintenanceMinutes', 'Σ maintenance minutes'),
  noShowMinutes: rowSum('noShowMinutes', 'Σ no-show minutes'),
  gapMinutes: rowSum('gapMinutes', 'Σ idle (gap) minutes'),
  overtimeMinutes: rowSum('overtimeMinutes', 'Σ minutes used outside opening hours'),
  lateCancelMinutes: rowSum('lateCancelMinutes', `Σ gap minutes left by cancellations under ${LATE_CANCEL_HOURS} h`),
  shortGapMinutes: rowSum('shortGapMinutes', 'Σ gap minutes in idle runs shorter than the minimum slot'),
  appointmentCount: rowSum('appointmentCount', 'Σ non-cancelled sessions'),
  noShowCount: rowSum('noShowCount', 'Σ no-show sessions'),
  turnoverCount: rowSum('turnoverCount', 'Σ patient changes'),
};

/** The figures of a provider's daily row (provider_productivity) that a period sums, and which of them are whole numbers. */
export const PROVIDER_SUMMED = ['patients_scheduled', 'patients_seen', 'no_show_count', 'procedures_completed', 'chair_minutes', 'scheduled_minutes'] as const;
export const PROVIDER_COUNTS: ReadonlySet<string> = new Set(['patients_scheduled', 'patients_seen', 'no_show_count', 'procedures_completed']);

export const PROVIDER_METRICS: Record<string, MetricDef> = {
  patientsScheduled: sum('provider', 'patients_scheduled', 'count', 'Σ patients scheduled (distinct patients per provider-day)'),
  patientsSeen: sum('provider', 'patients_seen', 'count', 'Σ patients seen (distinct patients per provider-day)'),
  proceduresCompleted: sum('provider', 'procedures_completed', 'count', 'Σ procedures completed'),
  chairMinutes: sum('provider', 'chair_minutes', 'minutes', 'Σ provider chair minutes'),
  scheduledMinutes: sum('provider', 'scheduled_minutes', 'minutes', 'Σ scheduled minutes of non-cancelled sessions'),
  productionValue: sum('provider', 'production_value', 'money', 'Σ production value of completed sessions'),
  noShowCount: sum('provider', 'no_show_count', 'count', 'Σ no-show sessions of the provider(s)'),
  noShowRate: {
    family: 'provider',
    num: 'no_show_count',
    den: 'patients_scheduled',
    numeratorName: 'noShowCount',
    denominatorName: 'patientsScheduled',
    unit: 'ratio',
    decimals: 4,
    description: 'Σ no-show sessions / Σ patients scheduled (provider tables)',
  },
  productionPerScheduledHour: {
    family: 'provider',
    num: 'production_value',
    den: 'scheduled_minutes',
    denFactor: 1 / 60,
    numeratorName: 'productionValue',
    denominatorName: 'scheduledHours',
    unit: 'money per hour',
    decimals: 2,
    description: 'Σ production value / Σ scheduled hours',
  },
  productionPerChairHour: {
    family: 'provider',
    num: 'production_value',
    den: 'chair_minutes',
    denFactor: 1 / 60,
    numeratorName: 'productionValue',
    denominatorName: 'chairHours',
    unit: 'money per hour',
    decimals: 2,
    description: 'Σ production value / Σ provider chair hours',
  },
};

/** The figures the headline (and the report's summary) states in words, as `definitions`. */
export const HEADLINE_DEFINED = [
  'availableMinutes',
  'utilizationRate',
  'scheduledUtilizationRate',
  'downtimeMinutes',
  'noShowRate',
  'avgTurnoverMinutes',
] as const;

/** Every metric name the trends route accepts. noShowCount and noShowRate exist in both families (see resolveMetric). */
export const METRIC_NAMES = [...new Set([...Object.keys(RESOURCE_METRICS), ...Object.keys(PROVIDER_METRICS)])];

/**
 * The definition a request means: provider-only metrics always read the provider tables; noShowCount / noShowRate
 * read them when the request is about providers (providerId, role or groupBy=provider), else the chair tables.
 */
export function resolveMetric(name: string, aboutProviders: boolean): MetricDef {
  if (aboutProviders && PROVIDER_METRICS[name]) return PROVIDER_METRICS[name];
  return RESOURCE_METRICS[name] ?? PROVIDER_METRICS[name];
}
import { LATE_CANCEL_HOURS, TURNOVER_MAX_PAUSE_MINUTES, TURNOVER_PAUSE_PROSE } from './rules.js';

/** The headline figures whose change against the previous period the headline gives (its `changes`). */
export const HEADLINE_CHANGES = [
  'utilizationRate',
  'scheduledUtilizationRate',
  'availableMinutes',
  'usedMinutes',
  'downtimeMinutes',
  'overtimeMinutes',
  'noShowRate',
  'appointments',
] as const;
