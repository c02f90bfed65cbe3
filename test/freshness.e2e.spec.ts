/**
 * Issue 15, "Freshness": after bulk writes the service analyses the tables it touched (no manual ANALYZE here),
 * and `/chairs` (JSON page and CSV export) visits a number of rows linear in what it returns, whatever the
 * statistics say. Demo-sized data (4 clinics, 120 days of history) loaded through the intake service, rolled up.
 */
import { startTestApp, type TestApp } from './support/app.js';
import { TEST_DB } from './support/test-db.js';
import { generateDemoData, ingestDemoData } from '../scripts/demo/demo-data.js';
import { IntakeService } from '../src/intake/intake.service.js';
import { RollupService } from '../src/rollup/rollup.service.js';
import { RowsService } from '../src/utilization/rows.service.js';
import { ROLLUP_TABLES, StatsUpkeep, VACUUM_TABLES } from '../src/database/stats-upkeep.js';
import { Prisma } from '../src/database/prisma.service.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Join Filter'?: number;
  Plans?: PlanNode[];
}

/** Rows every node of a plan produced or filtered away, over all its loops (CTE scans and materialised nodes included). */
function allVisited(node: PlanNode): number {
  const own = ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Join Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
  return own + (node.Plans ?? []).reduce((a, c) => a + allVisited(c), 0);
}

/** Every scan of resource_utilization in a plan: rows it produced and rows it filtered away, over all its loops. */
function scans(node: PlanNode, out: { type: string; loops: number; visited: number }[] = []) {
  if (node['Relation Name'] === 'resource_utilization') {
    const loops = node['Actual Loops'] ?? 1;
    out.push({ type: node['Node Type'], loops, visited: ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * loops });
  }
  for (const c of node.Plans ?? []) scans(c, out);
  return out;
}

