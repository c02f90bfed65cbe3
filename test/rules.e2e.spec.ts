/**
 * Every rule constant of SPEC §2–3 (src/domain/rules.ts) at its boundary, just inside and just outside, through the
 * engine (or the route that applies it) on a real database. The numbers here are SPEC's, written out rather than
 * imported: changing a constant, or the engine SQL that applies it, fails a test here.
 *
 * Also the one home of the hours in force (the SQL function ut_hours_in_force, read by the engine, the timeline, the
 * capacity queries and ut_clinic_close), and that the engine's plan inlines it (no function call per resource-day).
 */
import { Prisma } from '../src/database/prisma.service.js';
import { DEFAULT_BAND } from '../src/domain/band.js';
import { DEFAULT_MIN_SLOT_MINUTES } from '../src/domain/rules.js';
import { computeDaysSql } from '../src/rollup/engine-sql.js';
import { startTestApp, type TestApp } from './support/app.js';
import { at, Fixtures, WEEKDAYS } from './support/fixtures.js';
import type { RefSession } from './support/reference.js';

const CST = '-06:00'; // America/Chicago before 2026-03-08
const DAY = '2026-03-02'; // a Monday
const MIN = 60_000;
/** An instant `seconds` after the local wall time `hm` of DAY in Chicago. */
const l = (hm: string, seconds = 0) => new Date(Date.parse(at(`${DAY}T${hm}`, CST)) + seconds * 1000).toISOString();

