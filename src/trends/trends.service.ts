import { Injectable } from '@nestjs/common';
import { MIN_TEAM_PROVIDERS } from '../domain/rules.js';
import type { Principal } from '../auth/auth.js';
import { ValidationFailed } from '../common/errors.js';
import { Prisma, PrismaService } from '../database/prisma.service.js';
import { round } from '../domain/numbers.js';
import { resolveMetric, type MetricDef } from '../domain/metrics.js';
import { periodEnd, periodStart, periodStarts, type Granularity } from '../domain/calendar.js';
import { linearTrend } from '../domain/statistics.js';
import { aboutProviders, type TrendsQuery } from './trends.query.js';

/** Team provider figures over fewer providers than this are suppressed for callers without ops:view_provider_detail. */
export const MIN_TEAM = MIN_TEAM_PROVIDERS;
/** Upper bound of the points of one answer (series × periods). */
export const MAX_POINTS = 100_000;

export interface TrendPoint {
  periodStart: string;
  periodEnd: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  change: { absolute: number | null; relative: number | null };
  movingAverage: number | null;
  suppressed: boolean;
  /** false when the period reaches before the first or after the last day rolled up (its sums cover fewer days) */
  complete: boolean;
}

export interface TrendSummary {
  direction: 'up' | 'down' | 'flat';
  slope: number | null;
  slopeRelative: number | null;
  standardError: number | null;
  confidence: number;
  confidenceInterval: { low: number; high: number } | null;
  tStatistic: number | null;
  degreesOfFreedom: number | null;
  pValue: number | null;
  significant: boolean;
  rSquared: number | null;
  pointsUsed: number;
}

export interface TrendSeries {
  groupId: string | null;
  groupName: string | null;
  points: TrendPoint[];
  trend: TrendSummary;
}

interface Row {
  g: string;
  p: string;
  num: number | null;
  den: number | null;
  providers: number | null;
}

/** The period_kind literal of each kind of row period (constants for the SQL text). */
const PERIOD_KINDS = { day: 'day', week: 'week', month: 'month' } as const;

/** A row of the trend statement: a period of a group (g, p null: no data at all) and the scope's first and last day rolled up. */
type CoveredRow = { [K in keyof Row]: K extends 'g' | 'p' ? string | null : Row[K] } & { first: string | null; last: string | null };

const sig = (v: number | null, digits = 6): number | null => (v === null || !Number.isFinite(v) ? null : Number(v.toPrecision(digits)));

/**
 * Trend series from the rollup tables (SPEC §4, §5 /trends): one query, grouped by period (and by clinic, resource or
 * provider when asked). Quarters are sums of months. Values are ratios of sums per period.
 */
@Injectable()
export class TrendsService {
  constructor(private readonly prisma: PrismaService) {}

