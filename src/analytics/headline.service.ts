import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '../database/prisma.service.js';
import { addDays, daysBetween } from '../domain/calendar.js';
import { HEADLINE_CHANGES, HEADLINE_DEFINED, RESOURCE_METRICS, SUMMED_FIELDS, type SummedKey } from '../domain/metrics.js';
import { percentText, round } from '../domain/numbers.js';
import { compareFigures } from '../benchmarks/compare.js';
import { bandContextOf, bandContextSql, bandFor, classify, groupBand, type Band, type CategoryBands, type ContextRow } from '../domain/band.js';
import { readTogether } from '../database/together.js';

/** Sums of clinic-day rows: the days, the chair-days and every summed figure of the metric registry, by its key (e.g. usedMinutes). */
export type Sums = { days: number; resourceDays: number } & Record<SummedKey, number>;

const SUM_COLUMNS: [keyof Sums, string][] = [
  ['days', 'count(DISTINCT period_start)'],
  ['resourceDays', 'sum(resource_days)'],
  ...SUMMED_FIELDS.map((f): [keyof Sums, string] => [f.key, `sum(${f.column})`]),
];
/** The select list of the sums: built from the constant SUM_COLUMNS only (no request input), hence Prisma.raw. */
const SUM_SELECT = Prisma.raw(SUM_COLUMNS.map(([k, e]) => `coalesce(${e}, 0)::float8 AS "${k}"`).join(', '));

/**
 * One row of the sums of a period p: a clinic's (g = 1), the total over the clinics (g = 3), or a day's (g = 2, with
 * the open rows' used and available minutes; null when no chair was open that day).
 */
type SumsOfRow = Sums & { p: number; clinic_id: string | null; g: number; open_used: number | null; open_available: number | null };

/** The figures summed over a period: in total, per clinic, and the open days' pairs for the interval estimate. */
export interface PeriodSums {
  total: Sums;
  perClinic: Map<string, Sums>;
  daily: { used: number; available: number }[];
}

/** How each figure of the headline is defined: the words of the metric registry (src/domain/metrics.ts). */
export const DEFINITIONS = Object.fromEntries(HEADLINE_DEFINED.map((k) => [k, RESOURCE_METRICS[k].definition!])) as Record<
  (typeof HEADLINE_DEFINED)[number],
  string
>;

/** Figures of one period, from summed rows; rates are ratios of sums. */
export function figures(s: Sums, band: Band) {
  const rate = s.availableMinutes > 0 ? s.usedMinutes / s.availableMinutes : null;
  const downtime = s.downtimeMinutes;
  const share = (m: number) => (downtime > 0 ? round(m / downtime, 4) : null);
  return {
    days: s.days,
    chairDays: s.resourceDays,
    availableMinutes: round(s.availableMinutes),
    availableChairHours: round(s.availableMinutes / 60, 1),
    usedMinutes: round(s.usedMinutes),
    blockedMinutes: round(s.blockedMinutes),
    downtimeMinutes: round(downtime),
    overtimeMinutes: round(s.overtimeMinutes),
    bookedMinutes: round(s.bookedMinutes),
    utilizationRate: round(rate, 4),
    scheduledUtilizationRate: round(s.availableMinutes > 0 ? s.bookedMinutes / s.availableMinutes : null, 4),
    status: classify(rate, band),
    downtimeByReason: {
      maintenance: { minutes: round(s.maintenanceMinutes), share: share(s.maintenanceMinutes) },
      noShow: { minutes: round(s.noShowMinutes), share: share(s.noShowMinutes) },
      gap: {
        minutes: round(s.gapMinutes),
        share: share(s.gapMinutes),
        lateCancelMinutes: round(s.lateCancelMinutes),
        shortGapMinutes: round(s.shortGapMinutes),
      },
    },
    turnover: { count: s.turnoverCount, avgMinutes: round(s.turnoverSamples > 0 ? s.turnoverMinutesTotal / s.turnoverSamples : null) },
    appointments: s.appointmentCount,
    noShowCount: s.noShowCount,
    noShowRate: round(s.appointmentCount > 0 ? s.noShowCount / s.appointmentCount : null, 4),
  };
}

function change(cur: number | null, prev: number | null) {
  if (cur === null || prev === null) return { absolute: null, relative: null };
  return { absolute: round(cur - prev, 4), relative: prev !== 0 ? round((cur - prev) / Math.abs(prev), 4) : null };
}

interface CategoryRow {
  clinic_id: string;
  category: string;
  chairs: number;
  used: number;
  available: number;
  booked: number;
  no_shows: number;
  appointments: number;
}

interface QualityRow {
  appointments: number;
  missing: number;
  warned: number;
  used: number;
  overtime: number;
  overlap: number;
  no_hours: number;
  resources: number;
  days_expected: number;
  days_rolled: number;
  dirty: number;
}

