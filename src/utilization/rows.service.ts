import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.module.js';
import { bandFor, classify, DEFAULT_BAND, loadBands, loadCategoryBands } from '../analytics/band.js';
import { compactRefs, compareFigures, loadGroupBenchmarks } from '../benchmarks/compare.js';
import { TIMELINE_SQL } from './timeline.sql.js';
import { decodeCursor, encodeCursor, round, type ChairsQuery } from './query.js';

const MINUTE_FIELDS = [
  ['availableMinutes', 'available_minutes'],
  ['usedMinutes', 'used_minutes'],
  ['blockedMinutes', 'blocked_minutes'],
  ['downtimeMinutes', 'downtime_minutes'],
  ['maintenanceMinutes', 'maintenance_minutes'],
  ['noShowMinutes', 'no_show_minutes'],
  ['gapMinutes', 'gap_minutes'],
  ['overtimeMinutes', 'overtime_minutes'],
  ['bookedMinutes', 'booked_minutes'],
  ['lateCancelMinutes', 'late_cancel_minutes'],
  ['shortGapMinutes', 'short_gap_minutes'],
  ['avgTurnoverMinutes', 'avg_turnover_minutes'],
  ['turnoverMinutesTotal', 'turnover_minutes_total'],
  ['overlapMinutes', 'overlap_minutes'],
] as const;
const RATE_FIELDS = [
  ['utilizationRate', 'utilization_rate'],
  ['scheduledUtilizationRate', 'scheduled_utilization_rate'],
] as const;
const COUNT_FIELDS = [
  ['appointmentCount', 'appointment_count'],
  ['noShowCount', 'no_show_count'],
  ['turnoverCount', 'turnover_count'],
  ['turnoverSamples', 'turnover_samples'],
  ['missingActualCount', 'missing_actual_count'],
  ['warningCount', 'warning_count'],
] as const;

const FIELD_SQL: Record<string, string> = Object.fromEntries([...MINUTE_FIELDS, ...RATE_FIELDS, ...COUNT_FIELDS].map(([k, c]) => [k, c]));

/** Column order of the chair rows (JSON keys and CSV headers). */
export const CHAIR_COLUMNS = ['clinicId', 'resourceId', 'resourceName', 'kind', 'granularity', 'date', 'periodEnd', 'days',
  ...MINUTE_FIELDS.map(([k]) => k), ...RATE_FIELDS.map(([k]) => k), ...COUNT_FIELDS.map(([k]) => k), 'status', 'clinicMedianUtilizationRate'];

const PERIOD_END: Record<string, string> = {
  day: 't.date',
  total: '$2::date',
  week: "(t.period_start + 6)",
  month: "(t.period_start + interval '1 month - 1 day')::date",
};

/** Reads the daily rows and the weekly/monthly rollups (SPEC §6 "Daily rows"), keyset-paged. */
@Injectable()
export class RowsService {
  constructor(private readonly db: Database) {}

