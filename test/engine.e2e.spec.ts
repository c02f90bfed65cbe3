/**
 * The daily engine (SPEC §2–3) and the rollups (§4) against hand-computed cases.
 * Every expected number below is worked out by hand in the comment beside it.
 */
import { startTestApp, type TestApp } from './support/app.js';
import { at, Fixtures, WEEKDAYS } from './support/fixtures.js';
import type { RefSession } from './support/reference.js';

const CST = '-06:00'; // America/Chicago before 2026-03-08
const DAY = '2026-03-02'; // a Monday

describe('daily engine: hand-computed cases', () => {
  let t: TestApp;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
  });
  afterAll(() => t.close());

  const s = (
    id: string,
    resourceId: string,
    patientRef: string,
    start: string,
    end: string,
    status: RefSession['status'],
    extra: Partial<RefSession> = {},
  ): RefSession => ({
    externalId: id,
    resourceId,
    patientRef,
    scheduledStart: start,
    scheduledEnd: end,
    status,
    ...extra,
  });

  it('puts every available minute in exactly one bucket, in the order of precedence', async () => {
    await f.clinic('prec', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
    await f.resource('prec-c1', 'prec');
    const l = (hm: string) => at(`${DAY}T${hm}`, CST);
    await f.sessions([
      // U: 08:10–09:05 (actual) ∪ 08:30–09:30 (scheduled, no actual) = 08:10–09:30 = 80 min; 35 min overlap
      s('prec-1', 'prec-c1', 'p1', l('08:00'), l('09:00'), 'COMPLETED', { actualStart: l('08:10'), actualEnd: l('09:05') }),
      s('prec-2', 'prec-c1', 'p2', l('08:30'), l('09:30'), 'COMPLETED'),
      // runs past closing: 16:50–17:20 → 10 used, 20 overtime
      s('prec-3', 'prec-c1', 'p3', l('16:50'), l('17:20'), 'COMPLETED'),
      // no-show 10:15–11:00 → only 10:30–11:00 is left after the blocks = 30
      s('prec-4', 'prec-c1', 'p4', l('10:15'), l('11:00'), 'NO_SHOW'),
      // cancelled 4 h before: late → 11:00–11:30 of the gap = 30; cancelled 3 days before: not late
      s('prec-5', 'prec-c1', 'p5', l('11:00'), l('11:30'), 'CANCELLED', { cancelledAt: l('07:00') }),
      s('prec-6', 'prec-c1', 'p6', l('11:30'), l('12:00'), 'CANCELLED', { cancelledAt: at('2026-02-27T09:00', CST) }),
    ]);
    await f.blocks([
      { externalId: 'prec-m', resourceId: 'prec-c1', start: l('09:00'), end: l('10:00'), reason: 'MAINTENANCE' }, // 09:30–10:00 = 30 after U
      { externalId: 'prec-b', resourceId: 'prec-c1', start: l('09:45'), end: l('10:30'), reason: 'MEETING' }, // 10:00–10:30 = 30 after U, M
    ]);
    await f.backfill(DAY, DAY, ['prec']);
    const r = await f.resourceRow('prec', 'prec-c1', DAY);
    expect(r).toMatchObject({
      availableMinutes: 540,
      usedMinutes: 90,
      maintenanceMinutes: 30,
      blockedMinutes: 30,
      noShowMinutes: 30,
      gapMinutes: 360, // 540 − 90 − 30 − 30 − 30
      downtimeMinutes: 420, // 30 + 30 + 360
      overtimeMinutes: 20,
      bookedMinutes: 145, // S∩A = 08:00–09:30 (90) + 10:15–11:00 (45) + 16:50–17:00 (10)
      lateCancelMinutes: 30,
      shortGapMinutes: 10, // gap runs: 08:00–08:10 (10, short) and 11:00–16:50 (350)
      appointmentCount: 4,
      noShowCount: 1,
      turnoverCount: 2, // p1→p2 (pause 0, counted), p2→p3 (pause 440 > 60: a gap, not a turnover time)
      avgTurnoverMinutes: 0,
      overlapMinutes: 35,
    });
    expect(r.utilizationRate).toBeCloseTo(90 / 540, 10);
    expect(r.scheduledUtilizationRate).toBeCloseTo(145 / 540, 10);
    expect(r.usedMinutes! + r.blockedMinutes! + r.downtimeMinutes!).toBeCloseTo(r.availableMinutes!, 9);
  });

  it('splits sessions and blocks at local midnight; a session belongs to the day it starts', async () => {
    await f.clinic('mid', 'America/Chicago', WEEKDAYS([['00:00', '24:00']]));
    await f.resource('mid-c1', 'mid');
    await f.resource('mid-c2', 'mid');
    await f.sessions([s('mid-1', 'mid-c1', 'p1', at('2026-03-02T23:00', CST), at('2026-03-03T01:00', CST), 'COMPLETED')]);
    await f.blocks([{ externalId: 'mid-b', resourceId: 'mid-c2', start: at('2026-03-02T23:30', CST), end: at('2026-03-03T00:30', CST), reason: 'TRAINING' }]);
    await f.backfill('2026-03-02', '2026-03-03', ['mid']);
    expect(await f.resourceRow('mid', 'mid-c1', '2026-03-02')).toMatchObject({ availableMinutes: 1440, usedMinutes: 60, appointmentCount: 1 });
    expect(await f.resourceRow('mid', 'mid-c1', '2026-03-03')).toMatchObject({ availableMinutes: 1440, usedMinutes: 60, appointmentCount: 0 });
    expect(await f.resourceRow('mid', 'mid-c2', '2026-03-02')).toMatchObject({ blockedMinutes: 30 });
    expect(await f.resourceRow('mid', 'mid-c2', '2026-03-03')).toMatchObject({ blockedMinutes: 30 });
  });

  it.each([
    // zone, DST date, window, expected minutes (real elapsed)
    ['America/New_York', '2026-03-08', ['00:00', '24:00'], 1380],
    ['America/New_York', '2026-03-08', ['08:00', '17:00'], 540],
    ['America/New_York', '2026-03-08', ['00:00', '04:00'], 180],
    ['America/New_York', '2026-11-01', ['00:00', '24:00'], 1500],
    ['America/New_York', '2026-11-01', ['00:00', '03:00'], 240],
    ['Europe/Berlin', '2026-03-29', ['00:00', '24:00'], 1380],
    ['Europe/Berlin', '2026-03-29', ['01:00', '05:00'], 180],
    ['Europe/Berlin', '2026-10-25', ['00:00', '24:00'], 1500],
    ['Europe/Berlin', '2026-10-25', ['08:00', '17:00'], 540],
    ['Pacific/Auckland', '2026-04-05', ['00:00', '24:00'], 1500],
    ['Pacific/Auckland', '2026-09-27', ['00:00', '24:00'], 1380],
    ['Pacific/Auckland', '2026-09-27', ['01:00', '04:00'], 120],
    ['Asia/Kolkata', '2026-03-02', ['09:00', '18:00'], 540],
  ])('%s on %s: window %j is %d real minutes, and the hourly buckets add up', async (tz, date, window, expected) => {
    const id = `dst-${tz.replace('/', '-')}-${date}-${window.join('')}`.replace(/:/g, '');
    await f.clinic(id, tz, WEEKDAYS([window as [string, string]]));
    await f.resource(`${id}-c1`, id);
    await f.backfill(date, date, [id]);
    const r = await f.resourceRow(id, `${id}-c1`, date);
    expect(r.availableMinutes).toBeCloseTo(expected, 9);
    const [h] = await t.sql<{ total: number; hours: number }>(
      'SELECT sum(available_minutes)::float8 AS total, count(*)::int AS hours FROM resource_hourly WHERE clinic_id = $1 AND date = $2::date',
      [id, date],
    );
    expect(h.total).toBeCloseTo(expected, 9);
    expect(h.hours).toBeLessThanOrEqual(24);
  });

  it('uses the +05:30 offset to find the local day of a session', async () => {
    await f.clinic('ist', 'Asia/Kolkata', WEEKDAYS([['00:00', '24:00']]));
    await f.resource('ist-c1', 'ist');
    // 2026-03-01 23:30 IST → 2026-03-02 00:30 IST: 30 min on each day, counted on the 1st
    await f.sessions([s('ist-1', 'ist-c1', 'p1', '2026-03-01T18:00:00Z', '2026-03-01T19:00:00Z', 'COMPLETED')]);
    await f.backfill('2026-03-01', '2026-03-02', ['ist']);
    expect(await f.resourceRow('ist', 'ist-c1', '2026-03-01')).toMatchObject({ usedMinutes: 30, appointmentCount: 1 });
    expect(await f.resourceRow('ist', 'ist-c1', '2026-03-02')).toMatchObject({ usedMinutes: 30, appointmentCount: 0 });
  });

  it('computes each day with the hours in force that day; a later change never rewrites earlier days', async () => {
    await f.clinic('ver', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
    await f.resource('ver-c1', 'ver');
    await f.backfill('2026-03-02', '2026-03-20', ['ver']);
    expect((await f.resourceRow('ver', 'ver-c1', '2026-03-16')).availableMinutes).toBe(540);
    // new hours from the 16th on (a Monday, mid-month)
    await f.clinic('ver', 'America/Chicago', WEEKDAYS([['10:00', '14:00']]), { hoursEffectiveFrom: '2026-03-16' });
    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM dirty_day WHERE clinic_id = 'ver'`);
    expect(n).toBe(5); // the computed days 16th–20th
    await f.rollups.processDirty(new Date(), ['ver']);
    expect((await f.resourceRow('ver', 'ver-c1', '2026-03-13')).availableMinutes).toBe(540);
    expect((await f.resourceRow('ver', 'ver-c1', '2026-03-16')).availableMinutes).toBe(240);
    // a full recompute agrees: history is not rewritten
    await f.backfill('2026-03-02', '2026-03-20', ['ver']);
    expect((await f.resourceRow('ver', 'ver-c1', '2026-03-13')).availableMinutes).toBe(540);
    expect((await f.resourceRow('ver', 'ver-c1', '2026-03-20')).availableMinutes).toBe(240);
  });

  it('counts a cancellation as late only when it came less than 24 hours before the start', async () => {
    await f.clinic('lc', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
    await f.resource('lc-c1', 'lc');
    const start1 = at(`${DAY}T10:00`, CST);
    const start2 = at(`${DAY}T11:00`, CST);
    const start3 = at(`${DAY}T12:00`, CST);
    const before = (iso: string, minutes: number) => new Date(Date.parse(iso) - minutes * 60_000).toISOString();
    await f.sessions([
      s('lc-1', 'lc-c1', 'p1', start1, at(`${DAY}T10:30`, CST), 'CANCELLED', { cancelledAt: before(start1, 24 * 60 - 1) }), // 23h59m: late
      s('lc-2', 'lc-c1', 'p2', start2, at(`${DAY}T11:30`, CST), 'CANCELLED', { cancelledAt: before(start2, 24 * 60 + 1) }), // 24h01m: not late
      s('lc-3', 'lc-c1', 'p3', start3, at(`${DAY}T12:30`, CST), 'CANCELLED', { cancelledAt: before(start3, 24 * 60) }), // exactly 24h: not late
    ]);
    await f.backfill(DAY, DAY, ['lc']);
    expect(await f.resourceRow('lc', 'lc-c1', DAY)).toMatchObject({ lateCancelMinutes: 30, bookedMinutes: 0, appointmentCount: 0 });
  });

  it('counts idle runs shorter than the minimum bookable slot as short gaps, to the second', async () => {
    await f.clinic('sg', 'America/Chicago', WEEKDAYS([['08:00', '09:00']]), { minSlotMinutes: 15 });
    await f.resource('sg-c1', 'sg');
    await f.sessions([
      // idle 08:00:00–08:14:59 (14m59s, short), session to 08:30, idle 08:30–08:45 (15m, not short), session to 09:00
      s('sg-1', 'sg-c1', 'p1', `${DAY}T14:14:59Z`, `${DAY}T14:30:00Z`, 'COMPLETED'),
      s('sg-2', 'sg-c1', 'p2', `${DAY}T14:45:00Z`, `${DAY}T15:00:00Z`, 'COMPLETED'),
    ]);
    await f.backfill(DAY, DAY, ['sg']);
    const r = await f.resourceRow('sg', 'sg-c1', DAY);
    expect(r.shortGapMinutes).toBeCloseTo(14 + 59 / 60, 9);
    expect(r.gapMinutes).toBeCloseTo(14 + 59 / 60 + 15, 9);
    expect(r.avgTurnoverMinutes).toBeCloseTo(15, 9);
  });

  it('applies resource-level hours and exceptions with the right precedence', async () => {
    await f.clinic('rh', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
    await f.resource('rh-own', 'rh', { hours: WEEKDAYS([['12:00', '20:00']]) });
    await f.resource('rh-std', 'rh');
    await f.exception('rh', '2026-03-03', []); // clinic closed on the 3rd
    await f.exception('rh', '2026-03-03', [['09:00', '10:00']], 'rh-own'); // but this chair opens 09–10
    await f.exception('rh', '2026-03-04', [['08:00', '12:00']]); // short day for the clinic
    await f.backfill('2026-03-02', '2026-03-04', ['rh']);
    expect((await f.resourceRow('rh', 'rh-own', '2026-03-02')).availableMinutes).toBe(480);
    expect((await f.resourceRow('rh', 'rh-std', '2026-03-02')).availableMinutes).toBe(540);
    expect((await f.resourceRow('rh', 'rh-own', '2026-03-03')).availableMinutes).toBe(60);
    expect((await f.resourceRow('rh', 'rh-std', '2026-03-03')).availableMinutes).toBe(0);
    expect((await f.resourceRow('rh', 'rh-std', '2026-03-03')).utilizationRate).toBeNull();
    expect((await f.resourceRow('rh', 'rh-own', '2026-03-04')).availableMinutes).toBe(240);
  });

  it('counts a turnover only when the patient changes', async () => {
    await f.clinic('to', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
    await f.resource('to-c1', 'to');
    const l = (hm: string) => at(`${DAY}T${hm}`, CST);
    await f.sessions([
      s('to-1', 'to-c1', 'pA', l('08:00'), l('08:30'), 'COMPLETED'),
      s('to-2', 'to-c1', 'pA', l('08:40'), l('09:00'), 'COMPLETED'), // same patient again: no turnover
      s('to-3', 'to-c1', 'pB', l('09:10'), l('09:30'), 'COMPLETED'), // change after a 10-minute pause
      s('to-4', 'to-c1', 'pC', l('09:30'), l('10:00'), 'NO_SHOW'), // not completed: ignored
      s('to-5', 'to-c1', 'pD', l('11:30'), l('12:00'), 'COMPLETED'), // change after 120 minutes: counted, but not in the average
    ]);
    await f.backfill(DAY, DAY, ['to']);
    expect(await f.resourceRow('to', 'to-c1', DAY)).toMatchObject({ turnoverCount: 2, avgTurnoverMinutes: 10 });
  });

  it("gives a provider on three chairs at once three chairs' minutes", async () => {
    await f.clinic('tri', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
    for (const c of ['tri-1', 'tri-2', 'tri-3']) await f.resource(c, 'tri');
    await f.provider('tri-doc', 'tri', 'orthodontist');
    const l = (hm: string) => at(`${DAY}T${hm}`, CST);
    await f.sessions([
      s('tri-a', 'tri-1', 'p1', l('09:00'), l('10:00'), 'COMPLETED', { providerId: 'tri-doc', procedures: 2, productionValue: 100 }),
      s('tri-b', 'tri-2', 'p2', l('09:00'), l('10:00'), 'COMPLETED', { providerId: 'tri-doc', procedures: 1, productionValue: 50.5 }),
      s('tri-c', 'tri-3', 'p3', l('09:15'), l('10:00'), 'COMPLETED', { providerId: 'tri-doc', procedures: 1 }),
      s('tri-d', 'tri-3', 'p3', l('09:30'), l('10:15'), 'COMPLETED', { providerId: 'tri-doc' }), // overlaps tri-c on the same chair: union 09:15–10:15
      s('tri-e', 'tri-1', 'p4', l('11:00'), l('11:30'), 'NO_SHOW', { providerId: 'tri-doc' }),
      s('tri-f', 'tri-2', 'p5', l('12:00'), l('12:30'), 'CANCELLED', { providerId: 'tri-doc' }),
    ]);
    await f.backfill(DAY, DAY, ['tri']);
    expect(await f.providerRow('tri', 'tri-doc', DAY)).toMatchObject({
      chairMinutes: 180, // 60 + 60 + 60
      patientsSeen: 3,
      patientsScheduled: 4, // p1, p2, p3, p4 (cancelled p5 not scheduled)
      noShowCount: 1,
      proceduresCompleted: 4,
      productionValue: 150.5,
    });
  });

  it('writes nothing on a re-run and gives identical rows', async () => {
    const before = await f.snapshot('prec');
    const again = await f.backfill(DAY, DAY, ['prec']);
    expect(again.stats.resource_rows_written).toBe(0);
    expect(again.stats.hourly_rows_written).toBe(0);
    expect(await f.snapshot('prec')).toEqual(before);
  });

  it('rolls weeks and months up as ratios of sums', async () => {
    await f.clinic('wk', 'America/Chicago', { '1': [['08:00', '12:00']], '2': [['08:00', '16:00']] });
    await f.resource('wk-c1', 'wk');
    await f.sessions([
      s('wk-1', 'wk-c1', 'p1', at('2026-03-02T08:00', CST), at('2026-03-02T12:00', CST), 'COMPLETED'), // Monday: 240/240 = 100 %
      s('wk-2', 'wk-c1', 'p2', at('2026-03-03T08:00', CST), at('2026-03-03T09:00', CST), 'COMPLETED'), // Tuesday: 60/480 = 12.5 %
    ]);
    await f.backfill('2026-03-01', '2026-03-31', ['wk']);
    const [w] = await t.sql<{ utilization_rate: number; used: number; available: number; days: number }>(
      `SELECT utilization_rate, used_minutes AS used, available_minutes AS available, days FROM resource_rollup
       WHERE clinic_id = 'wk' AND resource_id = 'wk-c1' AND period = 'week' AND period_start = '2026-03-02'`,
    );
    expect(w).toMatchObject({ used: 300, available: 720, days: 7 });
    expect(w.utilization_rate).toBeCloseTo(300 / 720, 12); // not (1 + 0.125) / 2
    const [m] = await t.sql<{ utilization_rate: number; available: number }>(
      `SELECT utilization_rate, available_minutes AS available FROM clinic_rollup WHERE clinic_id = 'wk' AND period = 'month' AND period_start = '2026-03-01'`,
    );
    // March 2026: 5 Mondays (2, 9, 16, 23, 30) × 240 + 5 Tuesdays (3, 10, 17, 24, 31) × 480
    expect(m.available).toBe(5 * 240 + 5 * 480);
    expect(m.utilization_rate).toBeCloseTo(300 / 3600, 12);
  });

  it('after late corrections the incremental run gives the same rows as a fresh full recompute', async () => {
    await f.clinic('corr', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
    await f.resource('corr-c1', 'corr');
    await f.resource('corr-c2', 'corr');
    await f.provider('corr-doc', 'corr');
    const l = (d: string, hm: string) => at(`${d}T${hm}`, CST);
    const base = [
      s('corr-1', 'corr-c1', 'p1', l('2026-03-02', '09:00'), l('2026-03-02', '10:00'), 'COMPLETED', { providerId: 'corr-doc' }),
      s('corr-2', 'corr-c1', 'p2', l('2026-03-02', '10:00'), l('2026-03-02', '11:00'), 'COMPLETED', { providerId: 'corr-doc' }),
      s('corr-3', 'corr-c2', 'p3', l('2026-03-03', '09:00'), l('2026-03-03', '10:00'), 'SCHEDULED', { providerId: 'corr-doc' }),
    ];
    await f.sessions(base);
    await f.backfill('2026-03-01', '2026-03-10', ['corr']);
    await f.rollups.processDirty(new Date(), ['corr']);
    // corrections after the rollup: one moved to another day and chair, one cancelled, one turned into a no-show
    await f.sessions([
      { ...base[0], resourceId: 'corr-c2', scheduledStart: l('2026-03-05', '13:00'), scheduledEnd: l('2026-03-05', '14:00') },
      { ...base[1], status: 'CANCELLED', cancelledAt: l('2026-03-02', '08:00') },
      { ...base[2], status: 'NO_SHOW' },
    ]);
    const incremental = await f.rollups.processDirty(new Date(), ['corr']);
    expect(incremental.clinicDays).toBe(3); // the 2nd, 3rd and 5th
    const after = await f.snapshot('corr');
    for (const table of ['resource_utilization', 'resource_hourly', 'provider_productivity', 'resource_rollup', 'clinic_rollup', 'provider_rollup']) {
      await t.sql(`DELETE FROM ${table} WHERE clinic_id = 'corr'`);
    }
    await f.backfill('2026-03-01', '2026-03-10', ['corr']);
    expect(await f.snapshot('corr')).toEqual(after);
    expect((await f.resourceRow('corr', 'corr-c1', '2026-03-02')).usedMinutes).toBe(0);
    expect((await f.resourceRow('corr', 'corr-c2', '2026-03-05')).usedMinutes).toBe(60);
    expect((await f.resourceRow('corr', 'corr-c2', '2026-03-03')).noShowMinutes).toBe(60);
  });
});
