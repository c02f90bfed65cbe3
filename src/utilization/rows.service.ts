import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '../database/prisma.service.js';
import { bandContextOf, bandContextSql, bandFor, classify, DEFAULT_BAND, type Band, type BandContext, type ContextRow } from '../domain/band.js';
import { compactRefs, compareFigures } from '../benchmarks/compare.js';
import { timelineSql } from './timeline.sql.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { allPages } from '../common/http.js';
import { ROW_FIELD, ROW_FIELDS, RATIO_FIELDS, ratioSql, type RowField } from '../domain/metrics.js';
import { round } from '../domain/numbers.js';
import type { ChairsQuery } from './query.js';

// The figures of a row, from the metric registry (src/domain/metrics.ts), in the order of the answers: [key, column].
const fieldsOf = (unit: RowField['unit']) => ROW_FIELDS.filter((f) => f.unit === unit).map((f) => [f.key, f.column] as const);
const MINUTE_FIELDS = fieldsOf('minutes');
const RATE_FIELDS = fieldsOf('fraction');
const COUNT_FIELDS = fieldsOf('count');

const FIELD_SQL: Record<string, string> = Object.fromEntries([...MINUTE_FIELDS, ...RATE_FIELDS, ...COUNT_FIELDS].map(([k, c]) => [k, c]));

/** Column order of the chair rows (JSON keys and CSV headers). */
export const CHAIR_COLUMNS = [
  'clinicId',
  'resourceId',
  'resourceName',
  'kind',
  'granularity',
  'date',
  'periodEnd',
  'days',
  ...MINUTE_FIELDS.map(([k]) => k),
  ...RATE_FIELDS.map(([k]) => k),
  ...COUNT_FIELDS.map(([k]) => k),
  'status',
  'clinicMedianUtilizationRate',
];

/** One row of the chairs statement. */
type ChairRow = {
  clinic_id: string;
  resource_id: string;
  resource_name: string;
  kind: string;
  category: string | null;
  date: string;
  period_end: string;
  days: number;
  clinic_median: number | null;
  peers: number | null;
  utilization_rate: number | null;
  scheduled_utilization_rate: number | null;
  /** on the first row: the bands and benchmarks of the page's clinics (bandContextSql) */
  ctx: ContextRow | null;
  /** every other figure, by its column (ROW_FIELDS) */
  [column: string]: unknown;
};

interface TimelineRow {
  resource: { resourceId: string; clinicId: string; name: string; kind: string; timeZone: string; date: string; windows: unknown; hoursSource: string } | null;
  available: { start: string; end: string }[];
  segments: { kind: string; start: string; end: string; minutes: number }[];
  sessions: Record<string, unknown>[];
  blocks: { externalId: string; reason: string; start: string; end: string }[];
}

// SQL fragments built from the constant field lists above only (no request input), hence Prisma.raw.
const ROW_COLUMNS = Prisma.raw([...MINUTE_FIELDS, ...RATE_FIELDS, ...COUNT_FIELDS].map(([, c]) => `t.${c}`).join(', '));
const TOTAL_SUMS = Prisma.raw(
  [...MINUTE_FIELDS, ...COUNT_FIELDS]
    .filter(([k]) => !ROW_FIELD[k].ratio)
    .map(([, c]) => `sum(t.${c}) AS ${c}`)
    .join(', '),
);
const TOTAL_RATIOS = Prisma.raw(RATIO_FIELDS.map((f) => `${ratioSql(f, 't.')} AS ${f.column}`).join(', '));
const OUT_COLUMNS = Prisma.raw(
  `${[...MINUTE_FIELDS, ...RATE_FIELDS].map(([, c]) => `b.${c}::float8 AS ${c}`).join(', ')},
              ${COUNT_FIELDS.map(([, c]) => `b.${c}::int AS ${c}`).join(', ')}`,
);
/** Per rollup granularity: its period_kind literal and the last day of a period (constants). */
const ROLLUP_SQL = {
  week: { period: Prisma.raw(`'week'`), end: Prisma.raw('(t.period_start + 6)') },
  month: { period: Prisma.raw(`'month'`), end: Prisma.raw("(t.period_start + interval '1 month - 1 day')::date") },
};

