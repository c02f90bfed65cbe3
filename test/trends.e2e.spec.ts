/**
 * GET /api/v1/ops/utilization/trends: series from the rollups, checked against sums of the daily rows computed here
 * (ratios of sums, not means of daily rates); quarters = sums of months; change and moving average; the trend of a
 * constructed series with a known slope and of a flat noisy one; provider figures under the privacy rule; CSV; errors.
 */
import { startTestApp, type TestApp } from './support/app.js';
import { days, Fixtures, hm, mulberry32, WEEKDAYS } from './support/fixtures.js';
import type { RefSession } from './support/reference.js';

const T = '/api/v1/ops/utilization/trends';

const rng = mulberry32;
const monthIndex = (day: string, start: string) =>
  (Number(day.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + Number(day.slice(5, 7)) - Number(start.slice(5, 7));

/** used minutes a day in month k of the constructed series: 10 more each month, ±5 alternating */
const RISING = (k: number) => 60 + 10 * k + (k % 2 ? 5 : -5);
/** the flat series: no trend, noise only (scipy linregress on these 12 values: slope −0.00664, p = 0.6236) */
const FLAT = [5.1, 4.8, 5.3, 5.0, 4.9, 5.2, 5.05, 4.95, 5.15, 4.85, 5.1, 4.9];

interface Point {
  periodStart: string;
  periodEnd: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  change: { absolute: number | null; relative: number | null };
  movingAverage: number | null;
  suppressed: boolean;
  complete: boolean;
}
interface Series {
  groupId: string | null;
  groupName: string | null;
  points: Point[];
  trend: Record<string, unknown> & {
    direction: string;
    slope: number;
    significant: boolean;
    pValue: number;
    confidenceInterval: { low: number; high: number } | null;
  };
}

describe('GET /trends', () => {
  let t: TestApp;
  let f: Fixtures;
  let detail: string;
  let noDetail: string;

  /** Σ of resource_utilization columns per period start (day → date, month → first of month, …) */
  async function daily(clinicId: string, cols: string[], bucket: 'day' | 'week' | 'month' | 'quarter', extra = '') {
    const trunc = bucket === 'day' ? 'date' : `date_trunc('${bucket}', date)::date`;
    const rows = await t.sql<Record<string, number | string>>(
      `SELECT ${trunc}::text AS p, ${cols.map((c) => `sum(${c})::float8 AS ${c}`).join(', ')}, avg(utilization_rate)::float8 AS mean_rate
       FROM resource_utilization WHERE clinic_id = $1 ${extra} GROUP BY 1 ORDER BY 1`,
      [clinicId],
    );
    return new Map(rows.map((r) => [r.p as string, r]));
  }
  async function providerDaily(cols: string[], extra = '') {
    const rows = await t.sql<Record<string, number | string>>(
      `SELECT date_trunc('month', date)::date::text AS p, ${cols.map((c) => `sum(${c})::float8 AS ${c}`).join(', ')}, count(DISTINCT provider_id)::int AS providers
       FROM provider_productivity WHERE clinic_id = 'mx' ${extra} GROUP BY 1 ORDER BY 1`,
    );
    return new Map(rows.map((r) => [r.p as string, r]));
  }

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    detail = await t.token({ permissions: ['ops:view_analytics', 'ops:view_provider_detail'] });
    noDetail = await t.token({ permissions: ['ops:view_analytics'] });
    const open = WEEKDAYS([['08:00', '17:00']]); // 540 minutes every day
    await f.clinic('tr', 'UTC', open, { name: 'Rising' });
    await f.clinic('tf', 'UTC', open, { name: 'Flat' });
    await f.clinic('mx', 'UTC', open, { name: 'Mixed' });
    await f.resource('tr-c1', 'tr');
    await f.resource('tf-c1', 'tf');
    await f.resource('mx-c1', 'mx');
    await f.resource('mx-c2', 'mx');
    await f.resource('mx-r1', 'mx', { kind: 'ROOM' });
    await f.provider('mx-p1', 'mx', 'dentist');
    await f.provider('mx-p2', 'mx', 'dentist');
    await f.provider('mx-p3', 'mx', 'hygienist');

    const sessions: RefSession[] = [];
    const one = (id: string, resourceId: string, day: string, used: number): RefSession => ({
      externalId: id,
      resourceId,
      patientRef: `p-${id}`,
      scheduledStart: `${day}T08:00:00Z`,
      scheduledEnd: `${day}T${hm(8 * 60 + used)}:00Z`,
      status: 'COMPLETED',
    });
    for (const day of days('2024-03-01', '2026-02-28')) sessions.push(one(`tr-${day}`, 'tr-c1', day, RISING(monthIndex(day, '2024-03-01'))));
    for (const day of days('2025-01-01', '2025-12-31')) sessions.push(one(`tf-${day}`, 'tf-c1', day, Math.round(FLAT[monthIndex(day, '2025-01-01')] * 60)));

    const rand = rng(7);
    const statuses: RefSession['status'][] = [
      'COMPLETED',
      'COMPLETED',
      'COMPLETED',
      'COMPLETED',
      'COMPLETED',
      'COMPLETED',
      'NO_SHOW',
      'CANCELLED',
      'SCHEDULED',
    ];
    for (const day of days('2026-01-01', '2026-06-30')) {
      // the hygienist works in January and February only
      const team = day < '2026-03-01' ? ['mx-p1', 'mx-p2', 'mx-p3'] : ['mx-p1', 'mx-p2'];
      for (const r of ['mx-c1', 'mx-c2', 'mx-r1']) {
        const n = 1 + Math.floor(rand() * 3);
        for (let k = 0; k < n; k++) {
          const start = 8 * 60 + k * 150 + Math.floor(rand() * 60);
          const status = statuses[Math.floor(rand() * statuses.length)];
          sessions.push({
            externalId: `mx-${r}-${day}-${k}`,
            resourceId: r,
            providerId: team[Math.floor(rand() * team.length)],
            patientRef: `pt-${Math.floor(rand() * 60)}`,
            scheduledStart: `${day}T${hm(start)}:00Z`,
            scheduledEnd: `${day}T${hm(start + 30 + Math.floor(rand() * 60))}:00Z`,
            status,
            ...(status === 'CANCELLED' ? { cancelledAt: `${day}T07:00:00Z` } : {}),
            procedures: 1 + Math.floor(rand() * 3),
            productionValue: status === 'COMPLETED' && rand() < 0.7 ? Math.round(5000 + rand() * 30000) / 100 : null,
          });
        }
      }
    }
    for (let i = 0; i < sessions.length; i += 4000) await f.sessions(sessions.slice(i, i + 4000));
    // short days and closed days: daily rates weigh differently from the ratio of sums
    for (const [i, day] of days('2026-01-01', '2026-06-30').entries()) {
      if (i % 9 === 4) await f.exception('mx', day, [['08:00', '11:00']]);
      if (i % 31 === 17) await f.exception('mx', day, []);
    }
    await f.backfill('2024-03-01', '2026-02-28', ['tr']);
    await f.backfill('2025-01-01', '2025-12-31', ['tf']);
    await f.backfill('2026-01-01', '2026-06-30', ['mx']);
  });
  afterAll(() => t.close());

  const get = async (q: string, token?: string): Promise<{ body: Record<string, unknown> & { series: Series[] } }> => t.get(`${T}?${q}`, token).expect(200);

  it('gives the monthly utilization of a clinic as Σ used / Σ available of the daily rows, with numerator and denominator', async () => {
    const res = await get('clinicId=mx&from=2026-01-01&to=2026-06-30');
    expect(res.body).toMatchObject({
      metric: 'utilizationRate',
      family: 'chair',
      granularity: 'month',
      numerator: 'usedMinutes',
      denominator: 'availableMinutes',
      groupBy: 'none',
      source: expect.stringMatching(/clinic_rollup/),
    });
    const [s] = res.body.series;
    expect(s.groupId).toBeNull();
    const exp = await daily('mx', ['used_minutes', 'available_minutes'], 'month');
    expect(s.points.map((p) => p.periodStart)).toEqual([...exp.keys()]);
    let differsFromMean = false;
    for (const p of s.points) {
      const e = exp.get(p.periodStart)!;
      expect(p.numerator).toBeCloseTo(e.used_minutes as number, 2);
      expect(p.denominator).toBeCloseTo(e.available_minutes as number, 2);
      expect(p.value).toBeCloseTo((e.used_minutes as number) / (e.available_minutes as number), 4);
      if (Math.abs((e.mean_rate as number) - p.value!) > 0.001) differsFromMean = true;
    }
    expect(differsFromMean).toBe(true); // the data make the mean of daily rates differ from the ratio of sums
    expect(s.points[1].periodEnd).toBe('2026-02-28');
  });

  it('makes a quarter the sum of its months', async () => {
    const months = await get('clinicId=mx&from=2026-01-01&to=2026-06-30&metric=usedMinutes');
    const quarters = await get('clinicId=mx&from=2026-01-01&to=2026-06-30&metric=usedMinutes&granularity=quarter');
    expect(quarters.body.source).toMatch(/quarters as sums of months/);
    const q = quarters.body.series[0].points;
    expect(q.map((p) => [p.periodStart, p.periodEnd])).toEqual([
      ['2026-01-01', '2026-03-31'],
      ['2026-04-01', '2026-06-30'],
    ]);
    const m = months.body.series[0].points.map((p) => p.value!);
    expect(q[0].value).toBeCloseTo(m[0] + m[1] + m[2], 1);
    expect(q[1].value).toBeCloseTo(m[3] + m[4] + m[5], 1);
    const rateM = (await get('clinicId=mx&from=2026-01-01&to=2026-06-30')).body.series[0].points;
    const rateQ = (await get('clinicId=mx&from=2026-02-10&to=2026-05-01&granularity=quarter')).body.series[0].points;
    expect(rateQ[0].numerator).toBeCloseTo(rateM[0].numerator! + rateM[1].numerator! + rateM[2].numerator!, 1);
    expect(rateQ[0].denominator).toBeCloseTo(rateM[0].denominator! + rateM[1].denominator! + rateM[2].denominator!, 1);
    expect(rateQ[1].value).toBeCloseTo(
      (rateM[3].numerator! + rateM[4].numerator! + rateM[5].numerator!) / (rateM[3].denominator! + rateM[4].denominator! + rateM[5].denominator!),
      4,
    );
    const sumQ = await get('clinicId=mx&from=2026-01-01&to=2026-06-30&metric=appointmentCount&granularity=quarter');
    const exp = await daily('mx', ['appointment_count'], 'quarter');
    expect(sumQ.body.series[0].points.map((p) => p.value)).toEqual([...exp.values()].map((e) => e.appointment_count));
  });

  it('serves days and ISO weeks, widening the range to whole periods', async () => {
    const d = await get('clinicId=mx&from=2026-02-01&to=2026-02-28&granularity=day&metric=noShowRate');
    const expD = await daily('mx', ['no_show_count', 'appointment_count'], 'day');
    expect(d.body.series[0].points).toHaveLength(28);
    for (const p of d.body.series[0].points) {
      const e = expD.get(p.periodStart)!;
      expect([p.periodStart, p.numerator, p.denominator]).toEqual([p.periodStart, e.no_show_count, e.appointment_count]);
      expect(p.value).toBe((e.appointment_count as number) ? Math.round(((e.no_show_count as number) / (e.appointment_count as number)) * 1e4) / 1e4 : null);
    }
    const w = await get('clinicId=mx&from=2026-01-07&to=2026-02-11&granularity=week&metric=gapMinutes');
    expect(w.body).toMatchObject({ periodFrom: '2026-01-05', periodTo: '2026-02-15' });
    const expW = await daily('mx', ['gap_minutes'], 'week');
    const pts = w.body.series[0].points;
    expect(pts.map((p) => p.periodStart)).toEqual(['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09']);
    for (const p of pts) expect(p.value).toBeCloseTo(expW.get(p.periodStart)!.gap_minutes as number, 2);
  });

  it('filters by kind and resource and groups by clinic or resource (in id order)', async () => {
    const room = await get('clinicId=mx&from=2026-01-01&to=2026-06-30&kind=ROOM');
    expect(room.body.source).toMatch(/resource_rollup/);
    const expRoom = await daily('mx', ['used_minutes', 'available_minutes'], 'month', `AND resource_id = 'mx-r1'`);
    for (const p of room.body.series[0].points) expect(p.numerator).toBeCloseTo(expRoom.get(p.periodStart)!.used_minutes as number, 2);
    const c1 = await get('from=2026-03-01&to=2026-03-31&granularity=day&resourceId=mx-c1&metric=usedMinutes');
    expect(c1.body.source).toMatch(/resource_utilization/);
    const expC1 = await daily('mx', ['used_minutes'], 'day', `AND resource_id = 'mx-c1'`);
    for (const p of c1.body.series[0].points) expect(p.value).toBeCloseTo(expC1.get(p.periodStart)!.used_minutes as number, 2);

    const byRes = await get('clinicId=mx&from=2026-01-01&to=2026-06-30&groupBy=resource&metric=usedMinutes');
    expect(byRes.body.series.map((s) => [s.groupId, s.groupName])).toEqual([
      ['mx-c1', 'mx-c1'],
      ['mx-c2', 'mx-c2'],
      ['mx-r1', 'mx-r1'],
    ]);
    const total = (await get('clinicId=mx&from=2026-01-01&to=2026-06-30&metric=usedMinutes')).body.series[0].points;
    total.forEach((p, i) =>
      expect(p.value).toBeCloseTo(
        byRes.body.series.reduce((s, x) => s + x.points[i].value!, 0),
        1,
      ),
    );

    const byClinic = await get('clinicId=tf,mx&from=2025-12-01&to=2026-01-31&groupBy=clinic');
    expect(byClinic.body.series.map((s) => [s.groupId, s.groupName])).toEqual([
      ['mx', 'Mixed'],
      ['tf', 'Flat'],
    ]);
    expect(byClinic.body.series[0].points.map((p) => p.value === null)).toEqual([true, false]); // mx has no December data
    expect(byClinic.body.series[1].points.map((p) => p.value === null)).toEqual([false, true]);
  });

  it('gives the change against the previous period and a moving average (ratio of sums for rates, mean for sums)', async () => {
    const rate = (await get('clinicId=mx&from=2026-01-01&to=2026-06-30&window=2')).body.series[0].points;
    expect(rate[0].change).toEqual({ absolute: null, relative: null });
    expect(rate[0].movingAverage).toBeNull();
    for (let i = 1; i < rate.length; i++) {
      const [a, b] = [rate[i - 1], rate[i]];
      expect(b.change.absolute).toBeCloseTo(b.value! - a.value!, 3);
      expect(b.change.relative).toBeCloseTo((b.value! - a.value!) / a.value!, 2);
      expect(b.movingAverage).toBeCloseTo((a.numerator! + b.numerator!) / (a.denominator! + b.denominator!), 4);
    }
    const sums = (await get('clinicId=mx&from=2026-01-01&to=2026-06-30&metric=usedMinutes')).body.series[0].points;
    expect(sums[1].movingAverage).toBeNull();
    for (let i = 2; i < sums.length; i++) expect(sums[i].movingAverage).toBeCloseTo((sums[i - 2].value! + sums[i - 1].value! + sums[i].value!) / 3, 1);
  });

  it('finds the known slope of a constructed rising series: up, significant, the slope inside its confidence interval', async () => {
    const res = await get('clinicId=tr&from=2024-01-01&to=2026-02-28');
    const [s] = res.body.series;
    expect(s.points).toHaveLength(26);
    expect(s.points.slice(0, 2).map((p) => p.value)).toEqual([null, null]); // before the data
    // expected OLS on the 24 monthly values (used a day / 540, every day alike)
    const ys = Array.from({ length: 24 }, (_, k) => RISING(k) / 540);
    const xs = ys.map((_, k) => k + 2);
    const mx = xs.reduce((a, b) => a + b) / 24;
    const my = ys.reduce((a, b) => a + b) / 24;
    const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    s.points.slice(2).forEach((p, k) => expect(p.value).toBeCloseTo(ys[k], 4));
    expect(s.trend).toMatchObject({ direction: 'up', significant: true, pointsUsed: 24, degreesOfFreedom: 22, confidence: 0.95 });
    expect(s.trend.slope).toBeCloseTo(slope, 5);
    expect(Math.abs(s.trend.slope - 10 / 540)).toBeLessThan(0.001);
    expect(s.trend.confidenceInterval!.low).toBeLessThan(10 / 540);
    expect(s.trend.confidenceInterval!.high).toBeGreaterThan(10 / 540);
    expect(s.trend.pValue).toBeLessThan(1e-6);
    // whole quarters only (a sum over a partly covered quarter would be smaller)
    const gap = await get('clinicId=tr&from=2024-04-01&to=2025-12-31&metric=gapMinutes&granularity=quarter');
    expect(gap.body.series[0].points).toHaveLength(7);
    expect(gap.body.series[0].trend).toMatchObject({ direction: 'down', significant: true });
  });

  it('judges a flat noisy series not significant (flat)', async () => {
    const [s] = (await get('clinicId=tf&from=2025-01-01&to=2025-12-31')).body.series;
    s.points.forEach((p, k) => expect(p.value).toBeCloseTo(Math.round(FLAT[k] * 60) / 540, 4));
    expect(s.trend).toMatchObject({ direction: 'flat', significant: false, pointsUsed: 12 });
    expect(s.trend.pValue).toBeCloseTo(0.6236, 3);
    expect(s.trend.confidenceInterval!.low).toBeLessThan(0);
    expect(s.trend.confidenceInterval!.high).toBeGreaterThan(0);
    // a looser confidence level narrows the interval
    const [loose] = (await get('clinicId=tf&from=2025-01-01&to=2025-12-31&confidence=0.5')).body.series;
    expect(loose.trend.confidenceInterval!.high - loose.trend.confidenceInterval!.low).toBeLessThan(
      s.trend.confidenceInterval!.high - s.trend.confidenceInterval!.low,
    );
  });

  describe('provider figures', () => {
    it('sums the team from the provider tables; without ops:view_provider_detail provider trends are refused', async () => {
      const exp = await providerDaily(['patients_seen']);
      const full = (await get('clinicId=mx&from=2026-01-01&to=2026-06-30&metric=patientsSeen', detail)).body;
      expect(full).toMatchObject({ family: 'provider', source: expect.stringMatching(/provider_rollup/) });
      expect(full.series[0].points.map((p) => p.value)).toEqual([...exp.values()].map((e) => e.patients_seen));
      // without the permission no provider trend at all: team totals over different selections could be subtracted
      const refused = await t.get(`${T}?clinicId=mx&from=2026-01-01&to=2026-06-30&metric=patientsSeen`, noDetail).expect(403);
      expect(refused.body.message).toMatch(/view=team/);
      expect(JSON.stringify(refused.body)).not.toMatch(/mx-p\d/);
      await t.get(`${T}?clinicId=mx&from=2026-01-01&to=2026-06-30&metric=patientsSeen&role=dentist`, noDetail).expect(403);
    });

    it('follows one provider or each provider with the permission (403 without), ratios of sums from the provider tables', async () => {
      await t.get(`${T}?clinicId=mx&from=2026-01-01&to=2026-06-30&metric=patientsSeen&providerId=mx-p1`, noDetail).expect(403);
      await t.get(`${T}?clinicId=mx&from=2026-01-01&to=2026-06-30&metric=patientsSeen&groupBy=provider`, noDetail).expect(403);
      const one = (await get('clinicId=mx&from=2026-01-01&to=2026-06-30&metric=productionPerScheduledHour&providerId=mx-p1', detail)).body;
      const exp = await providerDaily(['production_value', 'scheduled_minutes'], `AND provider_id = 'mx-p1'`);
      expect(one).toMatchObject({ numerator: 'productionValue', denominator: 'scheduledHours', unit: 'money per hour' });
      for (const p of one.series[0].points) {
        const e = exp.get(p.periodStart)!;
        expect(p.numerator).toBeCloseTo(e.production_value as number, 2);
        expect(p.denominator).toBeCloseTo((e.scheduled_minutes as number) / 60, 3);
        expect(p.value).toBeCloseTo((e.production_value as number) / ((e.scheduled_minutes as number) / 60), 2);
      }
      const each = (await get('clinicId=mx&from=2026-01-01&to=2026-06-30&metric=proceduresCompleted&groupBy=provider', detail)).body;
      expect(each.series.map((s) => s.groupId)).toEqual(['mx-p1', 'mx-p2', 'mx-p3']);
      const expP = await providerDaily(['procedures_completed']);
      each.series[0].points.forEach((p, i) =>
        expect(each.series.reduce((s, x) => s + (x.points[i].value ?? 0), 0)).toBe([...expP.values()][i].procedures_completed),
      );
      // noShowRate: from the provider tables when about providers, from the chair tables otherwise
      const prov = (await get('clinicId=mx&from=2026-01-01&to=2026-01-31&metric=noShowRate&providerId=mx-p2', detail)).body;
      const expN = await providerDaily(['no_show_count', 'patients_scheduled'], `AND provider_id = 'mx-p2'`);
      expect(prov.series[0].points[0]).toMatchObject({
        numerator: expN.get('2026-01-01')!.no_show_count,
        denominator: expN.get('2026-01-01')!.patients_scheduled,
      });
      const chair = (await get('clinicId=mx&from=2026-01-01&to=2026-01-31&metric=noShowRate')).body;
      const expC = await daily('mx', ['no_show_count', 'appointment_count'], 'month');
      expect(chair).toMatchObject({ family: 'chair', denominator: 'appointmentCount' });
      expect(chair.series[0].points[0]).toMatchObject({
        numerator: expC.get('2026-01-01')!.no_show_count,
        denominator: expC.get('2026-01-01')!.appointment_count,
      });
    });
  });

  it('exports the points as CSV equal to the JSON', async () => {
    const q = 'clinicId=mx&from=2026-01-01&to=2026-06-30&groupBy=resource';
    const json = await get(q);
    const csv = await t.get(`${T}?${q}&format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="trends_utilizationRate_month_2026-01-01_2026-06-30.csv"');
    const [head, ...lines] = csv.text.trim().split('\n');
    expect(head).toBe(
      'groupBy,groupId,groupName,periodStart,periodEnd,value,numerator,denominator,changeAbsolute,changeRelative,movingAverage,suppressed,complete',
    );
    const want = json.body.series.flatMap((s) =>
      s.points.map((p) =>
        [
          'resource',
          s.groupId,
          s.groupName,
          p.periodStart,
          p.periodEnd,
          p.value,
          p.numerator,
          p.denominator,
          p.change.absolute,
          p.change.relative,
          p.movingAverage,
          p.suppressed,
          p.complete,
        ]
          .map((v) => (v === null ? '' : String(v)))
          .join(','),
      ),
    );
    expect(lines).toEqual(want);
    const accept = await t.get(`${T}?${q}`).set('Accept', 'text/csv').expect(200);
    expect(accept.text).toBe(csv.text);
  });

  it('marks periods the rolled-up data covers only partly, and leaves them out of the fit of a sum', async () => {
    const r = await get('clinicId=mx&from=2026-01-01&to=2026-06-30&metric=usedMinutes&granularity=month');
    const dataFrom = String(r.body.dataFrom);
    const dataTo = String(r.body.dataTo);
    expect(dataFrom).toEqual(expect.any(String));
    for (const p of r.body.series[0].points) {
      expect(p.complete).toBe(p.periodStart >= dataFrom && p.periodEnd <= dataTo);
    }
    // a clinic whose data starts on the 10th of January and ends on the 20th of April: both edge months are partial
    await f.clinic('pc', 'UTC', WEEKDAYS([['08:00', '16:00']]));
    await f.resource('pc-1', 'pc');
    await f.sessions(
      days('2026-01-10', '2026-04-20').map((d) => ({
        externalId: `pc-${d}`,
        resourceId: 'pc-1',
        patientRef: 'p',
        scheduledStart: `${d}T09:00:00Z`,
        scheduledEnd: `${d}T12:00:00Z`,
        status: 'COMPLETED' as const,
      })),
    );
    await f.backfill('2026-01-10', '2026-04-20', ['pc']);
    const m = await get('clinicId=pc&from=2026-01-01&to=2026-04-30&metric=usedMinutes&granularity=month');
    expect(m.body).toMatchObject({ dataFrom: '2026-01-10', dataTo: '2026-04-20' });
    expect(m.body.series[0].points.map((p) => p.complete)).toEqual([false, true, true, false]);
    expect(m.body.series[0].trend.pointsUsed).toBe(2); // January and April hold fewer days: not a drop in use
    const rate = await get('clinicId=pc&from=2026-01-01&to=2026-04-30&metric=utilizationRate&granularity=month');
    expect(rate.body.series[0].trend.pointsUsed).toBe(4); // a ratio is fine over part of a period
  });

  it('answers 400 for each kind of bad request, with a message that says what to change', async () => {
    const bad: [string, RegExp][] = [
      ['from=2026-03-31&to=2026-03-01', /to.*must not be before from/],
      ['from=2023-01-01&to=2026-03-01', /at most 3 years/],
      ['from=2026-02-30&to=2026-03-31', /from.*not a real calendar date/],
      ['from=2026-03-01', /to/],
      ['from=2026-03-01&to=2026-03-31&granularity=year', /granularity.*day, week, month or quarter/],
      ['from=2026-03-01&to=2026-03-31&metric=happiness', /metric.*must be one of .*utilizationRate/],
      ['from=2026-03-01&to=2026-03-31&colour=red', /colour.*not a known field/],
      ['from=2026-03-01&to=2026-03-31&window=0', /window.*1 to 60/],
      ['from=2026-03-01&to=2026-03-31&confidence=2', /confidence.*0.5 to 0.999/],
      ['from=2026-03-01&to=2026-03-31&groupBy=patient', /groupBy/],
      ['from=2026-03-01&to=2026-03-31&metric=patientsSeen&kind=CHAIR', /kind.*remove kind/],
      ['from=2026-03-01&to=2026-03-31&metric=patientsSeen&groupBy=resource', /groupBy.*chair\/room metric/],
      ['from=2026-03-01&to=2026-03-31&providerId=mx-p1', /providerId.*needs a provider metric/],
      ['from=2026-03-01&to=2026-03-31&metric=usedMinutes&groupBy=provider', /groupBy.*provider metric/],
      ['from=2026-03-01&to=2026-03-31&kind=SOFA', /kind.*CHAIR or ROOM/],
      ['from=2026-03-01&to=2026-03-31&resourceId=nope', /resource "nope" does not exist/],
      ['from=2026-03-01&to=2026-03-31&clinicId=tr&resourceId=mx-c1', /belongs to clinic "mx".*not in clinicId/],
      ['from=2026-03-01&to=2026-03-31&metric=patientsSeen&providerId=nobody', /provider "nobody" does not exist/],
    ];
    for (const [q, msg] of bad) {
      const r = await t.get(`${T}?${q}`);
      expect([q, r.status]).toEqual([q, 400]);
      expect([q, r.body.message]).toEqual([q, expect.stringMatching(msg)]);
    }
  });

  it('answers 401 without a token and 403 without the permission, for a clinic, resource or provider not granted', async () => {
    await t.http.get(`${T}?from=2026-01-01&to=2026-01-31`).expect(401);
    await t.get(`${T}?from=2026-01-01&to=2026-01-31`, await t.token({ permissions: ['ops:ingest'] })).expect(403);
    const trOnly = await t.token({ permissions: ['ops:view_analytics', 'ops:view_provider_detail'], clinicIds: ['tr'] });
    await t.get(`${T}?clinicId=mx&from=2026-01-01&to=2026-01-31`, trOnly).expect(403);
    await t.get(`${T}?clinicId=tr,mx&from=2026-01-01&to=2026-01-31`, trOnly).expect(403);
    await t.get(`${T}?resourceId=mx-c1&from=2026-01-01&to=2026-01-31`, trOnly).expect(403);
    await t.get(`${T}?resourceId=nope&from=2026-01-01&to=2026-01-31`, trOnly).expect(403);
    await t.get(`${T}?metric=patientsSeen&providerId=mx-p1&from=2026-01-01&to=2026-01-31`, trOnly).expect(403);
    // the default scope is the grant: mx's chairs do not count
    const mine = await get('from=2026-01-01&to=2026-01-31&metric=usedMinutes&groupBy=clinic', trOnly);
    expect(mine.body.series.map((s) => s.groupId)).toEqual(['tr']);
  });
});

describe('GET /trends in the OpenAPI document', () => {
  it('documents every query parameter, the CSV media type and an example answer', async () => {
    const { TrendsQueryDto } = await import('../src/trends/trends.dto.js');
    const { dtoFields } = await import('../src/common/validation.js');
    const t = await startTestApp();
    try {
      const doc = (await t.http.get('/api/docs-json').expect(200)).body;
      const op = doc.paths['/api/v1/ops/utilization/trends'].get;
      expect(op['x-permissions']).toEqual(['ops:view_analytics']);
      expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(dtoFields(TrendsQueryDto).sort());
      for (const p of op.parameters) expect([p.name, typeof p.description]).toEqual([p.name, 'string']);
      expect(op.responses['200'].content['application/json'].example.series[0].trend.direction).toBe('up');
      expect(Object.keys(op.responses['200'].content)).toEqual(expect.arrayContaining(['application/json', 'text/csv']));
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
      expect(op.description).toMatch(/ratios of sums/i);
      expect(op.description).toMatch(/least squares/);
    } finally {
      await t.close();
    }
  });
});
