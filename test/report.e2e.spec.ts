/**
 * The report: suggestions for a low clinic name weekdays, hours, chairs and chair-hours; risks for an overbooked
 * one; providers under the privacy rule; CSV equals JSON.
 */
import { startTestApp, type TestApp } from './support/app.js';
import { at, Fixtures, WEEKDAYS } from './support/fixtures.js';

const EST = '-05:00';

describe('report', () => {
  let t: TestApp;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    // "low": four chairs open 08–18; busy mornings, empty Wednesday afternoons, one chair barely used
    await f.clinic('rp', 'America/Chicago', { '1': [['08:00', '18:00']], '2': [['08:00', '18:00']], '3': [['08:00', '18:00']], '4': [['08:00', '18:00']], '5': [['08:00', '18:00']] });
    // "busy": one chair, 08–10, booked solid with overruns
    await f.clinic('rp-busy', 'America/Chicago', WEEKDAYS([['08:00', '10:00']]));
    for (const c of ['rp-1', 'rp-2', 'rp-3', 'rp-4']) await f.resource(c, 'rp');
    await f.resource('rp-busy-1', 'rp-busy');
    for (const p of ['rp-d1', 'rp-d2', 'rp-d3']) await f.provider(p, 'rp', 'dentist');
    await f.provider('rp-o1', 'rp', 'orthodontist');
    const sessions = [];
    for (let d = 1; d <= 30; d++) {
      const day = `2026-04-${String(d).padStart(2, '0')}`;
      const dow = new Date(`${day}T12:00:00Z`).getUTCDay();
      if (dow === 0 || dow === 6) continue;
      for (const [i, c] of ['rp-1', 'rp-2', 'rp-3'].entries()) {
        sessions.push({ externalId: `rp-${c}-${d}-am`, resourceId: c, providerId: `rp-d${i + 1}`, patientRef: `p${d}${i}`, scheduledStart: at(`${day}T08:00`, EST), scheduledEnd: at(`${day}T12:30`, EST), status: 'COMPLETED' as const, productionValue: 100 + i });
        if (dow !== 3) sessions.push({ externalId: `rp-${c}-${d}-pm`, resourceId: c, providerId: `rp-d${i + 1}`, patientRef: `q${d}${i}`, scheduledStart: at(`${day}T13:00`, EST), scheduledEnd: at(`${day}T16:00`, EST), status: 'COMPLETED' as const });
      }
      if (d % 5 === 0) sessions.push({ externalId: `rp-4-${d}`, resourceId: 'rp-4', providerId: 'rp-o1', patientRef: `r${d}`, scheduledStart: at(`${day}T09:00`, EST), scheduledEnd: at(`${day}T10:00`, EST), status: 'COMPLETED' as const });
    }
    for (let d = 1; d <= 30; d++) {
      const day = `2026-04-${String(d).padStart(2, '0')}`;
      sessions.push({ externalId: `busy-${d}`, resourceId: 'rp-busy-1', patientRef: `b${d}`, scheduledStart: at(`${day}T07:50`, EST), scheduledEnd: at(`${day}T10:20`, EST), status: 'COMPLETED' as const });
    }
    await f.sessions(sessions);
    await f.backfill('2026-04-01', '2026-04-30', ['rp', 'rp-busy']);
  });
  afterAll(() => t.close());

  it('suggests releasing the quiet hours and consolidating the idle chair, with chair-hours', async () => {
    const res = await t.get('/api/v1/ops/utilization/report?clinicId=rp&from=2026-04-01&to=2026-04-30').expect(200);
    expect(res.body.summary.current.status).toBe('low');
    const release = res.body.suggestions.filter((s: { kind: string }) => s.kind === 'release-hours');
    expect(release.length).toBeGreaterThan(0);
    const wed = release.find((s: { weekday: string }) => s.weekday === 'Wednesday');
    expect(wed).toBeDefined();
    expect(wed.hours).toMatch(/^1[2-3]:00–18:00$/);
    expect(wed.chairHours).toBeGreaterThan(0);
    const consolidate = res.body.suggestions.find((s: { kind: string }) => s.kind === 'consolidate-chair');
    expect(consolidate.chairs).toEqual(['rp-4']);
    expect(consolidate.chairHours).toBeCloseTo(22 * 10, 0); // 22 weekdays × 10 h: all of its open time is freed
    const grid = res.body.clinics[0].peakLow.grid;
    const wed15 = grid.find((c: { weekday: number; hour: number }) => c.weekday === 3 && c.hour === 15);
    expect(wed15).toMatchObject({ mark: 'low', utilizationRate: 0 });
    expect(res.body.risks).toEqual([]);
  });

  it('lists risks for an overbooked clinic', async () => {
    const res = await t.get('/api/v1/ops/utilization/report?clinicId=rp-busy&from=2026-04-01&to=2026-04-30').expect(200);
    expect(res.body.summary.current.status).toBe('overbooking-risk');
    expect(res.body.risks[0]).toMatchObject({ kind: 'add-hours', severity: 'risk' });
    expect(res.body.risks[0].text).toMatch(/overbooking risk/);
  });

  it('shows providers only as distributions without the permission, and never ranked', async () => {
    const viewer = await t.token({ permissions: ['ops:view_analytics'] });
    const res = await t.get('/api/v1/ops/utilization/report?clinicId=rp&from=2026-04-01&to=2026-04-30', viewer).expect(200);
    const text = JSON.stringify(res.body.providers);
    for (const id of ['rp-d1', 'rp-d2', 'rp-d3', 'rp-o1']) expect(text).not.toContain(id);
    expect(res.body.providers.individuals).toBeUndefined();
    expect(res.body.providers.byRole.dentist.suppressed).toBe(false);
    expect(res.body.providers.byRole.orthodontist).toMatchObject({ suppressed: true, providers: 1 });
    expect(text.replace(res.body.providers.privacy, "")).not.toMatch(/rank/i);
    const detail = await t.get('/api/v1/ops/utilization/report?clinicId=rp&from=2026-04-01&to=2026-04-30').expect(200);
    expect(detail.body.providers.individuals.map((p: { providerId: string }) => p.providerId)).toEqual(['rp-d1', 'rp-d2', 'rp-d3', 'rp-o1']); // by name, not by performance
  });

  it('answers CSV with the same numbers', async () => {
    const json = await t.get('/api/v1/ops/utilization/report?clinicId=rp&from=2026-04-01&to=2026-04-30').expect(200);
    const csv = await t.get('/api/v1/ops/utilization/report?clinicId=rp&from=2026-04-01&to=2026-04-30&format=csv').expect(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="utilization-report_2026-04-01_2026-04-30.csv"');
    const line = csv.text.split('\n').find((l) => l.startsWith('summary,rp,current,utilizationRate,'));
    expect(line).toBe(`summary,rp,current,utilizationRate,${json.body.summary.current.utilizationRate}`);
    expect(csv.text).toContain(`resources,rp,rp-4,utilizationRate,${json.body.resources.find((r: { resourceId: string }) => r.resourceId === 'rp-4').utilizationRate}`);
    await t.get('/api/v1/ops/utilization/report?clinicId=rp&from=2026-04-01').expect(400);
    await t.get('/api/v1/ops/utilization/report?clinicId=rp&from=2026-04-01&to=2026-04-30&format=pdf').expect(400);
  });
});
