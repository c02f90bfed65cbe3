/**
 * Issue 14's write routes under generated valid, messy and hostile bodies and path parameters, with a token granted one
 * clinic: never a 5xx; a refused request (4xx) changes none of the new tables; nothing is ever written for the other
 * clinic; what was accepted reads back as sent.
 */
import fc from 'fast-check';
import { startTestApp, type TestApp } from './support/app.js';
import { Fixtures, WEEKDAYS } from './support/fixtures.js';
import { enc } from './support/hostile.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
const U = '/api/v1/ops/utilization';
const hostile = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x'.repeat(501),
    '',
    '   ',
    "'; DROP TABLE team_goal; --",
    '../..',
    '😀',
    'zzsecret-clinic',
    'HYGIENE',
    'hygiene',
    'x ray',
  ),
  fc.string({ maxLength: 10 }),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  hostile,
  fc.integer({ min: -10, max: 100 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
);

/** A valid body, or one with a field replaced, dropped, or an unknown one added. */
const mutate = (valid: fc.Arbitrary<Record<string, unknown>>) =>
  fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 3, arbitrary: fc.tuple(valid, fc.nat(), anyValue).map(([v, k, x]) => ({ ...v, [Object.keys(v)[k % Object.keys(v).length]]: x })) },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.nat()).map(([v, k]) => Object.fromEntries(Object.entries(v).filter((_, i) => i !== k % Object.keys(v).length))),
    },
    { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom('providerId', 'rank', 'extra'), anyValue).map(([v, k, x]) => ({ ...v, [k]: x })) },
  );
const clinicArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant('bp') },
  { weight: 1, arbitrary: fc.constantFrom('zzsecret-clinic', 'nope') },
  { weight: 1, arbitrary: hostile },
);
const fraction = fc.double({ min: 0, max: 1, noNaN: true });

const groupBody = mutate(
  fc
    .record({
      clinicId: clinicArb,
      metric: fc.constantFrom('noShowRate', 'utilizationRate', 'scheduledUtilizationRate', 'usedMinutes'),
      bounds: fc.tuple(fraction, fraction),
      label: fc.constantFrom('internal target', 'peer group'),
    })
    .map(({ bounds: [a, b], ...rest }) => ({ ...rest, low: Math.min(a, b), high: Math.max(a, b) })),
);
const goalTarget = (kind: string) =>
  kind === 'utilization-in-band-weeks'
    ? fc.integer({ min: 0, max: 60 })
    : kind === 'no-show-rate-below'
      ? fc.double({ min: 0, max: 0.6, noNaN: true })
      : fc.oneof(fc.integer({ min: 0, max: 500 }), fraction);
const goalBody = mutate(
  fc
    .constantFrom('utilization-in-band-weeks', 'no-show-rate-below', 'gap-hours-recovered', 'leaderboard')
    .chain((kind) => fc.record({ clinicId: clinicArb, kind: fc.constant(kind), target: goalTarget(kind), label: fc.constantFrom('Team goal', 'x') })),
);
/** Mostly ordered thresholds (a valid band), sometimes not. */
const bandBody = mutate(
  fc
    .oneof(
      fc.array(fraction, { minLength: 4, maxLength: 4 }).map((xs) => xs.sort((a, b) => a - b)),
      fc.array(fraction, { minLength: 4, maxLength: 4 }),
    )
    .map(([lowThreshold, targetLow, targetHigh, riskThreshold]) => ({ lowThreshold, targetLow, targetHigh, riskThreshold })),
);