/** A page of the chairs statement: its rows, the band context of its clinics, the next page's cursor (null on the last). */
interface ChairPage {
  rows: ChairRow[];
  context: BandContext;
  nextCursor: string | null;
}

const NO_CONTEXT: BandContext = { bands: new Map(), categoryBands: new Map(), group: [] };

/** Rows per page of the CSV export (the JSON pages are at most 1,000). */
const EXPORT_PAGE = 1000;

/** The band a row is judged by: its category's when its clinic set one (hygiene chairs run fuller), else the clinic's. */
const bandOf = (r: ChairRow, { bands, categoryBands }: BandContext) => bandFor(bands.get(r.clinic_id) ?? DEFAULT_BAND, categoryBands, r.clinic_id, r.category);

/** The figures of a row, shared by the JSON items and the CSV export (its columns, CHAIR_COLUMNS, are among these keys). */
function figuresOf(r: ChairRow, granularity: string, band: Band): Record<string, unknown> {
  const out: Record<string, unknown> = {
    clinicId: r.clinic_id,
    resourceId: r.resource_id,
    resourceName: r.resource_name,
    kind: r.kind,
    category: r.category ?? null,
    granularity,
    date: r.date,
    periodEnd: r.period_end,
    days: Number(r.days),
  };
  for (const f of ROW_FIELDS) out[f.key] = f.unit === 'count' ? r[f.column] : round(r[f.column] as number | null, f.decimals);
  out.status = classify(r.utilization_rate, band);
  out.clinicMedianUtilizationRate = round(r.clinic_median, 4);
  return out;
}

/** Reads the daily rows and the weekly/monthly rollups (SPEC §6 "Daily rows"), keyset-paged. */
@Injectable()
export class RowsService {
  constructor(private readonly prisma: PrismaService) {}

