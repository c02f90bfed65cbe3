/**
 * Property test of the whole API surface (issue 9): generated items and parameters of every route — valid, messy and
 * hostile (NUL characters, lone surrogates, over-long text, years 0 and 9999, wrong types, unknown fields, another
 * clinic's references, tampered cursors) — thrown at the service with a token granted one clinic. It asserts:
 *   - never a 5xx;
 *   - a 400 or 403 writes nothing (a digest of every input table is unchanged);
 *   - an accepted intake batch reads back exactly (sessions field by field);
 *   - no answer holds another clinic's data (the other clinic's ids and names never appear).
 * PROPERTY_RUNS sets the cases per route (default 25); the counts per route and status are printed.
 */
import fc from 'fast-check';
import { startTestApp, type TestApp } from './support/app.js';
import { Fixtures } from './support/fixtures.js';
import { enc } from './support/hostile.js';
import type { Hours } from './support/reference.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
const ALL_WEEK: Hours = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['08:00', '17:00']]]));
/** The other clinic: none of these may ever appear in an answer to the token granted only clinic "pa". */
const SECRETS = ['zzsecret-clinic', 'zzsecret-chair', 'zzsecret-prov', 'Zzsecret Clinic', 'zzsecret-s1', 'zzsecret-patient'];
const OWN_RESOURCES = ['pa-1', 'pa-2'];

const hostileText = fc
  .oneof(
    // (never the other clinic's ids: written into clinic A's own data they would look like a leak; foreign references are thrown apart)
    fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', 'x'.repeat(201), '', '   ', "'; DROP TABLE clinic; --", '%00', '../..', '\u202e', '😀'),
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 6 }),
  )
  .filter((v) => !v.includes('zzsecret'));
const hostileInstant = fc.constantFrom(
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '1899-12-31T23:59:59Z',
  '2201-01-01T00:00:00Z',
  '2026-02-30T10:00:00Z',
  '2026-03-02T25:00:00Z',
  '2026-03-02T10:00:00',
  '2026-03-02',
  'yesterday',
  '+275760-09-13T00:00:00Z',
  '2026-03-02T10:00:00+25:00',
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  hostileInstant,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string(), { maxLength: 2 }),
);

/** A valid instant on 2026-03-02/03 in Chicago, from minutes after 07:00 local. */
const inst = (min: number) => new Date(Date.parse('2026-03-02T13:00:00Z') + min * 60_000).toISOString();

/** Mutations of a valid item: a field replaced by a hostile value, dropped, an unknown field added, a foreign reference. */
function mutate<T extends Record<string, unknown>>(valid: fc.Arbitrary<T>, foreign: Partial<Record<keyof T, string>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 3, arbitrary: fc.tuple(valid, fc.nat(), anyValue).map(([v, k, x]) => ({ ...v, [Object.keys(v)[k % Object.keys(v).length]]: x })) },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.nat()).map(([v, k]) => Object.fromEntries(Object.entries(v).filter((_, i) => i !== k % Object.keys(v).length))),
    },
    { weight: 1, arbitrary: fc.tuple(valid, hostileText, anyValue).map(([v, k, x]) => ({ ...v, [k || 'extra']: x })) },
    { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom(...Object.keys(foreign))).map(([v, k]) => ({ ...v, [k]: foreign[k as keyof T] })) },
  );
}

