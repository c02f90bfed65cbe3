import type { Prisma } from '../generated/prisma/client.js';
import { sqlText } from '../database/bind.js';
import { PROVIDER_COUNTS, PROVIDER_SUMMED, RATIO_FIELDS, SUMMED_FIELDS } from '../domain/metrics.js';

/**
 * Weekly (ISO, Monday first) and monthly rollups of SPEC §4, computed from the daily rows.
 * Rates are ratios of sums; the average turnover is Σ turnover minutes / Σ samples. Each statement
 * recomputes whole periods that overlap [$2, $3] for the clinics in $1, skips unchanged rows
 * (IS DISTINCT FROM) and deletes period rows that lost their source.
 */

// The columns come from the metric registry (src/domain/metrics.ts): every summed figure of a resource's row, the
// whole-number ones among them, and the ratios recomputed from the sums of their parts.
const RESOURCE_SUMS = SUMMED_FIELDS.map((f) => f.column);
const INT_SUMS = new Set(SUMMED_FIELDS.filter((f) => f.unit === 'count').map((f) => f.column));
const RATES = RATIO_FIELDS.map((f) => [f.column, `CASE WHEN sum(${f.ratio!.den}) > 0 THEN sum(${f.ratio!.num}) / sum(${f.ratio!.den}) END`]);
const PROVIDER_SUMS = [...PROVIDER_SUMMED];
const PROVIDER_INT = new Set(PROVIDER_COUNTS);

type Period = 'day' | 'week' | 'month';
const TRUNC: Record<Period, string> = { day: 'date', week: "date_trunc('week', date)::date", month: "date_trunc('month', date)::date" };
const RANGE_FROM: Record<Period, string> = { day: '$2::date', week: "date_trunc('week', $2::date)::date", month: "date_trunc('month', $2::date)::date" };
const RANGE_TO: Record<Period, string> = {
  day: '$3::date',
  week: "(date_trunc('week', $3::date) + interval '6 days')::date",
  month: "(date_trunc('month', $3::date) + interval '1 month - 1 day')::date",
};

function sumExpr(c: string, ints: Set<string>): string {
  return ints.has(c) ? `sum(${c})::int` : `sum(${c})::float8`;
}

function upsert(opts: {
  target: string;
  source: string;
  keys: string[];
  groupKeys: string[];
  period: Period;
  extra: [string, string][];
  sums: string[];
  ints: Set<string>;
  rates: string[][];
}): string {
  const { target, source, keys, groupKeys, period, extra, sums, ints, rates } = opts;
  const cols = [...extra.map(([c]) => c), ...sums, ...rates.map(([c]) => c)];
  const exprs = [...extra.map(([, e]) => e), ...sums.map((c) => sumExpr(c, ints)), ...rates.map(([, e]) => e)];
  const pk = [...keys];
  return `
WITH agg AS MATERIALIZED (
  SELECT ${groupKeys.join(', ')}, '${period}'::"PeriodKind" AS period, ${TRUNC[period]} AS period_start,
         ${exprs.map((e, i) => `${e} AS ${cols[i]}`).join(',\n         ')}
  FROM ${source}
  WHERE clinic_id = ANY($1::text[]) AND date BETWEEN ${RANGE_FROM[period]} AND ${RANGE_TO[period]}
  GROUP BY ${groupKeys.join(', ')}, ${TRUNC[period]}
),
ins AS (
  INSERT INTO ${target} AS t (${pk.join(', ')}, ${cols.join(', ')}, computed_at)
  SELECT ${pk.join(', ')}, ${cols.join(', ')}, now() FROM agg
  ON CONFLICT (${pk.join(', ')}) DO UPDATE SET ${cols.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, computed_at = EXCLUDED.computed_at
  WHERE (${cols.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${cols.map((c) => `EXCLUDED.${c}`).join(', ')})
  RETURNING 1
),
del AS (
  DELETE FROM ${target} t USING (
    SELECT ${pk.join(', ')} FROM ${target}
    WHERE clinic_id = ANY($1::text[]) AND period = '${period}' AND period_start BETWEEN ${RANGE_FROM[period]} AND ${RANGE_TO[period]}
    EXCEPT SELECT ${pk.join(', ')} FROM agg
  ) gone
  WHERE ${pk.map((k) => `t.${k} = gone.${k}`).join(' AND ')}
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS written, (SELECT count(*) FROM del)::int AS deleted`;
}

const ROLLUP_TEXTS: { name: string; sql: string }[] = [
  ...(['week', 'month'] as Period[]).map((period) => ({
    name: `resource_rollup/${period}`,
    sql: upsert({
      target: 'resource_rollup',
      source: 'resource_utilization',
      keys: ['clinic_id', 'period', 'period_start', 'resource_id'],
      groupKeys: ['clinic_id', 'resource_id'],
      period,
      extra: [['days', 'count(*)::int']],
      sums: RESOURCE_SUMS,
      ints: INT_SUMS,
      rates: RATES,
    }),
  })),
  ...(['day', 'week', 'month'] as Period[]).map((period) => ({
    name: `clinic_rollup/${period}`,
    sql: upsert({
      target: 'clinic_rollup',
      source: 'resource_utilization',
      keys: ['clinic_id', 'period', 'period_start'],
      groupKeys: ['clinic_id'],
      period,
      extra: [
        ['days', 'count(DISTINCT date)::int'],
        ['resource_days', 'count(*)::int'],
      ],
      sums: RESOURCE_SUMS,
      ints: INT_SUMS,
      rates: RATES,
    }),
  })),
  ...(['week', 'month'] as Period[]).map((period) => ({
    name: `provider_rollup/${period}`,
    sql: upsert({
      target: 'provider_rollup',
      source: 'provider_productivity',
      keys: ['clinic_id', 'period', 'period_start', 'provider_id'],
      groupKeys: ['clinic_id', 'provider_id'],
      period,
      extra: [
        ['days', 'count(*)::int'],
        ['production_value', 'sum(production_value)'],
      ],
      sums: PROVIDER_SUMS,
      ints: PROVIDER_INT,
      rates: [],
    }),
  })),
];

/** The rollup statements in order, each for (clinicIds, from, to): [$1, $2, $3] of the text above. */
export const ROLLUP_STATEMENTS: { name: string; sql: (clinicIds: string[], from: string, to: string) => Prisma.Sql }[] = ROLLUP_TEXTS.map((s) => {
  const bind = sqlText(s.sql);
  return { name: s.name, sql: (clinicIds, from, to) => bind(clinicIds, from, to) };
});
