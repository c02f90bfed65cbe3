/**
 * The intake policy (src/intake/policy.ts, README "Intake policy"): every rule of the table at its boundary, onInvalid=skip,
 * tenant-safe writes, inputs that used to answer 500, the rate limit's key, rollup runs whose owner is alive or gone, and
 * a messy 2,000-session batch of three clinics that is accepted with its warnings and computes exactly (SPEC §2).
 */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { policyTable } from '../src/intake/policy.js';
import { RollupRunsService } from '../src/rollup/rollup-runs.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { Fixtures, mulberry32 } from './support/fixtures.js';
import { asCounted, providerDay, resourceDay, type Hours, type RefClinic, type RefResource, type RefSession } from './support/reference.js';

const I = '/api/v1/ops/intake';
const H = 3600_000;
const ALL_WEEK: Hours = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['08:00', '17:00']]]));

describe('intake policy', () => {
  let t: TestApp;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    await f.clinic('pa', 'America/Chicago', ALL_WEEK);
    await f.clinic('pb', 'America/Chicago', ALL_WEEK);
    await f.resource('pa-1', 'pa');
    await f.resource('pa-2', 'pa');
    await f.resource('pb-1', 'pb');
    await f.provider('prov-lee', 'pb', 'hygienist');
    await f.provider('prov-both', 'pa');
    await f.provider('prov-both', 'pb');
  }, 60_000);
  afterAll(() => t?.close());

  // 2026-03-02 is a Monday; Chicago is at -06:00
  const base = { resourceId: 'pa-1', patientRef: 'p-1', scheduledStart: '2026-03-02T09:00:00-06:00', scheduledEnd: '2026-03-02T10:00:00-06:00' };
  const post = (route: string, items: unknown[], token?: string, query = '') => t.post(`${I}/${route}${query}`, { items }, token);
  const stored = async (id: string) =>
    (
      await t.sql<Record<string, unknown>>(
        `SELECT to_char(actual_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS actual_start, to_char(actual_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS actual_end,
                to_char(used_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS used_start, to_char(used_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS used_end,
                to_char(cancelled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS cancelled_at, to_char(booked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS booked_at,
                booked_time = created_at AS booked_when_seen, to_char(booked_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS booked_time,
                status::text AS status, cardinality(warnings)::int AS warnings
         FROM chair_session WHERE external_id = $1`,
        [id],
      )
    )[0];

  /** Posts one session: 200, exactly the warnings expected (by field), stored as sent. */
  async function accepted(item: Record<string, unknown>, warnFields: string[]) {
    const r = await post('sessions', [item]);
    if (r.status !== 200) throw new Error(`answered ${r.status}: ${JSON.stringify(r.body)}`);
    expect(r.body.warnings.map((w: { index: number; field: string }) => [w.index, w.field])).toEqual(warnFields.map((fl) => [0, fl]));
    for (const w of r.body.warnings) expect(w.message).toEqual(expect.any(String));
    return stored(item.externalId as string);
  }

  describe('accepted with a warning, stored as sent, counted as the table says', () => {
    it('IN_PROGRESS with actualEnd: counted as seated→released', async () => {
      const row = await accepted(
        { ...base, externalId: 'w-inprog', status: 'IN_PROGRESS', actualStart: '2026-03-02T09:05:00-06:00', actualEnd: '2026-03-02T09:50:00-06:00' },
        ['status'],
      );
      expect(row).toMatchObject({
        status: 'IN_PROGRESS',
        actual_start: '2026-03-02T15:05:00',
        actual_end: '2026-03-02T15:50:00',
        used_start: '2026-03-02T15:05:00',
        used_end: '2026-03-02T15:50:00',
        warnings: 1,
      });
      await f.backfill('2026-03-02', '2026-03-02', ['pa']);
      expect((await f.resourceRow('pa', 'pa-1', '2026-03-02')).usedMinutes).toBeCloseTo(45, 6);
      // IN_PROGRESS with only actualStart is the normal case: no warning
      await accepted({ ...base, externalId: 'w-inprog', status: 'IN_PROGRESS', actualStart: '2026-03-02T09:05:00-06:00' }, []);
    });

    it.each(['SCHEDULED', 'NO_SHOW', 'CANCELLED'])('actual times on a %s session are kept but not used', async (status) => {
      const row = await accepted(
        {
          ...base,
          resourceId: 'pa-2',
          externalId: `w-actual-${status}`,
          status,
          actualStart: '2026-03-02T09:00:00-06:00',
          actualEnd: '2026-03-02T09:40:00-06:00',
        },
        ['actualStart'],
      );
      expect(row).toMatchObject({ actual_start: '2026-03-02T15:00:00', actual_end: '2026-03-02T15:40:00', used_start: null, used_end: null });
      await f.backfill('2026-03-02', '2026-03-02', ['pa']);
      const day = await f.resourceRow('pa', 'pa-2', '2026-03-02');
      expect(day.usedMinutes).toBe(0);
      await t.sql('DELETE FROM chair_session WHERE external_id = $1', [`w-actual-${status}`]);
    });

    it('actualEnd not after actualStart: the pair is ignored, the scheduled times used', async () => {
      const row = await accepted(
        { ...base, externalId: 'w-reversed', status: 'COMPLETED', actualStart: '2026-03-02T09:30:00-06:00', actualEnd: '2026-03-02T09:30:00-06:00' },
        ['actualEnd'],
      );
      expect(row).toMatchObject({ actual_start: '2026-03-02T15:30:00', actual_end: '2026-03-02T15:30:00', used_start: null, used_end: null });
    });

    it(`actual start at most 24 hours from the schedule is used; one second more is ignored`, async () => {
      const inside = new Date(Date.parse(base.scheduledStart) + 24 * H).toISOString();
      const outside = new Date(Date.parse(base.scheduledStart) + 24 * H + 1000).toISOString();
      const a = await accepted(
        { ...base, externalId: 'w-far-in', status: 'IN_PROGRESS', actualStart: new Date(Date.parse(base.scheduledStart) - 24 * H).toISOString() },
        [],
      );
      expect(a.used_start).toBe('2026-03-01T15:00:00');
      const b = await accepted(
        { ...base, externalId: 'w-far-in2', status: 'COMPLETED', actualStart: inside, actualEnd: new Date(Date.parse(inside) + H).toISOString() },
        [],
      );
      expect([b.used_start, b.used_end]).toEqual(['2026-03-03T15:00:00', '2026-03-03T16:00:00']);
      const c = await accepted(
        { ...base, externalId: 'w-far-out', status: 'COMPLETED', actualStart: outside, actualEnd: new Date(Date.parse(outside) + H).toISOString() },
        ['actualStart'],
      );
      expect([c.used_start, c.used_end]).toEqual([null, null]);
      // a stay of exactly 24 hours is plausible, one second more is not
      const d = await accepted({ ...base, externalId: 'w-long', status: 'COMPLETED', actualStart: '2026-03-02T15:00:00Z', actualEnd: '2026-03-03T15:00:01Z' }, [
        'actualEnd',
      ]);
      expect(d.used_start).toBeNull();
    });

    it('actualStart at or after scheduledEnd without actualEnd: ignored', async () => {
      const row = await accepted({ ...base, externalId: 'w-late-seat', status: 'IN_PROGRESS', actualStart: '2026-03-02T10:00:00-06:00' }, ['actualStart']);
      expect(row.used_start).toBeNull();
      const ok = await accepted({ ...base, externalId: 'w-late-seat2', status: 'IN_PROGRESS', actualStart: '2026-03-02T09:59:59-06:00' }, []);
      expect(ok.used_start).toBe('2026-03-02T15:59:59');
    });

    it('actualEnd without actualStart: from the scheduled start to the actual end', async () => {
      const row = await accepted({ ...base, externalId: 'w-end-only', status: 'COMPLETED', actualEnd: '2026-03-02T10:20:00-06:00' }, ['actualStart']);
      expect(row).toMatchObject({ used_start: null, used_end: '2026-03-02T16:20:00' });
      const before = await accepted({ ...base, externalId: 'w-end-only2', status: 'COMPLETED', actualEnd: '2026-03-02T09:00:00-06:00' }, ['actualEnd']);
      expect(before).toMatchObject({ used_start: null, used_end: null });
    });

    it('cancelledAt on a session that is not cancelled: ignored (no late cancellation)', async () => {
      const row = await accepted({ ...base, externalId: 'w-cancel-at', status: 'SCHEDULED', cancelledAt: '2026-03-02T08:00:00-06:00' }, ['cancelledAt']);
      expect(row.cancelled_at).toBe('2026-03-02T14:00:00');
    });

    it('bookedAt: used as the booking time up to the scheduled end; after it, kept and treated as unknown', async () => {
      const a = await accepted({ ...base, externalId: 'w-booked', status: 'SCHEDULED', bookedAt: '2026-02-10T12:00:00Z' }, []);
      expect(a).toMatchObject({ booked_at: '2026-02-10T12:00:00', booked_time: '2026-02-10T12:00:00', booked_when_seen: false });
      const edge = await accepted({ ...base, externalId: 'w-booked-edge', status: 'SCHEDULED', bookedAt: base.scheduledEnd }, []);
      expect(edge.booked_time).toBe('2026-03-02T16:00:00');
      const late = await accepted({ ...base, externalId: 'w-booked-late', status: 'SCHEDULED', bookedAt: '2026-03-02T10:00:01-06:00' }, ['bookedAt']);
      expect(late).toMatchObject({ booked_at: '2026-03-02T16:00:01', booked_when_seen: true });
      // unchanged on a re-post, and the booking time falls back to when the session was first seen once bookedAt is dropped
      expect((await post('sessions', [{ ...base, externalId: 'w-booked', status: 'SCHEDULED', bookedAt: '2026-02-10T12:00:00Z' }])).body.unchanged).toBe(1);
      await accepted({ ...base, externalId: 'w-booked', status: 'SCHEDULED' }, []);
      expect((await stored('w-booked')).booked_when_seen).toBe(true);
    });

    it('the day counts the sessions accepted with a warning', async () => {
      await t.sql(`DELETE FROM chair_session WHERE clinic_id = 'pb'`);
      await post('sessions', [
        {
          ...base,
          resourceId: 'pb-1',
          externalId: 'q-1',
          status: 'COMPLETED',
          actualStart: '2026-03-03T09:10:00-06:00',
          actualEnd: '2026-03-03T09:00:00-06:00',
          scheduledStart: '2026-03-03T09:00:00-06:00',
          scheduledEnd: '2026-03-03T10:00:00-06:00',
        },
        {
          ...base,
          resourceId: 'pb-1',
          externalId: 'q-2',
          status: 'NO_SHOW',
          actualStart: '2026-03-03T11:00:00-06:00',
          scheduledStart: '2026-03-03T11:00:00-06:00',
          scheduledEnd: '2026-03-03T12:00:00-06:00',
        },
        {
          ...base,
          resourceId: 'pb-1',
          externalId: 'q-3',
          status: 'COMPLETED',
          scheduledStart: '2026-03-03T13:00:00-06:00',
          scheduledEnd: '2026-03-03T14:00:00-06:00',
        },
      ]).expect(200);
      await f.backfill('2026-03-03', '2026-03-03', ['pb']);
      const [r] = await t.sql<{ warning_count: number }>(`SELECT warning_count FROM resource_utilization WHERE resource_id = 'pb-1' AND date = '2026-03-03'`);
      expect(r.warning_count).toBe(2);
      const h = await t.get('/api/v1/ops/utilization?clinicId=pb&from=2026-03-03&to=2026-03-03').expect(200);
      expect(h.body.dataQuality.sessionsAcceptedWithWarnings).toBe(2);
    });
  });

  describe('refused: what cannot be interpreted', () => {
    const refuse = async (route: string, item: Record<string, unknown>, field: string) => {
      const before = await t.sql('SELECT count(*)::int AS n FROM chair_session');
      const r = await post(route, [item]);
      if (r.status !== 400) throw new Error(`${JSON.stringify(item)} answered ${r.status}: ${JSON.stringify(r.body)}`);
      expect(r.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ index: 0, field })]));
      expect(await t.sql('SELECT count(*)::int AS n FROM chair_session')).toEqual(before);
    };
    it('NUL characters, lone surrogates and over-long text in any id, name or reference', async () => {
      await refuse('sessions', { ...base, externalId: 'x\u0000', status: 'SCHEDULED' }, 'externalId');
      await refuse('sessions', { ...base, externalId: 'x-nul-ref', patientRef: 'p\u0000', status: 'SCHEDULED' }, 'patientRef');
      await refuse('sessions', { ...base, externalId: 'x-sur', patientRef: 'p\ud800', status: 'SCHEDULED' }, 'patientRef');
      await refuse('sessions', { ...base, externalId: 'x'.repeat(201), status: 'SCHEDULED' }, 'externalId');
      await refuse('clinics', { id: 'c\udc00', name: 'n', timeZone: 'UTC', hours: {} }, 'id');
      await refuse('clinics', { id: 'c-ok', name: 'bad\u0000name', timeZone: 'UTC', hours: {} }, 'name');
      await refuse('providers', { id: 'p-ok', clinicId: 'pa', name: 'n', role: 'den\u0000tist' }, 'role');
      await refuse('resources', { id: 'r-ok', clinicId: 'pa\u0000', kind: 'CHAIR', name: 'n' }, 'clinicId');
    });
    it(`years outside 1900–2200 (year 0, 9999), at the edges`, async () => {
      await refuse(
        'sessions',
        { ...base, externalId: 'x-y0', scheduledStart: '0000-01-01T09:00:00Z', scheduledEnd: '0000-01-01T10:00:00Z', status: 'SCHEDULED' },
        'scheduledStart',
      );
      await refuse(
        'sessions',
        { ...base, externalId: 'x-y9', scheduledStart: '9999-01-01T09:00:00Z', scheduledEnd: '9999-01-01T10:00:00Z', status: 'SCHEDULED' },
        'scheduledStart',
      );
      await refuse(
        'sessions',
        { ...base, externalId: 'x-y1899', scheduledStart: '1899-12-31T23:00:00Z', scheduledEnd: '1900-01-01T00:30:00Z', status: 'SCHEDULED' },
        'scheduledStart',
      );
      await refuse(
        'sessions',
        { ...base, externalId: 'x-y2201', scheduledStart: '2200-12-31T23:30:00Z', scheduledEnd: '2201-01-01T00:30:00Z', status: 'SCHEDULED' },
        'scheduledEnd',
      );
      await refuse('sessions', { ...base, externalId: 'x-bk', status: 'SCHEDULED', bookedAt: '1776-07-04T12:00:00Z' }, 'bookedAt');
      await refuse('exceptions', { clinicId: 'pa', date: '2201-01-01', windows: [] }, 'date');
      // just inside
      expect(
        (
          await post('sessions', [
            { ...base, externalId: 'x-y2200', scheduledStart: '2200-12-31T22:00:00Z', scheduledEnd: '2200-12-31T23:00:00Z', status: 'SCHEDULED' },
          ])
        ).status,
      ).toBe(200);
      expect((await post('exceptions', [{ clinicId: 'pa', date: '1900-01-01', windows: [] }])).status).toBe(200);
      await t.sql(`DELETE FROM chair_session WHERE external_id = 'x-y2200'`);
      await t.sql(`DELETE FROM dirty_day WHERE date > '2100-01-01' OR date < '1901-01-01'`);
    });
    it('a session scheduled for more than 24 hours, a block of more than 31 days (just inside is accepted)', async () => {
      const start = Date.parse('2026-03-02T15:00:00Z');
      const until = (ms: number) => new Date(start + ms).toISOString();
      await refuse(
        'sessions',
        { ...base, externalId: 'x-long', scheduledStart: until(0), scheduledEnd: until(24 * H + 1000), status: 'SCHEDULED' },
        'scheduledEnd',
      );
      await refuse('blocks', { externalId: 'x-blk', resourceId: 'pa-1', start: until(0), end: until(31 * 24 * H + 1000), reason: 'OTHER' }, 'end');
      expect(
        (await post('sessions', [{ ...base, externalId: 'x-day', scheduledStart: until(0), scheduledEnd: until(24 * H), status: 'SCHEDULED' }])).status,
      ).toBe(200);
      expect((await post('blocks', [{ externalId: 'x-month', resourceId: 'pa-1', start: until(0), end: until(31 * 24 * H), reason: 'OTHER' }])).status).toBe(
        200,
      );
      await t.sql(`DELETE FROM chair_session WHERE external_id = 'x-day'`);
      await t.sql(`DELETE FROM block WHERE external_id = 'x-month'`);
    });

    it('an unknown onInvalid value', async () => {
      const r = await post('sessions', [{ ...base, externalId: 'x-mode', status: 'SCHEDULED' }], undefined, '?onInvalid=maybe').expect(400);
      expect(r.body.errors[0].field).toBe('onInvalid');
    });
  });

  describe('onInvalid=skip', () => {
    it('writes the valid items, lists the others as rejected beside the counts and warnings', async () => {
      const r = await post(
        'sessions',
        [
          { ...base, externalId: 'sk-1', status: 'COMPLETED' },
          { ...base, externalId: 'sk-2', status: 'DONE' },
          { ...base, externalId: 'sk-3', status: 'IN_PROGRESS', actualStart: '2026-03-02T09:00:00-06:00', actualEnd: '2026-03-02T09:30:00-06:00' },
          { ...base, externalId: 'sk-4', resourceId: 'nope', status: 'SCHEDULED' },
        ],
        undefined,
        '?onInvalid=skip',
      ).expect(200);
      expect(r.body).toMatchObject({ received: 4, created: 2, updated: 0, unchanged: 0 });
      expect(r.body.rejected.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([
        [1, 'status'],
        [3, 'resourceId'],
      ]);
      expect(r.body.warnings.map((e: { index: number }) => e.index)).toEqual([2]);
      const rows = await t.sql<{ external_id: string }>(`SELECT external_id FROM chair_session WHERE external_id LIKE 'sk-%' ORDER BY 1`);
      expect(rows.map((x) => x.external_id)).toEqual(['sk-1', 'sk-3']);
      // the default stays all-or-nothing
      const all = await post('sessions', [
        { ...base, externalId: 'sk-5', status: 'SCHEDULED' },
        { ...base, externalId: 'sk-6', status: 'DONE' },
      ]).expect(400);
      expect(all.body.errors).toHaveLength(1);
      expect(await t.sql(`SELECT 1 FROM chair_session WHERE external_id = 'sk-5'`)).toHaveLength(0);
      // every item bad: nothing written, 200 with everything rejected
      const none = await post('clinics', [{ id: 'sk-c', name: 'x', timeZone: 'Mars/Olympus', hours: {} }], undefined, '?onInvalid=skip').expect(200);
      expect(none.body).toMatchObject({ received: 1, created: 0, updated: 0, unchanged: 0, rejected: [{ index: 0, field: 'timeZone' }] });
    });
  });

  describe('writes stay inside the tenant', () => {
    it('a provider of clinic B cannot be changed (nor linked) by a token granted only clinic A: 403 naming clinic B', async () => {
      const onlyA = await t.token({ clinicIds: ['pa'], permissions: ['ops:ingest', 'ops:view_analytics', 'ops:view_provider_detail'] });
      const r = await post('providers', [{ id: 'prov-lee', clinicId: 'pa', name: 'Renamed', role: 'dentist' }], onlyA).expect(403);
      expect(r.body.message).toContain('pb');
      const [p] = await t.sql<{ name: string; role: string }>(`SELECT name, role FROM provider WHERE id = 'prov-lee'`);
      expect(p).toEqual({ name: 'prov-lee', role: 'hygienist' });
      expect(await t.sql(`SELECT clinic_id FROM provider_clinic WHERE provider_id = 'prov-lee'`)).toEqual([{ clinic_id: 'pb' }]);
      // so clinic A still cannot ask for that provider's figures
      await t.get('/api/v1/ops/utilization/trends?clinicId=pa&from=2026-03-01&to=2026-03-31&providerId=prov-lee&metric=chairMinutes', onlyA).expect(403);
      // a provider shared by A and B: only a token granted both may change it
      await post('providers', [{ id: 'prov-both', clinicId: 'pa', name: 'Shared', role: 'dentist' }], onlyA).expect(403);
      const both = await t.token({ clinicIds: ['pa', 'pb'], permissions: ['ops:ingest'] });
      await post('providers', [{ id: 'prov-lee', clinicId: 'pa', name: 'prov-lee', role: 'hygienist' }], both).expect(200);
    });

    it('a token granted no clinic (clinicIds: []) can do nothing clinic-scoped: 403, never "all"', async () => {
      const none = await t.token({ clinicIds: [] });
      await post('sessions', [{ ...base, externalId: 'e-1', status: 'SCHEDULED' }], none).expect(403);
      await t.get('/api/v1/ops/utilization/chairs?from=2026-03-01&to=2026-03-02', none).expect(403);
      await t.get('/api/v1/ops/utilization/clinics', none).expect(403);
      const run = await t.http.post('/api/v1/ops/utilization/rollups').set('Authorization', `Bearer ${none}`).send({ from: '2026-03-01', to: '2026-03-02' });
      expect(run.status).toBe(403);
      // an explicit empty list is a mistake, not "all clinics"
      const empty = await t.post('/api/v1/ops/utilization/rollups', { clinicIds: [], from: '2026-03-01', to: '2026-03-02' }).expect(400);
      expect(empty.body.errors[0].field).toBe('clinicIds');
    });

    it("another clinic's resource and an unknown one answer the same on the timeline", async () => {
      const onlyB = await t.token({ clinicIds: ['pb'] });
      const foreign = await t.get('/api/v1/ops/utilization/chairs/pa-1/timeline?date=2026-03-02', onlyB);
      const unknown = await t.get('/api/v1/ops/utilization/chairs/pa-zz/timeline?date=2026-03-02', onlyB);
      expect([foreign.status, unknown.status]).toEqual([404, 404]);
      expect(foreign.body.message.replace('pa-1', 'X')).toBe(unknown.body.message.replace('pa-zz', 'X'));
    });
  });

  describe('no 500 for hostile parameters', () => {
    const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    it.each([
      ['/api/v1/ops/utilization/chairs?clinicId=pa%00&from=2026-03-01&to=2026-03-02', 'query.clinicId'],
      ['/api/v1/ops/utilization/chairs?clinicId=pa%ED%A0%80&from=2026-03-01&to=2026-03-02', 'query.clinicId'],
      ['/api/v1/ops/utilization/chairs/pa%00/timeline?date=2026-03-02', '(path)'],
      ['/api/v1/ops/utilization/settings/pa%E0%A4', '(path)'],
      ['/api/v1/ops/utilization/providers?granularity=day&from=2026-03-01&to=2026-03-02&x%00=1', 'query.(parameter name)'],
      [`/api/v1/ops/utilization/chairs?from=2026-03-01&to=2026-03-02&cursor=${cursor({ k: [{}, [], null] })}`, null],
      [`/api/v1/ops/utilization/chairs?from=2026-03-01&to=2026-03-02&cursor=${cursor({ k: ['2026-03-01', 'pa', 'x\u0000'] })}`, null],
      [`/api/v1/ops/utilization/chairs?from=2026-03-01&to=2026-03-02&sort=usedMinutes&cursor=${cursor({ k: ['o', -5] })}`, null],
      [`/api/v1/ops/utilization/providers?granularity=day&from=2026-03-01&to=2026-03-02&cursor=${cursor({ k: ['0000-01-01', 'a', 'b'] })}`, null],
      [`/api/v1/ops/utilization/providers?from=2026-03-01&to=2026-03-02&view=summary&cursor=${cursor({ k: [1, 2] })}`, null],
    ])('%s → 400', async (url, field) => {
      const r = await t.get(url);
      if (r.status !== 400) throw new Error(`${url} answered ${r.status}: ${JSON.stringify(r.body)}`);
      expect(r.body).toMatchObject({ statusCode: 400, error: 'Bad Request', requestId: expect.any(String) });
      if (field) expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('rollup runs: only a run whose owner is gone is marked failed', () => {
    it('leaves a run another live instance is executing, fails one whose heartbeat stopped', async () => {
      const rollups = t.app.get(RollupRunsService);
      await t.sql(
        `INSERT INTO rollup_run (id, status, trigger, owner_instance, heartbeat_at, created_at) VALUES
           ('00000000-0000-4000-8000-000000000001', 'running', 'api', 'other-replica', now() - interval '5 seconds', now() - interval '1 hour'),
           ('00000000-0000-4000-8000-000000000002', 'running', 'api', 'gone-replica', now() - interval '61 seconds', now() - interval '1 hour'),
           ('00000000-0000-4000-8000-000000000003', 'queued', 'api', 'other-replica', now() - interval '59 seconds', now() - interval '1 hour')`,
      );
      expect(await rollups.failOrphanedRuns()).toBe(1);
      const rows = await t.sql<{ id: string; status: string }>(`SELECT id::text, status::text FROM rollup_run WHERE id::text LIKE '00000000-%' ORDER BY id`);
      expect(rows.map((r) => r.status)).toEqual(['running', 'failed', 'queued']);
      // a run this instance starts records it as its owner, with a heartbeat
      const run = await rollups.startRun({ clinicIds: ['pa'], from: '2026-03-02', to: '2026-03-02', trigger: 'api' });
      const [own] = await t.sql<{ owner_instance: string; beat: boolean }>(
        `SELECT owner_instance, heartbeat_at IS NOT NULL AS beat FROM rollup_run WHERE id = $1`,
        [run.id],
      );
      expect(own).toEqual({ owner_instance: rollups.instance, beat: true });
      expect((await rollups.waitForRun(run.id)).status).toBe('succeeded');
    });
  });

  it('the README carries the policy table the OpenAPI document shows', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(policyTable());
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    for (const route of ['clinics', 'resources', 'providers', 'exceptions', 'sessions', 'blocks']) {
      expect(doc.paths[`${I}/${route}`].post.description).toContain(policyTable());
      expect(doc.paths[`${I}/${route}`].post.parameters.map((p: { name: string }) => p.name)).toContain('onInvalid');
    }
  });
});

describe('rate limit: keyed by the verified token subject, else by the peer address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '4' });
  }, 60_000);
  afterAll(() => t?.close());

  it('rotating garbage tokens gains nothing; two tokens of one subject share a budget; X-Forwarded-For is ignored', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await t.http
        .get('/api/v1/ops/utilization/clinics')
        .set('Authorization', `Bearer garbage-${i}-${'x'.repeat(40)}`)
        .set('X-Forwarded-For', `10.0.0.${i}`);
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const one = await t.token({ sub: 'alice' });
    const two = await t.token({ sub: 'alice', permissions: ['ops:view_analytics'] });
    const alice: number[] = [];
    for (let i = 0; i < 5; i++) alice.push((await t.get('/api/v1/ops/utilization/clinics', i % 2 ? one : two)).status);
    expect(alice).toEqual([200, 200, 200, 200, 429]);
    // another subject has its own budget
    expect((await t.get('/api/v1/ops/utilization/clinics', await t.token({ sub: 'bob' }))).status).toBe(200);
  });
});