  async chairs(q: ChairsQuery, clinics: string[] | null) {
    const g = q.granularity;
    const sums = [...MINUTE_FIELDS, ...COUNT_FIELDS].filter(([k]) => k !== 'avgTurnoverMinutes');
    let source: string;
    if (g === 'day') {
      source = `SELECT t.clinic_id, t.resource_id, t.date AS period_start, t.date AS period_end, 1 AS days,
        ${[...MINUTE_FIELDS, ...RATE_FIELDS, ...COUNT_FIELDS].map(([, c]) => `t.${c}`).join(', ')}
        FROM resource_utilization t WHERE t.date BETWEEN $1::date AND $2::date`;
    } else if (g === 'total') {
      source = `SELECT t.clinic_id, t.resource_id, $1::date AS period_start, $2::date AS period_end, count(*)::int AS days,
        ${sums.map(([, c]) => `sum(t.${c}) AS ${c}`).join(', ')},
        sum(t.turnover_minutes_total) / nullif(sum(t.turnover_samples), 0) AS avg_turnover_minutes,
        sum(t.used_minutes) / nullif(sum(t.available_minutes), 0) AS utilization_rate,
        sum(t.booked_minutes) / nullif(sum(t.available_minutes), 0) AS scheduled_utilization_rate
        FROM resource_utilization t WHERE t.date BETWEEN $1::date AND $2::date AND ($3::text[] IS NULL OR t.clinic_id = ANY($3::text[]))
        GROUP BY t.clinic_id, t.resource_id`;
    } else {
      source = `SELECT t.clinic_id, t.resource_id, t.period_start, ${PERIOD_END[g]} AS period_end, t.days,
        ${[...MINUTE_FIELDS, ...RATE_FIELDS, ...COUNT_FIELDS].map(([, c]) => `t.${c}`).join(', ')}
        FROM resource_rollup t WHERE t.period = '${g}' AND t.period_start BETWEEN date_trunc('${g}', $1::date)::date AND $2::date`;
    }
    const sortKey = q.sort?.replace(/^-/, '');
    const desc = q.sort?.startsWith('-');
    const sortCol = sortKey === 'date' ? 'b.period_start' : sortKey === 'resourceName' ? 'b.resource_name' : sortKey ? `b.${FIELD_SQL[sortKey]}` : null;
    const params: unknown[] = [q.from, q.to, clinics, q.resourceId ?? null, q.kind ?? null, q.limit + 1];
    let order = 'b.period_start, b.clinic_id, b.resource_id';
    let page = '';
    if (sortCol) {
      order = `${sortCol} ${desc ? 'DESC' : 'ASC'} NULLS LAST, b.period_start, b.clinic_id, b.resource_id`;
      const [, offset] = decodeCursor(q.cursor, ['text', 'int']) ?? ['o', 0];
      params.push(Number(offset) || 0);
      page = 'OFFSET $7';
    } else {
      const after = decodeCursor(q.cursor, ['date', 'text', 'text']);
      if (after) {
        params.push(after[0], after[1], after[2]);
        page = '';
        order = `b.period_start, b.clinic_id, b.resource_id`;
        source += ''; // keyset condition applied below
      }
    }
    const keyset = !sortCol && q.cursor ? 'AND (b.period_start, b.clinic_id, b.resource_id) > ($7::date, $8::text, $9::text)' : '';
    const rows = await this.db.sql.query<Record<string, unknown>>(
      `WITH src AS NOT MATERIALIZED (${source}),
       b AS (
         -- the resource looked up per row by primary key (OFFSET 0 keeps the planner from turning it into a join it may order badly)
         SELECT s.*, r.name AS resource_name, r.kind::text AS kind, r.category FROM src s
         CROSS JOIN LATERAL (SELECT r.name, r.kind, r.category FROM resource r WHERE r.id = s.resource_id OFFSET 0) r
         WHERE ($3::text[] IS NULL OR s.clinic_id = ANY($3::text[])) AND ($5::text IS NULL OR r.kind::text = $5::text)),
       pg AS MATERIALIZED (
         SELECT b.* FROM b WHERE ($4::text[] IS NULL OR b.resource_id = ANY($4::text[])) ${keyset}
         ORDER BY ${order} LIMIT $6 ${page}),
       med AS MATERIALIZED (
         -- the clinic's median over the resources of the same kind filter and period, for the periods on this page only.
         -- One scan bounded by the page's clinics and first/last period (computed once), the kind looked up per row by
         -- primary key: no join order for a stale row estimate to get wrong (issue 15), linear in the rows of the page.
         SELECT s.clinic_id, s.period_start, percentile_cont(0.5) WITHIN GROUP (ORDER BY s.utilization_rate) AS median, count(*) AS peers
         FROM src s
         WHERE s.clinic_id = ANY((SELECT array_agg(DISTINCT clinic_id) FROM pg)::text[])
           AND s.period_start BETWEEN (SELECT min(period_start) FROM pg) AND (SELECT max(period_start) FROM pg)
           AND ($5::text IS NULL OR (SELECT r.kind::text FROM resource r WHERE r.id = s.resource_id) = $5::text)
         GROUP BY s.clinic_id, s.period_start),
       medj AS MATERIALIZED (
         -- one row: the page's medians by clinic and period, looked up per page row (no pg × med join to misplan)
         SELECT jsonb_object_agg(clinic_id || '|' || period_start::text, jsonb_build_array(median, peers)) AS m FROM med)
       SELECT b.clinic_id, b.resource_id, b.resource_name, b.kind, b.category, b.period_start::text AS date, b.period_end::text AS period_end, b.days::int AS days,
              ${[...MINUTE_FIELDS, ...RATE_FIELDS].map(([, c]) => `b.${c}::float8 AS ${c}`).join(', ')},
              ${COUNT_FIELDS.map(([, c]) => `b.${c}::int AS ${c}`).join(', ')},
              (j.m -> (b.clinic_id || '|' || b.period_start::text) ->> 0)::float8 AS clinic_median,
              (j.m -> (b.clinic_id || '|' || b.period_start::text) ->> 1)::int AS peers
       FROM pg b CROSS JOIN medj j
       ORDER BY ${order}`,
      params,
    );
    const more = rows.length > q.limit;
    const pageRows = rows.slice(0, q.limit);
    const pageClinics = [...new Set(pageRows.map((r) => r.clinic_id as string))];
    const [bands, categoryBands, group] = await Promise.all([loadBands(this.db.sql, pageClinics), loadCategoryBands(this.db.sql, pageClinics), loadGroupBenchmarks(this.db.sql, pageClinics)]);
    const items = pageRows.map((r) => {
      // each resource is judged by its category's band when its clinic set one (hygiene chairs run fuller), else the clinic's
      const { band, source: bandSource } = bandFor(bands.get(r.clinic_id as string) ?? DEFAULT_BAND, categoryBands, r.clinic_id as string, r.category as string | null);
      const rate = r.utilization_rate as number | null;
      const base = `/api/v1/ops/utilization/chairs?clinicId=${r.clinic_id}&resourceId=${r.resource_id}`;
      return {
        clinicId: r.clinic_id as string,
        resourceId: r.resource_id as string,
        resourceName: r.resource_name as string,
        kind: r.kind as string,
        category: (r.category as string | null) ?? null,
        granularity: g,
        date: r.date as string,
        periodEnd: r.period_end as string,
        days: Number(r.days),
        ...Object.fromEntries(MINUTE_FIELDS.map(([k, c]) => [k, round(r[c] as number | null, 2)])),
        ...Object.fromEntries(RATE_FIELDS.map(([k, c]) => [k, round(r[c] as number | null, 4)])),
        ...Object.fromEntries(COUNT_FIELDS.map(([k, c]) => [k, r[c] as number])),
        status: classify(rate, band),
        clinicMedianUtilizationRate: round(r.clinic_median as number | null, 4),
        comparedWith: `${r.peers} ${q.kind ? q.kind.toLowerCase() + '(s)' : 'resource(s)'} of the clinic in the same period`,
        target: { low: band.targetLow, high: band.targetHigh, band: bandSource },
        benchmarks: compactRefs(
          compareFigures(
            { utilizationRate: round(rate, 4), scheduledUtilizationRate: round(r.scheduled_utilization_rate as number | null, 4) },
            { category: (r.category as string | null) ?? null, group: group.filter((x) => x.clinicId === r.clinic_id) },
          ),
        ),
        links:
          g === 'day'
            ? { timeline: `/api/v1/ops/utilization/chairs/${encodeURIComponent(r.resource_id as string)}/timeline?date=${r.date}` }
            : { days: `${base}&from=${r.date}&to=${r.period_end}&granularity=day` },
      };
    });
    const last = pageRows[pageRows.length - 1];
    let nextCursor: string | null = null;
    if (more && last) {
      nextCursor = sortCol ? encodeCursor(['o', (Number(params[6]) || 0) + q.limit]) : encodeCursor([last.date as string, last.clinic_id as string, last.resource_id as string]);
    }
    return { items, nextCursor };
  }

  async clinicOfResource(resourceId: string): Promise<string | null> {
    const [r] = await this.db.sql.query<{ clinic_id: string }>('SELECT clinic_id FROM resource WHERE id = $1', [resourceId]);
    return r?.clinic_id ?? null;
  }

  /** One resource-day as a timeline, with the day's metrics row (the segments add up to it). */
  async timeline(resourceId: string, date: string) {
    const [t] = await this.db.sql.query<{ resource: Record<string, unknown> | null; available: unknown; segments: { kind: string; minutes: number }[]; sessions: unknown; blocks: unknown }>(
      TIMELINE_SQL,
      [resourceId, date],
    );
    if (!t?.resource) return null;
    const clinicId = t.resource.clinicId as string;
    const day = await this.chairs({ from: date, to: date, granularity: 'day', resourceId: [resourceId], limit: 1 } as ChairsQuery, [clinicId]);
    const totals: Record<string, number> = {};
    for (const seg of t.segments) totals[seg.kind] = round((totals[seg.kind] ?? 0) + Number(seg.minutes), 2)!;
    return { ...t, segmentMinutes: totals, metrics: day.items[0] ?? null, computed: !!day.items[0] };
  }
}
