/**
 * Property tests: on random days (random hours, exceptions, sessions, blocks, time zones around DST
 * changes) the engine's rows equal an independent calculation from SPEC §2–3 (test/support/reference.ts)
 * to 0.01 minute, the buckets add up, rates stay in [0, 1], and a re-run writes nothing.
 */
import fc from 'fast-check';
import { startTestApp, type TestApp } from './support/app.js';
import { Fixtures } from './support/fixtures.js';
import {
  addDays,
  asCounted,
  dayBounds,
  providerDay,
  resourceDay,
  type Hours,
  type RefBlock,
  type RefClinic,
  type RefResource,
  type RefSession,
  type Windows,
} from './support/reference.js';

const ZONES = ['America/New_York', 'Europe/Berlin', 'Pacific/Auckland', 'Asia/Kolkata', 'America/Chicago'];
const DATES = ['2026-03-08', '2026-11-01', '2026-03-29', '2026-10-25', '2026-04-05', '2026-09-27', '2026-06-15'];
const TOL = 0.01;

const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const windowsArb: fc.Arbitrary<Windows> = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 0, maxLength: 6 }).map((qs) => {
  const sorted = [...qs].sort((a, b) => a - b);
  const out: Windows = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) out.push([hm(sorted[i] * 15), hm(sorted[i + 1] * 15)]);
  return out;
});
const hoursArb: fc.Arbitrary<Hours> = fc.array(windowsArb, { minLength: 7, maxLength: 7 }).map((w) => Object.fromEntries(w.map((x, i) => [String(i + 1), x])));

interface Scenario {
  tz: string;
  date: string;
  minSlot: number;
  clinicHours: Hours;
  resourceHours: Hours | null;
  clinicException: Windows | null;
  resourceException: Windows | null;
  sessions: {
    res: number;
    start: number;
    len: number;
    status: RefSession['status'];
    drift: number | null;
    driftEnd: number;
    patient: number;
    provider: number | null;
    cancelledBefore: number;
    procedures: number;
    value: number | null;
  }[];
  blocks: { res: number; start: number; len: number; reason: RefBlock['reason'] }[];
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  tz: fc.constantFrom(...ZONES),
  date: fc.constantFrom(...DATES),
  minSlot: fc.constantFrom(10, 15, 20),
  clinicHours: hoursArb,
  resourceHours: fc.option(hoursArb, { nil: null }),
  clinicException: fc.option(windowsArb, { nil: null, freq: 4 }),
  resourceException: fc.option(windowsArb, { nil: null, freq: 4 }),
  sessions: fc.array(
    fc.record({
      res: fc.integer({ min: 0, max: 1 }),
      start: fc.integer({ min: -180 * 60, max: 26 * 3600 }), // seconds after the local day's start
      len: fc.integer({ min: 60, max: 4 * 3600 }),
      status: fc.constantFrom<RefSession['status']>('SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'NO_SHOW', 'CANCELLED'),
      drift: fc.option(fc.integer({ min: -1800, max: 1800 }), { nil: null }),
      driftEnd: fc.integer({ min: -1800, max: 1800 }),
      patient: fc.integer({ min: 0, max: 3 }),
      provider: fc.option(fc.integer({ min: 0, max: 1 }), { nil: null }),
      cancelledBefore: fc.integer({ min: 0, max: 48 * 3600 }),
      procedures: fc.integer({ min: 0, max: 4 }),
      value: fc.option(fc.integer({ min: 0, max: 50000 }), { nil: null }),
    }),
    { maxLength: 14 },
  ),
  blocks: fc.array(
    fc.record({
      res: fc.integer({ min: 0, max: 1 }),
      start: fc.integer({ min: -3600, max: 25 * 3600 }),
      len: fc.integer({ min: 60, max: 6 * 3600 }),
      reason: fc.constantFrom<RefBlock['reason']>('MAINTENANCE', 'MEETING', 'TRAINING', 'OTHER'),
    }),
    { maxLength: 4 },
  ),
});

