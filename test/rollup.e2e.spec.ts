/**
 * The scheduled job and rollup runs: due days per clinic time zone, catch-up of missed nights,
 * dirty days after corrections, the runs API (SPEC §6), and two replicas on one PostgreSQL.
 */
import { startTestApp, type TestApp } from './support/app.js';
import { at, Fixtures, WEEKDAYS } from './support/fixtures.js';
import { TEST_DB } from './support/test-db.js';
import { loadEnv } from '../src/config/env.js';

const CST = '-06:00';

describe('scheduled rollup', () => {
  let t: TestApp;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
  });
  afterAll(() => t.close());

  const completed = (id: string, resourceId: string, day: string) => ({
    externalId: id,
    resourceId,
    patientRef: `p-${id}`,
    scheduledStart: at(`${day}T09:00`, CST),
    scheduledEnd: at(`${day}T10:00`, CST),
    status: 'COMPLETED' as const,
  });
  const rowCount = async (clinicId: string) =>
    (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM resource_utilization WHERE clinic_id = $1', [clinicId]))[0].n;

  it('rolls up each day once it is over in the clinic’s own time zone, catches up missed nights, and recomputes corrected days', async () => {
    await f.clinic('sch', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
    await f.resource('sch-c1', 'sch');
    await f.sessions([completed('sch-1', 'sch-c1', '2026-11-10'), completed('sch-2', 'sch-c1', '2026-11-19')]);
    // 2026-11-20 12:00 UTC = 06:00 in Chicago: the 20th is not over (closes 17:00 + 2 h grace), the 19th is
    let r = await f.rollups.runScheduled(new Date('2026-11-20T12:00:00Z'), ['sch']);
    expect(r.failures).toEqual([]);
    expect(r.clinicDays).toBe(10); // the 10th (first session) … the 19th
    expect(await rowCount('sch')).toBe(10);
    // same moment again: nothing to do (idempotent)
    r = await f.rollups.runScheduled(new Date('2026-11-20T12:00:00Z'), ['sch']);
    expect(r.clinicDays).toBe(0);
    // the service was down on the 21st; on the 22nd at 20:00 Chicago (02:00 UTC on the 23rd) the 20th, 21st and 22nd are due
    r = await f.rollups.runScheduled(new Date('2026-11-23T02:00:00Z'), ['sch']);
    expect(r.clinicDays).toBe(3);
    // before close + grace the same day is not due: at 18:30 Chicago (00:30 UTC) the 23rd waits
    r = await f.rollups.runScheduled(new Date('2026-11-24T00:30:00Z'), ['sch']);
    expect(r.clinicDays).toBe(0);
    // a late correction for the 15th marks it dirty; a booking for next week is not computed early
    await f.sessions([completed('sch-3', 'sch-c1', '2026-11-15'), completed('sch-4', 'sch-c1', '2026-12-01')]);
    r = await f.rollups.runScheduled(new Date('2026-11-24T00:30:00Z'), ['sch']);
    expect(r.clinicDays).toBe(1);
    expect((await f.resourceRow('sch', 'sch-c1', '2026-11-15')).usedMinutes).toBe(60);
    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM dirty_day WHERE clinic_id = 'sch' AND date = '2026-12-01'`);
    expect(n).toBe(1);
  });

  it('handles a group across time zones per clinic', async () => {
    await f.clinic('tz-akl', 'Pacific/Auckland', WEEKDAYS([['08:00', '17:00']]));
    await f.clinic('tz-chi', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
    await f.resource('tz-akl-c1', 'tz-akl');
    await f.resource('tz-chi-c1', 'tz-chi');
    await f.sessions([
      { ...completed('tz-1', 'tz-akl-c1', '2026-11-18'), scheduledStart: '2026-11-18T09:00:00+13:00', scheduledEnd: '2026-11-18T10:00:00+13:00' },
      completed('tz-2', 'tz-chi-c1', '2026-11-18'),
    ]);
    // 2026-11-19 06:00 UTC = 19:00 on the 19th in Auckland (its 19th is over) but 00:00 on the 19th in Chicago
    await f.rollups.runScheduled(new Date('2026-11-19T06:00:00Z'), ['tz-akl', 'tz-chi']);
    const days = await t.sql<{ clinic_id: string; last: string }>(
      `SELECT clinic_id, max(date)::text AS last FROM resource_utilization WHERE clinic_id IN ('tz-akl', 'tz-chi') GROUP BY clinic_id ORDER BY clinic_id`,
    );
    expect(days).toEqual([
      { clinic_id: 'tz-akl', last: '2026-11-19' },
      { clinic_id: 'tz-chi', last: '2026-11-18' },
    ]);
  });

  it('runs a recompute through the API: 202, progress, success; 400/403/404 for bad requests', async () => {
    await f.clinic('api', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
    await f.resource('api-c1', 'api');
    const res = await t.post('/api/v1/ops/utilization/rollups', { clinicIds: ['api'], from: '2026-03-01', to: '2026-03-31' }).expect(202);
    expect(res.body).toMatchObject({ status: expect.stringMatching(/queued|running/), id: expect.any(String) });
    const done = await f.runs.waitForRun(res.body.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: { clinicDaysTotal: 31, clinicDaysDone: 31, clinicDaysFailed: 0, fraction: 1 }, errors: [] });
    const got = await t.get(`/api/v1/ops/utilization/rollups/${res.body.id}`).expect(200);
    expect(got.body.status).toBe('succeeded');
    expect(await rowCount('api')).toBe(31);

    const viewer = await t.token({ permissions: ['ops:view_analytics'] });
    await t.post('/api/v1/ops/utilization/rollups', { from: '2026-03-01', to: '2026-03-31' }, viewer).expect(403);
    const other = await t.token({ permissions: ['ops:admin'], clinicIds: ['someone-else'] });
    await t.post('/api/v1/ops/utilization/rollups', { clinicIds: ['api'], from: '2026-03-01', to: '2026-03-31' }, other).expect(403);
    await t.get(`/api/v1/ops/utilization/rollups/${res.body.id}`, other).expect(403);
    const bad = await t.post('/api/v1/ops/utilization/rollups', { from: '2026-03-31', to: '2026-03-01' }).expect(400);
    expect(bad.body.message).toMatch(/to/);
    await t.post('/api/v1/ops/utilization/rollups', { from: '2020-01-01', to: '2026-03-01' }).expect(400);
    await t.post('/api/v1/ops/utilization/rollups', { clinicIds: ['nope'], from: '2026-03-01', to: '2026-03-02' }).expect(400);
    await t.post('/api/v1/ops/utilization/rollups', { from: '2026-02-30', to: '2026-03-02' }).expect(400);
    await t.get('/api/v1/ops/utilization/rollups/00000000-0000-4000-8000-000000000000').expect(404);
    await t.get('/api/v1/ops/utilization/rollups/not-a-uuid').expect(400);
  });

  it('lists the rows with every field, paged by cursor, for granted clinics only', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { date: string }[]; nextCursor: string | null } } = await t
        .get(`/api/v1/ops/utilization/chairs?clinicId=api&from=2026-03-01&to=2026-03-31&limit=7${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      for (const item of res.body.items) all.push(item.date);
      expect(res.body.items[0]).toMatchObject({
        resourceId: 'api-c1',
        availableMinutes: expect.any(Number),
        utilizationRate: expect.anything(),
        appointmentCount: 0,
        turnoverCount: 0,
      });
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(31);
    expect(new Set(all).size).toBe(31);
    const weeks = await t.get('/api/v1/ops/utilization/chairs?clinicId=api&from=2026-03-01&to=2026-03-31&granularity=week').expect(200);
    expect(weeks.body.items.map((i: { date: string }) => i.date)).toEqual(['2026-02-23', '2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']);
    const other = await t.token({ clinicIds: ['someone-else'] });
    await t.get('/api/v1/ops/utilization/chairs?clinicId=api&from=2026-03-01&to=2026-03-31', other).expect(403);
    const none = await t.get('/api/v1/ops/utilization/chairs?from=2026-03-01&to=2026-03-31', other).expect(200);
    expect(none.body.items).toEqual([]);
    await t.get('/api/v1/ops/utilization/chairs?clinicId=api&from=2026-03-01&to=2026-03-31&granularity=year').expect(400);
    await t.get('/api/v1/ops/utilization/chairs?clinicId=api&from=2026-03-01&to=2026-03-31&colour=red').expect(400);
    await t.get('/api/v1/ops/utilization/chairs?clinicId=api&from=2026-03-01&to=2026-03-31&cursor=garbage').expect(400);
    const noDetail = await t.token({ permissions: ['ops:view_analytics'] });
    await t.get('/api/v1/ops/utilization/providers?clinicId=api&from=2026-03-01&to=2026-03-31&view=rows', noDetail).expect(403);
    const team = await t.get('/api/v1/ops/utilization/providers?clinicId=api&from=2026-03-01&to=2026-03-31', noDetail).expect(200);
    expect(team.body.view).toBe('team');
    await t.get('/api/v1/ops/utilization/providers?clinicId=api&from=2026-03-01&to=2026-03-31').expect(200);
  });
});

const onPostgres = TEST_DB === 'postgres' ? describe : describe.skip;
onPostgres('two replicas on one PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp();
    const url = a.env.DATABASE_URL;
    b = await startTestApp({}, { databaseUrl: url });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('share the work, compute every clinic-day exactly once and miss none when they run the job at the same moment', async () => {
    const f = new Fixtures(a);
    const clinics = Array.from({ length: 12 }, (_, i) => `rep-${String(i).padStart(2, '0')}`);
    for (const c of clinics) {
      await f.clinic(c, 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
      await f.resource(`${c}-c1`, c);
      await f.resource(`${c}-c2`, c);
      await f.sessions(
        Array.from({ length: 30 }, (_, d) => {
          const day = `2026-10-${String(d + 1).padStart(2, '0')}`;
          return {
            externalId: `${c}-s${d}`,
            resourceId: `${c}-c1`,
            patientRef: 'p',
            scheduledStart: at(`${day}T09:00`, '-05:00'),
            scheduledEnd: at(`${day}T10:00`, '-05:00'),
            status: 'COMPLETED' as const,
          };
        }),
      );
    }
    const asOf = new Date('2026-10-31T12:00:00Z'); // the 30th is the last day that is over
    const [ra, rb] = await Promise.all([new Fixtures(a).rollups.runScheduled(asOf, clinics), new Fixtures(b).rollups.runScheduled(asOf, clinics)]);
    expect([...ra.failures, ...rb.failures]).toEqual([]);
    expect(ra.clinicDays + rb.clinicDays).toBe(12 * 30); // each clinic-day computed by exactly one of them
    // and both did some of it: the second waits for the first's enqueueing, then takes batches from its own place
    expect({ a: ra.clinicDays > 0, b: rb.clinicDays > 0 }).toEqual({ a: true, b: true });
    const [{ n, dirty }] = await a.sql<{ n: number; dirty: number }>(
      `SELECT (SELECT count(*) FROM resource_utilization WHERE clinic_id LIKE 'rep-%')::int AS n,
              (SELECT count(*) FROM dirty_day WHERE clinic_id LIKE 'rep-%')::int AS dirty`,
    );
    expect(n).toBe(12 * 30 * 2);
    expect(dirty).toBe(0);
  });

  it('a replica that starts leaves a run another live replica executes alone, and fails one whose owner is gone', async () => {
    const ra = new Fixtures(a).runs;
    // a run of replica a (as it stands while a executes it: its owner and a fresh heartbeat), and one of a replica that died
    await a.sql(
      `INSERT INTO rollup_run (id, status, trigger, owner_instance, heartbeat_at, created_at) VALUES
         ('00000000-0000-4000-8000-0000000000a1', 'running', 'api', $1, now(), now() - interval '10 minutes'),
         ('00000000-0000-4000-8000-0000000000d1', 'running', 'api', 'died:1:x', now() - interval '5 minutes', now() - interval '10 minutes')`,
      [ra.instance],
    );
    const c = await startTestApp({}, { databaseUrl: a.env.DATABASE_URL }); // a third replica starts: its bootstrap checks the runs
    try {
      const rows = await a.sql<{ id: string; status: string }>(`SELECT id::text, status::text FROM rollup_run WHERE id::text LIKE '00000000-%' ORDER BY id`);
      expect(rows).toEqual([
        { id: '00000000-0000-4000-8000-0000000000a1', status: 'running' },
        { id: '00000000-0000-4000-8000-0000000000d1', status: 'failed' },
      ]);
    } finally {
      await c.close();
    }
  });
});

describe('exports and conditional requests', () => {
  let t: TestApp;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    await f.clinic('csv', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
    for (const c of ['csv-1', 'csv-2', 'csv-3']) await f.resource(c, 'csv');
    await f.backfill('2026-01-01', '2026-03-31', ['csv']);
  });
  afterAll(() => t.close());

  it('streams every row as CSV, equal to the JSON pages, with a file name', async () => {
    type Row = Record<string, string | number | boolean | null>; // the daily rows are flat: one scalar per CSV column
    const json: Row[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Row[]; nextCursor: string | null } } = await t
        .get(`/api/v1/ops/utilization/chairs?clinicId=csv&from=2026-01-01&to=2026-03-31&limit=100${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      json.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const csv = await t.get('/api/v1/ops/utilization/chairs?clinicId=csv&from=2026-01-01&to=2026-03-31&format=csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="chairs_day_2026-01-01_2026-03-31.csv"');
    const lines = csv.text.trim().split('\n');
    const header = lines[0].split(',');
    expect(lines).toHaveLength(1 + 3 * 90);
    expect(json).toHaveLength(3 * 90);
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      header.forEach((h, k) => expect([h, cells[k]]).toEqual([h, json[i][h] === null ? '' : String(json[i][h])]));
    });
    const viaAccept = await t.http
      .get('/api/v1/ops/utilization/chairs?clinicId=csv&from=2026-01-01&to=2026-01-02')
      .set('Authorization', `Bearer ${await t.token()}`)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(viaAccept.text.trim().split('\n')).toHaveLength(1 + 3 * 2);
  });

  it('answers 304 to a conditional request for unchanged data', async () => {
    const token = await t.token();
    const url = '/api/v1/ops/utilization/chairs?clinicId=csv&from=2026-01-01&to=2026-01-31&granularity=week';
    const first = await t.http.get(url).set('Authorization', `Bearer ${token}`).expect(200);
    expect(first.headers.etag).toMatch(/^".+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await t.http.get(url).set('Authorization', `Bearer ${token}`).set('If-None-Match', first.headers.etag).expect(304);
    expect(again.text ?? '').toBe('');
    await t.http.get(url).set('Authorization', `Bearer ${token}`).set('If-None-Match', '"other"').expect(200);
  });
});

describe('retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RETENTION_DAYS: '730' });
  });
  afterAll(() => t.close());

  it('keeps two years and deletes what is older', async () => {
    const f = new Fixtures(t);
    await f.clinic('ret', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
    await f.resource('ret-1', 'ret');
    const mk = (id: string, day: string) => ({
      externalId: id,
      resourceId: 'ret-1',
      patientRef: 'p',
      scheduledStart: at(`${day}T09:00`, CST),
      scheduledEnd: at(`${day}T10:00`, CST),
      status: 'COMPLETED' as const,
    });
    await f.sessions([mk('ret-old', '2024-01-10'), mk('ret-keep', '2024-12-10')]);
    await f.backfill('2024-01-01', '2024-12-31', ['ret']);
    const purged = await f.retention.purgeExpired(new Date('2026-11-24T12:00:00Z')); // cut-off 2024-11-24
    expect(purged).toMatchObject({ sessions: 1 });
    const [{ sessions, first }] = await t.sql<{ sessions: number; first: string }>(
      `SELECT (SELECT count(*) FROM chair_session WHERE clinic_id = 'ret')::int AS sessions, (SELECT min(date)::text FROM resource_utilization WHERE clinic_id = 'ret') AS first`,
    );
    expect(sessions).toBe(1);
    expect(first).toBe('2024-11-24');
  });

  it('refuses a retention under two years at start-up', () => {
    expect(() => loadEnv({ RETENTION_DAYS: '365' })).toThrow(/RETENTION_DAYS: data is kept at least two years/);
  });
});
