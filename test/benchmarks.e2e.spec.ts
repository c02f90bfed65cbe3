/**
 * Issue 14: the benchmark catalogue (every entry has a source, a year and a metric the service knows), comparisons of a
 * clinic's figures with it in the headline, chairs and report, the group's own benchmarks (ops:admin, clinic-scoped, kept
 * with who set them and when), resource categories through the intake and a band per category.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cataloguePath, loadCatalogue, parseCatalogue } from '../src/benchmarks/catalogue.js';
import { compareFigure } from '../src/benchmarks/compare.js';
import { RESOURCE_CATEGORIES } from '../src/intake/schemas.js';
import { METRIC_NAMES, RESOURCE_METRICS } from '../src/domain/metrics.js';
import { startTestApp, type TestApp } from './support/app.js';
import { at, Fixtures, ROOT, WEEKDAYS } from './support/fixtures.js';

const U = '/api/v1/ops/utilization';
const CST = '-06:00';
const shipped = () => JSON.parse(readFileSync(resolve(process.cwd(), 'data/benchmarks.json'), 'utf8'));

describe('benchmark catalogue (data/benchmarks.json)', () => {
  it('is the shipped data file, at a schema version this service reads', () => {
    expect(cataloguePath()).toBe(resolve(process.cwd(), 'data/benchmarks.json'));
    const c = loadCatalogue();
    expect(c.schemaVersion).toBe(1);
    expect(c.entries.length).toBeGreaterThanOrEqual(5);
  });

  it('every entry has a source with an https address, a year, a population, a definition note and a metric the service knows', () => {
    for (const e of loadCatalogue().entries) {
      expect({ id: e.id, known: METRIC_NAMES.includes(e.metric) && e.metric in RESOURCE_METRICS }).toEqual({ id: e.id, known: true });
      expect(e.source.name.length).toBeGreaterThan(5);
      expect(e.source.url).toMatch(/^https:\/\/[^ ]+\.[a-z]{2,}\//);
      expect(e.year).toBeGreaterThanOrEqual(2000);
      expect(e.year).toBeLessThanOrEqual(2026);
      expect(e.population.length).toBeGreaterThan(5);
      expect(e.differsFromOurs.length).toBeGreaterThan(20);
      expect(['verified', 'partial', 'unverified']).toContain(e.verification.status);
      if (e.category) expect(RESOURCE_CATEGORIES as readonly string[]).toContain(e.category);
    }
  });

  it('holds the figures issue 14 names, vendor figures marked as such', () => {
    const byId = new Map(loadCatalogue().entries.map((e) => [e.id, e]));
    expect(byId.get('ada-hpi-2022-schedule-full')).toMatchObject({
      metric: 'scheduledUtilizationRate',
      range: { low: 0.77, high: 0.88 },
      year: 2022,
      source: { vendor: false },
    });
    expect(byId.get('hs1-catalyst-2026-no-show')).toMatchObject({
      metric: 'noShowRate',
      value: 0.03,
      topDecile: { value: 0.01 },
      year: 2026,
      source: { vendor: true },
    });
    expect(byId.get('planet-dds-2025-no-show')).toMatchObject({ metric: 'noShowRate', value: 0.074, year: 2025, source: { vendor: true } });
    expect(byId.get('hygiene-open-time-consultant')).toMatchObject({
      metric: 'scheduledUtilizationRate',
      category: 'hygiene',
      range: { low: 0.9, high: 0.92 },
    });
    expect(byId.get('tyler-2003-or-optimum')).toMatchObject({
      metric: 'utilizationRate',
      range: { low: 0.85, high: 0.9 },
      year: 2003,
      source: { vendor: false },
    });
    // what could not be verified from here is said in the entry
    for (const e of byId.values()) if (e.verification.status !== 'verified') expect(e.verification.note).toMatch(/not (be )?(found|opened)/);
  });

  it('refuses a catalogue whose entry lacks a source, names an unknown metric, has no year, or another schema version', () => {
    const good = shipped();
    expect(() => parseCatalogue(good)).not.toThrow();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a catalogue broken on purpose, field by field
    const broken = (f: (c: any) => void) => {
      const c = shipped();
      f(c);
      return () => parseCatalogue(c);
    };
    expect(broken((c) => delete c.entries[0].source)).toThrow(/entries\.0\.source/);
    expect(broken((c) => (c.entries[0].metric = 'happiness'))).toThrow(/entries\.0\.metric/);
    expect(broken((c) => (c.entries[0].metric = 'usedMinutes'))).toThrow(/entries\.0\.metric/); // a sum, not a rate: not comparable
    expect(broken((c) => delete c.entries[1].year)).toThrow(/entries\.1\.year/);
    expect(broken((c) => (c.entries[1].source.url = 'http://example.com/x'))).toThrow(/entries\.1\.source\.url/);
    expect(broken((c) => (c.schemaVersion = 2))).toThrow(/schemaVersion/);
    expect(broken((c) => (c.entries[2].id = c.entries[0].id))).toThrow(/unique/);
  });

  it('compares a figure with the matching entries: range, sources, where it stands, how definitions differ', () => {
    const c = compareFigure('noShowRate', 0.095);
    expect(c.summary).toBe('no-show 9.5 % · industry 3–7.4 % (Henry Schein One 2026, Planet DDS 2025; vendor data)');
    expect(c.industry).toMatchObject({ low: 0.03, high: 0.074 });
    expect(c.benchmarks.map((b) => b.position)).toEqual(['above', 'above']);
    expect(c.definitionNotes.join(' ')).toMatch(/per patient/i);
    expect(compareFigure('noShowRate', 0.05).benchmarks.map((b) => b.position)).toEqual(['above', 'below']);
    expect(compareFigure('noShowRate', 0.03).benchmarks[0].position).toBe('within');
    expect(compareFigure('noShowRate', null).benchmarks.map((b) => b.position)).toEqual([null, null]);
    // a category figure meets its category's entries only; a clinic figure only the general ones
    expect(compareFigure('scheduledUtilizationRate', 0.9, { category: 'hygiene' }).benchmarks.map((b) => b.id)).toEqual(['hygiene-open-time-consultant']);
    expect(compareFigure('scheduledUtilizationRate', 0.8).benchmarks.map((b) => b.id)).toEqual(['ada-hpi-2022-schedule-full']);
    expect(compareFigure('scheduledUtilizationRate', 0.8, { category: 'imaging' }).benchmarks).toEqual([]);
  });
});

describe('benchmarks, group benchmarks and category bands over HTTP', () => {
  let t: TestApp;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    await f.clinic('bm', 'America/Chicago', WEEKDAYS([['08:00', '12:00']]));
    await f.clinic('bm2', 'America/Chicago', WEEKDAYS([['08:00', '12:00']]));
    await f.intake.upsertResources(
      {
        items: [
          { id: 'bm-hyg', clinicId: 'bm', kind: 'CHAIR', name: 'Hygiene 1', category: 'Hygiene' },
          { id: 'bm-res', clinicId: 'bm', kind: 'CHAIR', name: 'Operatory 1', category: 'restorative' },
          { id: 'bm-x', clinicId: 'bm', kind: 'CHAIR', name: 'Chair without category' },
          { id: 'bm2-1', clinicId: 'bm2', kind: 'CHAIR', name: 'Chair' },
        ],
      },
      ROOT,
    );
    const sessions = [];
    // March 2–6 (CST): both categorised chairs used 08:00–11:30 (87.5 %); a no-show each day on the uncategorised chair beside one completed hour
    for (let d = 2; d <= 6; d++) {
      const day = `2026-03-0${d}`;
      for (const r of ['bm-hyg', 'bm-res'])
        sessions.push({
          externalId: `${r}-${d}`,
          resourceId: r,
          patientRef: `p-${r}`,
          scheduledStart: at(`${day}T08:00`, CST),
          scheduledEnd: at(`${day}T11:30`, CST),
          status: 'COMPLETED' as const,
        });
      sessions.push({
        externalId: `bm-x-${d}`,
        resourceId: 'bm-x',
        patientRef: 'p-x',
        scheduledStart: at(`${day}T08:00`, CST),
        scheduledEnd: at(`${day}T09:00`, CST),
        status: 'COMPLETED' as const,
      });
      sessions.push({
        externalId: `bm-x-ns-${d}`,
        resourceId: 'bm-x',
        patientRef: 'p-y',
        scheduledStart: at(`${day}T09:00`, CST),
        scheduledEnd: at(`${day}T10:00`, CST),
        status: 'NO_SHOW' as const,
      });
      sessions.push({
        externalId: `bm2-${d}`,
        resourceId: 'bm2-1',
        patientRef: 'p-z',
        scheduledStart: at(`${day}T08:00`, CST),
        scheduledEnd: at(`${day}T11:00`, CST),
        status: 'COMPLETED' as const,
      });
    }
    await f.sessions(sessions);
    await f.backfill('2026-03-02', '2026-03-06', ['bm', 'bm2']);
  });
  afterAll(() => t.close());

  const period = 'from=2026-03-02&to=2026-03-06';

  it('intake: category is optional, lowercased, kept when omitted, removed with null, refused when not a word', async () => {
    const cat = async (id: string) => (await t.sql<{ category: string | null }>('SELECT category FROM resource WHERE id = $1', [id]))[0].category;
    expect(await cat('bm-hyg')).toBe('hygiene');
    expect(await cat('bm-x')).toBeNull();
    // a feed that does not know categories does not erase them
    const r1 = await t.post('/api/v1/ops/intake/resources', { items: [{ id: 'bm-hyg', clinicId: 'bm', kind: 'CHAIR', name: 'Hygiene 1' }] }).expect(200);
    expect(r1.body).toMatchObject({ unchanged: 1 });
    expect(await cat('bm-hyg')).toBe('hygiene');
    await t.post('/api/v1/ops/intake/resources', { items: [{ id: 'bm-tmp', clinicId: 'bm', kind: 'ROOM', name: 'Tmp', category: 'imaging' }] }).expect(200);
    expect(await cat('bm-tmp')).toBe('imaging');
    const r2 = await t
      .post('/api/v1/ops/intake/resources', { items: [{ id: 'bm-tmp', clinicId: 'bm', kind: 'ROOM', name: 'Tmp', category: null }] })
      .expect(200);
    expect(r2.body).toMatchObject({ updated: 1 });
    expect(await cat('bm-tmp')).toBeNull();
    const bad = await t
      .post('/api/v1/ops/intake/resources', { items: [{ id: 'bm-tmp', clinicId: 'bm', kind: 'ROOM', name: 'Tmp', category: 'x ray!' }] })
      .expect(400);
    expect(bad.body.errors[0]).toMatchObject({ index: 0, field: 'category' });
    await t.sql("DELETE FROM resource WHERE id = 'bm-tmp'");
  });

  it('headline: the clinic figures beside the matching benchmarks, per category too', async () => {
    const res = await t.get(`${U}?clinicId=bm&${period}`).expect(200);
    const noShow = res.body.benchmarks.find((c: { metric: string }) => c.metric === 'noShowRate');
    // 5 no-shows of 20 appointments
    expect(res.body.current.noShowRate).toBe(0.25);
    expect(noShow.summary).toBe('no-show 25 % · industry 3–7.4 % (Henry Schein One 2026, Planet DDS 2025; vendor data)');
    expect(noShow.benchmarks.map((b: { source: { url: string } }) => b.source.url)).toEqual([
      expect.stringMatching(/^https:\/\/www\.henryscheinone\.com\//),
      expect.stringMatching(/^https:\/\/www\.businesswire\.com\//),
    ]);
    const booked = res.body.benchmarks.find((c: { metric: string }) => c.metric === 'scheduledUtilizationRate');
    expect(booked.benchmarks[0]).toMatchObject({ id: 'ada-hpi-2022-schedule-full', display: '77–88 %', verification: 'partial' });
    const hyg = res.body.byCategory.find((c: { category: string }) => c.category === 'hygiene');
    expect(hyg).toMatchObject({
      chairs: 1,
      utilizationRate: 0.875,
      scheduledUtilizationRate: 0.875,
      status: 'high',
      band: { source: 'clinic', targetHigh: 0.85 },
    });
    expect(hyg.benchmarks[0].summary).toBe('hygiene booked 87.5 % · industry 90–92 % (consultant target 2022; vendor data)');
    expect(hyg.benchmarks[0].benchmarks[0].position).toBe('below');
    expect(res.body.byCategory.map((c: { category: string }) => c.category)).toEqual(['hygiene', 'restorative']);
  });

  it('category bands: hygiene chairs judged by their own band in the headline and /chairs; others keep the clinic band', async () => {
    const viewer = await t.token({ permissions: ['ops:view_analytics'], clinicIds: ['bm'] });
    await t.http.put(`${U}/settings/bm/categories/hygiene`).set('Authorization', `Bearer ${viewer}`).send({ targetLow: 0.85 }).expect(403);
    await t.http
      .put(`${U}/settings/bm/categories/hygiene`)
      .set('Authorization', `Bearer ${await t.token()}`)
      .send({ targetLow: 0.95, targetHigh: 0.9 })
      .expect(400);
    const put = await t.http
      .put(`${U}/settings/bm/categories/Hygiene`)
      .set('Authorization', `Bearer ${await t.token({ sub: 'ops-lead' })}`)
      .send({ lowThreshold: 0.75, targetLow: 0.85, targetHigh: 0.92, riskThreshold: 0.96 })
      .expect(200);
    expect(put.body).toMatchObject({
      clinicId: 'bm',
      category: 'hygiene',
      targetLow: 0.85,
      targetHigh: 0.92,
      updatedBy: 'ops-lead',
      updatedAt: expect.stringMatching(/^\d{4}-/),
    });
    const list = await t.get(`${U}/settings/bm/categories`, viewer).expect(200);
    expect(list.body).toMatchObject({ categoriesInUse: ['hygiene', 'restorative'], items: [{ category: 'hygiene' }] });
    const head = await t.get(`${U}?clinicId=bm&${period}`).expect(200);
    expect(head.body.byCategory.find((c: { category: string }) => c.category === 'hygiene')).toMatchObject({
      status: 'on-target',
      band: { source: 'category', targetLow: 0.85 },
    });
    expect(head.body.byCategory.find((c: { category: string }) => c.category === 'restorative')).toMatchObject({ status: 'high', band: { source: 'clinic' } });
    const chairs = await t.get(`${U}/chairs?clinicId=bm&${period}&granularity=total`).expect(200);
    const byId = Object.fromEntries(chairs.body.items.map((c: { resourceId: string }) => [c.resourceId, c]));
    expect(byId['bm-hyg']).toMatchObject({
      category: 'hygiene',
      utilizationRate: 0.875,
      status: 'on-target',
      target: { low: 0.85, high: 0.92, band: 'category' },
    });
    expect(byId['bm-res']).toMatchObject({ category: 'restorative', utilizationRate: 0.875, status: 'high', target: { low: 0.7, high: 0.85, band: 'clinic' } });
    expect(byId['bm-hyg'].benchmarks).toEqual([
      expect.objectContaining({
        metric: 'scheduledUtilizationRate',
        id: 'hygiene-open-time-consultant',
        position: 'below',
        url: expect.stringMatching(/^https:/),
      }),
    ]);
    // the day rows too
    const days = await t.get(`${U}/chairs?clinicId=bm&resourceId=bm-hyg&${period}&granularity=day`).expect(200);
    expect(days.body.items.map((d: { status: string }) => d.status)).toEqual(Array(5).fill('on-target'));
    // another clinic's category bands are its own
    await t.get(`${U}/settings/bm/categories`, await t.token({ clinicIds: ['bm2'] })).expect(403);
    await t.http
      .delete(`${U}/settings/bm/categories/hygiene`)
      .set('Authorization', `Bearer ${await t.token()}`)
      .expect(204);
    await t.http
      .delete(`${U}/settings/bm/categories/hygiene`)
      .set('Authorization', `Bearer ${await t.token()}`)
      .expect(404);
    const after = await t.get(`${U}/chairs?clinicId=bm&resourceId=bm-hyg&${period}&granularity=total`).expect(200);
    expect(after.body.items[0]).toMatchObject({ status: 'high', target: { band: 'clinic' } });
  });

  it('group benchmarks: ops:admin adds them per clinic with who and when; they show beside the figures; other clinics never see them', async () => {
    const admin = await t.token({ sub: 'ops-admin@group', clinicIds: ['bm'] });
    const other = await t.token({ sub: 'other-admin', clinicIds: ['bm2'] });
    const viewer = await t.token({ permissions: ['ops:view_analytics'], clinicIds: ['bm'] });
    const post = (body: unknown, tok = admin) =>
      t.http
        .post(`${U}/benchmarks/group`)
        .set('Authorization', `Bearer ${tok}`)
        .send(body as object);
    await post({ clinicId: 'bm', metric: 'noShowRate', low: 0.05, label: 'internal target' }, viewer).expect(403);
    await post({ clinicId: 'bm', metric: 'noShowRate', low: 0.05, label: 'internal target' }, other).expect(403);
    const bad = await post({ clinicId: 'bm', metric: 'usedMinutes', low: 2, label: '' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['label', 'low', 'metric']);
    await post({ clinicId: 'bm', metric: 'noShowRate', low: 0.05, high: 0.04, label: 'x' }).expect(400);
    await post({ clinicId: 'bm', metric: 'noShowRate', low: 0.05, label: 'x', providerId: 'p1' }).expect(400);
    const created = await post({ clinicId: 'bm', metric: 'noShowRate', low: 0.05, label: 'internal target', note: 'agreed in October' }).expect(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clinicId: 'bm',
      metric: 'noShowRate',
      low: 0.05,
      high: 0.05,
      createdBy: 'ops-admin@group',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    await post({ clinicId: 'bm2', metric: 'utilizationRate', low: 0.8, high: 0.9, label: 'bm2 peer group' }, other).expect(201);

    const head = await t.get(`${U}?clinicId=bm&${period}`, viewer).expect(200);
    const noShow = head.body.benchmarks.find((c: { metric: string }) => c.metric === 'noShowRate');
    expect(noShow.summary).toMatch(/ · internal target 5 %$/);
    expect(noShow.benchmarks.find((b: { origin: string }) => b.origin === 'group')).toMatchObject({
      label: 'internal target',
      position: 'above',
      setBy: 'ops-admin@group',
    });
    expect(JSON.stringify(head.body)).not.toMatch(/bm2 peer group/);
    // the list: catalogue for every viewer, group benchmarks of the granted clinics only
    const list = await t.get(`${U}/benchmarks`, viewer).expect(200);
    expect(list.body.catalogue.entries.length).toBe(loadCatalogue().entries.length);
    expect(list.body.group.map((g: { label: string }) => g.label)).toEqual(['internal target']);
    await t.get(`${U}/benchmarks?clinicId=bm2`, viewer).expect(403);
    await t.get(`${U}/benchmarks/group?clinicId=bm`, viewer).expect(403); // the admin list needs ops:admin
    const adminList = await t.get(`${U}/benchmarks/group`, other).expect(200);
    expect(adminList.body.items.map((g: { clinicId: string }) => g.clinicId)).toEqual(['bm2']);
    // deleting: another clinic's id answers 404 (as if it did not exist), a malformed id 400
    await t.http.delete(`${U}/benchmarks/group/${created.body.id}`).set('Authorization', `Bearer ${other}`).expect(404);
    await t.http.delete(`${U}/benchmarks/group/not-a-uuid`).set('Authorization', `Bearer ${admin}`).expect(400);
    await t.http.delete(`${U}/benchmarks/group/${created.body.id}`).set('Authorization', `Bearer ${viewer}`).expect(403);
    await t.http.delete(`${U}/benchmarks/group/${created.body.id}`).set('Authorization', `Bearer ${admin}`).expect(204);
    expect((await t.get(`${U}/benchmarks`, viewer).expect(200)).body.group).toEqual([]);
  });

  it('report: the summary carries the comparisons and the no-show suggestion cites its sources', async () => {
    const res = await t.get(`${U}/report?clinicId=bm&${period}`).expect(200);
    expect(res.body.summary.benchmarks.map((c: { metric: string }) => c.metric)).toEqual(['scheduledUtilizationRate', 'noShowRate']);
    const s = res.body.suggestions.find((x: { kind: string }) => x.kind === 'reduce-no-shows');
    expect(s.text).toMatch(/For comparison: no-show 25 % · industry 3–7\.4 % \(Henry Schein One 2026, Planet DDS 2025; vendor data\)/);
    expect(s.citations[0].sources).toEqual([
      expect.objectContaining({ id: 'hs1-catalyst-2026-no-show', year: 2026, vendor: true, url: expect.stringMatching(/^https:/) }),
      expect.objectContaining({ id: 'planet-dds-2025-no-show', year: 2025, vendor: true, definitionDiffers: expect.stringMatching(/per patient/i) }),
    ]);
    const csv = await t.get(`${U}/report?clinicId=bm&${period}&section=benchmarks`).expect(200);
    const [header, ...lines] = csv.text
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(header).toBe(
      'figure,category,ours_fraction,benchmark_low_fraction,benchmark_high_fraction,position,origin,label,source,source_year,source_url,vendor,verification,note,text',
    );
    expect(lines.find((l) => l.includes('hs1-catalyst') || l.includes('henryscheinone'))).toMatch(
      /^noShowRate,,0\.25,0\.03,0\.03,above,industry,"?DSOs, no-show average"?,"?Henry Schein One, The 2026 Catalyst Index"?,2026,https:\/\/www\.henryscheinone\.com\/[^,]+,true,verified,/,
    );
    // ADA (booked), the two no-show sources, and the hygiene chairs' own entry
    expect(lines.map((l) => l.split(',')[0] + '/' + l.split(',')[1])).toEqual([
      'scheduledUtilizationRate/',
      'noShowRate/',
      'noShowRate/',
      'scheduledUtilizationRate/hygiene',
    ]);
  });
});
