/**
 * GET /metrics (issue 15, "figures to watch it by"): scraped before and after an intake, a scheduled rollup and a
 * rollup run, the figures move by exactly what was done; the endpoint is refused without METRICS_TOKEN, absent when
 * it is unset, not rate-limited, and not in the OpenAPI document.
 */
import { startTestApp, type TestApp } from './support/app.js';
import { at, Fixtures, WEEKDAYS } from './support/fixtures.js';
import { loadEnv } from '../src/config/env.js';
import { recordUpkeep } from '../src/metrics/figures.js';
import { MetricsService } from '../src/metrics/metrics.module.js';

const METRICS_TOKEN = 'metrics-token-0123456789';
const CST = '-06:00';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (no escaped quotes in our label values). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

class Scrape {
  constructor(readonly samples: Sample[]) {}
  /** The value of the one sample of `name` whose labels include `labels`; 0 when there is none (a counter not yet touched). */
  get(name: string, labels: Record<string, string> = {}): number {
    const hits = this.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    if (hits.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${hits.length} samples`);
    return hits[0]?.value ?? 0;
  }
  has(name: string, labels: Record<string, string> = {}): boolean {
    return this.samples.some((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  }
}

describe('GET /metrics', () => {
  let t: TestApp;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN });
    f = new Fixtures(t);
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const r = await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return new Scrape(parse(r.text));
  };
  const dirtyDays = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM dirty_day'))[0].n;
  /** Hours since the day after `lastRolled` was due: its close (17:00 Chicago, 23:00 UTC in winter) + 120 min grace. */
  const expectedLag = (lastRolled: string, now: number) => {
    const next = new Date(`${lastRolled}T23:00:00Z`).getTime() + 86_400_000 + 120 * 60_000;
    return Math.max(0, (now - next) / 3_600_000);
  };
  const session = (id: string, day: string, extra: Record<string, unknown> = {}) => ({
    externalId: id,
    resourceId: 'met-c1',
    patientRef: `p-${id}`,
    scheduledStart: at(`${day}T09:00`, CST),
    scheduledEnd: at(`${day}T10:00`, CST),
    status: 'COMPLETED',
    ...extra,
  });

  it('refuses a scrape without the token or with another one', async () => {
    await t.http.get('/metrics').expect(401);
    await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`).expect(401);
    // an API token (a valid JWT) is not the metrics token
    await t.get('/metrics').expect(401);
  });

  it('moves the intake, HTTP, backlog, lag and rollup figures by what was done', async () => {
    const s0 = await scrape();
    const sessionsRoute = { method: 'POST', route: '/api/v1/ops/intake/sessions' };

    // intake through the HTTP routes
    const clinic = await t
      .post('/api/v1/ops/intake/clinics', { items: [{ id: 'met', name: 'Met', timeZone: 'America/Chicago', hours: WEEKDAYS([['08:00', '17:00']]) }] })
      .expect(200);
    expect(clinic.body).toMatchObject({ created: 1 });
    await t.post('/api/v1/ops/intake/resources', { items: [{ id: 'met-c1', clinicId: 'met', kind: 'CHAIR', name: 'Chair 1' }] }).expect(200);
    const seated = { status: 'IN_PROGRESS', actualStart: at('2026-11-12T09:00', CST), actualEnd: at('2026-11-12T09:40', CST) };
    const a = await t
      .post('/api/v1/ops/intake/sessions', { items: [session('m1', '2026-11-10'), session('m2', '2026-11-11'), session('m3', '2026-11-12', seated)] })
      .expect(200);
    expect(a.body).toMatchObject({ received: 3, created: 3, updated: 0, unchanged: 0 });
    expect(a.body.warnings).toHaveLength(1);
    const b = await t
      .post('/api/v1/ops/intake/sessions', {
        items: [session('m1', '2026-11-10'), session('m2', '2026-11-11', { scheduledEnd: at('2026-11-11T10:30', CST) }), session('m3', '2026-11-12', seated)],
      })
      .expect(200);
    expect(b.body).toMatchObject({ received: 3, created: 0, updated: 1, unchanged: 2 });
    const bad = { ...session('m5', '2026-11-13'), scheduledEnd: at('2026-11-13T08:00', CST) }; // ends before it starts
    await t.post('/api/v1/ops/intake/sessions', { items: [session('m4', '2026-11-13'), bad] }).expect(400);
    const skip = await t.post('/api/v1/ops/intake/sessions?onInvalid=skip', { items: [session('m4', '2026-11-13'), bad] }).expect(200);
    expect(skip.body).toMatchObject({ received: 2, created: 1 });
    expect(skip.body.rejected.length).toBeGreaterThan(0);
    await t.http.get('/health').expect(200);
    await t.http.get('/health/ready').expect(200);

    const s1 = await scrape();
    const moved = (name: string, labels: Record<string, string>) => s1.get(name, labels) - s0.get(name, labels);
    const intake = (kind: string, outcome: string) => moved('ut_intake_items_total', { kind, outcome });
    expect(intake('sessions', 'created')).toBe(4);
    expect(intake('sessions', 'updated')).toBe(1);
    expect(intake('sessions', 'unchanged')).toBe(2);
    expect(intake('sessions', 'warning')).toBe(2);
    expect(intake('sessions', 'refused')).toBe(3); // both items of the 400 batch, the rejected one of the skip batch
    expect(intake('clinics', 'created')).toBe(1);
    expect(intake('resources', 'created')).toBe(1);
    expect(intake('clinics', 'refused')).toBe(0);

    // HTTP latency per route pattern, method and status class
    expect(moved('ut_http_request_duration_seconds_count', { ...sessionsRoute, status_class: '2xx' })).toBe(3);
    expect(moved('ut_http_request_duration_seconds_count', { ...sessionsRoute, status_class: '4xx' })).toBe(1);
    expect(moved('ut_http_request_duration_seconds_count', { method: 'GET', route: '/health', status_class: '2xx' })).toBe(1);
    expect(moved('ut_http_request_duration_seconds_count', { method: 'GET', route: '/health/ready', status_class: '2xx' })).toBe(1);
    expect(moved('ut_http_request_duration_seconds_sum', { ...sessionsRoute, status_class: '2xx' })).toBeGreaterThan(0);
    // the route pattern, never the raw URL (no query string), and the scrapes themselves are not counted
    expect(s1.samples.some((s) => s.labels.route?.includes('?'))).toBe(false);
    expect(s1.has('ut_http_request_duration_seconds_count', { route: '/metrics' })).toBe(false);

    // the dirty-day backlog is what dirty_day holds: the four session days
    expect(s1.get('ut_dirty_days')).toBe(await dirtyDays());
    expect(s1.get('ut_dirty_days')).toBe(4);
    // no clinic rolled up yet: no lag
    expect(s1.has('ut_rollup_lag_hours', { clinic_id: 'met' })).toBe(false);
    // PGlite: one connection; PostgreSQL: the pool's own counters
    const pool = t.prisma.driver.pool;
    expect(s1.get('ut_db_pool_connections', { state: 'max' })).toBe(pool ? t.env.DATABASE_POOL_MAX : 1);
    expect(s1.get('ut_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(s1.get('ut_db_pool_connections', { state: 'total' })).toBeLessThanOrEqual(pool ? t.env.DATABASE_POOL_MAX : 1);
    expect(s1.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);

    // the scheduled path: at 06:00 Chicago on the 12th, the 10th and 11th are due
    const started = new Date();
    const r = await f.rollups.runScheduled(new Date('2026-11-12T12:00:00Z'), ['met']);
    await f.runs.recordScheduled(started, r);
    expect(r.clinicDays).toBe(2);
    const before2 = Date.now();
    const s2 = await scrape();
    const after2 = Date.now();
    expect(
      s2.get('ut_rollup_run_duration_seconds_count', { trigger: 'scheduled' }) - s1.get('ut_rollup_run_duration_seconds_count', { trigger: 'scheduled' }),
    ).toBe(1);
    expect(s2.get('ut_rollup_run_clinic_days_sum', { trigger: 'scheduled' }) - s1.get('ut_rollup_run_clinic_days_sum', { trigger: 'scheduled' })).toBe(2);
    expect(s2.get('ut_dirty_days')).toBe(2); // the 12th and 13th wait
    // last day rolled up: the 11th; the 12th was due at 17:00 + 2 h Chicago
    const lag = s2.get('ut_rollup_lag_hours', { clinic_id: 'met' });
    expect(lag).toBeGreaterThanOrEqual(expectedLag('2026-11-11', before2) - 0.01);
    expect(lag).toBeLessThanOrEqual(expectedLag('2026-11-11', after2) + 0.01);
    expect(lag).toBeGreaterThan(0);

    // a rollup run (backfill) over November through the API
    const run = await t.post('/api/v1/ops/utilization/rollups', { clinicIds: ['met'], from: '2026-11-01', to: '2026-11-30' }).expect(202);
    const done = await f.runs.waitForRun(run.body.id);
    expect(done.status).toBe('succeeded');
    await t.get(`/api/v1/ops/utilization/rollups/${run.body.id}`).expect(200);
    const before3 = Date.now();
    const s3 = await scrape();
    const after3 = Date.now();
    expect(
      s3.get('ut_rollup_run_duration_seconds_count', { trigger: 'backfill' }) - s2.get('ut_rollup_run_duration_seconds_count', { trigger: 'backfill' }),
    ).toBe(1);
    expect(s3.get('ut_rollup_run_clinic_days_sum', { trigger: 'backfill' }) - s2.get('ut_rollup_run_clinic_days_sum', { trigger: 'backfill' })).toBe(30);
    expect(s3.get('ut_rollup_run_duration_seconds_sum', { trigger: 'backfill' })).toBeGreaterThan(
      s2.get('ut_rollup_run_duration_seconds_sum', { trigger: 'backfill' }),
    );
    // the backlog drops to nothing, and the lag follows the mark the backfill moved to the 30th
    expect(s3.get('ut_dirty_days')).toBe(0);
    const lag3 = s3.get('ut_rollup_lag_hours', { clinic_id: 'met' });
    expect(lag3).toBeGreaterThanOrEqual(expectedLag('2026-11-30', before3) - 0.01);
    expect(lag3).toBeLessThanOrEqual(expectedLag('2026-11-30', after3) + 0.01);
    expect(lag3).toBeLessThan(lag);
    // the run's status route is labelled by its pattern, not by the run's id
    expect(s3.get('ut_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/ops/utilization/rollups/:id', status_class: '2xx' })).toBe(1);
    expect(s3.samples.some((s) => s.labels.route?.includes(run.body.id))).toBe(false);
  });

  it('counts statistics upkeep runs by kind and table, through the service and the function', async () => {
    const s0 = await scrape();
    t.app.get(MetricsService).upkeep('analyze', 'chair_session');
    t.app.get(MetricsService).upkeep('analyze', 'chair_session');
    recordUpkeep('vacuum', 'resource_utilization');
    const s1 = await scrape();
    expect(
      s1.get('ut_statistics_upkeep_total', { kind: 'analyze', table: 'chair_session' }) -
        s0.get('ut_statistics_upkeep_total', { kind: 'analyze', table: 'chair_session' }),
    ).toBe(2);
    expect(
      s1.get('ut_statistics_upkeep_total', { kind: 'vacuum', table: 'resource_utilization' }) -
        s0.get('ut_statistics_upkeep_total', { kind: 'vacuum', table: 'resource_utilization' }),
    ).toBe(1);
  });

  it('is not in the OpenAPI document', async () => {
    const doc = await t.http.get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).not.toContain('/metrics');
    expect(Object.keys(doc.body.paths)).toContain('/health');
  });
});

describe('GET /metrics without METRICS_TOKEN, and under a tight rate limit', () => {
  it('is absent when METRICS_TOKEN is unset', async () => {
    const t = await startTestApp();
    try {
      await t.http.get('/metrics').expect(404);
      await t.http.get('/metrics').set('Authorization', 'Bearer anything-at-all-0123').expect(404);
    } finally {
      await t.close();
    }
  });

  it('is not rate-limited with the API (a scraper is never locked out), while the API is', async () => {
    const t = await startTestApp({ METRICS_TOKEN, RATE_LIMIT_PER_MINUTE: '2' });
    try {
      for (let i = 0; i < 4; i++) await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await t.http.get('/health')).status);
      expect(codes).toContain(429);
    } finally {
      await t.close();
    }
  });

  it('refuses a METRICS_TOKEN shorter than 16 characters at start-up', () => {
    expect(() => loadEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });
});
