/**
 * Issue 14: team goals. Opt-in per clinic (ops:admin), for the team as a whole; progress, streaks and milestones from the
 * rolled-up rows, across week and month boundaries in each clinic's own time zone; never per provider, and a goal whose
 * period was worked by fewer than 3 providers is not shown.
 *
 * The data (same local schedule at a Los Angeles and an Auckland clinic): weekdays 08:00–12:00 open, one chair used
 * 08:00–11:00 (75 %, inside the 70–85 % band) every weekday from Monday 5 January 2026 to 31 March, except the week of
 * 16 February (08:00–09:00 only, 25 %); no-shows 11:00–12:00 on 6 and 7 January and 10 March. 1–2 January are open
 * with nothing booked. Providers take turns by day.
 */
import { DateTime } from 'luxon';
import { startTestApp, type TestApp } from './support/app.js';
import { Fixtures, ROOT } from './support/fixtures.js';

const U = '/api/v1/ops/utilization';
const HOURS = {
  '1': [['08:00', '12:00']],
  '2': [['08:00', '12:00']],
  '3': [['08:00', '12:00']],
  '4': [['08:00', '12:00']],
  '5': [['08:00', '12:00']],
  '6': [],
  '7': [],
};
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function clinicWithTeam(f: Fixtures, id: string, zone: string, providers: number) {
  await f.intake.upsertClinics({ items: [{ id, name: id, timeZone: zone, hours: HOURS }] }, ROOT);
  await f.intake.upsertResources({ items: [{ id: `${id}-c1`, clinicId: id, kind: 'CHAIR', name: 'Chair 1', category: 'hygiene' }] }, ROOT);
  await f.intake.upsertProviders(
    { items: Array.from({ length: providers }, (_, i) => ({ id: `prov-${id}-${i}`, clinicId: id, name: `Person ${id} ${i}`, role: 'hygienist' })) },
    ROOT,
  );
  const local = (d: DateTime, hhmm: string) => DateTime.fromISO(`${d.toISODate()}T${hhmm}`, { zone }).toISO()!;
  const sessions = [];
  let n = 0;
  for (let d = DateTime.fromISO('2026-01-05', { zone: 'utc' }); d <= DateTime.fromISO('2026-03-31', { zone: 'utc' }); d = d.plus({ days: 1 })) {
    if (d.weekday > 5) continue;
    const low = d.toISODate()! >= '2026-02-16' && d.toISODate()! <= '2026-02-20';
    const providerId = `prov-${id}-${n++ % providers}`;
    sessions.push({
      externalId: `${id}-${d.toISODate()}`,
      resourceId: `${id}-c1`,
      providerId,
      patientRef: `pt-${n}`,
      scheduledStart: local(d, '08:00'),
      scheduledEnd: local(d, low ? '09:00' : '11:00'),
      status: 'COMPLETED' as const,
    });
    if (['2026-01-06', '2026-01-07', '2026-03-10'].includes(d.toISODate()!)) {
      sessions.push({
        externalId: `${id}-${d.toISODate()}-ns`,
        resourceId: `${id}-c1`,
        providerId,
        patientRef: `pt-ns-${n}`,
        scheduledStart: local(d, '11:00'),
        scheduledEnd: local(d, '12:00'),
        status: 'NO_SHOW' as const,
      });
    }
  }
  await f.sessions(sessions);
  await f.backfill('2026-01-01', '2026-03-31', [id]);
}

