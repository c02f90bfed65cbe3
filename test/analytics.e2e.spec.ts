/**
 * Headline, chairs analytics and drill-down: the numbers equal sums computed independently from the daily
 * rows (ratio of sums, never a mean of daily rates), and each level of the drill-down adds up to its parent.
 */
import { startTestApp, type TestApp } from './support/app.js';
import { at, Fixtures, WEEKDAYS } from './support/fixtures.js';

const CST = '-06:00';

describe('headline and chairs analytics', () => {
  let t: TestApp;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    await f.clinic('an', 'America/Chicago', WEEKDAYS([['08:00', '12:00']]));
    await f.clinic('an2', 'America/Chicago', WEEKDAYS([['08:00', '12:00']]));
    for (const c of ['an-1', 'an-2', 'an-3']) await f.resource(c, 'an');
    await f.resource('an-room', 'an', { kind: 'ROOM' });
    await f.resource('an2-1', 'an2');
    const sessions = [];
    // an-1: 3 h of 4 every day in March (75 %); an-2: 1 h on weekdays; an-3: 4 h on the 2nd only; a no-show on an-2 on the 3rd
    for (let d = 1; d <= 31; d++) {
      const day = `2026-03-${String(d).padStart(2, '0')}`;
      sessions.push({
        externalId: `an-1-${d}`,
        resourceId: 'an-1',
        patientRef: 'p1',
        scheduledStart: at(`${day}T08:00`, d >= 8 ? '-05:00' : CST),
        scheduledEnd: at(`${day}T11:00`, d >= 8 ? '-05:00' : CST),
        status: 'COMPLETED' as const,
      });
      const dow = new Date(`${day}T12:00:00Z`).getUTCDay();
      if (dow >= 1 && dow <= 5)
        sessions.push({
          externalId: `an-2-${d}`,
          resourceId: 'an-2',
          patientRef: 'p2',
          scheduledStart: at(`${day}T09:00`, d >= 8 ? '-05:00' : CST),
          scheduledEnd: at(`${day}T10:00`, d >= 8 ? '-05:00' : CST),
          status: 'COMPLETED' as const,
        });
    }
    sessions.push({
      externalId: 'an-3-2',
      resourceId: 'an-3',
      patientRef: 'p3',
      scheduledStart: at('2026-03-02T08:00', CST),
      scheduledEnd: at('2026-03-02T12:00', CST),
      status: 'COMPLETED' as const,
    });
    sessions.push({
      externalId: 'an-ns',
      resourceId: 'an-2',
      patientRef: 'p9',
      scheduledStart: at('2026-03-03T10:30', CST),
      scheduledEnd: at('2026-03-03T11:00', CST),
      status: 'NO_SHOW' as const,
    });
    sessions.push({
      externalId: 'an2-x',
      resourceId: 'an2-1',
      patientRef: 'p4',
      scheduledStart: at('2026-03-02T08:00', CST),
      scheduledEnd: at('2026-03-02T12:00', CST),
      status: 'COMPLETED' as const,
    });
    await f.sessions(sessions);
    await f.blocks([{ externalId: 'an-m', resourceId: 'an-3', start: at('2026-03-04T08:00', CST), end: at('2026-03-04T09:00', CST), reason: 'MAINTENANCE' }]);
    await f.exception('an', '2026-03-15', [['08:00', '09:00']]); // a short day
    await f.exception('an', '2026-03-20', [['00:00', '24:00']], 'an-1'); // a long day for one chair: its rate must not weigh like a 4-hour day's
    await f.backfill('2026-02-01', '2026-03-31', ['an', 'an2']);
  });
  afterAll(() => t.close());

  const daily = async (clinicId: string, from: string, to: string) =>
    t.sql<{ resource_id: string; date: string; used: number; available: number; rate: number | null }>(
      `SELECT resource_id, date::text AS date, used_minutes AS used, available_minutes AS available, utilization_rate AS rate
       FROM resource_utilization WHERE clinic_id = $1 AND date BETWEEN $2::date AND $3::date`,
      [clinicId, from, to],
    );

  it('headline: ratio of sums of the daily rows, previous period, downtime shares that add up', async () => {
    const res = await t.get('/api/v1/ops/utilization?clinicId=an&from=2026-03-01&to=2026-03-31').expect(200);
    const rows = await daily('an', '2026-03-01', '2026-03-31');
    const used = rows.reduce((s, r) => s + r.used, 0);
    const available = rows.reduce((s, r) => s + r.available, 0);
    expect(res.body.current.usedMinutes).toBeCloseTo(used, 2);
    expect(res.body.current.availableMinutes).toBeCloseTo(available, 2);
    expect(res.body.current.utilizationRate).toBeCloseTo(used / available, 4);
    const meanOfRates = rows.filter((r) => r.rate !== null).reduce((s, r) => s + r.rate!, 0) / rows.filter((r) => r.rate !== null).length;
    expect(Math.abs(res.body.current.utilizationRate - meanOfRates)).toBeGreaterThan(0.001); // the two differ here: the test can tell them apart
    const d = res.body.current.downtimeByReason;
    expect(d.maintenance.minutes + d.noShow.minutes + d.gap.minutes).toBeCloseTo(res.body.current.downtimeMinutes, 1);
    expect(d.maintenance.share + d.noShow.share + d.gap.share).toBeCloseTo(1, 3);
    expect(res.body.current.usedMinutes + res.body.current.blockedMinutes + res.body.current.downtimeMinutes).toBeCloseTo(available, 1);
    expect(res.body.previousPeriod).toEqual({ from: '2026-01-29', to: '2026-02-28', days: 31 });
    expect(res.body.current.noShowCount).toBe(1);
    expect(res.body.current.status).toBe('low');
    expect(res.body.definitions.utilizationRate).toMatch(/seated/);
    expect(res.body.current.utilizationRateInterval95.low).toBeLessThanOrEqual(res.body.current.utilizationRate);
    expect(res.body.dataQuality.rating).toMatch(/good|fair|poor/);
  });

  it('headline over several clinics sums them and lists each', async () => {
    const res = await t.get('/api/v1/ops/utilization?clinicId=an,an2&from=2026-03-01&to=2026-03-31').expect(200);
    const a = res.body.perClinic.find((c: { clinicId: string }) => c.clinicId === 'an');
    const b = res.body.perClinic.find((c: { clinicId: string }) => c.clinicId === 'an2');
    expect(res.body.current.usedMinutes).toBeCloseTo(a.usedMinutes + b.usedMinutes, 1);
    const other = await t.token({ clinicIds: ['an'] });
    await t.get('/api/v1/ops/utilization?clinicId=an,an2&from=2026-03-01&to=2026-03-31', other).expect(403);
    await t.get('/api/v1/ops/utilization?clinicId=an&from=2026-03-31&to=2026-03-01').expect(400);
    await t.get('/api/v1/ops/utilization?clinicId=an&from=2026-03-01&to=2026-03-31&x=1').expect(400);
    await t.http.get('/api/v1/ops/utilization?clinicId=an').expect(401);
  });

  it('chairs: totals per resource equal the sums of their days, with the clinic median and band; sortable', async () => {
    const res = await t
      .get('/api/v1/ops/utilization/chairs?clinicId=an&kind=CHAIR&from=2026-03-01&to=2026-03-31&granularity=total&sort=-utilizationRate')
      .expect(200);
    const items = res.body.items as {
      resourceId: string;
      utilizationRate: number;
      usedMinutes: number;
      clinicMedianUtilizationRate: number;
      status: string;
      links: { days: string };
    }[];
    expect(items.map((i) => i.resourceId)).toEqual(['an-1', 'an-2', 'an-3']);
    const rows = await daily('an', '2026-03-01', '2026-03-31');
    for (const i of items) {
      const mine = rows.filter((r) => r.resource_id === i.resourceId);
      expect(i.usedMinutes).toBeCloseTo(
        mine.reduce((s, r) => s + r.used, 0),
        2,
      );
      expect(i.utilizationRate).toBeCloseTo(mine.reduce((s, r) => s + r.used, 0) / mine.reduce((s, r) => s + r.available, 0), 4);
    }
    expect(items[0].clinicMedianUtilizationRate).toBeCloseTo(items[1].utilizationRate, 4); // median of three chairs = the middle one
    expect(items[0].status).toBe(items[0].utilizationRate < 0.65 ? 'low' : 'below-target'); // 75 % of a normal day, but one 24-hour day pulls it down
    // drill-down: the days link lists the resource's days; they add up to the total
    const days = await t.get(items[0].links.days + '&limit=100').expect(200);
    expect(days.body.items).toHaveLength(31);
    expect(days.body.items.reduce((s: number, d: { usedMinutes: number }) => s + d.usedMinutes, 0)).toBeCloseTo(items[0].usedMinutes, 1);
    const asc = await t
      .get('/api/v1/ops/utilization/chairs?clinicId=an&from=2026-03-01&to=2026-03-31&granularity=total&sort=utilizationRate&limit=2')
      .expect(200);
    expect(asc.body.items.map((i: { resourceId: string }) => i.resourceId)).toEqual(['an-room', 'an-3']);
    const next = await t
      .get(
        `/api/v1/ops/utilization/chairs?clinicId=an&from=2026-03-01&to=2026-03-31&granularity=total&sort=utilizationRate&limit=2&cursor=${asc.body.nextCursor}`,
      )
      .expect(200);
    expect(next.body.items.map((i: { resourceId: string }) => i.resourceId)).toEqual(['an-2', 'an-1']);
    expect(next.body.nextCursor).toBeNull();
    await t.get('/api/v1/ops/utilization/chairs?clinicId=an&from=2026-03-01&to=2026-03-31&sort=colour').expect(400);
  });

  it('timeline: one chair-day cut into segments that add up to its daily row', async () => {
    const res = await t.get('/api/v1/ops/utilization/chairs/an-2/timeline?date=2026-03-03').expect(200);
    expect(res.body.resource).toMatchObject({ resourceId: 'an-2', timeZone: 'America/Chicago', hoursSource: 'clinic hours' });
    expect(res.body.sessions).toHaveLength(2);
    expect(res.body.segmentMinutes).toEqual({ used: 60, noShow: 30, gap: 150 });
    expect(res.body.metrics).toMatchObject({ usedMinutes: 60, noShowMinutes: 30, gapMinutes: 150, availableMinutes: 240 });
    const m = await t.get('/api/v1/ops/utilization/chairs/an-3/timeline?date=2026-03-04').expect(200);
    expect(m.body.segmentMinutes).toEqual({ maintenance: 60, gap: 180 });
    await t.get('/api/v1/ops/utilization/chairs/nope/timeline?date=2026-03-04').expect(404);
    await t.get('/api/v1/ops/utilization/chairs/an-3/timeline?date=2026-13-04').expect(400);
    const other = await t.token({ clinicIds: ['an2'] });
    // another clinic's resource answers exactly like an unknown one (ids of other clinics cannot be enumerated)
    const foreign = await t.get('/api/v1/ops/utilization/chairs/an-3/timeline?date=2026-03-04', other).expect(404);
    const unknown = await t.get('/api/v1/ops/utilization/chairs/an-zz/timeline?date=2026-03-04', other).expect(404);
    expect(foreign.body.message.replace('an-3', 'X')).toBe(unknown.body.message.replace('an-zz', 'X'));
    // provider ids only for callers allowed individual provider figures
    await f.provider('an-doc', 'an');
    await f.sessions([
      {
        externalId: 'an-doc-1',
        resourceId: 'an-3',
        providerId: 'an-doc',
        patientRef: 'pz',
        scheduledStart: at('2026-03-04T10:00', CST),
        scheduledEnd: at('2026-03-04T10:30', CST),
        status: 'COMPLETED',
      },
    ]);
    const withDetail = await t.get('/api/v1/ops/utilization/chairs/an-3/timeline?date=2026-03-04').expect(200);
    expect(withDetail.body.sessions[0].providerId).toBe('an-doc');
    const viewer = await t.token({ permissions: ['ops:view_analytics'] });
    const teamOnly = await t.get('/api/v1/ops/utilization/chairs/an-3/timeline?date=2026-03-04', viewer).expect(200);
    expect(teamOnly.body.sessions[0].providerId).toBeNull();
  });

  it('lists the clinics a token is granted, and only those', async () => {
    const all = await t.get('/api/v1/ops/utilization/clinics').expect(200);
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(['an', 'an2']);
    expect(all.body.items[0]).toMatchObject({ id: 'an', timeZone: 'America/Chicago', chairs: 3, rooms: 1, minSlotMinutes: 15, band: { targetLow: 0.7 } });
    const one = await t.get('/api/v1/ops/utilization/clinics', await t.token({ permissions: ['ops:view_analytics'], clinicIds: ['an2'] })).expect(200);
    expect(one.body.items.map((c: { id: string }) => c.id)).toEqual(['an2']);
    await t.get('/api/v1/ops/utilization/clinics', await t.token({ permissions: ['ops:ingest'] })).expect(403);
  });

  it('settings: thresholds change the status; only ops:admin may change them; bad bands are refused', async () => {
    await t.http
      .put('/api/v1/ops/utilization/settings/an')
      .set('Authorization', `Bearer ${await t.token()}`)
      .send({ lowThreshold: 0.1, targetLow: 0.2, targetHigh: 0.4 })
      .expect(200);
    const res = await t.get('/api/v1/ops/utilization?clinicId=an&from=2026-03-01&to=2026-03-31').expect(200);
    expect(res.body.current.status).toBe('on-target');
    const viewer = await t.token({ permissions: ['ops:view_analytics'] });
    await t.http.put('/api/v1/ops/utilization/settings/an').set('Authorization', `Bearer ${viewer}`).send({ targetLow: 0.5 }).expect(403);
    const bad = await t.http
      .put('/api/v1/ops/utilization/settings/an')
      .set('Authorization', `Bearer ${await t.token()}`)
      .send({ targetLow: 0.9 })
      .expect(400);
    expect(bad.body.errors[0].message).toMatch(/≤/);
    await t.http
      .put('/api/v1/ops/utilization/settings/an')
      .set('Authorization', `Bearer ${await t.token()}`)
      .send({ lowThreshold: 0.65, targetLow: 0.7, targetHigh: 0.85 })
      .expect(200);
    const got = await t.get('/api/v1/ops/utilization/settings/an', viewer).expect(200);
    expect(got.body).toMatchObject({ clinicId: 'an', lowThreshold: 0.65, targetLow: 0.7, targetHigh: 0.85, riskThreshold: 0.9, minSlotMinutes: 15 });
  });
});
