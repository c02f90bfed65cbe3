/**
 * The figures a trend can follow. Chair/room figures come from the resource tables (clinic_rollup, resource_rollup,
 * resource_utilization), provider figures from provider_productivity / provider_rollup. A rate is always a ratio
 * of sums over the period (Σ numerator / Σ denominator), never a mean of daily rates.
 */
import { LATE_CANCEL_HOURS, TURNOVER_MAX_PAUSE_MINUTES } from '../domain/rules.js';

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
  unit: 'fraction' | 'minutes' | 'count' | 'money' | 'money per hour' | 'ratio';
  decimals: number;
  description: string;
}

const sum = (family: Family, num: string, unit: MetricDef['unit'], description: string): MetricDef => ({
  family,
  num,
  unit,
  decimals: unit === 'count' ? 0 : 2,
  description,
});

export const RESOURCE_METRICS: Record<string, MetricDef> = {
  utilizationRate: {
    family: 'resource', num: 'used_minutes', den: 'available_minutes', numeratorName: 'usedMinutes', denominatorName: 'availableMinutes',
    unit: 'fraction', decimals: 4, description: 'Σ used / Σ available minutes (actual chair time)',
  },
  scheduledUtilizationRate: {
    family: 'resource', num: 'booked_minutes', den: 'available_minutes', numeratorName: 'bookedMinutes', denominatorName: 'availableMinutes',
    unit: 'fraction', decimals: 4, description: 'Σ booked / Σ available minutes',
  },
  downtimeRate: {
    family: 'resource', num: 'downtime_minutes', den: 'available_minutes', numeratorName: 'downtimeMinutes', denominatorName: 'availableMinutes',
    unit: 'fraction', decimals: 4, description: 'Σ downtime / Σ available minutes',
  },
  noShowRate: {
    family: 'resource', num: 'no_show_count', den: 'appointment_count', numeratorName: 'noShowCount', denominatorName: 'appointmentCount',
    unit: 'fraction', decimals: 4, description: 'Σ no-show sessions / Σ appointments (non-cancelled sessions)',
  },
  avgTurnoverMinutes: {
    family: 'resource', num: 'turnover_minutes_total', den: 'turnover_samples', numeratorName: 'turnoverMinutesTotal', denominatorName: 'turnoverSamples',
    unit: 'minutes', decimals: 2, description: `Σ minutes between patients / Σ patient changes within ${TURNOVER_MAX_PAUSE_MINUTES} minutes`,
  },
  availableMinutes: sum('resource', 'available_minutes', 'minutes', 'Σ available minutes'),
  usedMinutes: sum('resource', 'used_minutes', 'minutes', 'Σ used minutes'),
  bookedMinutes: sum('resource', 'booked_minutes', 'minutes', 'Σ booked (scheduled) minutes'),
  blockedMinutes: sum('resource', 'blocked_minutes', 'minutes', 'Σ blocked minutes (meetings, training, other blocks)'),
  downtimeMinutes: sum('resource', 'downtime_minutes', 'minutes', 'Σ downtime minutes (maintenance + no-show + gap)'),
  maintenanceMinutes: sum('resource', 'maintenance_minutes', 'minutes', 'Σ maintenance minutes'),
  noShowMinutes: sum('resource', 'no_show_minutes', 'minutes', 'Σ no-show minutes'),
  gapMinutes: sum('resource', 'gap_minutes', 'minutes', 'Σ idle (gap) minutes'),
  overtimeMinutes: sum('resource', 'overtime_minutes', 'minutes', 'Σ minutes used outside opening hours'),
  lateCancelMinutes: sum('resource', 'late_cancel_minutes', 'minutes', `Σ gap minutes left by cancellations under ${LATE_CANCEL_HOURS} h`),
  shortGapMinutes: sum('resource', 'short_gap_minutes', 'minutes', 'Σ gap minutes in idle runs shorter than the minimum slot'),
  appointmentCount: sum('resource', 'appointment_count', 'count', 'Σ non-cancelled sessions'),
  noShowCount: sum('resource', 'no_show_count', 'count', 'Σ no-show sessions'),
  turnoverCount: sum('resource', 'turnover_count', 'count', 'Σ patient changes'),
};

export const PROVIDER_METRICS: Record<string, MetricDef> = {
  patientsScheduled: sum('provider', 'patients_scheduled', 'count', 'Σ patients scheduled (distinct patients per provider-day)'),
  patientsSeen: sum('provider', 'patients_seen', 'count', 'Σ patients seen (distinct patients per provider-day)'),
  proceduresCompleted: sum('provider', 'procedures_completed', 'count', 'Σ procedures completed'),
  chairMinutes: sum('provider', 'chair_minutes', 'minutes', 'Σ provider chair minutes'),
  scheduledMinutes: sum('provider', 'scheduled_minutes', 'minutes', 'Σ scheduled minutes of non-cancelled sessions'),
  productionValue: sum('provider', 'production_value', 'money', 'Σ production value of completed sessions'),
  noShowCount: sum('provider', 'no_show_count', 'count', 'Σ no-show sessions of the provider(s)'),
  noShowRate: {
    family: 'provider', num: 'no_show_count', den: 'patients_scheduled', numeratorName: 'noShowCount', denominatorName: 'patientsScheduled',
    unit: 'ratio', decimals: 4, description: 'Σ no-show sessions / Σ patients scheduled (provider tables)',
  },
  productionPerScheduledHour: {
    family: 'provider', num: 'production_value', den: 'scheduled_minutes', denFactor: 1 / 60, numeratorName: 'productionValue', denominatorName: 'scheduledHours',
    unit: 'money per hour', decimals: 2, description: 'Σ production value / Σ scheduled hours',
  },
  productionPerChairHour: {
    family: 'provider', num: 'production_value', den: 'chair_minutes', denFactor: 1 / 60, numeratorName: 'productionValue', denominatorName: 'chairHours',
    unit: 'money per hour', decimals: 2, description: 'Σ production value / Σ provider chair hours',
  },
};

/** Every metric name the route accepts. noShowCount and noShowRate exist in both families (see resolveMetric). */
export const METRIC_NAMES = [...new Set([...Object.keys(RESOURCE_METRICS), ...Object.keys(PROVIDER_METRICS)])];

/**
 * The definition a request means: provider-only metrics always read the provider tables; noShowCount / noShowRate
 * read them when the request is about providers (providerId, role or groupBy=provider), else the chair tables.
 */
export function resolveMetric(name: string, aboutProviders: boolean): MetricDef {
  if (aboutProviders && PROVIDER_METRICS[name]) return PROVIDER_METRICS[name];
  return RESOURCE_METRICS[name] ?? PROVIDER_METRICS[name];
}