  /** One page of /chairs in the answer's order: its rows (at most `q.limit`), the band context of its clinics, the next page's cursor. */
  private async page(q: ChairsQuery, clinics: string[] | null): Promise<ChairPage> {
    const g = q.granularity;
    const resourceIds = q.resourceId ?? null;
    const kind = q.kind ?? null;
    let source: Prisma.Sql;
    if (g === 'day') {
      source = Prisma.sql`SELECT t.clinic_id, t.resource_id, t.date AS period_start, t.date AS period_end, 1 AS days,
        ${ROW_COLUMNS}
        FROM resource_utilization t WHERE t.date BETWEEN ${q.from}::date AND ${q.to}::date`;
    } else if (g === 'total') {
      source = Prisma.sql`SELECT t.clinic_id, t.resource_id, ${q.from}::date AS period_start, ${q.to}::date AS period_end, count(*)::int AS days,
        ${TOTAL_SUMS},
        ${TOTAL_RATIOS}
        FROM resource_utilization t WHERE t.date BETWEEN ${q.from}::date AND ${q.to}::date AND (${clinics}::text[] IS NULL OR t.clinic_id = ANY(${clinics}::text[]))
        GROUP BY t.clinic_id, t.resource_id`;
    } else {
      const r = ROLLUP_SQL[g];
      source = Prisma.sql`SELECT t.clinic_id, t.resource_id, t.period_start, ${r.end} AS period_end, t.days,
        ${ROW_COLUMNS}
        FROM resource_rollup t WHERE t.period = ${r.period} AND t.period_start BETWEEN date_trunc(${r.period}, ${q.from}::date)::date AND ${q.to}::date`;
    }
    // one clinic: queried as an equality (see inScope), and its keyset pages bounded by the cursor's period
    const one = clinics?.length === 1 ? clinics[0] : null;
    const sortKey = q.sort?.replace(/^-/, '');
    const desc = q.sort?.startsWith('-');
    // ORDER BY from the whitelist of sort keys (CHAIR_SORT_KEYS, checked by the query schema): column names, never input
    const sortCol =
      sortKey === 'date' ? 'b.period_start' : sortKey === 'resourceName' ? 'b.resource_name' : sortKey && FIELD_SQL[sortKey] ? `b.${FIELD_SQL[sortKey]}` : null;
    let order = Prisma.raw('b.period_start, b.clinic_id, b.resource_id');
    let page = Prisma.empty;
    let keyset = Prisma.empty;
    let offset = 0;
    if (sortCol) {
      order = Prisma.raw(`${sortCol} ${desc ? 'DESC' : 'ASC'} NULLS LAST, b.period_start, b.clinic_id, b.resource_id`);
      const [, o] = decodeCursor(q.cursor, ['text', 'int']) ?? ['o', 0];
      offset = Number(o) || 0;
      page = Prisma.sql`OFFSET ${offset}`;
    } else {
      const after = decodeCursor(q.cursor, ['date', 'text', 'text']);
      // the row comparison; for one clinic also the period bound it implies, so that the clinic's index starts at the cursor
      // (not for a list: there the ordered index serves, and a bound the statistics misjudge could make the planner sort the rest)
      if (after)
        keyset = Prisma.sql`AND (b.period_start, b.clinic_id, b.resource_id) > (${after[0]}::date, ${after[1]}::text, ${after[2]}::text)${
          one !== null ? Prisma.sql` AND b.period_start >= ${after[0]}::date` : Prisma.empty
        }`;
    }
    // one clinic as an equality: the planner then reads that clinic's rows by its index in order (date, then resource),
    // where with a list it may walk the whole group's rows in date order to pick out the clinic's
    const inScope = one !== null ? Prisma.sql`s.clinic_id = ${one}` : Prisma.sql`(${clinics}::text[] IS NULL OR s.clinic_id = ANY(${clinics}::text[]))`;
    // the text starts with "WITH src AS" (test/freshness.e2e.spec.ts picks the statement out by it)
    const rows = await this.prisma.$queryRaw<ChairRow[]>(Prisma.sql`WITH src AS NOT MATERIALIZED (${source}),
       b AS (
         -- the resource looked up per row by primary key (OFFSET 0 keeps the planner from turning it into a join it may order badly)
         SELECT s.*, r.name AS resource_name, r.kind::text AS kind, r.category FROM src s
         CROSS JOIN LATERAL (SELECT r.name, r.kind, r.category FROM resource r WHERE r.id = s.resource_id OFFSET 0) r
         WHERE ${inScope} AND (${kind}::text IS NULL OR r.kind::text = ${kind}::text)),
       pg AS MATERIALIZED (
         SELECT b.* FROM b WHERE (${resourceIds}::text[] IS NULL OR b.resource_id = ANY(${resourceIds}::text[])) ${keyset}
         ORDER BY ${order} LIMIT ${q.limit + 1} ${page}),
       med AS MATERIALIZED (
         -- the clinic's median over the resources of the same kind filter and period, for the periods on this page only.
         -- One scan bounded by the page's clinics and first/last period (computed once), the kind looked up per row by
         -- primary key: no join order for a stale row estimate to get wrong (issue 15), linear in the rows of the page.
         SELECT s.clinic_id, s.period_start, percentile_cont(0.5) WITHIN GROUP (ORDER BY s.utilization_rate) AS median, count(*) AS peers
         FROM src s
         WHERE s.clinic_id = ANY((SELECT array_agg(DISTINCT clinic_id) FROM pg)::text[])
           AND s.period_start BETWEEN (SELECT min(period_start) FROM pg) AND (SELECT max(period_start) FROM pg)
           AND (${kind}::text IS NULL OR (SELECT r.kind::text FROM resource r WHERE r.id = s.resource_id) = ${kind}::text)
         GROUP BY s.clinic_id, s.period_start),
       medj AS MATERIALIZED (
         -- one row: the page's medians by clinic and period, looked up per page row (no pg × med join to misplan)
         SELECT jsonb_object_agg(clinic_id || '|' || period_start::text, jsonb_build_array(median, peers)) AS m FROM med),
       ctx AS MATERIALIZED (
         -- the bands, category bands and group benchmarks of the page's clinics (on the first row only)
         ${bandContextSql(Prisma.sql`(SELECT array_agg(DISTINCT clinic_id) FROM pg)::text[]`)})
       SELECT b.clinic_id, b.resource_id, b.resource_name, b.kind, b.category, b.period_start::text AS date, b.period_end::text AS period_end, b.days::int AS days,
              ${OUT_COLUMNS},
              ((SELECT m FROM medj) -> (b.clinic_id || '|' || b.period_start::text) ->> 0)::float8 AS clinic_median,
              ((SELECT m FROM medj) -> (b.clinic_id || '|' || b.period_start::text) ->> 1)::int AS peers,
              CASE WHEN row_number() OVER (ORDER BY ${order}) = 1 THEN (SELECT row_to_json(c) FROM ctx c) END AS ctx
       -- the medians map read once (an InitPlan), not carried through the sort with every row
       FROM pg b
       ORDER BY ${order}`);
    const more = rows.length > q.limit;
    const pageRows = rows.slice(0, q.limit);
    const context = rows.length ? bandContextOf(rows[0].ctx!) : NO_CONTEXT;
    const last = pageRows[pageRows.length - 1];
    let nextCursor: string | null = null;
    if (more && last) {
      nextCursor = sortCol ? encodeCursor(['o', offset + q.limit]) : encodeCursor([last.date, last.clinic_id, last.resource_id]);
    }
    return { rows: pageRows, context, nextCursor };
  }

