/**
 * GET /api/v1/ops/utilization/capacity end to end: synthetic histories with a known weekly pattern and trend go in
 * through intake and the daily engine (backfill); the route must recover them, keep bookings as a floor, give
 * closures zero availability, compute future availability exactly as the engine does (hours versions,
 * exceptions, DST), learn the booking curve when booking times are known, and reject bad parameters with 400.
 *
 * Booking times: a session's booking time is its bookedAt, else when the service first saw it. The tests send
 * bookedAt through intake where a booking must be known at a past asOf.
 */
import { DateTime } from 'luxon';
import { dayNumber, isoDow, addDays } from '../src/domain/calendar.js';
import { startTestApp, type TestApp } from './support/app.js';
import { Fixtures, mulberry32, WEEKDAYS } from './support/fixtures.js';
import type { Hours, RefSession } from './support/reference.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const U = '/api/v1/ops/utilization/capacity';
const CDT = '-05:00'; // America/Chicago until 2026-11-01
const WEEKDAY_HOURS: Hours = {
  '1': [['08:00', '17:00']],
  '2': [['08:00', '17:00']],
  '3': [['08:00', '17:00']],
  '4': [['08:00', '17:00']],
  '5': [['08:00', '17:00']],
  '6': [],
  '7': [],
};

/** The synthetic clinic: known weekday levels of booked (= used) utilization at asOf, a trend, and noise. */
const AS_OF = '2026-10-16'; // a Friday, in the past
const LEVELS: Record<number, number> = { 1: 0.8, 2: 0.75, 3: 0.6, 4: 0.85, 5: 0.7 };
const TREND = 0.005; // +0.5 points a week
const truth = (date: string) => LEVELS[isoDow(dayNumber(date))] + (TREND * (dayNumber(date) - dayNumber(AS_OF))) / 7;