describe(`freshness (${TEST_DB})`, () => {
  let t: TestApp;
  const captured: { text: string; params: unknown[] }[] = [];
  let capture = false;

  beforeAll(async () => {
    t = await startTestApp({ PGLITE_VACUUM_AFTER_ROWS: '0', PGLITE_VACUUM_EVERY_HOURS: '0' });
    // record the chair queries the service sends (the same SQL is then explained); the database still answers them
    // (as own properties of the client, which its transaction clients inherit: each call keeps its own `this`)
    type Raw = (this: unknown, ...args: unknown[]) => unknown;
    const prisma = t.prisma as unknown as Record<'$queryRaw' | '$queryRawUnsafe', Raw>;
    const queryRaw = prisma.$queryRaw;
    const queryRawUnsafe = prisma.$queryRawUnsafe;
    const keep = (text: string, params: unknown[]) =>
      capture && text.trimStart().startsWith('WITH src AS') && captured.push({ text: text.trimStart(), params });
    prisma.$queryRaw = function (q: unknown, ...values: unknown[]) {
      if (q instanceof Prisma.Sql) keep(q.text, q.values);
      return queryRaw.call(this, q, ...values);
    };
    prisma.$queryRawUnsafe = function (text: unknown, ...params: unknown[]) {
      keep(String(text), params);
      return queryRawUnsafe.call(this, text, ...params);
    };
    const data = generateDemoData({ now: new Date('2026-11-29T12:00:00Z'), historyDays: 120, futureDays: 0 });
    await ingestDemoData(t.app.get(IntakeService), data);
    const r = await t.app.get(RollupService).backfill({ from: data.range.from, to: data.range.to });
    expect(r.failed).toBe(0);
    await t.upkeep.settled();
  }, 600_000);
  afterAll(() => t?.close());

  it('analyses the tables a bulk intake and a backfill touched, without a manual ANALYZE', async () => {
    for (const table of ['chair_session', ...ROLLUP_TABLES.filter((x) => x !== 'dirty_day')]) {
      // ANALYZE sets reltuples (-1 on a table never analysed nor vacuumed) close to the real count
      const [{ reltuples, n }] = await t.sql<{ reltuples: number; n: number }>(
        `SELECT c.reltuples::float8 AS reltuples, (SELECT count(*)::int FROM ${table}) AS n FROM pg_class c WHERE c.oid = $1::regclass`,
        [table],
      );
      expect({ table, n: n > 0 }).toEqual({ table, n: true });
      expect({ table, reltuples: Math.abs(reltuples - n) <= n * 0.1 }).toEqual({ table, reltuples: true });
      expect(t.upkeep.record.get(table)?.analyses ?? 0).toBeGreaterThan(0);
    }
    if (TEST_DB === 'postgres') {
      const rows = await t.sql<{ relname: string; analyze_count: number }>(
        `SELECT relname, analyze_count::int AS analyze_count FROM pg_stat_user_tables WHERE relname = ANY($1::text[])`,
        [['chair_session', 'resource_utilization', 'resource_hourly', 'resource_rollup']],
      );
      expect(rows).toHaveLength(4);
      for (const r of rows) expect({ table: r.relname, analysed: r.analyze_count > 0 }).toEqual({ table: r.relname, analysed: true });
    }
  });

  it('coalesces analyses of one table: one running, at most one more queued', async () => {
    const before = t.upkeep.record.get('resource_hourly')?.analyses ?? 0;
    await Promise.all([1, 2, 3, 4].map(() => t.upkeep.analyse('resource_hourly')));
    await t.upkeep.settled();
    expect((t.upkeep.record.get('resource_hourly')?.analyses ?? 0) - before).toBe(2);
    await expect(t.upkeep.analyse('pg_class; DROP TABLE clinic')).rejects.toThrow(/unknown table/);
  });

  it('on PGlite vacuums the write-heavy tables after enough changed rows, never while a rollup holds the database', async () => {
    const u = new StatsUpkeep(t.prisma, { vacuumAfterRows: 5_000, vacuumEveryHours: 0 });
    await u.changed(['chair_session'], 100); // below both thresholds: nothing
    expect(u.vacuums).toBe(0);
    let during = -1;
    await u.holding(async () => {
      await u.changed(['chair_session'], 5_000); // past the threshold, but a bulk job holds the database
      during = u.vacuums;
    });
    expect(during).toBe(0);
    await u.changed(['block'], 1); // the next report after the job
    await u.settled();
    expect(u.vacuums).toBe(TEST_DB === 'pglite' ? 1 : 0); // PostgreSQL has autovacuum for that
    if (TEST_DB === 'pglite') for (const table of VACUUM_TABLES) expect(u.record.get(table)?.analyses).toBeGreaterThan(0);
    await u.changed(['block'], 1); // the counter restarted
    expect(u.vacuums).toBe(TEST_DB === 'pglite' ? 1 : 0);
    await u.stop();
  });

  const explainAll = async (expectedRows: number) => {
    expect(captured.length).toBeGreaterThan(0);
    const [{ n: table }] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM resource_utilization');
    for (const q of captured) {
      const [row] = await t.sql<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${q.text}`, q.params);
      const raw = row['QUERY PLAN'];
      const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
      const found = scans(plan[0].Plan);
      expect(found.length).toBeGreaterThan(0);
      // no repeated scan of the table: a nested loop over it is what turns a stale estimate quadratic
      for (const s of found) if (s.type === 'Seq Scan') expect({ seqScanLoops: s.loops }).toEqual({ seqScanLoops: 1 });
      const visited = found.reduce((a, s) => a + s.visited, 0);
      // linear: a few passes over the table at most, never rows × rows
      expect({ visited, bound: visited <= 4 * table + 4 * expectedRows }).toEqual({ visited, bound: true });
      // and over the whole plan (a nested loop over a CTE of the range is as quadratic as one over the table)
      const total = allVisited(plan[0].Plan);
      if (process.env.FRESHNESS_PLAN)
        process.stdout.write(JSON.stringify(plan[0].Plan, (k, v) => (['Output', 'Filter', 'Sort Key', 'Group Key'].includes(k) ? undefined : v)) + '\n');
      if (process.env.FRESHNESS_FIGURES) process.stdout.write(`plan rows visited: ${total} (table ${table}, page ${expectedRows})\n`);
      expect({ total, bound: total <= 5 * (table + expectedRows) }).toEqual({ total, bound: true });
    }
  };

  it('/chairs for a clinic over four months, 1,000 rows a page, visits rows linearly', async () => {
    captured.length = 0;
    capture = true;
    const started = performance.now();
    const res = await t.get('/api/v1/ops/utilization/chairs?clinicId=clinic-a&from=2026-08-01&to=2026-11-28&limit=1000');
    capture = false;
    if (process.env.FRESHNESS_FIGURES) process.stdout.write(`/chairs limit=1000: ${((performance.now() - started) / 1000).toFixed(3)} s\n`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1000);
    expect(
      res.body.items.every(
        (i: { clinicMedianUtilizationRate: number | null; utilizationRate: number | null }) =>
          i.utilizationRate === null || i.clinicMedianUtilizationRate !== null,
      ),
    ).toBe(true);
    await explainAll(1000);
  });

  it('its CSV export visits rows linearly on every page', async () => {
    captured.length = 0;
    capture = true;
    const started = performance.now();
    const res = await t.get('/api/v1/ops/utilization/chairs?clinicId=clinic-a&from=2026-08-01&to=2026-11-28&format=csv');
    capture = false;
    if (process.env.FRESHNESS_FIGURES) process.stdout.write(`/chairs CSV: ${((performance.now() - started) / 1000).toFixed(3)} s\n`);
    expect(res.status).toBe(200);
    const lines = res.text.trim().split('\n');
    const [{ n }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM resource_utilization WHERE clinic_id = 'clinic-a' AND date BETWEEN '2026-08-01' AND '2026-11-28'`,
    );
    expect(lines.length - 1).toBe(n);
    expect(captured.length).toBe(Math.ceil((n + 1) / 1000));
    await explainAll(1000);
  });

  it.each([
    ['every clinic', null],
    ['one clinic', ['clinic-a']],
  ])('an export costs the same per page however far into it (%s): each page is one ordered range scan from its cursor', async (_, clinics) => {
    // the whole history, 100 rows a page (so that there are many pages): no page may read what the pages before it
    // returned, or what is left after it (that made a year of 100 clinics quadratic, issue 15)
    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM resource_utilization WHERE $1::text[] IS NULL OR clinic_id = ANY($1::text[])`, [
      clinics,
    ]);
    captured.length = 0;
    capture = true;
    let rows = 0;
    for await (const batch of t.app.get(RowsService).exportRows({ from: '2026-01-01', to: '2026-12-31', granularity: 'day' }, clinics, 100))
      rows += batch.length;
    capture = false;
    expect(rows).toBe(n);
    expect(captured.length).toBe(Math.ceil((n + 1) / 100));
    const perPage: number[] = [];
    for (const q of captured) {
      const [row] = await t.sql<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${q.text}`, q.params);
      const raw = row['QUERY PLAN'];
      const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
      perPage.push(scans(plan[0].Plan).reduce((a, s) => a + s.visited, 0));
    }
    if (process.env.FRESHNESS_FIGURES)
      process.stdout.write(
        `export pages: ${perPage.length}, rows visited per page ${perPage.join(' ')} max ${Math.max(...perPage)}, total ${perPage.reduce((a, b) => a + b, 0)} (rows ${n})\n`,
      );
    // the page itself (101 rows) and the medians of its periods, which may read every clinic's rows of those dates: a
    // bound that depends on the page and the group, never on how much of the export is left (n rows)
    const clinicCount = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM clinic`))[0].n;
    const bound = 2 * 101 * (1 + clinicCount);
    expect(bound).toBeLessThan(n); // else the test could not tell a page that reads the rest of the export
    for (const [i, v] of perPage.entries()) expect({ page: i, visited: v, bound: v <= bound }).toEqual({ page: i, visited: v, bound: true });
  });
});