  async trend(q: TrendsQuery, scope: string[] | null, who: Principal) {
    const g: Granularity = q.granularity;
    const providers = aboutProviders(q);
    const def = resolveMetric(q.metric, providers);
    const detail = who.permissions.has('ops:view_provider_detail');
    const suppress = def.family === 'provider' && !detail;
    const lo = periodStart(q.from, g);
    const hi = periodEnd(periodStart(q.to, g), g);

    const { sql, source } = this.buildQuery(q, def, scope, lo, hi);
    // one statement: the days rolled up in the scope (first, last; on every row) beside the trend's rows, and one row
    // of nulls when the trend has none
    const rows = await this.prisma.$queryRaw<CoveredRow[]>(Prisma.sql`
      WITH cov AS (
        SELECT min(period_start)::text AS first, max(period_start)::text AS last FROM clinic_rollup WHERE period = 'day' AND (${scope}::text[] IS NULL OR clinic_id = ANY(${scope}::text[])))
      SELECT cov.first, cov.last, t.g, t.p, t.num, t.den, t.providers FROM cov LEFT JOIN LATERAL (${sql}) t ON true`);
    const coverage = { first: rows[0]?.first ?? null, last: rows[0]?.last ?? null };

    // groups: every key with data, plus the ids asked for by the grouping dimension (so they show even without data)
    const byGroup = new Map<string, Map<string, Row>>();
    const asked = q.groupBy === 'clinic' ? q.clinicId : q.groupBy === 'resource' ? q.resourceId : q.groupBy === 'provider' ? q.providerId : undefined;
    if (q.groupBy === 'none') byGroup.set('all', new Map());
    for (const id of asked ?? []) byGroup.set(id, new Map());
    for (const { g: key, p, num, den, providers } of rows) {
      if (key === null || p === null) continue;
      if (!byGroup.has(key)) byGroup.set(key, new Map());
      byGroup.get(key)!.set(p, { g: key, p, num, den, providers });
    }
    const keys = [...byGroup.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const starts = periodStarts(q.from, q.to, g);
    if (keys.length * starts.length > MAX_POINTS) {
      throw new ValidationFailed([
        {
          field: 'groupBy',
          message: `${keys.length} series × ${starts.length} periods is more than ${MAX_POINTS} points; use a coarser granularity, a shorter range, fewer ids or groupBy=none`,
        },
      ]);
    }
    const names = await this.groupNames(q.groupBy, keys);
    const series: TrendSeries[] = keys.map((k) =>
      this.series(byGroup.get(k)!, starts, g, def, q, suppress, q.groupBy === 'none' ? null : k, names.get(k) ?? null, coverage),
    );

    return {
      metric: q.metric,
      family: def.family === 'resource' ? 'chair' : 'provider',
      definition: def.description,
      unit: def.unit,
      numerator: def.den ? def.numeratorName : null,
      denominator: def.den ? def.denominatorName : null,
      granularity: g,
      from: q.from,
      to: q.to,
      periodFrom: lo,
      periodTo: hi,
      dataFrom: coverage?.first ?? null,
      dataTo: coverage?.last ?? null,
      source,
      filters: { clinicIds: scope, kind: q.kind ?? null, resourceIds: q.resourceId ?? null, providerIds: q.providerId ?? null, role: q.role ?? null },
      groupBy: q.groupBy,
      movingAverageWindow: q.window,
      confidence: q.confidence,
      ...(def.family === 'provider'
        ? {
            privacy: detail
              ? { suppressedBelowProviders: null, note: 'Caller may see individual provider figures; no suppression.' }
              : {
                  suppressedBelowProviders: MIN_TEAM,
                  note: `Team figures of periods with fewer than ${MIN_TEAM} providers are suppressed (value null, suppressed true); they would reveal individuals.`,
                },
          }
        : {}),
      series,
    };
  }

  /**
   * The one statement of a trend. Table, columns and grouping come from constants (the metric definitions of metrics.ts,
   * the tables and period kinds below), chosen by validated enums, and enter the SQL through Prisma.raw; every value the
   * request carries is a parameter.
   */
  private buildQuery(q: TrendsQuery, def: MetricDef, scope: string[] | null, lo: string, hi: string): { sql: Prisma.Sql; source: string } {
    const g = q.granularity;
    const rowPeriod = g === 'quarter' ? 'month' : g;
    const where: Prisma.Sql[] = [];
    const joins: Prisma.Sql[] = [];
    let table: string;
    let dateCol = 't.period_start';
    if (def.family === 'resource') {
      const perResource = !!q.kind || !!q.resourceId?.length || q.groupBy === 'resource';
      if (!perResource) table = 'clinic_rollup';
      else if (rowPeriod === 'day') {
        table = 'resource_utilization';
        dateCol = 't.date';
      } else table = 'resource_rollup';
    } else if (rowPeriod === 'day') {
      table = 'provider_productivity';
      dateCol = 't.date';
    } else table = 'provider_rollup';
    const date = Prisma.raw(dateCol);
    if (dateCol === 't.period_start') where.push(Prisma.raw(`t.period = '${PERIOD_KINDS[rowPeriod]}'`));
    where.push(Prisma.sql`${date} BETWEEN ${lo}::date AND ${hi}::date`);
    if (scope) where.push(Prisma.sql`t.clinic_id = ANY(${scope}::text[])`);
    if (q.kind) joins.push(Prisma.sql`JOIN resource r ON r.id = t.resource_id AND r.kind::text = ${q.kind}::text`);
    if (q.resourceId?.length) where.push(Prisma.sql`t.resource_id = ANY(${q.resourceId}::text[])`);
    if (q.providerId?.length) where.push(Prisma.sql`t.provider_id = ANY(${q.providerId}::text[])`);
    if (q.role !== undefined) joins.push(Prisma.sql`JOIN provider pr ON pr.id = t.provider_id AND pr.role = ${q.role}::text`);
    const group = Prisma.raw({ none: `'all'::text`, clinic: 't.clinic_id', resource: 't.resource_id', provider: 't.provider_id' }[q.groupBy]);
    const bucket = Prisma.raw(g === 'quarter' ? `date_trunc('quarter', ${dateCol})::date` : dateCol);
    const sql = Prisma.sql`SELECT ${group} AS g, ${bucket}::text AS p, sum(t.${Prisma.raw(def.num)})::float8 AS num,
        ${Prisma.raw(def.den ? `sum(t.${def.den})::float8` : 'NULL::float8')} AS den,
        ${Prisma.raw(def.family === 'provider' ? 'count(DISTINCT t.provider_id)::int' : 'NULL::int')} AS providers
      FROM ${Prisma.raw(table)} t ${joins.length ? Prisma.join(joins, ' ') : Prisma.empty}
      WHERE ${Prisma.join(where, ' AND ')}
      GROUP BY 1, 2 ORDER BY 1, 2`;
    return {
      sql,
      source: `${table} (${rowPeriod === 'day' || dateCol === 't.date' ? 'daily rows' : `${rowPeriod} rollups`}${g === 'quarter' ? ', quarters as sums of months' : ''})`,
    };
  }

  private async groupNames(groupBy: TrendsQuery['groupBy'], keys: string[]): Promise<Map<string, string>> {
    if (groupBy === 'none' || !keys.length) return new Map();
    const args = { where: { id: { in: keys } }, select: { id: true, name: true } };
    const rows =
      groupBy === 'clinic'
        ? await this.prisma.clinic.findMany(args)
        : groupBy === 'resource'
          ? await this.prisma.resource.findMany(args)
          : await this.prisma.provider.findMany(args);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  private series(
    rows: Map<string, Row>,
    starts: string[],
    g: Granularity,
    def: MetricDef,
    q: TrendsQuery,
    suppress: boolean,
    groupId: string | null,
    groupName: string | null,
    coverage: { first: string | null; last: string | null } | undefined,
  ): TrendSeries {
    const complete = (p: string) => !!coverage?.first && !!coverage.last && p >= coverage.first && periodEnd(p, g) <= coverage.last;
    const factor = def.denFactor ?? 1;
    // unrounded values for the statistics
    const raw = starts.map((p) => {
      const r = rows.get(p);
      const suppressed = !!r && suppress && (r.providers ?? 0) < MIN_TEAM;
      if (!r || suppressed) return { p, value: null, num: null, den: null, suppressed };
      const den = def.den ? (r.den ?? 0) * factor : null;
      const value = def.den ? (den! > 0 && r.num !== null ? r.num / den! : null) : r.num;
      return { p, value, num: def.den ? r.num : null, den, suppressed: false };
    });
    const dec = def.decimals;
    const points: TrendPoint[] = raw.map((x, i) => {
      const prev = i > 0 ? raw[i - 1].value : null;
      const abs = x.value !== null && prev !== null ? x.value - prev : null;
      // moving average over the last `window` periods (periods without a value left out): a ratio of sums for rates,
      // the mean of the values for sums; null while the window is not full and at a period without a value
      let ma: number | null = null;
      if (i >= q.window - 1 && x.value !== null) {
        const w = raw.slice(i - q.window + 1, i + 1).filter((y) => y.value !== null);
        if (w.length) {
          if (def.den) {
            const n = w.reduce((s, y) => s + (y.num ?? 0), 0);
            const d = w.reduce((s, y) => s + (y.den ?? 0), 0);
            ma = d > 0 ? n / d : null;
          } else ma = w.reduce((s, y) => s + y.value!, 0) / w.length;
        }
      }
      return {
        periodStart: x.p,
        periodEnd: periodEnd(x.p, g),
        value: round(x.value, dec),
        numerator: round(x.num, def.denFactor ? 4 : 2),
        denominator: round(x.den, def.denFactor ? 4 : 2),
        change: { absolute: round(abs, Math.max(dec, 2)), relative: abs !== null && prev ? round(abs / Math.abs(prev), 4) : null },
        movingAverage: round(ma, Math.max(dec, 2)),
        suppressed: x.suppressed,
        complete: complete(x.p),
      };
    });
    // a sum over a period the data only partly covers would look like a drop: such periods stay out of the fit (rates do not need to)
    const used = raw.map((x, i) => ({ i, v: x.value, ok: def.den ? true : complete(x.p) })).filter((x) => x.v !== null && x.ok);
    const fit = linearTrend(
      used.map((x) => x.i),
      used.map((x) => x.v!),
      q.confidence,
    );
    const mean = used.length ? used.reduce((s, x) => s + x.v!, 0) / used.length : null;
    const trend: TrendSummary = {
      direction: fit.significant && fit.slope !== null && fit.slope !== 0 ? (fit.slope > 0 ? 'up' : 'down') : 'flat',
      slope: sig(fit.slope),
      slopeRelative: fit.slope !== null && mean ? sig(fit.slope / Math.abs(mean), 4) : null,
      standardError: sig(fit.standardError),
      confidence: q.confidence,
      confidenceInterval: fit.confidenceInterval ? { low: sig(fit.confidenceInterval[0])!, high: sig(fit.confidenceInterval[1])! } : null,
      tStatistic: sig(fit.tStatistic, 4),
      degreesOfFreedom: fit.degreesOfFreedom,
      pValue: sig(fit.pValue, 4),
      significant: fit.significant,
      rSquared: sig(fit.rSquared, 4),
      pointsUsed: fit.n,
    };
    return { groupId, groupName, points, trend };
  }
}