function rng(seed: number) {
  const u = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

const hm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const inst = (date: string, minutes: number, offset = CDT) => `${date}T${hm(minutes)}:00${offset}`;
const session = (id: string, resourceId: string, date: string, from: number, to: number, extra: Partial<RefSession> = {}, offset = CDT): RefSession => ({
  externalId: id,
  resourceId,
  patientRef: `p-${id}`,
  scheduledStart: inst(date, from, offset),
  scheduledEnd: inst(date, to, offset),
  status: 'COMPLETED',
  ...extra,
});

describe('GET /api/v1/ops/utilization/capacity', () => {
  let t: TestApp;
  let f: Fixtures;
  const get = async (query: string, expected = 200): Promise<Json> => {
    const r = await t.get(`${U}?${query}`);
    if (r.status !== expected) throw new Error(`GET ${U}?${query} answered ${r.status} (expected ${expected}): ${JSON.stringify(r.body).slice(0, 600)}`);
    return r.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);

    // ------------------------------------------------------------ syn: 20 weeks of a known pattern, two chairs and a room
    await f.clinic('syn', 'America/Chicago', WEEKDAY_HOURS);
    await f.resource('syn-c1', 'syn');
    await f.resource('syn-c2', 'syn');
    await f.resource('syn-r1', 'syn', { kind: 'ROOM' });
    await f.provider('syn-p1', 'syn');
    const noise = rng(42);
    const sessions: RefSession[] = [];
    for (let k = 140; k >= 1; k--) {
      const date = addDays(AS_OF, -k);
      if (!LEVELS[isoDow(dayNumber(date))]) continue;
      for (const chair of ['syn-c1', 'syn-c2']) {
        const minutes = Math.round(Math.min(1, Math.max(0, truth(date) + 0.03 * noise())) * 540);
        sessions.push(session(`syn-${chair}-${date}`, chair, date, 480, 480 + minutes, { providerId: 'syn-p1' }));
      }
      sessions.push(session(`syn-r1-${date}`, 'syn-r1', date, 480, 480 + 270));
    }
    // bookings of coming days, known at asOf unless said otherwise
    sessions.push(session('syn-f-full1', 'syn-c1', '2026-10-20', 480, 1020, { status: 'SCHEDULED' }));
    sessions.push(session('syn-f-full2', 'syn-c2', '2026-10-20', 480, 1020, { status: 'SCHEDULED' }));
    sessions.push(session('syn-f-wed', 'syn-c1', '2026-10-21', 480, 600, { status: 'SCHEDULED' }));
    sessions.push(session('syn-f-cancel-before', 'syn-c1', '2026-10-22', 480, 600, { status: 'CANCELLED', cancelledAt: '2026-10-12T15:00:00Z' }));
    sessions.push(session('syn-f-cancel-after', 'syn-c2', '2026-10-22', 600, 660, { status: 'CANCELLED', cancelledAt: '2026-10-20T15:00:00Z' }));
    for (const s of sessions) if (s.externalId.startsWith('syn-f-')) s.bookedAt = '2026-10-10T12:00:00Z';
    sessions.push(session('syn-f-late', 'syn-c1', '2026-10-23', 480, 1020, { status: 'SCHEDULED' })); // first seen after asOf
    await f.sessions(sessions);
    await f.backfill(addDays(AS_OF, -140), addDays(AS_OF, -1), ['syn']);
  }, 120_000);
  afterAll(() => t?.close());

  describe('a synthetic history with a known weekly pattern and trend (through intake and the engine)', () => {
    let body: Json;
    beforeAll(async () => {
      body = await get(`clinicId=syn&asOf=${AS_OF}&horizon=30&kind=CHAIR`);
    });

    it('recovers the weekday levels (±0.03) and the trend (±0.002 a week)', () => {
      expect(body).toMatchObject({ clinicId: 'syn', asOf: AS_OF, kind: 'CHAIR', timeZone: 'America/Chicago' });
      expect(body.model.method).toBe('weekday-trend');
      expect(Math.abs(body.model.trendPerWeek - TREND)).toBeLessThan(0.002);
      for (const [d, level] of Object.entries(LEVELS)) expect(Math.abs(body.model.weekdayLevels[d] - level)).toBeLessThan(0.03);
      expect(body.model.residualSd).toBeGreaterThan(0.01);
      expect(body.model.residualSd).toBeLessThan(0.04);
    });

    it('forecasts the coming days within the stated bound: mean |error| ≤ 0.02, max ≤ 0.05 (days without bookings)', () => {
      const days = body.projection.days.filter((d: Json) => !d.closed && d.bookedChairHours === 0);
      expect(days.length).toBeGreaterThan(15);
      const errors = days.map((d: Json) => Math.abs(d.projectedUtilization - truth(d.date)));
      expect(errors.reduce((s: number, e: number) => s + e, 0) / errors.length).toBeLessThan(0.02);
      expect(Math.max(...errors)).toBeLessThan(0.05);
      for (const d of days) {
        expect(d.interval80.low).toBeLessThanOrEqual(d.projectedUtilization);
        expect(d.interval80.high).toBeGreaterThanOrEqual(d.projectedUtilization);
        expect(d.interval95.low).toBeLessThanOrEqual(d.interval80.low);
        expect(d.interval95.high).toBeGreaterThanOrEqual(d.interval80.high);
        expect(d.method).toBe('model-floored-by-bookings');
      }
      // weekends are closed: zero availability, no rate
      const sunday = body.projection.days.find((d: Json) => d.date === '2026-10-18');
      expect(sunday).toMatchObject({ closed: true, availableChairHours: 0, projectedUtilization: null, status: null, overbookingRisk: null });
    });

    it('reports its backtest on the clinic history: MAE ≤ 0.04, MASE < 1.1, 80 % coverage 0.6–0.97, 95 % ≥ 0.85', () => {
      const b = body.backtest;
      expect(b.origins).toBeGreaterThanOrEqual(10);
      expect(b.points).toBeGreaterThan(100);
      expect(b.mae).toBeLessThan(0.04);
      expect(b.mase).toBeLessThan(1.1);
      expect(b.coverage80).toBeGreaterThan(0.6);
      expect(b.coverage80).toBeLessThan(0.97);
      expect(b.coverage95).toBeGreaterThan(0.85);
      expect(b.byLead.map((x: Json) => x.leads)).toEqual(['1-7', '8-14', '15-30']);
      expect(b.calibratedCoverage80).toBeGreaterThanOrEqual(b.coverage80);
    });

    it('summarizes the 30-day window and weeks as ratios of sums, with intervals', () => {
      const p = body.projection;
      expect(p.windows.map((w: Json) => w.horizonDays)).toEqual([30]);
      expect(p.summary).toMatchObject({ from: '2026-10-17', to: '2026-11-15', days: 30 });
      const open = p.days.filter((d: Json) => !d.closed);
      expect(p.summary.openDays).toBe(open.length);
      const avail = open.reduce((s: number, d: Json) => s + d.availableChairHours, 0);
      const proj = open.reduce((s: number, d: Json) => s + d.projectedChairHours, 0);
      expect(p.summary.availableChairHours).toBeCloseTo(avail, 1);
      expect(p.summary.projectedUtilization).toBeCloseTo(proj / avail, 3);
      expect(p.summary.interval80.low).toBeLessThan(p.summary.projectedUtilization);
      expect(p.summary.interval80.high).toBeGreaterThan(p.summary.projectedUtilization);
      expect(p.weeks[0]).toMatchObject({ weekStart: '2026-10-12', partial: true });
      expect(p.weeks.reduce((s: number, w: Json) => s + w.days, 0)).toBe(30);
    });

    it('marks peak (> 90 %, overbooking risk) and low (< 65 %) cells of the weekday × hour heatmap with the chair-hours behind them', () => {
      const h = body.heatmap;
      const cell = (weekday: number, hour: number) => h.cells.find((c: Json) => c.weekday === weekday && c.hour === hour);
      // sessions start at 08:00 and run rate × 9 h: mornings are full, late afternoons empty
      expect(cell(1, 8)).toMatchObject({ status: 'peak', utilization: 1 });
      expect(cell(1, 8).availableChairHours).toBeCloseTo(cell(1, 8).days * 2, 6); // two chairs, one hour each Monday
      expect(cell(3, 16)).toMatchObject({ status: 'low', utilization: 0 });
      expect(h.cells.every((c: Json) => c.weekday <= 5 && c.hour >= 8 && c.hour <= 16)).toBe(true);
      expect(h.thresholds).toEqual({ peak: 0.9, low: 0.65 });
      expect(h.weekdays.find((w: Json) => w.weekday === 3).utilization).toBeLessThan(h.weekdays.find((w: Json) => w.weekday === 4).utilization);
    });

    it('suggests concrete changes: shorten the low late hours, rebalance peaks, add hours where a day is overbooked', () => {
      const s = body.suggestions as Json[];
      const shorten = s.find((x) => x.type === 'shorten-hours' && x.weekday === 3);
      expect(shorten).toBeDefined();
      expect(shorten!.whatIf).toMatch(/^extendHours=3:-\d+$/);
      expect(shorten!.chairHoursPerWeek).toBeGreaterThan(0);
      expect(shorten!.hours).toEqual({ from: expect.stringMatching(/^\d\d:00$/), to: '17:00' });
      // every suggestion that names hours gives one span as {from, to} (the dashboard reads hours.from and hours.to)
      for (const x of s.filter((x) => x.hours !== undefined))
        expect({ type: x.type, hours: x.hours }).toEqual({
          type: x.type,
          hours: { from: expect.stringMatching(/^\d\d:\d\d$/), to: expect.stringMatching(/^\d\d:\d\d$/) },
        });
      expect(s.some((x) => x.type === 'rebalance-peak')).toBe(true);
      const add = s.find((x) => (x.type === 'add-hours' || x.type === 'add-chair') && x.dates?.includes('2026-10-20'));
      expect(add).toMatchObject({ priority: 'high', weekday: 2 });
      for (const x of s)
        expect(x).toMatchObject({ title: expect.any(String), detail: expect.any(String), priority: expect.stringMatching(/^(high|medium|low)$/) });
    });
  });

  describe('bookings already made', () => {
    let days: Record<string, Json>;
    beforeAll(async () => {
      const body = await get(`clinicId=syn&asOf=${AS_OF}&horizon=30&kind=CHAIR`);
      days = Object.fromEntries(body.projection.days.map((d: Json) => [d.date, d]));
    });

    it('are never forecast below what is booked: a fully booked day stays at 100 % with its interval, at overbooking risk', () => {
      expect(days['2026-10-20']).toMatchObject({
        bookedUtilization: 1,
        projectedUtilization: 1,
        interval80: { low: 1, high: 1 },
        overbookingRisk: 'likely',
        status: 'overbooking-risk',
      });
      expect(days['2026-10-20'].chairHoursToAdd).toBeGreaterThan(0);
      for (const d of Object.values(days)) {
        if (d.closed) continue;
        expect(d.projectedUtilization).toBeGreaterThanOrEqual(d.bookedUtilization);
        expect(d.interval80.low).toBeGreaterThanOrEqual(d.bookedUtilization);
        expect(d.interval95.low).toBeGreaterThanOrEqual(d.bookedUtilization);
      }
    });

    it('count what was known at the end of asOf: a later cancellation still counts, an earlier one does not, a later booking does not', () => {
      expect(days['2026-10-21'].bookedUtilization).toBeCloseTo(2 / 18, 4);
      expect(days['2026-10-21'].projectedUtilization).toBeCloseTo(truth('2026-10-21'), 1);
      expect(days['2026-10-22'].bookedUtilization).toBeCloseTo(1 / 18, 4); // the 10:00–11:00 cancelled on 10-20
      expect(days['2026-10-23'].bookedUtilization).toBe(0); // first seen after asOf
    });

    it('today (no asOf) counts every current booking', async () => {
      const body = await get('clinicId=syn&horizon=30&kind=CHAIR');
      expect(body.asOf).toBe(DateTime.now().setZone('America/Chicago').toISODate());
      expect(body.bookingsKnownAt).toBeDefined();
    });

    it('lists the overbooking-risk days', async () => {
      const body = await get(`clinicId=syn&asOf=${AS_OF}&horizon=30&kind=CHAIR`);
      expect(body.projection.riskDays[0]).toMatchObject({ date: '2026-10-20', overbookingRisk: 'likely', overbookingProbability: 1 });
      expect(body.projection.summary.riskDays).toBe(body.projection.riskDays.length);
    });
  });

  describe('what-if', () => {
    let base: Json;
    beforeAll(async () => {
      base = await get(`clinicId=syn&asOf=${AS_OF}&horizon=30&kind=CHAIR`);
    });
    const day = (p: Json, date: string) => p.days.find((d: Json) => d.date === date);

    it('addChairs=1 adds a chair with the clinic hours: availability × 1.5, demand unchanged, utilization × 2/3', async () => {
      const b = await get(`clinicId=syn&asOf=${AS_OF}&horizon=30&kind=CHAIR&addChairs=1`);
      const w = b.whatIf.projection;
      expect(w.summary.availableChairHours).toBeCloseTo(base.projection.summary.availableChairHours * 1.5, 1);
      expect(w.summary.projectedChairHours).toBeCloseTo(base.projection.summary.projectedChairHours, 1);
      expect(w.summary.projectedUtilization).toBeCloseTo((base.projection.summary.projectedUtilization * 2) / 3, 3);
      expect(day(w, '2026-10-20').projectedUtilization).toBeCloseTo(2 / 3, 3);
      expect(b.whatIf.comparison.projectedUtilization.change).toBeLessThan(0);
      expect(b.whatIf.changes[0]).toMatch(/add 1 chair/);
      // the baseline is still there, unchanged
      expect(b.projection.summary).toEqual(base.projection.summary);
    });

    it('removeResourceId halves the chairs: the demand stays and the rate doubles (above 100 % = demand that does not fit)', async () => {
      const b = await get(`clinicId=syn&asOf=${AS_OF}&horizon=30&kind=CHAIR&removeResourceId=syn-c2`);
      const w = b.whatIf.projection;
      expect(w.summary.availableChairHours).toBeCloseTo(base.projection.summary.availableChairHours / 2, 1);
      expect(day(w, '2026-10-20').projectedUtilization).toBeCloseTo(2, 3);
      expect(w.summary.riskDays).toBeGreaterThan(base.projection.summary.riskDays);
    });

    it('removeChairs=1 removes the least-used chair and names it', async () => {
      const b = await get(`clinicId=syn&asOf=${AS_OF}&horizon=30&kind=CHAIR&removeChairs=1`);
      expect(b.whatIf.changes.join(' ')).toMatch(/remove 1 chair\(s\), the least used over the history window: syn-c[12]/);
      expect(b.whatIf.projection.summary.availableChairHours).toBeCloseTo(base.projection.summary.availableChairHours / 2, 1);
    });

    it('extendHours=1:60,3:-120 changes only Mondays (+1 h a chair) and Wednesdays (−2 h a chair)', async () => {
      const b = await get(`clinicId=syn&asOf=${AS_OF}&horizon=30&kind=CHAIR&extendHours=1:60,3:-120`);
      const w = b.whatIf.projection;
      for (const d of base.projection.days) {
        const x = day(w, d.date);
        const delta = d.weekday === 1 && !d.closed ? 2 : d.weekday === 3 && !d.closed ? -4 : 0;
        expect(x.availableChairHours).toBeCloseTo(d.availableChairHours + delta, 6);
        expect(x.projectedChairHours).toBeCloseTo(d.projectedChairHours, 6);
      }
    });

    it('addProviderDays=3 adds a typical provider-day of booked chair time on Wednesdays only', async () => {
      const b = await get(`clinicId=syn&asOf=${AS_OF}&horizon=30&kind=CHAIR&addProviderDays=3`);
      const w = b.whatIf.projection;
      const wed = base.projection.days.filter((d: Json) => d.weekday === 3);
      const extra = day(w, wed[0].date).projectedChairHours - wed[0].projectedChairHours;
      // syn-p1 runs both chairs: a provider-day is about 2 × 0.6 × 9 h (Wednesdays) … 2 × 0.85 × 9 h
      expect(extra).toBeGreaterThan(9);
      expect(extra).toBeLessThan(17);
      for (const d of wed) expect(day(w, d.date).projectedChairHours - d.projectedChairHours).toBeCloseTo(extra, 6);
      const thu = base.projection.days.find((d: Json) => d.weekday === 4);
      expect(day(w, thu.date).projectedChairHours).toBeCloseTo(thu.projectedChairHours, 6);
      expect(b.whatIf.assumptions.join(' ')).toMatch(/provider day adds/);
    });
  });

  describe('closures, hours versions, exceptions and DST: availability exactly as the engine computes it', () => {
    it('closures give zero availability; a resource exception closes one chair', async () => {
      await f.exception('syn', '2026-11-04', []);
      await f.exception('syn', '2026-11-05', [], 'syn-c1');
      const body = await get(`clinicId=syn&asOf=${AS_OF}&horizon=30&kind=CHAIR`);
      const day = (date: string) => body.projection.days.find((d: Json) => d.date === date);
      expect(day('2026-11-04')).toMatchObject({
        closed: true,
        availableChairHours: 0,
        projectedChairHours: 0,
        projectedUtilization: null,
        overbookingRisk: null,
        interval80: null,
      });
      expect(day('2026-11-05').availableChairHours).toBe(9);
      expect(day('2026-11-06').availableChairHours).toBe(18);
    });

    it('future availability equals what the engine computes for those days (hours versions, resource hours, exceptions, DST in Chicago)', async () => {
      await f.clinic('dst', 'America/Chicago', WEEKDAYS([['00:00', '24:00']]));
      await f.clinic('dst', 'America/Chicago', { ...WEEKDAYS([['07:00', '19:00']]), '7': [] }, { hoursEffectiveFrom: '2026-11-10' });
      await f.resource('dst-c1', 'dst');
      await f.resource('dst-c2', 'dst', { hours: { ...WEEKDAY_HOURS, '1': [['10:00', '14:00']] } });
      await f.resource('dst-r1', 'dst', { kind: 'ROOM' });
      await f.exception('dst', '2026-11-12', [['09:00', '12:00']]);
      await f.exception('dst', '2026-11-13', [], 'dst-c1');
      const body = await get('clinicId=dst&asOf=2026-10-25&horizon=30');
      const days = body.projection.days as Json[];
      const nov1 = days.find((d) => d.date === '2026-11-01')!; // the clocks go back: a 25-hour day
      expect(nov1.availableChairHours).toBe(50); // dst-c1 and the room all day (dst-c2 is closed on Sundays)
      expect(days.find((d) => d.date === '2026-11-15')!.closed).toBe(true); // Sunday under the second hours version
      // the engine's rows for the same days
      await f.backfill('2026-10-26', '2026-11-24', ['dst']);
      const rows = await t.sql<{ date: string; a: number }>(
        `SELECT date::text AS date, sum(available_minutes)::float8 / 60 AS a FROM resource_utilization WHERE clinic_id = 'dst' GROUP BY date`,
      );
      const engine = new Map(rows.map((r) => [r.date, r.a]));
      for (const d of days)
        expect({ date: d.date, hours: d.availableChairHours }).toEqual({ date: d.date, hours: Math.round((engine.get(d.date) ?? 0) * 100) / 100 });
      // the replay carries what really happened for days that are over
      const replay = await get('clinicId=dst&asOf=2026-10-25&horizon=30');
      expect(replay.replay.note).toMatch(/Made as of 2026-10-25/);
      expect(replay.projection.days[0].actual).toBeDefined();
    });

    it('Europe/Berlin: 2026-10-25 has 25 hours, and the answer is in the clinic time zone', async () => {
      await f.clinic('ber', 'Europe/Berlin', WEEKDAYS([['00:00', '24:00']]));
      await f.resource('ber-c1', 'ber');
      const body = await get('clinicId=ber&asOf=2026-10-20&horizon=30');
      expect(body.timeZone).toBe('Europe/Berlin');
      expect(body.projection.days.find((d: Json) => d.date === '2026-10-25').availableChairHours).toBe(25);
      expect(body.projection.days.find((d: Json) => d.date === '2026-10-26').availableChairHours).toBe(24);
    });

    it('a clinic closed all next month: every day has zero availability, no rate, no risk, no crash', async () => {
      await f.clinic('closing', 'UTC', WEEKDAY_HOURS);
      await f.resource('closing-c1', 'closing');
      const hist: RefSession[] = [];
      for (let k = 42; k >= 1; k--) {
        const date = addDays('2026-09-01', -k);
        if (isoDow(dayNumber(date)) <= 5) hist.push(session(`closing-${date}`, 'closing-c1', date, 480, 480 + 360, {}, 'Z'));
      }
      await f.sessions(hist);
      await f.backfill('2026-07-21', '2026-08-31', ['closing']);
      for (let k = 1; k <= 30; k++) await f.exception('closing', addDays('2026-09-01', k), []);
      const body = await get('clinicId=closing&asOf=2026-09-01&horizon=30&addChairs=1');
      expect(body.model.method).not.toBe('bookings-only');
      expect(body.projection.days.every((d: Json) => d.closed && d.availableChairHours === 0)).toBe(true);
      expect(body.projection.summary).toMatchObject({ availableChairHours: 0, projectedUtilization: null, status: null, riskDays: 0, interval80: null });
      expect(body.whatIf.projection.summary.availableChairHours).toBe(0); // an added chair keeps the clinic's (closed) days
      expect(body.suggestions.filter((s: Json) => ['add-hours', 'add-chair', 'release-capacity', 'above-band'].includes(s.type))).toEqual([]);
    });
  });

  describe('little or no history', () => {
    it('a new clinic: bookings only, no forecast and no intervals, and it says so; asOf defaults to today in its zone', async () => {
      await f.clinic('fresh', 'Pacific/Auckland', WEEKDAYS([['09:00', '17:00']]));
      await f.resource('fresh-c1', 'fresh');
      const tomorrow = DateTime.now().setZone('Pacific/Auckland').plus({ days: 1 }).toISODate()!;
      const offset = DateTime.fromISO(`${tomorrow}T12:00`, { zone: 'Pacific/Auckland' }).toFormat('ZZ');
      await f.sessions([session('fresh-1', 'fresh-c1', tomorrow, 540, 780, { status: 'SCHEDULED' }, offset)]);
      const before = DateTime.now().setZone('Pacific/Auckland').toISODate();
      const body = await get('clinicId=fresh&horizon=30');
      expect([before, DateTime.now().setZone('Pacific/Auckland').toISODate()]).toContain(body.asOf);
      expect(body.model.method).toBe('bookings-only');
      expect(body.model.notes.join(' ')).toMatch(/No open day/);
      expect(body.backtest).toMatchObject({ origins: 0, mae: null });
      const first = body.projection.days.find((d: Json) => d.date === tomorrow);
      if (first) expect(first).toMatchObject({ bookedUtilization: 0.5, projectedUtilization: 0.5, interval80: null, method: 'bookings-only' });
      expect(body.projection.summary.interval80).toBeNull();
      expect(body.heatmap.cells).toEqual([]);
    });

    it('under 4 weeks of history: the simple method, and it says so', async () => {
      await f.clinic('short', 'UTC', WEEKDAY_HOURS);
      await f.resource('short-c1', 'short');
      const hist: RefSession[] = [];
      for (let k = 14; k >= 1; k--) {
        const date = addDays('2026-09-01', -k);
        if (isoDow(dayNumber(date)) <= 5) hist.push(session(`short-${date}`, 'short-c1', date, 480, 480 + 300 + 10 * k, {}, 'Z'));
      }
      await f.sessions(hist);
      await f.backfill('2026-08-18', '2026-08-31', ['short']);
      const body = await get('clinicId=short&asOf=2026-09-01&horizon=30');
      expect(body.model.method).toBe('weekday-mean');
      expect(body.model.notes.join(' ')).toMatch(/under 4 weeks/);
      expect(body.backtest.origins).toBe(0);
      expect(body.backtest.note).toMatch(/Not enough history/);
      const open = body.projection.days.filter((d: Json) => !d.closed);
      for (const d of open) {
        expect(d.projectedUtilization).toBeGreaterThan(0.5);
        expect(d.projectedUtilization).toBeLessThan(0.9);
        expect(d.interval80.low).toBeLessThan(d.interval80.high);
      }
    });
  });

  describe('the booking curve (how full days usually are N days ahead)', () => {
    // pace: every past weekday 4 one-hour sessions, booked 20, 10, 5 and 1 day(s) ahead: 4/9 booked in the end
    const LEADS = [20, 10, 5, 1];
    let body: Json;
    beforeAll(async () => {
      await f.clinic('pace', 'America/Chicago', WEEKDAY_HOURS);
      await f.resource('pace-c1', 'pace');
      const list: RefSession[] = [];
      for (let k = 70; k >= 1; k--) {
        const date = addDays(AS_OF, -k);
        if (isoDow(dayNumber(date)) > 5) continue;
        LEADS.forEach((lead, i) => list.push(session(`pace-${date}-${i}-L${lead}`, 'pace-c1', date, 480 + 60 * i, 540 + 60 * i)));
      }
      // coming days: 10-22 fully booked 20 days ahead; 10-23 as usual (the lead-5 and lead-1 ones are made after asOf); 10-26 nothing yet
      for (let i = 0; i < 9; i++) list.push(session(`pace-2026-10-22-${i}-L20`, 'pace-c1', '2026-10-22', 480 + 60 * i, 540 + 60 * i, { status: 'SCHEDULED' }));
      LEADS.forEach((lead, i) =>
        list.push(session(`pace-2026-10-23-${i}-L${lead}`, 'pace-c1', '2026-10-23', 480 + 60 * i, 540 + 60 * i, { status: 'SCHEDULED' })),
      );
      for (const s of list) s.bookedAt = new Date(Date.parse(s.scheduledStart) - Number(s.externalId.split('-L')[1]) * 86_400_000).toISOString();
      await f.sessions(list);
      await f.backfill(addDays(AS_OF, -70), addDays(AS_OF, -1), ['pace']);
      body = await get(`clinicId=pace&asOf=${AS_OF}&horizon=30`);
    }, 60_000);

    it('is learned from booking times: half of the final bookings are there 7 days ahead, all of them 1 day ahead', () => {
      expect(body.bookingCurve.observable).toBe(true);
      const point = (lead: number) => body.bookingCurve.points.find((p: Json) => p.lead === lead);
      expect(point(1).shareOfFinal).toBeCloseTo(1, 4);
      expect(point(7).shareOfFinal).toBeCloseTo(0.5, 4);
      expect(point(14).shareOfFinal).toBeCloseTo(0.25, 4);
      expect(point(21).shareOfFinal).toBe(0);
      expect(point(7).typicalBookedUtilization).toBeCloseTo(2 / 9, 4);
    });

    it('demand = booked + the bookings still to come at that lead', () => {
      const d = body.projection.days.find((x: Json) => x.date === '2026-10-23'); // lead 7: 2 of 4 hours booked
      expect(d.method).toBe('pickup');
      expect(d.bookedUtilization).toBeCloseTo(2 / 9, 4);
      expect(d.projectedUtilization).toBeCloseTo(4 / 9, 2);
      expect(body.model.notes.join(' ')).toMatch(/booking curve from/);
      expect(body.backtest.scope).toMatch(/booking curve/);
    });

    it('flags coming days filling faster (ahead) or slower (behind) than usual at the same lead', () => {
      const day = (date: string) => body.projection.days.find((x: Json) => x.date === date);
      expect(day('2026-10-22').bookedToDate).toMatchObject({ utilization: 1, status: 'ahead' });
      expect(day('2026-10-22').projectedUtilization).toBe(1);
      expect(day('2026-10-23').bookedToDate).toMatchObject({ status: 'normal', typical: expect.any(Number) });
      expect(day('2026-10-26').bookedToDate).toMatchObject({ utilization: 0, status: 'behind' });
    });
  });

  describe('parameters', () => {
    const bad = async (query: string, field: string, message: RegExp) => {
      const b = await get(query, 400);
      expect(b.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringMatching(message) })]));
    };

    it('rejects unknown, malformed and out-of-bounds parameters with 400 naming the field', async () => {
      await bad('clinicId=syn&foo=1', 'foo', /not a known field/);
      await bad('clinicId=syn&horizon=45', 'horizon', /30, 60 or 90/);
      await bad('clinicId=syn&historyDays=5', 'historyDays', /14 to 730/);
      await bad('clinicId=syn&historyDays=abc', 'historyDays', /whole number/);
      await bad('clinicId=syn&historyDays=1000', 'historyDays', /14 to 730/);
      await bad('clinicId=syn&asOf=2026-02-30', 'asOf', /real calendar date/);
      await bad('clinicId=syn&asOf=2199-01-01', 'asOf', /must not be after today/);
      await bad('clinicId=syn&asOf=2999-01-01', 'asOf', /years 1900–2200/);
      await bad('clinicId=syn&asOf=2020-01-01', 'asOf', /at most 3 years back/);
      await bad('clinicId=syn&kind=DESK', 'kind', /CHAIR or ROOM/);
      await bad('clinicId=syn&addChairs=21', 'addChairs', /0 to 20/);
      await bad('clinicId=syn&addChairs=1.5', 'addChairs', /whole number/);
      await bad('clinicId=syn&extendHours=8:60', 'extendHours.0', /weekday:minutes/);
      await bad('clinicId=syn&extendHours=1:0', 'extendHours.0', /not 0/);
      await bad('clinicId=syn&extendHours=1:800', 'extendHours.0', /-720 to 720/);
      await bad('clinicId=syn&extendHours=1:60,1:30', 'extendHours', /given twice/);
      await bad('clinicId=syn&addProviderDays=9', 'addProviderDays.0', /ISO weekday/);
      await bad('clinicId=syn&providerRole=hygienist', 'providerRole', /only applies with addProviderDays/);
      await bad('clinicId=syn&kind=ROOM&addChairs=1', 'addChairs', /kind=ROOM/);
      await bad('clinicId=syn&removeResourceId=nope', 'removeResourceId', /not an active resource of syn/);
      await bad('clinicId=syn&kind=CHAIR&removeResourceId=syn-r1', 'removeResourceId', /is a ROOM/);
      await bad('clinicId=syn&removeChairs=5', 'removeChairs', /has 2 active chair/);
      await bad('clinicId=syn&addProviderDays=3&providerRole=orthodontist', 'providerRole', /cannot size a provider day/);
      await bad('clinicId=syn&clinicId=fresh', 'clinicId', /once/);
      await bad('horizon=30', 'clinicId', /is required/);
      const many = await get('clinicId=syn&horizon=45&kind=DESK', 400);
      expect(many.errors.map((e: Json) => e.field).sort()).toEqual(['horizon', 'kind']);
    });

    it('403 for a clinic not granted, 404 for an unknown one; the clinic of a one-clinic token is the default', async () => {
      const token = await t.token({ permissions: ['ops:view_analytics'], clinicIds: ['syn'] });
      expect((await t.get(`${U}?clinicId=pace`, token)).status).toBe(403);
      expect((await t.get(`${U}?clinicId=nowhere`)).status).toBe(404);
      const r = await t.get(`${U}?asOf=${AS_OF}&horizon=30`, token);
      expect(r.status).toBe(200);
      expect(r.body.clinicId).toBe('syn');
      const none = await t.token({ permissions: ['ops:ingest'], clinicIds: ['*'] });
      expect((await t.get(`${U}?clinicId=syn`, none)).status).toBe(403);
    });

    it('kind=ROOM analyses rooms only; without kind the answer adds a per-kind summary', async () => {
      const rooms = await get(`clinicId=syn&asOf=${AS_OF}&horizon=30&kind=ROOM`);
      expect(rooms.model.weekdayLevels['1']).toBeCloseTo(0.5, 2);
      expect(rooms.byKind).toBeUndefined();
      const all = await get(`clinicId=syn&asOf=${AS_OF}&horizon=60`);
      expect(all.kind).toBe('ALL');
      expect(all.byKind.map((k: Json) => k.kind)).toEqual(['CHAIR', 'ROOM']);
      expect(all.projection.windows.map((w: Json) => w.horizonDays)).toEqual([30, 60]);
      expect(all.byKind[0].summary.availableChairHours + all.byKind[1].summary.availableChairHours).toBeCloseTo(all.projection.summary.availableChairHours, 1);
    });

    it('documents every parameter and an example answer in the OpenAPI document', async () => {
      const doc = (await t.http.get('/api/docs-json').expect(200)).body;
      const op = doc.paths['/api/v1/ops/utilization/capacity'].get;
      const names = op.parameters.map((p: Json) => p.name);
      for (const n of [
        'clinicId',
        'asOf',
        'historyDays',
        'horizon',
        'kind',
        'addChairs',
        'removeChairs',
        'removeResourceId',
        'extendHours',
        'addProviderDays',
        'providerRole',
      ]) {
        expect(names).toContain(n);
        expect(op.parameters.find((p: Json) => p.name === n).description).toEqual(expect.any(String));
      }
      const example = op.responses['200'].content['application/json'].example;
      expect(Object.keys(example)).toEqual(expect.arrayContaining(['heatmap', 'model', 'backtest', 'bookingCurve', 'projection', 'whatIf', 'suggestions']));
      expect(op.responses['400']).toBeDefined();
    });
  });
});