describe('rule constants at their boundaries (SPEC §2–3), through the engine', () => {
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
  const turnover = async (clinicId: string, resourceId: string) => {
    const [r] = await t.sql<{ count: number; samples: number; total: number; avg: number | null }>(
      `SELECT turnover_count AS count, turnover_samples AS samples, turnover_minutes_total AS total, avg_turnover_minutes AS avg
       FROM resource_utilization WHERE clinic_id = $1 AND resource_id = $2 AND date = $3::date`,
      [clinicId, resourceId, DAY],
    );
    return r;
  };

  describe('turnover pause: a change of patient at most 60 minutes after the last release is a turnover time (SPEC §2)', () => {
    beforeAll(async () => {
      await f.clinic('tp', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
      await f.resource('tp-in', 'tp');
      await f.resource('tp-out', 'tp');
      await f.sessions([
        // a pause of exactly 60:00 (inside), then one of 59:59 (inside)
        s('tp-in-1', 'tp-in', 'pA', l('08:00'), l('08:30'), 'COMPLETED'),
        s('tp-in-2', 'tp-in', 'pB', l('09:30'), l('10:00'), 'COMPLETED'),
        s('tp-in-3', 'tp-in', 'pC', l('10:59', 59), l('11:30'), 'COMPLETED'),
        // a pause of 60:01 (outside: a gap, not a turnover time), then one of 61:00 (outside)
        s('tp-out-1', 'tp-out', 'pA', l('08:00'), l('08:30'), 'COMPLETED'),
        s('tp-out-2', 'tp-out', 'pB', l('09:30', 1), l('10:00'), 'COMPLETED'),
        s('tp-out-3', 'tp-out', 'pC', l('11:01'), l('11:30'), 'COMPLETED'),
      ]);
      await f.backfill(DAY, DAY, ['tp']);
    });

    it('counts pauses of 60:00 and 59:59 in the mean turnover time', async () => {
      const r = await turnover('tp', 'tp-in');
      expect(r).toMatchObject({ count: 2, samples: 2 });
      expect(r.total).toBeCloseTo(60 + 59 + 59 / 60, 9);
      expect(r.avg).toBeCloseTo((60 + 59 + 59 / 60) / 2, 9);
    });

    it('leaves pauses of 60:01 and 61:00 out of it (still changes of patient)', async () => {
      expect(await turnover('tp', 'tp-out')).toEqual({ count: 2, samples: 0, total: 0, avg: null });
    });
  });

  describe('late cancellation: cancelled less than 24 hours before the scheduled start (SPEC §2)', () => {
    it('is late 24 h − 1 s before the start, not late exactly 24 h or 24 h + 1 s before', async () => {
      await f.clinic('lc', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
      await f.resource('lc-in', 'lc');
      await f.resource('lc-at', 'lc');
      await f.resource('lc-out', 'lc');
      const start = l('10:00');
      const before = (seconds: number) => new Date(Date.parse(start) - seconds * 1000).toISOString();
      const H24 = 24 * 3600;
      await f.sessions([
        s('lc-in', 'lc-in', 'p1', start, l('10:30'), 'CANCELLED', { cancelledAt: before(H24 - 1) }),
        s('lc-at', 'lc-at', 'p2', start, l('10:30'), 'CANCELLED', { cancelledAt: before(H24) }),
        s('lc-out', 'lc-out', 'p3', start, l('10:30'), 'CANCELLED', { cancelledAt: before(H24 + 1) }),
      ]);
      await f.backfill(DAY, DAY, ['lc']);
      expect((await f.resourceRow('lc', 'lc-in', DAY)).lateCancelMinutes).toBe(30);
      expect((await f.resourceRow('lc', 'lc-at', DAY)).lateCancelMinutes).toBe(0);
      expect((await f.resourceRow('lc', 'lc-out', DAY)).lateCancelMinutes).toBe(0);
    });
  });

  describe("short gap: idle runs shorter than the clinic's minimum bookable slot, 15 minutes by default (SPEC §2)", () => {
    /** One hour open 08:00–09:00: idle `idleSeconds` from the opening, then used to the close. */
    const day = (clinicId: string, resourceId: string, idleSeconds: number) =>
      s(`${resourceId}-1`, resourceId, 'p1', l('08:00', idleSeconds), l('09:00'), 'COMPLETED');

    it('a clinic that sends no minimum slot gets 15 minutes: 14:59 idle is short, 15:00 is not', async () => {
      await f.clinic('sg', 'America/Chicago', WEEKDAYS([['08:00', '09:00']]));
      const [c] = await t.sql<{ min: number }>(`SELECT min_slot_minutes AS min FROM clinic WHERE id = 'sg'`);
      expect(c.min).toBe(15);
      await f.resource('sg-in', 'sg');
      await f.resource('sg-out', 'sg');
      await f.sessions([day('sg', 'sg-in', 14 * 60 + 59), day('sg', 'sg-out', 15 * 60)]);
      await f.backfill(DAY, DAY, ['sg']);
      const inside = await f.resourceRow('sg', 'sg-in', DAY);
      expect(inside.gapMinutes).toBeCloseTo(14 + 59 / 60, 9);
      expect(inside.shortGapMinutes).toBeCloseTo(14 + 59 / 60, 9);
      const outside = await f.resourceRow('sg', 'sg-out', DAY);
      expect(outside.gapMinutes).toBe(15);
      expect(outside.shortGapMinutes).toBe(0);
    });

    it("a clinic's own slot (30 minutes) moves the boundary: 29:59 idle is short, 30:00 is not", async () => {
      await f.clinic('sg30', 'America/Chicago', WEEKDAYS([['08:00', '09:00']]), { minSlotMinutes: 30 });
      await f.resource('sg30-in', 'sg30');
      await f.resource('sg30-out', 'sg30');
      await f.sessions([day('sg30', 'sg30-in', 29 * 60 + 59), day('sg30', 'sg30-out', 30 * 60)]);
      await f.backfill(DAY, DAY, ['sg30']);
      expect((await f.resourceRow('sg30', 'sg30-in', DAY)).shortGapMinutes).toBeCloseTo(29 + 59 / 60, 9);
      expect((await f.resourceRow('sg30', 'sg30-out', DAY)).shortGapMinutes).toBe(0);
    });

    it("the clinic table's column default is the rule's constant", async () => {
      const [c] = await t.sql<{ def: string }>(
        `SELECT column_default AS def FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'clinic' AND column_name = 'min_slot_minutes'`,
      );
      expect(Number(c.def)).toBe(DEFAULT_MIN_SLOT_MINUTES);
    });

    it("the clinic table's band defaults are DEFAULT_BAND", async () => {
      const rows = await t.sql<{ name: string; def: string }>(
        `SELECT column_name AS name, column_default AS def FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = 'clinic' AND column_name IN ('low_threshold', 'target_low', 'target_high', 'risk_threshold')`,
      );
      const def = Object.fromEntries(rows.map((r) => [r.name, Number(r.def)]));
      expect(def).toEqual({
        low_threshold: DEFAULT_BAND.lowThreshold,
        target_low: DEFAULT_BAND.targetLow,
        target_high: DEFAULT_BAND.targetHigh,
        risk_threshold: DEFAULT_BAND.riskThreshold,
      });
    });
  });

  describe('team figures: suppressed over fewer than 3 providers (SPEC §3)', () => {
    const FROM = DAY;
    let viewer: string;
    beforeAll(async () => {
      viewer = await t.token({ permissions: ['ops:view_analytics'] });
      for (const [clinicId, n] of [
        ['tm3', 3],
        ['tm2', 2],
      ] as const) {
        await f.clinic(clinicId, 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
        await f.resource(`${clinicId}-c1`, clinicId);
        const sessions: RefSession[] = [];
        for (let i = 1; i <= n; i++) {
          await f.provider(`${clinicId}-d${i}`, clinicId, 'dentist');
          const start = new Date(Date.parse(l('08:00')) + (i - 1) * 60 * MIN).toISOString();
          const end = new Date(Date.parse(start) + 30 * MIN).toISOString();
          sessions.push(s(`${clinicId}-s${i}`, `${clinicId}-c1`, `p${i}`, start, end, 'COMPLETED', { providerId: `${clinicId}-d${i}`, procedures: i }));
        }
        await f.sessions(sessions);
        await f.backfill(DAY, DAY, [clinicId]);
      }
    });

    it('/providers: 3 providers give a distribution, 2 are suppressed', async () => {
      const three = await t.get(`/api/v1/ops/utilization/providers?clinicId=tm3&from=${FROM}&to=${DAY}`, viewer).expect(200);
      expect(three.body.minGroupSize).toBe(3);
      const team3 = three.body.groups.find((g: { group: string }) => g.group === 'team');
      expect(team3).toMatchObject({ providerCount: 3, suppressed: false });
      expect(team3.figures.proceduresCompleted).toMatchObject({ count: 3, median: 2, suppressed: false });
      const two = await t.get(`/api/v1/ops/utilization/providers?clinicId=tm2&from=${FROM}&to=${DAY}`, viewer).expect(200);
      const team2 = two.body.groups.find((g: { group: string }) => g.group === 'team');
      expect(team2).toMatchObject({ providerCount: 2, suppressed: true });
      expect(team2.figures.proceduresCompleted).toMatchObject({ median: null, suppressed: true });
    });

    it("/report's provider section: 3 dentists give a distribution, 2 are suppressed", async () => {
      const three = await t.get(`/api/v1/ops/utilization/report?clinicId=tm3&from=${FROM}&to=${DAY}`, viewer).expect(200);
      expect(three.body.providers.byRole.dentist).toMatchObject({ providers: 3, suppressed: false });
      const two = await t.get(`/api/v1/ops/utilization/report?clinicId=tm2&from=${FROM}&to=${DAY}`, viewer).expect(200);
      expect(two.body.providers.byRole.dentist).toMatchObject({ providers: 2, suppressed: true, reason: expect.stringMatching(/fewer than 3 providers/) });
    });
  });
});

describe('the hours in force: one SQL function (ut_hours_in_force) for the engine, the timeline, capacity and ut_clinic_close', () => {
  let t: TestApp;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    await f.clinic('hf', 'America/Chicago', WEEKDAYS([['08:00', '17:00']]));
    await f.resource('hf-own', 'hf', { hours: WEEKDAYS([['12:00', '20:00']]) });
    await f.resource('hf-std', 'hf');
    await f.exception('hf', '2026-03-03', []); // the clinic is closed on the 3rd
    await f.exception('hf', '2026-03-03', [['09:00', '10:00']], 'hf-own'); // but this chair opens 09–10
    await f.exception('hf', '2026-03-04', [['08:00', '12:00']]); // a short day for the clinic
  });
  afterAll(() => t.close());

  const hours = async (resourceId: string | null, date: string) => {
    const [h] = await t.sql<{ windows: unknown; source: string }>(`SELECT windows, source FROM ut_hours_in_force('hf', $1::text, $2::date)`, [
      resourceId,
      date,
    ]);
    return h;
  };

  it('answers resource exception > clinic exception > resource hours > clinic hours, and the clinic-level hours without a resource', async () => {
    expect(await hours('hf-own', '2026-03-02')).toEqual({ windows: [['12:00', '20:00']], source: 'resource hours' });
    expect(await hours('hf-std', '2026-03-02')).toEqual({ windows: [['08:00', '17:00']], source: 'clinic hours' });
    expect(await hours('hf-own', '2026-03-03')).toEqual({ windows: [['09:00', '10:00']], source: 'resource exception' });
    expect(await hours('hf-std', '2026-03-03')).toEqual({ windows: [], source: 'clinic exception' });
    expect(await hours('hf-own', '2026-03-04')).toEqual({ windows: [['08:00', '12:00']], source: 'clinic exception' });
    expect(await hours(null, '2026-03-02')).toEqual({ windows: [['08:00', '17:00']], source: 'clinic hours' });
    expect(await hours(null, '2026-03-03')).toEqual({ windows: [], source: 'clinic exception' });
  });

  it('the clinic closes at the end of its last clinic-level window, or at the next local midnight when closed', async () => {
    const close = async (date: string) => (await t.sql<{ at: Date }>(`SELECT ut_clinic_close('hf', $1::date) AS at`, [date]))[0].at.toISOString();
    expect(await close('2026-03-02')).toBe(new Date(at('2026-03-02T17:00', CST)).toISOString());
    expect(await close('2026-03-03')).toBe(new Date(at('2026-03-04T00:00', CST)).toISOString());
    expect(await close('2026-03-04')).toBe(new Date(at('2026-03-04T12:00', CST)).toISOString());
  });

  it('the engine and the timeline read the same hours', async () => {
    await f.backfill('2026-03-02', '2026-03-04', ['hf']);
    const cases: [string, string, number, string][] = [
      ['hf-own', '2026-03-02', 480, 'resource hours'],
      ['hf-std', '2026-03-02', 540, 'clinic hours'],
      ['hf-own', '2026-03-03', 60, 'resource exception'],
      ['hf-std', '2026-03-03', 0, 'clinic exception'],
      ['hf-own', '2026-03-04', 240, 'clinic exception'],
    ];
    for (const [resourceId, date, minutes, source] of cases) {
      expect([resourceId, date, (await f.resourceRow('hf', resourceId, date)).availableMinutes]).toEqual([resourceId, date, minutes]);
      const tl = await t.get(`/api/v1/ops/utilization/chairs/${resourceId}/timeline?date=${date}`).expect(200);
      expect([resourceId, date, tl.body.resource.hoursSource]).toEqual([resourceId, date, source]);
      const available = (tl.body.available as { start: string; end: string }[]).reduce((m, a) => m + (Date.parse(a.end) - Date.parse(a.start)) / MIN, 0);
      expect([resourceId, date, available]).toEqual([resourceId, date, minutes]);
    }
  });

  it("is inlined into the engine's plan (no function call per resource-day)", async () => {
    const plan = await t.prisma.$queryRaw<Record<string, string>[]>(Prisma.sql`EXPLAIN ${computeDaysSql(['hf'], ['2026-03-02'])}`);
    const text = plan.map((r) => Object.values(r)[0]).join('\n');
    expect(text).toMatch(/resource_hours/); // the function's body is in the plan
    expect(text).not.toMatch(/Function Scan on ut_hours_in_force/);
  });
});