  async chairs(q: ChairsQuery, clinics: string[] | null) {
    const g = q.granularity;
    const { rows: pageRows, context, nextCursor } = await this.page(q, clinics);
    const { group } = context;
    const items = pageRows.map((r) => {
      const { band, source: bandSource } = bandOf(r, context);
      const rate = r.utilization_rate;
      const base = `/api/v1/ops/utilization/chairs?clinicId=${r.clinic_id}&resourceId=${r.resource_id}`;
      // the figures, then what only the JSON items carry (added to the same object: no copy per row)
      return Object.assign(figuresOf(r, g, band), {
        comparedWith: `${r.peers} ${q.kind ? q.kind.toLowerCase() + '(s)' : 'resource(s)'} of the clinic in the same period`,
        target: { low: band.targetLow, high: band.targetHigh, band: bandSource },
        benchmarks: compactRefs(
          compareFigures(
            { utilizationRate: round(rate, 4), scheduledUtilizationRate: round(r.scheduled_utilization_rate, 4) },
            { category: r.category ?? null, group: group.filter((x) => x.clinicId === r.clinic_id) },
          ),
        ),
        links:
          g === 'day'
            ? { timeline: `/api/v1/ops/utilization/chairs/${encodeURIComponent(r.resource_id)}/timeline?date=${r.date}` }
            : { days: `${base}&from=${r.date}&to=${r.period_end}&granularity=day` },
      });
    });
    return { items, nextCursor };
  }

  /**
   * Every row of the range for the CSV export, a page at a time, with the figures the CSV has (no benchmarks, links or
   * prose): keyset pages of `pageSize` rows, each one ordered index range scan from its cursor (linear in the export's
   * size), the next one read while this one is written out.
   */
  exportRows(q: Omit<ChairsQuery, 'limit' | 'cursor'>, clinics: string[] | null, pageSize = EXPORT_PAGE): AsyncGenerator<Record<string, unknown>[]> {
    return allPages(async (cursor) => {
      const { rows, context, nextCursor } = await this.page({ ...q, limit: pageSize, cursor: cursor ?? undefined }, clinics);
      return { items: rows.map((r) => figuresOf(r, q.granularity, bandOf(r, context).band)), nextCursor };
    });
  }

  /** One resource-day as a timeline, with the day's metrics row (the segments add up to it). */
  async timeline(resourceId: string, date: string) {
    const [t] = await this.prisma.$queryRaw<TimelineRow[]>(timelineSql(resourceId, date));
    if (!t?.resource) return null;
    const clinicId = t.resource.clinicId;
    const day = await this.chairs({ from: date, to: date, granularity: 'day', resourceId: [resourceId], limit: 1 }, [clinicId]);
    const totals: Record<string, number> = {};
    for (const seg of t.segments) totals[seg.kind] = round((totals[seg.kind] ?? 0) + Number(seg.minutes), 2)!;
    return { ...t, segmentMinutes: totals, metrics: day.items[0] ?? null, computed: !!day.items[0] };
  }
}
