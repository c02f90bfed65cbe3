/**
 * The report: suggestions for a low clinic name weekdays, hours, chairs and chair-hours; risks for an overbooked
 * one; providers under the privacy rule; CSV equals JSON: one table per section (or all of them in a ZIP), numbers in
 * their own columns, UTF-8 with a byte-order mark unless bom=false.
 */
import { strFromU8, unzipSync } from 'fflate';
import { startTestApp, type TestApp } from './support/app.js';
import { parseCsv } from './support/csv.js';
import { at, Fixtures, WEEKDAYS } from './support/fixtures.js';

const EST = '-05:00';

describe('report', () => {
  let t: TestApp;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    // "low": four chairs open 08–18; busy mornings, empty Wednesday afternoons, one chair barely used
    await f.clinic('rp', 'America/Chicago', {
      '1': [['08:00', '18:00']],
      '2': [['08:00', '18:00']],
      '3': [['08:00', '18:00']],
      '4': [['08:00', '18:00']],
      '5': [['08:00', '18:00']],
    });
    // "busy": one chair, 08–10, booked solid with overruns
    await f.clinic('rp-busy', 'America/Chicago', WEEKDAYS([['08:00', '10:00']]));
    for (const c of ['rp-1', 'rp-2', 'rp-3', 'rp-4']) await f.resource(c, 'rp');
    await f.resource('rp-busy-1', 'rp-busy', { name: 'Röntgenraum' } as never);
    for (const p of ['rp-d1', 'rp-d2', 'rp-d3']) await f.provider(p, 'rp', 'dentist');
    await f.provider('rp-o1', 'rp', 'orthodontist');
    const sessions = [];
    for (let d = 1; d <= 30; d++) {
      const day = `2026-04-${String(d).padStart(2, '0')}`;
      const dow = new Date(`${day}T12:00:00Z`).getUTCDay();
      if (dow === 0 || dow === 6) continue;
      for (const [i, c] of ['rp-1', 'rp-2', 'rp-3'].entries()) {
        sessions.push({
          externalId: `rp-${c}-${d}-am`,
          resourceId: c,
          providerId: `rp-d${i + 1}`,
          patientRef: `p${d}${i}`,
          scheduledStart: at(`${day}T08:00`, EST),
          scheduledEnd: at(`${day}T12:30`, EST),
          status: 'COMPLETED' as const,
          productionValue: 100 + i,
        });
        if (dow !== 3)
          sessions.push({
            externalId: `rp-${c}-${d}-pm`,
            resourceId: c,
            providerId: `rp-d${i + 1}`,
            patientRef: `q${d}${i}`,
            scheduledStart: at(`${day}T13:00`, EST),
            scheduledEnd: at(`${day}T16:00`, EST),
            status: 'COMPLETED' as const,
          });
      }
      if (d % 5 === 0)
        sessions.push({
          externalId: `rp-4-${d}`,
          resourceId: 'rp-4',
          providerId: 'rp-o1',
          patientRef: `r${d}`,
          scheduledStart: at(`${day}T09:00`, EST),
          scheduledEnd: at(`${day}T10:00`, EST),
          status: 'COMPLETED' as const,
        });
    }
    for (let d = 1; d <= 30; d++) {
      const day = `2026-04-${String(d).padStart(2, '0')}`;
      sessions.push({
        externalId: `busy-${d}`,
        resourceId: 'rp-busy-1',
        patientRef: `b${d}`,
        scheduledStart: at(`${day}T07:50`, EST),
        scheduledEnd: at(`${day}T10:20`, EST),
        status: 'COMPLETED' as const,
      });
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
    expect(wed.hours).toEqual({ from: expect.stringMatching(/^1[2-3]:00$/), to: '18:00' });
    expect(wed.chairHours).toBeGreaterThan(0);
    const consolidate = res.body.suggestions.find((s: { kind: string }) => s.kind === 'consolidate-chair');
    expect(consolidate.chairs).toEqual(['rp-4']);
    expect(consolidate.chairHours).toBeCloseTo(22 * 10, 0); // 22 weekdays × 10 h: all of its open time is freed
    const grid = res.body.clinics[0].peakLow.grid;
    const wed15 = grid.find((c: { weekday: number; hour: number }) => c.weekday === 3 && c.hour === 15);
    expect(wed15).toMatchObject({ mark: 'low', utilizationRate: 0 });
    expect(res.body.risks).toEqual([]);
  });

  it('takes its team distributions from the providers feature: the same median and quartiles as /providers', async () => {
    const q = 'clinicId=rp&from=2026-04-01&to=2026-04-30';
    const report = (await t.get(`/api/v1/ops/utilization/report?${q}`).expect(200)).body.providers;
    const groups = (await t.get(`/api/v1/ops/utilization/providers?${q}&view=team`).expect(200)).body.groups;
    const dentists = groups.find((g: { role: string | null }) => g.role === 'dentist');
    for (const k of ['patientsSeen', 'patientsScheduled', 'proceduresCompleted', 'productionValue', 'productionPerScheduledHour']) {
      const d = dentists.figures[k];
      expect({ k, ...report.byRole.dentist.figures[k] }).toEqual({ k, count: d.count, p25: d.p25, median: d.median, p75: d.p75 });
    }
    const chair = dentists.figures.chairMinutes;
    expect(report.byRole.dentist.figures.chairHours.median).toBeCloseTo(chair.median / 60, 2);
    expect(report.team).toMatchObject({ providers: groups[0].providerCount, suppressed: false });
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
    expect(text.replace(res.body.providers.privacy, '')).not.toMatch(/rank/i);
    const detail = await t.get('/api/v1/ops/utilization/report?clinicId=rp&from=2026-04-01&to=2026-04-30').expect(200);
    expect(detail.body.providers.individuals.map((p: { providerId: string }) => p.providerId)).toEqual(['rp-d1', 'rp-d2', 'rp-d3', 'rp-o1']); // by name, not by performance
  });

  const BOM = '\ufeff';
  const table = (text: string) => {
    expect(text.startsWith(BOM)).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1)); // the BOM checked and removed
    return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  };

  it('answers each section as its own CSV table with the same numbers, units in the headers and no prose among numbers', async () => {
    const q = '/api/v1/ops/utilization/report?clinicId=rp,rp-busy&from=2026-04-01&to=2026-04-30';
    const json = (await t.get(q).expect(200)).body;
    const summary = await t.get(`${q}&section=summary`).expect(200);
    expect(summary.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(summary.headers['content-disposition']).toBe('attachment; filename="utilization-report_summary_2026-04-01_2026-04-30.csv"');
    const rate = table(summary.text).find((r) => r.figure === 'utilizationRate')!;
    expect(rate).toEqual({
      figure: 'utilizationRate',
      unit: 'fraction of open time (0-1)',
      current: String(json.summary.current.utilizationRate),
      previous: expect.any(String),
      change_absolute: expect.any(String),
      change_relative_fraction: expect.any(String),
    });

    const resources = table((await t.get(`${q}&section=resources&format=csv`).expect(200)).text);
    const rp4 = resources.find((r) => r.resource_id === 'rp-4')!;
    expect(Number(rp4.utilization_rate_fraction)).toBe(json.resources.find((r: { resourceId: string }) => r.resourceId === 'rp-4').utilizationRate);
    expect(resources.find((r) => r.resource_id === 'rp-busy-1')!.resource_name).toBe('Röntgenraum');

    const downtime = table((await t.get(`${q}&section=downtime`).expect(200)).text);
    expect(downtime.map((r) => r.resource_id)).toEqual(json.downtime.byResource.map((r: { resourceId: string }) => r.resourceId));
    expect(Object.keys(downtime[0])).toEqual([
      'clinic_id',
      'resource_id',
      'resource_name',
      'maintenance_minutes',
      'no_show_minutes',
      'gap_minutes',
      'downtime_minutes',
      'available_minutes',
      'downtime_share_of_open_time_fraction',
    ]);
    const clinics = table((await t.get(`${q}&section=clinics`).expect(200)).text);
    expect(clinics.map((r) => [r.clinic_id, r.status])).toEqual(json.clinics.map((c: { clinicId: string; status: string }) => [c.clinicId, c.status]));
    const risks = table((await t.get(`${q}&section=risks`).expect(200)).text);
    expect(risks.length).toBe(json.risks.length);
    expect(risks.length).toBeGreaterThan(0);
    expect(risks[0]).toMatchObject({
      clinic_id: 'rp-busy',
      kind: 'add-hours',
      hours_from_local_time: expect.stringMatching(/^\d\d:00$/),
      hours_to_local_time: expect.stringMatching(/^\d\d:00$/),
    });
    const suggestions = table((await t.get(`${q}&section=suggestions`).expect(200)).text);
    expect(suggestions.map((r) => r.text)).toEqual(json.suggestions.map((s: { text: string }) => s.text));

    // every column of every section holds numbers only or no numbers at all, except the prose columns
    const zip = await t
      .get(`${q}&format=zip`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.headers['content-disposition']).toBe('attachment; filename="utilization-report_2026-04-01_2026-04-30.zip"');
    const files = unzipSync(new Uint8Array(zip.body as Buffer));
    expect(Object.keys(files).sort()).toEqual([
      'README.txt',
      'benchmarks.csv',
      'clinics.csv',
      'data-quality.csv',
      'downtime.csv',
      'peaks.csv',
      'providers-team.csv',
      'providers.csv',
      'resources.csv',
      'risks.csv',
      'suggestions.csv',
      'summary.csv',
    ]);
    // (TextDecoder keeps the byte-order mark only when told to: strFromU8 would drop it)
    const utf8 = (b: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);
    expect(utf8(files['resources.csv'])).toBe((await t.get(`${q}&section=resources`)).text);
    expect(strFromU8(files['README.txt'])).toContain('downtime.csv: Downtime of each chair and room by reason');
    const PROSE = new Set([
      'text',
      'note',
      'unit',
      'resource_name',
      'name',
      'figure',
      'group',
      'weekday',
      'kind',
      'status',
      'severity',
      'mark',
      'rating',
      'clinic_id',
      'resource_id',
      'resource_ids',
      'provider_id',
      'role',
      'suppressed',
      'hours_from_local_time',
      'hours_to_local_time',
      // benchmarks.csv (issue 14): the benchmark's category, where ours stands, its origin, label, source, year, address, vendor flag and verification
      'category',
      'position',
      'origin',
      'label',
      'source',
      'source_year',
      'source_url',
      'vendor',
      'verification',
    ]);
    for (const [name, bytes] of Object.entries(files)) {
      if (!name.endsWith('.csv')) continue;
      const rows = table(utf8(bytes));
      for (const col of Object.keys(rows[0] ?? {})) {
        if (PROSE.has(col)) continue;
        const bad = rows.map((r) => r[col]).filter((v) => v !== '' && !Number.isFinite(Number(v)));
        expect({ name, col, bad }).toEqual({ name, col, bad: [] });
        expect({
          name,
          col,
          unit: /_(minutes|fraction|hours|hours_in_period|hours_per_week|count|iso|local|currency)$|^(p25|median|p75|current|previous|change_absolute|providers|patients_seen|patients_scheduled|procedures_completed|peak_hours|low_hours)$/.test(
            col,
          ),
        }).toEqual({ name, col, unit: true });
      }
    }
    // format=csv without a section is the ZIP too
    expect((await t.get(`${q}&format=csv`).expect(200)).headers['content-type']).toBe('application/zip');
    await t.get(`${q}&section=pie`).expect(400);
    await t.get('/api/v1/ops/utilization/report?clinicId=rp&from=2026-04-01').expect(400);
    await t.get('/api/v1/ops/utilization/report?clinicId=rp&from=2026-04-01&to=2026-04-30&format=pdf').expect(400);
  });

  it('keeps a currency per clinic (ISO 4217, a setting) and lists it with the clinics', async () => {
    expect((await t.get('/api/v1/ops/utilization/settings/rp').expect(200)).body.currency).toBeNull();
    expect(
      (
        await t.http
          .put('/api/v1/ops/utilization/settings/rp')
          .set('Authorization', `Bearer ${await t.token()}`)
          .send({ currency: 'EUR' })
          .expect(200)
      ).body.currency,
    ).toBe('EUR');
    const clinics = (await t.get('/api/v1/ops/utilization/clinics').expect(200)).body.items as { id: string; currency: string | null }[];
    expect(clinics.find((c) => c.id === 'rp')!.currency).toBe('EUR');
    expect(clinics.find((c) => c.id === 'rp-busy')!.currency).toBeNull();
    for (const bad of ['eur', 'EURO', 'XXY', 42])
      await t.http
        .put('/api/v1/ops/utilization/settings/rp')
        .set('Authorization', `Bearer ${await t.token()}`)
        .send({ currency: bad })
        .expect(400);
    expect(
      (
        await t.http
          .put('/api/v1/ops/utilization/settings/rp')
          .set('Authorization', `Bearer ${await t.token()}`)
          .send({ currency: null })
          .expect(200)
      ).body.currency,
    ).toBeNull();
  });

  it('writes every CSV of the service with the byte-order mark unless bom=false, and documents the parameter', async () => {
    const chairs = await t.get('/api/v1/ops/utilization/chairs?clinicId=rp-busy&from=2026-04-01&to=2026-04-02&format=csv').buffer(true).expect(200);
    const bytes = Buffer.from(chairs.text, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(chairs.text).toContain('Röntgenraum');
    const plain = await t.get('/api/v1/ops/utilization/chairs?clinicId=rp-busy&from=2026-04-01&to=2026-04-02&format=csv&bom=false').expect(200);
    expect(plain.text.startsWith('clinicId,')).toBe(true);
    expect(plain.text).toBe(chairs.text.slice(1));
    for (const path of [
      '/trends?clinicId=rp&from=2026-04-01&to=2026-04-30',
      '/providers?clinicId=rp&from=2026-04-01&to=2026-04-30&view=team',
      '/report?clinicId=rp&from=2026-04-01&to=2026-04-30&section=summary',
    ]) {
      expect((await t.get(`/api/v1/ops/utilization${path}&format=csv`).expect(200)).text.startsWith('\ufeff')).toBe(true);
      expect((await t.get(`/api/v1/ops/utilization${path}&format=csv&bom=false`).expect(200)).text.startsWith('\ufeff')).toBe(false);
    }
    await t.get('/api/v1/ops/utilization/chairs?clinicId=rp&from=2026-04-01&to=2026-04-02&format=csv&bom=no').expect(400);
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    for (const path of [
      '/api/v1/ops/utilization/chairs',
      '/api/v1/ops/utilization/trends',
      '/api/v1/ops/utilization/providers',
      '/api/v1/ops/utilization/report',
    ]) {
      const bom = doc.paths[path].get.parameters.find((p: { name: string }) => p.name === 'bom');
      expect({ path, bom: bom && { in: bom.in, enum: bom.schema?.enum } }).toEqual({ path, bom: { in: 'query', enum: ['true', 'false'] } });
    }
  });
});