describe('team goals', () => {
  let t: TestApp;
  let f: Fixtures;
  let admin: string;
  const goalIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    await clinicWithTeam(f, 'g-la', 'America/Los_Angeles', 3);
    await clinicWithTeam(f, 'g-ak', 'Pacific/Auckland', 3);
    await clinicWithTeam(f, 'g-two', 'America/Los_Angeles', 2);
    await f.intake.upsertClinics({ items: [{ id: 'g-off', name: 'g-off', timeZone: 'Europe/Berlin', hours: HOURS }] }, ROOT);
    admin = await t.token({ sub: 'ops-lead' });
  });
  afterAll(() => t.close());

  const put = (path: string, body: unknown, tok = admin) =>
    t.http
      .put(path)
      .set('Authorization', `Bearer ${tok}`)
      .send(body as object);
  const post = (body: unknown, tok = admin) =>
    t.http
      .post(`${U}/goals`)
      .set('Authorization', `Bearer ${tok}`)
      .send(body as object);
  const progress = async (clinicId: string, asOf: string, tok = admin) =>
    (await t.get(`${U}/goals?clinicId=${clinicId}&asOf=${encodeURIComponent(asOf)}`, tok).expect(200)).body.clinics[0] as Json;
  const goal = (c: Json, kind: string) => c.goals.find((g: Json) => g.kind === kind);

  it('is opt-in per clinic (ops:admin); goals can be set only after opting in, for the team only', async () => {
    const viewer = await t.token({ permissions: ['ops:view_analytics'] });
    await put(`${U}/goals/g-la/opt-in`, { enabled: true }, viewer).expect(403);
    await post({ clinicId: 'g-la', kind: 'no-show-rate-below', target: 0.06 }).expect(409);
    const off = await progress('g-off', '2026-03-31T20:00:00Z');
    expect(off).toMatchObject({ optedIn: false, goals: [] });
    for (const c of ['g-la', 'g-ak', 'g-two']) {
      const r = await put(`${U}/goals/${c}/opt-in`, { enabled: true }).expect(200);
      expect(r.body).toMatchObject({ clinicId: c, optedIn: true, enabledBy: 'ops-lead', enabledAt: expect.stringMatching(/^\d{4}-/) });
    }
    await put(`${U}/goals/nowhere/opt-in`, { enabled: true }).expect(404);
    // never about individuals: a provider field is refused, as is an unknown kind or an out-of-range target
    const bad = await post({ clinicId: 'g-la', kind: 'no-show-rate-below', target: 0.06, providerId: 'prov-g-la-0' }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'providerId' })]);
    await post({ clinicId: 'g-la', kind: 'top-performer', target: 1 }).expect(400);
    await post({ clinicId: 'g-la', kind: 'utilization-in-band-weeks', target: 2.5 }).expect(400);
    await post({ clinicId: 'g-la', kind: 'no-show-rate-below', target: 6 }).expect(400);
    for (const c of ['g-la', 'g-ak', 'g-two']) {
      for (const [kind, target] of [
        ['utilization-in-band-weeks', 8],
        ['no-show-rate-below', 0.06],
        ['gap-hours-recovered', 5],
      ] as const) {
        // the label is optional: the gap-hours goals are set without one, and read back (shown or not) with label null
        const label = kind === 'gap-hours-recovered' ? undefined : `${kind} goal`;
        const r = await post({ clinicId: c, kind, target, label }).expect(201);
        expect(r.body).toMatchObject({ clinicId: c, kind, target, label: label ?? null, createdBy: 'ops-lead' });
        goalIds[`${c}/${kind}`] = r.body.id;
      }
    }
  });

  it("weeks in band: streak, longest run and milestones, across a month boundary and in each clinic's own week", async () => {
    // 20:00 UTC on Sunday 29 March: still Sunday in Los Angeles, already Monday 30 March in Auckland
    const asOf = '2026-03-29T20:00:00Z';
    const la = await progress('g-la', asOf);
    const ak = await progress('g-ak', asOf);
    expect(la.today).toBe('2026-03-29');
    expect(ak.today).toBe('2026-03-30');
    const gla = goal(la, 'utilization-in-band-weeks');
    const gak = goal(ak, 'utilization-in-band-weeks');
    // LA: complete weeks end with the week of 16 March: 23 Feb (which ends on 1 March), 2, 9, 16 March in band
    expect(gla).toMatchObject({
      shown: true,
      progress: { value: 4, target: 8, fraction: 0.5, achieved: false },
      streak: { current: 4, longest: 6, since: '2026-02-23' },
    });
    expect(gla.period.lastCompleteWeek).toEqual({ from: '2026-03-16', to: '2026-03-22', utilizationRate: 0.75 });
    // Auckland's week of 23 March is complete already
    expect(gak).toMatchObject({ progress: { value: 5 }, streak: { current: 5, longest: 6 } });
    expect(gla.milestones).toEqual([
      { label: '1 week in the band', weeks: 1, reached: true, reachedOn: '2026-03-01' },
      { label: '2 weeks in the band', weeks: 2, reached: true, reachedOn: '2026-03-08' },
      { label: '4 weeks in the band', weeks: 4, reached: true, reachedOn: '2026-03-22' },
      { label: '8 weeks in the band', weeks: 8, reached: false, reachedOn: null },
    ]);
    expect(gla.text).toBe('Utilization has been within the target band (70–85 %) for 4 weeks running, up to the week of 16 March 2026. Goal: 8 weeks.');
    // in the week after the low one, the streak had not started yet: the low week is named, factually
    const feb = goal(await progress('g-la', '2026-02-23T20:00:00Z'), 'utilization-in-band-weeks');
    expect(feb).toMatchObject({ progress: { value: 0 }, streak: { current: 0, longest: 6 } });
    expect(feb.text).toBe(
      'In the week of 16 February 2026 utilization was 25 %, outside the target band (70–85 %); a new run starts with the next week within it. Goal: 8 weeks running.',
    );
  });

  it("no-shows this month: the clinic's own month (March in Los Angeles, already April in Auckland), streak of complete months", async () => {
    const asOf = '2026-03-31T20:00:00Z';
    const la = goal(await progress('g-la', asOf), 'no-show-rate-below');
    const ak = goal(await progress('g-ak', asOf), 'no-show-rate-below');
    // LA: 1 no-show of 22 appointments from 1 to 30 March; January (2 of 22) was over 6 %, February (0 of 20) under
    expect(la).toMatchObject({
      shown: true,
      period: { kind: 'month', current: { from: '2026-03-01', to: '2026-03-30', days: 30 } },
      progress: { value: 0.0455, noShows: 1, appointments: 22, onTrack: true },
      streak: { current: 1, longest: 1, since: '2026-02-01' },
    });
    expect(la.text).toBe('No-shows so far in March 2026: 4.5 % of 22 appointments. Goal: under 6 %. The 1 month before was under it.');
    // Auckland: April has no day rolled up yet; February and March are complete months under 6 %
    expect(ak).toMatchObject({
      shown: true,
      period: { current: { from: '2026-04-01', to: null, days: 0 } },
      progress: { value: null, onTrack: null },
      streak: { current: 2, longest: 2, since: '2026-02-01' },
    });
    expect(ak.text).toBe('No appointments rolled up yet in April 2026. March 2026 ended at 4.3 % of 23 appointments. Goal: no-shows under 6 % this month.');
  });

  it('chair-hours of gaps recovered this month, against the gap share of the months before', async () => {
    const asOf = '2026-03-31T20:00:00Z';
    const la = goal(await progress('g-la', asOf), 'gap-hours-recovered');
    // January: 88 h open, 60 used, 2 no-show, 26 gap; February: 80 open, 50 used, 30 gap → share 56/168 = 1/3.
    // March 1–30: 84 h open, 63 used, 1 no-show, 20 gap → 84/3 − 20 = 8 chair-hours recovered.
    expect(la).toMatchObject({
      progress: { value: 8, target: 5, fraction: 1, achieved: true, baselineGapShare: 0.3333, gapChairHours: 20, openChairHours: 84 },
      streak: { current: 0 },
    });
    expect(la.text).toBe(
      'So far in March 2026, gaps took 8 chair-hours less than the share of the months before (33.3 % of open time). Goal: 5 chair-hours. Goal reached.',
    );
    expect(la.milestones.map((m: Json) => m.reached)).toEqual([true, true, true, true]);
    // Auckland: April has nothing yet; complete March (88 h open, 21 gap: 88/3 − 21 = 8.3) reached the goal: a streak of 1
    const ak = goal(await progress('g-ak', asOf), 'gap-hours-recovered');
    expect(ak).toMatchObject({ progress: { value: null, achieved: false }, streak: { current: 1, since: '2026-03-01' } });
    // mid-February: share of January only (26/88), February so far worse than it
    const feb = goal(await progress('g-la', '2026-02-21T12:00:00Z'), 'gap-hours-recovered');
    expect(feb.progress.value).toBeLessThan(0);
    expect(feb.text).toMatch(
      /^So far in February 2026, gaps took [\d.]+ chair-hours more than the share of the months before \(29\.5 % of open time\)\. Goal: 5 chair-hours recovered\.$/,
    );
  });

  it('privacy: a goal over fewer than 3 providers is not shown; nothing names, counts or orders providers', async () => {
    const two = await progress('g-two', '2026-03-31T20:00:00Z');
    expect(two.goals).toHaveLength(3);
    for (const g of two.goals) {
      expect(Object.keys(g).sort()).toEqual(['id', 'kind', 'label', 'reason', 'shown']);
      expect(g).toMatchObject({
        shown: false,
        label: g.kind === 'gap-hours-recovered' ? null : `${g.kind} goal`,
        reason: expect.stringMatching(/fewer than 3 providers/),
      });
    }
    const all = await t.get(`${U}/goals?asOf=2026-03-31T20:00:00Z`).expect(200);
    const body = JSON.stringify(all.body);
    expect(body).not.toMatch(/prov-|Person /);
    expect(body).not.toMatch(/\brank|leaderboard|\btop\b|best provider|worst|!/i);
    for (const c of all.body.clinics) for (const g of c.goals) expect(Object.keys(g)).not.toEqual(expect.arrayContaining(['providerId']));
  });

  it('tenancy: a token sees and changes only the goals of its clinics', async () => {
    const la = await t.token({ sub: 'la-admin', clinicIds: ['g-la'] });
    const laViewer = await t.token({ permissions: ['ops:view_analytics'], clinicIds: ['g-la'] });
    await t.get(`${U}/goals?clinicId=g-ak`, la).expect(403);
    const mine = await t.get(`${U}/goals?asOf=2026-03-31T20:00:00Z`, laViewer).expect(200);
    expect(mine.body.clinics.map((c: Json) => c.clinicId)).toEqual(['g-la']);
    await post({ clinicId: 'g-ak', kind: 'no-show-rate-below', target: 0.05 }, la).expect(403);
    await put(`${U}/goals/g-ak/opt-in`, { enabled: false }, la).expect(403);
    await t.http.delete(`${U}/goals/${goalIds['g-ak/no-show-rate-below']}`).set('Authorization', `Bearer ${la}`).expect(404);
    await t.http.delete(`${U}/goals/${goalIds['g-la/no-show-rate-below']}`).set('Authorization', `Bearer ${laViewer}`).expect(403);
    await t.http.delete(`${U}/goals/nope`).set('Authorization', `Bearer ${la}`).expect(400);
    await t.get(`${U}/goals?asOf=yesterday`, laViewer).expect(400);
    await t.http.delete(`${U}/goals/${goalIds['g-la/no-show-rate-below']}`).set('Authorization', `Bearer ${la}`).expect(204);
    expect((await progress('g-la', '2026-03-31T20:00:00Z', laViewer)).goals.map((g: Json) => g.kind)).toEqual([
      'utilization-in-band-weeks',
      'gap-hours-recovered',
    ]);
    // opting out hides the goals and keeps them; opting in again shows them
    await put(`${U}/goals/g-ak/opt-in`, { enabled: false }).expect(200);
    expect(await progress('g-ak', '2026-03-31T20:00:00Z')).toMatchObject({ optedIn: false, goals: [] });
    await put(`${U}/goals/g-ak/opt-in`, { enabled: true }).expect(200);
    expect((await progress('g-ak', '2026-03-31T20:00:00Z')).goals).toHaveLength(3);
  });
});