const sessionArb = fc
  .record({
    externalId: fc.oneof(
      fc.constantFrom('s-1', 's-2', 's-3', 'zzsecret-s1'),
      fc.string({ minLength: 1, maxLength: 8 }).map((s) => `g-${s}`),
    ),
    resourceId: fc.constantFrom(...OWN_RESOURCES),
    patientRef: fc.constantFrom('p-1', 'p-2', 'p-3'),
    start: fc.integer({ min: 0, max: 600 }),
    len: fc.integer({ min: 5, max: 180 }),
    status: fc.constantFrom('SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'NO_SHOW', 'CANCELLED'),
    drift: fc.option(fc.integer({ min: -2000, max: 2000 })),
    driftEnd: fc.option(fc.integer({ min: -200, max: 2000 })),
    cancelled: fc.option(fc.integer({ min: -3000, max: 100 })),
    booked: fc.option(fc.integer({ min: -50000, max: 400 })),
    procedures: fc.option(fc.integer({ min: 0, max: 5 })),
    value: fc.option(fc.integer({ min: 0, max: 100000 })),
  })
  .map((x) => ({
    externalId: x.externalId,
    resourceId: x.resourceId,
    patientRef: x.patientRef,
    scheduledStart: inst(x.start),
    scheduledEnd: inst(x.start + x.len),
    status: x.status,
    ...(x.drift === null ? {} : { actualStart: inst(x.start + x.drift) }),
    ...(x.driftEnd === null ? {} : { actualEnd: inst(x.start + x.len + x.driftEnd) }),
    ...(x.cancelled === null ? {} : { cancelledAt: inst(x.start + x.cancelled) }),
    ...(x.booked === null ? {} : { bookedAt: inst(x.start + x.booked) }),
    ...(x.procedures === null ? {} : { procedures: x.procedures }),
    ...(x.value === null ? {} : { productionValue: x.value / 100 }),
  }));

const ROUTES: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  sessions: mutate(sessionArb, { resourceId: 'zzsecret-chair', externalId: 'zzsecret-s1' }),
  blocks: mutate(
    fc.record({
      externalId: fc.constantFrom('b-1', 'b-2'),
      resourceId: fc.constantFrom(...OWN_RESOURCES),
      start: fc.integer({ min: 0, max: 600 }).map(inst),
      end: fc.constant(inst(700)),
      reason: fc.constantFrom('MAINTENANCE', 'MEETING', 'TRAINING', 'OTHER'),
    }),
    { resourceId: 'zzsecret-chair' },
  ),
  clinics: mutate(
    fc.record({
      id: fc.constant('pa'),
      name: fc.constantFrom('Clinic A', 'Clinic A (renamed)'),
      timeZone: fc.constant('America/Chicago'),
      hours: fc.constant(ALL_WEEK),
    }),
    { id: 'zzsecret-clinic' },
  ),
  resources: mutate(
    fc.record({
      id: fc.constantFrom('pa-1', 'pa-2', 'pa-new'),
      clinicId: fc.constant('pa'),
      kind: fc.constantFrom('CHAIR', 'ROOM'),
      name: fc.constantFrom('Chair', 'Room'),
    }),
    {
      id: 'zzsecret-chair',
      clinicId: 'zzsecret-clinic',
    },
  ),
  providers: mutate(
    fc.record({
      id: fc.constantFrom('pa-d1', 'pa-d2'),
      clinicId: fc.constant('pa'),
      name: fc.constantFrom('Dr A', 'Dr B'),
      role: fc.constantFrom('dentist', 'hygienist'),
    }),
    {
      id: 'zzsecret-prov',
      clinicId: 'zzsecret-clinic',
    },
  ),
  exceptions: mutate(
    fc.record({ clinicId: fc.constant('pa'), date: fc.constantFrom('2026-03-02', '2026-03-03'), windows: fc.constantFrom([], [['09:00', '12:00']]) }),
    {
      clinicId: 'zzsecret-clinic',
      resourceId: 'zzsecret-chair',
    } as never,
  ),
};