@Injectable()
export class HeadlineService {
  constructor(private readonly prisma: PrismaService) {}

  async headline(clinicIds: string[], from: string, to: string) {
    return (await this.headlineWithSums(clinicIds, from, to)).headline;
  }

  /** The headline, with the current period's sums and the clinics' bands it was built from (the report reuses them). */
  async headlineWithSums(clinicIds: string[], from: string, to: string) {
    const n = daysBetween(from, to) + 1; // days in [from, to]
    const prevTo = addDays(from, -1);
    const prevFrom = addDays(from, -n);
    // one round trip: the bands, the sums of both periods, the data quality and the categories
    const read = await readTogether<{ context: ContextRow; sums: SumsOfRow; quality: QualityRow; categories: CategoryRow }>(this.prisma, {
      context: bandContextSql(clinicIds),
      sums: sumsSql(clinicIds, [
        { from, to },
        { from: prevFrom, to: prevTo },
      ]),
      quality: qualitySql(clinicIds, from, to),
      categories: categorySql(clinicIds, from, to),
    });
    const { bands, categoryBands, group } = bandContextOf(read.context[0]);
    const { band, mixed } = groupBand(bands);
    const [cur, prev] = sumsFrom(read.sums, 2);
    const quality = qualityFrom(read.quality[0]);
    const byCategory = categoriesFrom(read.categories, bands, categoryBands);
    const current = figures(cur.total, band);
    const previous = figures(prev.total, band);
    const ci = ratioInterval(cur.daily);
    const prevCi = ratioInterval(prev.daily);
    const lowVolume = cur.daily.length < 14 || cur.total.availableMinutes / 60 < 200 || (ci !== null && ci.high - ci.low > 0.1);
    const changes = Object.fromEntries(HEADLINE_CHANGES.map((k) => [k, change(current[k], previous[k])]));
    const significant =
      ci && prevCi && current.utilizationRate !== null && previous.utilizationRate !== null
        ? Math.abs(current.utilizationRate - previous.utilizationRate) >
          1.96 * Math.sqrt(((ci.high - ci.low) / 3.92) ** 2 + ((prevCi.high - prevCi.low) / 3.92) ** 2)
        : null;
    const headline = {
      clinicIds,
      period: { from, to, days: n },
      previousPeriod: { from: prevFrom, to: prevTo, days: n },
      band: { ...band, mixedClinicBands: mixed },
      definitions: DEFINITIONS,
      current: { ...current, utilizationRateInterval95: ci },
      previous: { ...previous, utilizationRateInterval95: prevCi },
      change: { ...changes, utilizationRateChangeSignificant: significant },
      confidence: {
        lowVolume,
        basis: `${cur.daily.length} open day(s), ${round(cur.total.availableMinutes / 60, 1)} available chair-hours`,
        note: lowVolume
          ? 'Few days or chair-hours behind these figures: treat the rate and its change as indicative (see utilizationRateInterval95).'
          : 'Interval from the day-to-day variation of the ratio of used to available minutes (ratio estimator, 95 %).',
      },
      dataQuality: quality,
      benchmarks: compareFigures(
        { utilizationRate: current.utilizationRate, scheduledUtilizationRate: current.scheduledUtilizationRate, noShowRate: current.noShowRate },
        { group },
      ),
      byCategory: byCategory.map((c) => ({
        ...c,
        benchmarks: compareFigures(
          { utilizationRate: c.utilizationRate, scheduledUtilizationRate: c.scheduledUtilizationRate, noShowRate: c.noShowRate },
          { category: c.category, group },
        ),
      })),
      perClinic:
        clinicIds.length > 1 ? clinicIds.map((c) => ({ clinicId: c, ...figures(cur.perClinic.get(c) ?? zeroSums(), bands.get(c) ?? band) })) : undefined,
      links: {
        trend: `/api/v1/ops/utilization/trends?clinicId=${clinicIds.join(',')}&from=${from}&to=${to}&granularity=${n > 120 ? 'month' : n > 31 ? 'week' : 'day'}`,
        chairs: `/api/v1/ops/utilization/chairs?clinicId=${clinicIds.join(',')}&from=${from}&to=${to}&granularity=total`,
        days: `/api/v1/ops/utilization/chairs?clinicId=${clinicIds.join(',')}&from=${from}&to=${to}&granularity=day`,
        report: `/api/v1/ops/utilization/report?clinicId=${clinicIds.join(',')}&from=${from}&to=${to}`,
      },
    };
    return { headline, sums: cur, bands };
  }
}

/**
 * The sums of several disjoint periods in one scan: per period p (its index), the total over the clinics, each
 * clinic's sums, and each day's open rows (available minutes > 0) for the interval estimate. Rows for sumsFrom.
 */