describe('daily engine: properties against an independent calculation', () => {
  let t: TestApp;
  let f: Fixtures;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
  });
  afterAll(() => t.close());

  it('equals the reference to 0.01 minute on random days, and the invariants hold', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (sc) => {
        const id = `pr${++n}`;
        const resIds = [`${id}-r0`, `${id}-r1`];
        const provIds = [`${id}-d0`, `${id}-d1`];
        const dayStart = dayBounds(sc.date, sc.tz)[0];
        const iso = (ms: number) => new Date(ms).toISOString();
        const clinic: RefClinic = {
          id,
          tz: sc.tz,
          minSlot: sc.minSlot,
          hours: [{ from: '1900-01-01', hours: sc.clinicHours }],
          exceptions: sc.clinicException ? { [sc.date]: sc.clinicException } : {},
        };
        const resources: RefResource[] = resIds.map((rid, i) => ({
          id: rid,
          clinicId: id,
          hours: i === 0 && sc.resourceHours ? [{ from: '1900-01-01', hours: sc.resourceHours }] : [],
          exceptions: i === 1 && sc.resourceException ? { [sc.date]: sc.resourceException } : {},
        }));
        const sessions: RefSession[] = sc.sessions.map((x, k) => {
          const ss = dayStart + x.start * 1000;
          const se = ss + x.len * 1000;
          // actual times on any status, as messy feeds send them: the intake policy decides what counts (reference: asCounted)
          const hasActual = x.drift !== null;
          const as = hasActual ? ss + x.drift! * 1000 : null;
          const ae = !hasActual
            ? null
            : x.status === 'COMPLETED'
              ? Math.max(as! + 60_000, se + x.driftEnd * 1000)
              : x.driftEnd % 3 === 0
                ? se + x.driftEnd * 1000
                : null;
          return {
            externalId: `${id}-s${k}`,
            resourceId: resIds[x.res],
            providerId: x.provider === null ? null : provIds[x.provider],
            patientRef: `pt${x.patient}`,
            scheduledStart: iso(ss),
            scheduledEnd: iso(se),
            actualStart: as === null ? null : iso(as),
            actualEnd: ae === null ? null : iso(ae),
            status: x.status,
            cancelledAt: x.status === 'CANCELLED' ? iso(ss - x.cancelledBefore * 1000) : null,
            procedures: x.procedures,
            productionValue: x.value === null ? null : x.value / 100,
          };
        });
        const counted = sessions.map(asCounted);
        const blocks: RefBlock[] = sc.blocks.map((b, k) => ({
          externalId: `${id}-b${k}`,
          resourceId: resIds[b.res],
          start: iso(dayStart + b.start * 1000),
          end: iso(dayStart + (b.start + b.len) * 1000),
          reason: b.reason,
        }));

        await f.clinic(id, sc.tz, sc.clinicHours, { minSlotMinutes: sc.minSlot });
        await f.resource(resIds[0], id, sc.resourceHours ? { hours: sc.resourceHours } : {});
        await f.resource(resIds[1], id);
        for (const p of provIds) await f.provider(p, id);
        if (sc.clinicException) await f.exception(id, sc.date, sc.clinicException);
        if (sc.resourceException) await f.exception(id, sc.date, sc.resourceException, resIds[1]);
        if (sessions.length) await f.sessions(sessions);
        if (blocks.length) await f.blocks(blocks);
        const from = addDays(sc.date, -1);
        const to = addDays(sc.date, 1);
        await f.backfill(from, to, [id]);

        for (const date of [from, sc.date, to]) {
          for (const res of resources) {
            const want = resourceDay(clinic, res, counted, blocks, date);
            const got = await f.resourceRow(id, res.id, date);
            expect(got).toBeDefined();
            for (const [k, v] of Object.entries(want)) {
              const g = got[k];
              if (v === null) expect([k, g]).toEqual([k, null]);
              else if (Math.abs((g as number) - v) > TOL) throw new Error(`${id} ${res.id} ${date} ${k}: engine ${g}, reference ${v} (${JSON.stringify(sc)})`);
            }
            // invariants
            expect(Math.abs(got.usedMinutes! + got.blockedMinutes! + got.downtimeMinutes! - got.availableMinutes!)).toBeLessThan(1e-6);
            for (const r of [got.utilizationRate, got.scheduledUtilizationRate]) if (r !== null) expect(r >= 0 && r <= 1 + 1e-12).toBe(true);
            expect(got.shortGapMinutes! <= got.gapMinutes! + 1e-9 && got.lateCancelMinutes! <= got.gapMinutes! + 1e-9).toBe(true);
          }
          for (const p of provIds) {
            const want = providerDay(clinic, p, counted, date);
            const got = await f.providerRow(id, p, date);
            if (!want.touches) {
              expect(got).toBeUndefined();
              continue;
            }
            const { touches: _t, ...fields } = want;
            for (const [k, v] of Object.entries(fields)) {
              const g = got?.[k];
              if (v === null) expect([k, g]).toEqual([k, null]);
              else if (Math.abs((g as number) - v) > TOL) throw new Error(`${id} ${p} ${date} ${k}: engine ${g}, reference ${v} (${JSON.stringify(sc)})`);
            }
          }
        }
        // a re-run writes nothing and changes nothing
        const before = await f.snapshot(id);
        const again = await f.backfill(from, to, [id]);
        expect(again.stats.resource_rows_written + again.stats.hourly_rows_written + again.stats.provider_rows_written).toBe(0);
        expect(await f.snapshot(id)).toEqual(before);
        // a week is the ratio of the sums of its days
        const [w] = await t.sql<{ ok: boolean }>(
          `SELECT bool_and(abs(r.used_minutes - d.used) < 1e-6 AND abs(r.available_minutes - d.available) < 1e-6
                  AND (r.utilization_rate IS NULL AND d.available = 0 OR abs(r.utilization_rate - d.used / nullif(d.available, 0)) < 1e-12)) AS ok
           FROM resource_rollup r
           JOIN LATERAL (SELECT sum(used_minutes) AS used, sum(available_minutes) AS available FROM resource_utilization u
                         WHERE u.clinic_id = r.clinic_id AND u.resource_id = r.resource_id AND u.date BETWEEN r.period_start AND r.period_start + 6) d ON true
           WHERE r.clinic_id = $1 AND r.period = 'week'`,
          [id],
        );
        expect(w.ok).toBe(true);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40), seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined },
    );
  });
});