const Q = '/api/v1/ops/utilization';
const cursorArb = fc.oneof(
  hostileText,
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify({ k: v })).toString('base64url')),
  fc.constant(Buffer.from('{"k":[{},[],null]}').toString('base64url')),
);
const PARAMS: Record<string, fc.Arbitrary<unknown>> = {
  clinicId: fc.oneof(fc.constantFrom('pa', 'zzsecret-clinic', 'pa,zzsecret-clinic', 'nope'), hostileText),
  from: fc.oneof(fc.constantFrom('2026-03-01', '2026-02-01', '0000-01-01', '9999-12-31', '2026-02-30'), hostileText),
  to: fc.oneof(fc.constantFrom('2026-03-10', '2026-03-31', '2999-01-01'), hostileText),
  granularity: fc.oneof(fc.constantFrom('day', 'week', 'month', 'quarter', 'total'), hostileText),
  limit: fc.oneof(fc.integer({ min: -5, max: 2000 }), hostileText),
  cursor: cursorArb,
  sort: fc.oneof(fc.constantFrom('usedMinutes', '-utilizationRate', 'resourceName', 'x'), hostileText),
  resourceId: fc.oneof(fc.constantFrom('pa-1', 'zzsecret-chair'), hostileText),
  providerId: fc.oneof(fc.constantFrom('pa-d1', 'zzsecret-prov'), hostileText),
  metric: fc.oneof(fc.constantFrom('utilizationRate', 'chairMinutes', 'noShowCount'), hostileText),
  groupBy: fc.oneof(fc.constantFrom('clinic', 'resource', 'provider', 'none'), hostileText),
  view: fc.oneof(fc.constantFrom('team', 'summary', 'rows'), hostileText),
  format: fc.oneof(fc.constantFrom('json', 'csv'), hostileText),
  date: fc.oneof(fc.constantFrom('2026-03-02', '0000-01-01'), hostileText),
  asOf: fc.oneof(fc.constantFrom('2026-03-05', '9999-01-01'), hostileText),
  horizon: fc.oneof(fc.constantFrom(30, 60, 90, 45), hostileText),
  kind: fc.oneof(fc.constantFrom('CHAIR', 'ROOM'), hostileText),
};
const GETS: Record<string, fc.Arbitrary<string>> = {
  headline: fc.constant(Q),
  chairs: fc.constant(`${Q}/chairs`),
  timeline: fc.oneof(fc.constantFrom('pa-1', 'zzsecret-chair', 'nope'), hostileText).map((id) => `${Q}/chairs/${enc(id)}/timeline`),
  providers: fc.constant(`${Q}/providers`),
  trends: fc.constant(`${Q}/trends`),
  report: fc.constant(`${Q}/report`),
  capacity: fc.constant(`${Q}/capacity`),
  clinics: fc.constant(`${Q}/clinics`),
  settings: fc.oneof(fc.constantFrom('pa', 'zzsecret-clinic'), hostileText).map((id) => `${Q}/settings/${enc(id)}`),
  rollup: fc.oneof(fc.uuid(), hostileText).map((id) => `${Q}/rollups/${enc(id)}`),
  benchmarks: fc.constant(`${Q}/benchmarks`),
  groupBenchmarks: fc.constant(`${Q}/benchmarks/group`),
  categoryBands: fc.oneof(fc.constantFrom('pa', 'zzsecret-clinic'), hostileText).map((id) => `${Q}/settings/${enc(id)}/categories`),
  goals: fc.constant(`${Q}/goals`),
};
/** Sensible defaults (so that many requests get past the first check), then 0–5 parameters generated over them. */
const RANGE: [string, unknown][] = [
  ['from', '2026-03-01'],
  ['to', '2026-03-10'],
];
const DEFAULTS: Record<string, [string, unknown][]> = {
  headline: RANGE,
  chairs: RANGE,
  timeline: [['date', '2026-03-02']],
  providers: RANGE,
  trends: RANGE,
  report: [...RANGE, ['clinicId', 'pa']],
  capacity: [['clinicId', 'pa']],
  clinics: [],
  settings: [],
  rollup: [],
  benchmarks: [['clinicId', 'pa']],
  groupBenchmarks: [],
  categoryBands: [],
  goals: [['asOf', '2026-03-05T12:00:00Z']],
};
const queryArb = (route: string) =>
  fc
    .dictionary(fc.constantFrom(...Object.keys(PARAMS), 'bogus'), fc.constant(null), { maxKeys: 3 })
    .chain((keys) => fc.tuple(...Object.keys(keys).map((k) => (PARAMS[k] ?? hostileText).map((v) => [k, v] as const))))
    .chain((pairs) =>
      fc.boolean().map((withDefaults) => {
        const given = new Set(pairs.map(([k]) => k));
        return [...(withDefaults ? DEFAULTS[route].filter(([k]) => !given.has(k)) : []), ...pairs] as (readonly [string, unknown])[];
      }),
    );
const qs = (pairs: readonly (readonly [string, unknown])[]) =>
  pairs.map(([k, v]) => `${enc(k)}=${enc(typeof v === 'string' ? v : JSON.stringify(v))}`).join('&');