describe('a messy 2,000-session batch of three clinics (issue: 33 IN_PROGRESS sessions already released)', () => {
  let t: TestApp;
  let f: Fixtures;
  const ZONES = { mc: 'America/Chicago', mn: 'America/New_York', mb: 'Europe/Berlin' } as const;
  const DATES = ['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']; // the US DST change on the 8th
  const sessions: RefSession[] = [];
  const warned = new Set<string>();
  let answer: { status: number; body: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    for (const [c, tz] of Object.entries(ZONES)) {
      await f.clinic(c, tz, ALL_WEEK);
      for (const k of [1, 2, 3]) await f.resource(`${c}-${k}`, c);
      for (const k of [1, 2]) await f.provider(`${c}-d${k}`, c);
    }
    const rng = mulberry32(2000);
    const clinics = Object.keys(ZONES) as (keyof typeof ZONES)[];
    const iso = (ms: number) => new Date(ms).toISOString();
    for (let i = 0; i < 2000; i++) {
      const c = clinics[i % 3];
      const date = DATES[Math.floor(rng() * DATES.length)];
      const startMin = 7 * 60 + 5 * Math.floor(rng() * 126);
      const ss = DateTime.fromISO(`${date}T00:00`, { zone: ZONES[c] }).plus({ minutes: startMin }).toMillis();
      const se = ss + (15 + 5 * Math.floor(rng() * 16)) * 60_000;
      const drift = Math.round((rng() - 0.4) * 12) * 60_000;
      const s: RefSession = {
        externalId: `m-${i}`,
        resourceId: `${c}-${1 + Math.floor(rng() * 3)}`,
        providerId: rng() < 0.9 ? `${c}-d${1 + Math.floor(rng() * 2)}` : null,
        patientRef: `pt-${Math.floor(rng() * 300)}`,
        scheduledStart: DateTime.fromMillis(ss, { zone: ZONES[c] }).toISO()!,
        scheduledEnd: DateTime.fromMillis(se, { zone: ZONES[c] }).toISO()!,
        status: 'COMPLETED',
        actualStart: iso(ss + drift),
        actualEnd: iso(se + drift + Math.round(rng() * 8) * 60_000),
        procedures: Math.floor(rng() * 3),
        productionValue: rng() < 0.7 ? Math.round(rng() * 40000) / 100 : null,
      };
      const r = rng();
      if (r < 0.1) {
        s.status = 'SCHEDULED';
        s.actualStart = null;
        s.actualEnd = null;
      } else if (r < 0.18) {
        s.status = 'NO_SHOW';
        s.actualStart = null;
        s.actualEnd = null;
      } else if (r < 0.28) {
        s.status = 'CANCELLED';
        s.actualStart = null;
        s.actualEnd = null;
        s.cancelledAt = iso(ss - Math.floor(rng() * 48) * H);
      }
      // the messy ones, one rule each
      const messy = (rule: string) => warned.add(`${s.externalId}:${rule}`);
      const set = (status: RefSession['status'], as: number | null, ae: number | null, cancelledAt: number | null = null) => {
        s.status = status;
        s.actualStart = as === null ? null : iso(as);
        s.actualEnd = ae === null ? null : iso(ae);
        s.cancelledAt = cancelledAt === null ? null : iso(cancelledAt);
      };
      if (i % 60 === 7 && i < 1980) {
        set('IN_PROGRESS', ss + drift, se + drift);
        messy('status');
      } else if (i % 97 === 3) {
        set('COMPLETED', ss + 5 * 60_000, ss + 5 * 60_000);
        messy('actualEnd');
      } else if (i % 89 === 5) {
        set('NO_SHOW', ss, se);
        messy('actualStart');
      } else if (i % 83 === 11) {
        set('CANCELLED', ss, null, ss - 2 * H);
        messy('actualStart');
      } else if (i % 79 === 13) {
        set('COMPLETED', ss, se, ss - H);
        messy('cancelledAt');
      } else if (i % 73 === 17) {
        set('SCHEDULED', null, null);
        s.bookedAt = iso(se + H);
        messy('bookedAt');
      } else if (i % 67 === 19) {
        set('COMPLETED', ss + 30 * H, ss + 31 * H);
        messy('actualStart');
      } else if (i % 61 === 23) {
        set('COMPLETED', null, se + 5 * 60_000);
        messy('actualStart');
      }
      sessions.push(s);
    }
    answer = await t.post(`${I}/sessions`, { items: sessions });
    await f.backfill(DATES[0], DATES[DATES.length - 1], clinics);
  }, 120_000);
  afterAll(() => t?.close());

  it('is accepted whole, with one warning per messy session naming it', () => {
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ received: 2000, created: 2000, updated: 0, unchanged: 0 });
    expect(sessions.filter((s) => s.status === 'IN_PROGRESS' && s.actualEnd)).toHaveLength(33);
    const got = new Set((answer.body.warnings as { index: number; field: string }[]).map((w) => `m-${w.index}:${w.field}`));
    expect([...got].sort()).toEqual([...warned].sort());
    expect(answer.body.warnings).toHaveLength(warned.size);
  });

  it('computes every resource-day and provider-day exactly as SPEC §2–3 say of what the policy counts', async () => {
    const counted = sessions.map(asCounted);
    let compared = 0;
    for (const [c, tz] of Object.entries(ZONES)) {
      const clinic: RefClinic = { id: c, tz, minSlot: 15, hours: [{ from: '1900-01-01', hours: ALL_WEEK }], exceptions: {} };
      for (const date of DATES) {
        for (const k of [1, 2, 3]) {
          const res: RefResource = { id: `${c}-${k}`, clinicId: c, hours: [], exceptions: {} };
          const want = resourceDay(clinic, res, counted, [], date);
          const row = await f.resourceRow(c, res.id, date);
          for (const [key, v] of Object.entries(want)) {
            if (v === null) expect([key, row[key]]).toEqual([key, null]);
            else if (Math.abs((row[key] as number) - v) > 0.01) throw new Error(`${res.id} ${date} ${key}: engine ${row[key]}, reference ${v}`);
          }
          compared++;
        }
        for (const k of [1, 2]) {
          const { touches, ...want } = providerDay(clinic, `${c}-d${k}`, counted, date);
          if (!touches) continue;
          const row = await f.providerRow(c, `${c}-d${k}`, date);
          for (const [key, v] of Object.entries(want)) {
            if (v === null) expect([key, row[key]]).toEqual([key, null]);
            else if (Math.abs((row[key] as number) - v) > 0.01) throw new Error(`${c}-d${k} ${date} ${key}: engine ${row[key]}, reference ${v}`);
          }
        }
      }
    }
    expect(compared).toBe(45);
    const [w] = await t.sql<{ n: number }>('SELECT sum(warning_count)::int AS n FROM resource_utilization');
    expect(w.n).toBe(warned.size);
  });
});