describe('benchmarks, category bands and goals: hostile input on the write routes', () => {
  let t: TestApp;
  let token: string;
  const seen: Record<string, Record<number, number>> = {};
  const count = (route: string, status: number) => ((seen[route] ??= {})[status] = (seen[route][status] ?? 0) + 1);

  beforeAll(async () => {
    t = await startTestApp();
    const f = new Fixtures(t);
    await f.clinic('bp', 'America/Chicago', WEEKDAYS([['08:00', '12:00']]));
    await f.clinic('zzsecret-clinic', 'America/Chicago', WEEKDAYS([['08:00', '12:00']]));
    token = await t.token({ clinicIds: ['bp'], sub: 'property' });
    await t.http.put(`${U}/goals/bp/opt-in`).set('Authorization', `Bearer ${token}`).send({ enabled: true }).expect(200);
  });
  afterAll(async () => {
    console.log(`benchmarks property (${RUNS} cases per route): ${JSON.stringify(seen)}`);
    await t?.close();
  });

  const digest = async () =>
    (
      await Promise.all(
        ['group_benchmark', 'category_band', 'team_goal', 'team_goal_opt_in'].map(
          async (tb) => (await t.sql<{ d: string }>(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS d FROM ${tb} x`))[0].d,
        ),
      )
    ).join(',');
  const foreign = async () =>
    (
      await t.sql<{ n: number }>(
        `SELECT ((SELECT count(*) FROM group_benchmark WHERE clinic_id <> 'bp') + (SELECT count(*) FROM category_band WHERE clinic_id <> 'bp')
               + (SELECT count(*) FROM team_goal WHERE clinic_id <> 'bp') + (SELECT count(*) FROM team_goal_opt_in WHERE clinic_id <> 'bp'))::int AS n`,
      )
    )[0].n;

  async function check(route: string, send: () => Promise<{ status: number; body: unknown }>) {
    const before = await digest();
    const res = await send();
    count(route, res.status);
    if (res.status >= 500) throw new Error(`${route}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.status >= 400 && (await digest()) !== before) throw new Error(`${route}: a refused request (${res.status}) changed the tables`);
    if ((await foreign()) !== 0) throw new Error(`${route}: something was written for another clinic`);
    return res;
  }

  it('POST and DELETE group benchmarks', async () => {
    await fc.assert(
      fc.asyncProperty(groupBody, fc.oneof(fc.uuid(), hostile), async (body, id) => {
        const res = await check('group POST', () => t.http.post(`${U}/benchmarks/group`).set('Authorization', `Bearer ${token}`).send(body));
        let target = id;
        if (res.status === 201) {
          const b = res.body as Record<string, unknown>;
          expect(b).toMatchObject({ clinicId: 'bp', metric: body.metric, low: body.low, label: body.label, createdBy: 'property' });
          target = b.id as string;
        }
        const del = await check('group DELETE', () => t.http.delete(`${U}/benchmarks/group/${enc(target)}`).set('Authorization', `Bearer ${token}`));
        if (res.status === 201) expect(del.status).toBe(204);
      }),
      { numRuns: RUNS },
    );
  });

  it('PUT and DELETE category bands', async () => {
    await fc.assert(
      fc.asyncProperty(clinicArb, fc.oneof(fc.constantFrom('hygiene', 'surgery'), hostile), bandBody, async (clinic, category, body) => {
        const res = await check('category PUT', () =>
          t.http
            .put(`${U}/settings/${enc(clinic)}/categories/${enc(category)}`)
            .set('Authorization', `Bearer ${token}`)
            .send(body),
        );
        if (res.status === 200) {
          const b = res.body as Record<string, number>;
          expect(b.lowThreshold <= b.targetLow && b.targetLow <= b.targetHigh && b.targetHigh <= b.riskThreshold).toBe(true);
        }
        await check('category DELETE', () => t.http.delete(`${U}/settings/${enc(clinic)}/categories/${enc(category)}`).set('Authorization', `Bearer ${token}`));
      }),
      { numRuns: RUNS },
    );
  });

  it('POST and DELETE goals, PUT opt-in', async () => {
    await fc.assert(
      fc.asyncProperty(
        goalBody,
        fc.oneof(fc.uuid(), hostile),
        clinicArb,
        fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: anyValue }),
        async (body, id, clinic, enabled) => {
          const res = await check('goal POST', () => t.http.post(`${U}/goals`).set('Authorization', `Bearer ${token}`).send(body));
          if (res.status === 201) expect(res.body).toMatchObject({ clinicId: 'bp', kind: body.kind, target: body.target, createdBy: 'property' });
          await check('goal DELETE', () => t.http.delete(`${U}/goals/${enc(id)}`).set('Authorization', `Bearer ${token}`));
          await check('opt-in PUT', () =>
            t.http
              .put(`${U}/goals/${enc(clinic)}/opt-in`)
              .set('Authorization', `Bearer ${token}`)
              .send({ enabled }),
          );
          const list = await check('goals GET', () => t.http.get(`${U}/goals?asOf=2026-03-05T12:00:00Z`).set('Authorization', `Bearer ${token}`));
          expect(JSON.stringify(list.body)).not.toMatch(/zzsecret/);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