describe('API property: valid, messy and hostile input on every route', () => {
  let t: TestApp;
  let tokenA: string;
  const seen: Record<string, Record<number, number>> = {};
  const count = (route: string, status: number) => ((seen[route] ??= {})[status] = (seen[route][status] ?? 0) + 1);

  beforeAll(async () => {
    t = await startTestApp();
    const f = new Fixtures(t);
    await f.clinic('pa', 'America/Chicago', ALL_WEEK, { name: 'Clinic A' });
    await f.clinic('zzsecret-clinic', 'America/Chicago', ALL_WEEK, { name: 'Zzsecret Clinic' });
    for (const r of OWN_RESOURCES) await f.resource(r, 'pa');
    await f.resource('zzsecret-chair', 'zzsecret-clinic');
    await f.provider('pa-d1', 'pa');
    await f.provider('zzsecret-prov', 'zzsecret-clinic');
    await f.sessions([
      {
        externalId: 'zzsecret-s1',
        resourceId: 'zzsecret-chair',
        providerId: 'zzsecret-prov',
        patientRef: 'zzsecret-patient',
        scheduledStart: inst(60),
        scheduledEnd: inst(120),
        status: 'COMPLETED',
      },
      { externalId: 's-1', resourceId: 'pa-1', providerId: 'pa-d1', patientRef: 'p-1', scheduledStart: inst(60), scheduledEnd: inst(120), status: 'COMPLETED' },
    ]);
    await f.backfill('2026-03-01', '2026-03-04');
    tokenA = await t.token({ clinicIds: ['pa'], sub: 'property' });
  }, 60_000);
  afterAll(async () => {
    // what was thrown and what came back, per route and status (the closing note of issue 9 quotes it)
    console.log(`API property (${RUNS} cases per route): ${JSON.stringify(seen)}`);
    await t?.close();
  });

  /** A digest of every input table: a refused request must leave it unchanged. */
  async function digest(): Promise<string> {
    const tables = [
      'clinic',
      'clinic_hours',
      'resource',
      'resource_hours',
      'provider',
      'provider_clinic',
      'clinic_exception',
      'resource_exception',
      'chair_session',
      'block',
    ];
    const parts = await Promise.all(
      tables.map(
        async (tb) => (await t.sql<{ d: string | null }>(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS d FROM ${tb} x`))[0].d,
      ),
    );
    return parts.join(',');
  }

  /** No answer holds the other clinic's data; it may only echo what the request itself sent (an error or `rejected` naming a field). */
  const noSecrets = (route: string, status: number, body: string, sent: string) => {
    for (const s of SECRETS) {
      if (body.includes(s) && !sent.includes(s)) throw new Error(`${route}: the answer (${status}) holds another clinic's data (${s}): ${body.slice(0, 400)}`);
    }
  };

  it.each(Object.keys(ROUTES))(
    'POST /api/v1/ops/intake/%s',
    async (route) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(ROUTES[route], { minLength: 1, maxLength: 4 }),
          fc.constantFrom('', '?onInvalid=skip', '?onInvalid=reject'),
          async (items, mode) => {
            const before = await digest();
            const r = await t.http.post(`/api/v1/ops/intake/${route}${mode}`).set('Authorization', `Bearer ${tokenA}`).send({ items });
            count(route, r.status);
            if (r.status >= 500) throw new Error(`${route}${mode} answered ${r.status} to ${JSON.stringify(items)}: ${JSON.stringify(r.body)}`);
            // a 403 names the clinic the item reached into (the intake policy says so); no other answer holds the other clinic's data
            if (r.status !== 403) noSecrets(route, r.status, JSON.stringify(r.body), JSON.stringify(items));
            if (r.status !== 200) {
              expect([400, 403]).toContain(r.status);
              expect(await digest()).toBe(before);
              return;
            }
            if (route !== 'sessions') return;
            // read back exactly what was accepted
            const rejected = new Set(((r.body.rejected ?? []) as { index: number }[]).map((e) => e.index));
            for (const [i, s] of items.entries()) {
              if (rejected.has(i)) continue;
              const id = String(s.externalId).trim();
              const [row] = await t.sql<Record<string, string | number | null>>(
                `SELECT resource_id, patient_ref, status::text AS status, procedures, production_value::float8 AS value,
                    (extract(epoch FROM scheduled_start) * 1000)::float8 AS ss, (extract(epoch FROM scheduled_end) * 1000)::float8 AS se,
                    (extract(epoch FROM actual_start) * 1000)::float8 AS "as", (extract(epoch FROM actual_end) * 1000)::float8 AS ae,
                    (extract(epoch FROM cancelled_at) * 1000)::float8 AS ca, (extract(epoch FROM booked_at) * 1000)::float8 AS ba
             FROM chair_session WHERE external_id = $1`,
                [id],
              );
              const ms = (v: unknown) => (v == null ? null : Date.parse(typeof v === 'string' ? v : JSON.stringify(v)));
              expect(row).toEqual({
                resource_id: s.resourceId,
                patient_ref: String(s.patientRef).trim(),
                status: s.status,
                procedures: s.procedures ?? 0,
                // amounts are stored to the cent (numeric(14,2)): 5e-324 is kept as 0
                value:
                  s.productionValue == null
                    ? null
                    : row.value !== null && Math.abs(Number(row.value) - Number(s.productionValue)) <= 0.005 + 1e-9
                      ? row.value
                      : Number(s.productionValue),
                ss: ms(s.scheduledStart),
                se: ms(s.scheduledEnd),
                as: ms(s.actualStart),
                ae: ms(s.actualEnd),
                ca: ms(s.cancelledAt),
                ba: ms(s.bookedAt),
              });
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    120_000,
  );

  it.each(Object.keys(GETS))(
    'GET %s',
    async (route) => {
      await fc.assert(
        fc.asyncProperty(GETS[route], queryArb(route), async (path, pairs) => {
          const url = pairs.length ? `${path}?${qs(pairs)}` : path;
          const r = await t.http.get(url).set('Authorization', `Bearer ${tokenA}`);
          count(route, r.status);
          if (r.status >= 500) throw new Error(`GET ${url} answered ${r.status}: ${JSON.stringify(r.body)}`);
          // a 403 may name the clinic that was asked for; anything else must not hold the other clinic's data
          if (r.status !== 403) noSecrets(route, r.status, r.text, decodeURIComponent(url.replace(/%E[0-9A-F]%[89AB][0-9A-F]%[89AB][0-9A-F]/gi, '')));
        }),
        { numRuns: RUNS },
      );
    },
    120_000,
  );

  it('POST /rollups and PUT /settings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          clinicIds: fc.option(fc.array(fc.oneof(fc.constantFrom('pa', 'zzsecret-clinic'), hostileText), { maxLength: 3 })),
          from: fc.oneof(fc.constant('2026-03-01'), hostileText),
          to: fc.oneof(fc.constant('2026-03-02'), hostileText),
        }),
        fc.record(
          { lowThreshold: anyValue, targetLow: fc.oneof(fc.constant(0.7), anyValue), minSlotMinutes: fc.oneof(fc.constant(15), anyValue) },
          { requiredKeys: [] },
        ),
        fc.oneof(fc.constantFrom('pa', 'zzsecret-clinic'), hostileText),
        async (run, settings, clinic) => {
          const a = await t.http.post(`${Q}/rollups`).set('Authorization', `Bearer ${tokenA}`).send(run);
          count('rollups', a.status);
          if (a.status >= 500) throw new Error(`POST rollups ${JSON.stringify(run)} answered ${a.status}: ${JSON.stringify(a.body)}`);
          if (a.status === 202) expect(a.body.clinicIds).not.toContain('zzsecret-clinic');
          const before = await digest();
          const b = await t.http
            .put(`${Q}/settings/${enc(clinic)}`)
            .set('Authorization', `Bearer ${tokenA}`)
            .send(settings);
          count('settings PUT', b.status);
          if (b.status >= 500) throw new Error(`PUT settings/${clinic} ${JSON.stringify(settings)} answered ${b.status}: ${JSON.stringify(b.body)}`);
          if (b.status !== 200) expect(await digest()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);
});