function sumsSql(clinicIds: string[], periods: { from: string; to: string }[]): Prisma.Sql {
  const which = Prisma.join(
    periods.map((p, i) => Prisma.sql`WHEN period_start BETWEEN ${p.from}::date AND ${p.to}::date THEN ${i}::int`),
    ' ',
  );
  const inAny = Prisma.join(
    periods.map((p) => Prisma.sql`period_start BETWEEN ${p.from}::date AND ${p.to}::date`),
    ' OR ',
  );
  return Prisma.sql`
      SELECT p, clinic_id, GROUPING(clinic_id, period_start)::int AS g, ${SUM_SELECT},
             sum(used_minutes) FILTER (WHERE available_minutes > 0)::float8 AS open_used,
             sum(available_minutes) FILTER (WHERE available_minutes > 0)::float8 AS open_available
       FROM (SELECT *, CASE ${which} END AS p FROM clinic_rollup
             WHERE clinic_id = ANY(${clinicIds}::text[]) AND period = 'day' AND (${inAny})) r
       GROUP BY GROUPING SETS ((p, clinic_id), (p), (p, period_start))`;
}

/** The PeriodSums of each of n periods from the rows of sumsSql (zero sums for a period without rows). */
function sumsFrom(rows: SumsOfRow[], n: number): PeriodSums[] {
  const out: PeriodSums[] = Array.from({ length: n }, () => ({ total: zeroSums(), perClinic: new Map<string, Sums>(), daily: [] }));
  for (const { p, clinic_id, g, open_used, open_available, ...s } of rows) {
    const o = out[p];
    if (g === 1) o.perClinic.set(clinic_id!, s);
    else if (g === 3) o.total = s;
    else if (open_available !== null) o.daily.push({ used: open_used ?? 0, available: open_available });
  }
  return out;
}

/** Minutes and counts per category of resource and clinic in [from, to] (rows for categoriesFrom). */
function categorySql(clinicIds: string[], from: string, to: string): Prisma.Sql {
  return Prisma.sql`
      SELECT ru.clinic_id, r.category, count(DISTINCT r.id)::int AS chairs, sum(ru.used_minutes)::float8 AS used, sum(ru.available_minutes)::float8 AS available,
              sum(ru.booked_minutes)::float8 AS booked, sum(ru.no_show_count)::int AS no_shows, sum(ru.appointment_count)::int AS appointments
       FROM resource_utilization ru JOIN resource r ON r.id = ru.resource_id
       WHERE ru.clinic_id = ANY(${clinicIds}::text[]) AND ru.date BETWEEN ${from}::date AND ${to}::date AND r.category IS NOT NULL
       GROUP BY ru.clinic_id, r.category`;
}

/**
 * Figures per category of resource (hygiene, restorative, …) with the band each is judged by: the category's band when
 * the clinic set one, else the clinic's. Over several clinics whose bands differ, the defaults (and say so).
 */
function categoriesFrom(rows: CategoryRow[], bands: Map<string, Band>, categoryBands: CategoryBands) {
  const out = new Map<
    string,
    { chairs: number; used: number; available: number; booked: number; noShows: number; appointments: number; bands: Map<string, Band>; sources: Set<string> }
  >();
  for (const r of rows) {
    const c = out.get(r.category) ?? { chairs: 0, used: 0, available: 0, booked: 0, noShows: 0, appointments: 0, bands: new Map(), sources: new Set<string>() };
    c.chairs += r.chairs;
    c.used += r.used;
    c.available += r.available;
    c.booked += r.booked;
    c.noShows += r.no_shows;
    c.appointments += r.appointments;
    const { band, source } = bandFor(bands.get(r.clinic_id) ?? groupBand(bands).band, categoryBands, r.clinic_id, r.category);
    c.bands.set(r.clinic_id, band);
    c.sources.add(source);
    out.set(r.category, c);
  }
  return [...out.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, c]) => {
      const { band, mixed } = groupBand(c.bands);
      const rate = c.available > 0 ? c.used / c.available : null;
      return {
        category,
        chairs: c.chairs,
        availableChairHours: round(c.available / 60, 1),
        utilizationRate: round(rate, 4),
        scheduledUtilizationRate: round(c.available > 0 ? c.booked / c.available : null, 4),
        noShowRate: round(c.appointments > 0 ? c.noShows / c.appointments : null, 4),
        band: { ...band, source: c.sources.size === 1 ? [...c.sources][0] : 'mixed', mixedClinicBands: mixed },
        status: classify(rate, band),
      };
    });
}

