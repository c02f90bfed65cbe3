import { PrismaService } from '../src/database/prisma.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { Fixtures } from './support/fixtures.js';

/**
 * PUT /settings/{clinicId} with a new minimum slot marks every computed day of the clinic dirty once, also when a
 * day has rows of several resources (one dirty_day row per clinic-day).
 */
describe('settings: a new minimum slot marks the computed days dirty', () => {
  let t: TestApp;
  let f: Fixtures;
  const WEEKDAYS = {
    '1': [['08:00', '12:00']],
    '2': [['08:00', '12:00']],
    '3': [['08:00', '12:00']],
    '4': [['08:00', '12:00']],
    '5': [['08:00', '12:00']],
  } as never;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    await f.clinic('ms', 'Europe/Berlin', WEEKDAYS);
    for (const c of ['ms-1', 'ms-2', 'ms-3']) await f.resource(c, 'ms');
    await f.sessions([
      {
        externalId: 'ms-s1',
        resourceId: 'ms-1',
        patientRef: 'p1',
        scheduledStart: '2026-03-03T08:00:00Z',
        scheduledEnd: '2026-03-03T09:00:00Z',
        status: 'COMPLETED',
      },
      {
        externalId: 'ms-s2',
        resourceId: 'ms-2',
        patientRef: 'p2',
        scheduledStart: '2026-03-04T08:00:00Z',
        scheduledEnd: '2026-03-04T09:30:00Z',
        status: 'COMPLETED',
      },
    ] as never);
    await f.backfill('2026-03-02', '2026-03-06', ['ms']);
  });
  afterAll(() => t?.close());

  it('answers 200 and marks each computed day once per change of the slot', async () => {
    const prisma = t.app.get(PrismaService);
    const days = await prisma.resourceUtilization.groupBy({ by: ['date'], where: { clinicId: 'ms' } });
    expect(days.length).toBe(5);
    expect(await prisma.resourceUtilization.count({ where: { clinicId: 'ms' } })).toBe(15);
    await prisma.dirtyDay.deleteMany({ where: { clinicId: 'ms' } });

    const r = await t.http
      .put('/api/v1/ops/utilization/settings/ms')
      .set('Authorization', `Bearer ${await t.token()}`)
      .send({ minSlotMinutes: 30 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ clinicId: 'ms', minSlotMinutes: 30 });
    const dirty = await prisma.dirtyDay.findMany({ where: { clinicId: 'ms' }, orderBy: { date: 'asc' } });
    expect(dirty.map((d) => d.date.toISOString().slice(0, 10))).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']);

    // a second change marks them again (a later marked_at), still once per day
    const before = new Map(dirty.map((d) => [d.date.getTime(), d.markedAt.getTime()]));
    const again = await t.http
      .put('/api/v1/ops/utilization/settings/ms')
      .set('Authorization', `Bearer ${await t.token()}`)
      .send({ minSlotMinutes: 20 });
    expect(again.status).toBe(200);
    const after = await prisma.dirtyDay.findMany({ where: { clinicId: 'ms' } });
    expect(after.length).toBe(5);
    for (const d of after) expect(d.markedAt.getTime()).toBeGreaterThan(before.get(d.date.getTime())!);

    // the same slot again marks nothing
    await prisma.dirtyDay.deleteMany({ where: { clinicId: 'ms' } });
    const same = await t.http
      .put('/api/v1/ops/utilization/settings/ms')
      .set('Authorization', `Bearer ${await t.token()}`)
      .send({ minSlotMinutes: 20, targetLow: 0.72 });
    expect(same.status).toBe(200);
    expect(await prisma.dirtyDay.count({ where: { clinicId: 'ms' } })).toBe(0);
  });
});