/** The inputs of the data-quality figures of [from, to] (one row, for qualityFrom). */
function qualitySql(clinicIds: string[], from: string, to: string): Prisma.Sql {
  return Prisma.sql`
      WITH ru AS (
         SELECT resource_id, sum(available_minutes) AS available FROM resource_utilization
         WHERE clinic_id = ANY(${clinicIds}::text[]) AND date BETWEEN ${from}::date AND ${to}::date GROUP BY resource_id),
       cr AS (
         SELECT coalesce(sum(appointment_count), 0) AS appointments, coalesce(sum(missing_actual_count), 0) AS missing,
                coalesce(sum(warning_count), 0) AS warned,
                coalesce(sum(used_minutes), 0) AS used, coalesce(sum(overtime_minutes), 0) AS overtime, coalesce(sum(overlap_minutes), 0) AS overlap,
                count(*) AS days_rolled
         FROM clinic_rollup WHERE clinic_id = ANY(${clinicIds}::text[]) AND period = 'day' AND period_start BETWEEN ${from}::date AND ${to}::date),
       expected AS (
         SELECT count(*) AS n FROM clinic c, generate_series(${from}::date, least(${to}::date, (now() AT TIME ZONE c.time_zone)::date - 1), interval '1 day') g
         WHERE c.id = ANY(${clinicIds}::text[]))
       SELECT cr.appointments::int, cr.missing::int, cr.warned::int, cr.used::float8, cr.overtime::float8, cr.overlap::float8, cr.days_rolled::int,
              (SELECT count(*) FROM ru WHERE available = 0)::int AS no_hours, (SELECT count(*) FROM ru)::int AS resources,
              (SELECT n FROM expected)::int AS days_expected,
              (SELECT count(*) FROM dirty_day WHERE clinic_id = ANY(${clinicIds}::text[]) AND date BETWEEN ${from}::date AND ${to}::date)::int AS dirty
       FROM cr`;
}

/** How far the figures can be trusted: gaps in the inputs and in the computation. */
function qualityFrom(r: QualityRow) {
  const missingShare = r.appointments ? r.missing / r.appointments : 0;
  const outsideShare = r.used + r.overtime > 0 ? r.overtime / (r.used + r.overtime) : 0;
  const notRolled = Math.max(0, r.days_expected - r.days_rolled) + r.dirty;
  const notes: string[] = [];
  if (missingShare > 0.05) notes.push(`${percentText(missingShare, 0)} of appointments have no actual seated/released times; their scheduled times were used.`);
  if (outsideShare > 0.05) notes.push(`${percentText(outsideShare, 0)} of chair time fell outside opening hours; check the hours posted for these chairs.`);
  if (r.warned > 0) {
    notes.push(
      `${r.warned} session(s) were accepted with a warning of the intake policy (e.g. actual times ignored, IN_PROGRESS already released); the intake answer and the day's timeline list them.`,
    );
  }
  if (r.overlap > 0) notes.push(`${round(r.overlap / 60, 1)} chair-hours of sessions overlap on the same chair (double bookings); they were counted once.`);
  if (r.no_hours > 0) notes.push(`${r.no_hours} chair(s) or room(s) had no opening hours in the period.`);
  if (notRolled > 0) notes.push(`${notRolled} clinic-day(s) are not rolled up yet (or were corrected since); the figures will change when they are.`);
  const rating = missingShare > 0.25 || notRolled > 0.1 * Math.max(1, r.days_expected) || outsideShare > 0.2 ? 'poor' : notes.length ? 'fair' : 'good';
  return {
    rating,
    sessionsWithoutActualTimesShare: round(missingShare, 4),
    sessionsAcceptedWithWarnings: r.warned,
    chairTimeOutsideOpeningHoursShare: round(outsideShare, 4),
    overlappingSessionMinutes: round(r.overlap),
    chairsWithoutHours: r.no_hours,
    clinicDaysNotRolledUp: notRolled,
    notes,
  };
}

export function zeroSums(): Sums {
  return Object.fromEntries(SUM_COLUMNS.map(([k]) => [k, 0])) as unknown as Sums;
}

/**
 * 95 % interval of a ratio of sums R = Σu / Σa over days (ratio estimator with the day as the unit):
 * se(R) = sqrt(Σ (u_i − R·a_i)² / (n (n − 1))) / mean(a). Null with fewer than 2 open days.
 */
export function ratioInterval(daily: { used: number; available: number }[]): { low: number; high: number } | null {
  const n = daily.length;
  if (n < 2) return null;
  const su = daily.reduce((t, d) => t + d.used, 0);
  const sa = daily.reduce((t, d) => t + d.available, 0);
  if (sa <= 0) return null;
  const r = su / sa;
  const ss = daily.reduce((t, d) => t + (d.used - r * d.available) ** 2, 0);
  const se = Math.sqrt(ss / (n * (n - 1))) / (sa / n);
  return { low: round(Math.max(0, r - 1.96 * se), 4)!, high: round(Math.min(1, r + 1.96 * se), 4)! };
}
