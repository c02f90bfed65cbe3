/**
 * GET /api/v1/ops/utilization/providers under the privacy rule (SPEC §3, §6): team distributions for everyone,
 * individual rows and per-provider summaries only with ops:view_provider_detail. Every expected number is computed
 * here from the daily provider_productivity rows, independently of the route (which reads monthly rollups for whole
 * months and daily rows for the edges).
 */
import { startTestApp, type TestApp } from './support/app.js';
import { days, Fixtures, hm, mulberry32, ROOT, WEEKDAYS } from './support/fixtures.js';
import type { RefSession } from './support/reference.js';

const P = '/api/v1/ops/utilization/providers';
const FIGURES = [
  'patientsScheduled',
  'patientsSeen',
  'noShowCount',
  'noShowRate',
  'proceduresCompleted',
  'chairMinutes',
  'scheduledMinutes',
  'productionValue',
  'productionPerScheduledHour',
  'productionPerChairHour',
] as const;
type Figure = (typeof FIGURES)[number];

/** ids in one order, names in another, workload in a third (grows with the id number) */
const PROVIDERS = [
  { id: 'pv-1', name: 'Zoe Adams', role: 'dentist' },
  { id: 'pv-2', name: 'Ann Baker', role: 'dentist' },
  { id: 'pv-3', name: 'Mia Clark', role: 'dentist' },
  { id: 'pv-4', name: 'Eli Diaz', role: 'dentist' },
  { id: 'pv-5', name: 'Ben Evans', role: 'hygienist' },
  { id: 'pv-6', name: 'Ola Ford', role: 'hygienist' },
];
const NAMES = PROVIDERS.map((p) => p.name);

const rng = mulberry32;

/** Type 7 quantile, written out again here. */
function q7(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const i = Math.floor(h);
  return i + 1 < s.length ? s[i] + (h - i) * (s[i + 1] - s[i]) : s[i];
}

describe('GET /providers', () => {
  let t: TestApp;
  let f: Fixtures;
  let detail: string;
  let noDetail: string;

  /** per provider: sums over [from, to] from the daily rows of clinic pv */
  async function expected(from: string, to: string): Promise<Map<string, Record<Figure, number | null>>> {
    const rows = await t.sql<Record<string, number | string | null>>(
      `SELECT provider_id, patients_scheduled::int AS ps, patients_seen::int AS pseen, no_show_count::int AS ns, procedures_completed::int AS pc,
              chair_minutes::float8 AS cm, scheduled_minutes::float8 AS sm, production_value::text AS pv
       FROM provider_productivity WHERE clinic_id = 'pv' AND date BETWEEN $1::date AND $2::date`,
      [from, to],
    );
    const acc = new Map<string, { ps: number; pseen: number; ns: number; pc: number; cm: number; sm: number; pv: number | null }>();
    for (const r of rows) {
      const a = acc.get(r.provider_id as string) ?? { ps: 0, pseen: 0, ns: 0, pc: 0, cm: 0, sm: 0, pv: null };
      a.ps += r.ps as number;
      a.pseen += r.pseen as number;
      a.ns += r.ns as number;
      a.pc += r.pc as number;
      a.cm += r.cm as number;
      a.sm += r.sm as number;
      if (r.pv !== null) a.pv = (a.pv ?? 0) + Number(r.pv);
      acc.set(r.provider_id as string, a);
    }
    return new Map(
      [...acc].map(([id, a]) => [
        id,
        {
          patientsScheduled: a.ps,
          patientsSeen: a.pseen,
          noShowCount: a.ns,
          noShowRate: a.ps ? a.ns / a.ps : null,
          proceduresCompleted: a.pc,
          chairMinutes: a.cm,
          scheduledMinutes: a.sm,
          productionValue: a.pv,
          productionPerScheduledHour: a.pv !== null && a.sm > 0 ? a.pv / (a.sm / 60) : null,
          productionPerChairHour: a.pv !== null && a.cm > 0 ? a.pv / (a.cm / 60) : null,
        },
      ]),
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    detail = await t.token({ permissions: ['ops:view_analytics', 'ops:view_provider_detail'] });
    noDetail = await t.token({ permissions: ['ops:view_analytics'] });
    await f.clinic('pv', 'UTC', WEEKDAYS([['08:00', '17:00']]));
    await f.clinic('pw', 'UTC', WEEKDAYS([['08:00', '17:00']]));
    for (const p of PROVIDERS) {
      await f.resource(`${p.id}-c`, 'pv');
      await f.intake.upsertProviders({ items: [{ id: p.id, clinicId: 'pv', name: p.name, role: p.role }] }, ROOT);
    }
    await f.resource('pw-c', 'pw');
    await f.provider('pw-1', 'pw');
    await f.provider('pw-2', 'pw');
    const rand = rng(42);
    const sessions: RefSession[] = [];
    for (const day of days('2026-01-01', '2026-03-31')) {
      PROVIDERS.forEach((p, i) => {
        const n = 1 + i + Math.floor(rand() * 2);
        for (let k = 0; k < n; k++) {
          const r = rand();
          const status = r < 0.8 ? 'COMPLETED' : r < 0.9 ? 'NO_SHOW' : 'CANCELLED';
          const start = 8 * 60 + k * 60;
          sessions.push({
            externalId: `${p.id}-${day}-${k}`,
            resourceId: `${p.id}-c`,
            providerId: p.id,
            patientRef: `pt-${p.id}-${day}-${k}`,
            scheduledStart: `${day}T${hm(start)}:00Z`,
            scheduledEnd: `${day}T${hm(start + 30 + Math.floor(rand() * 25))}:00Z`,
            status,
            ...(status === 'CANCELLED' ? { cancelledAt: `${day}T06:00:00Z` } : {}),
            procedures: 1 + Math.floor(rand() * 3),
            // hygienists record no production; dentists on most completed sessions
            productionValue: p.role === 'dentist' && rand() < 0.9 ? Math.round(10000 + rand() * 40000) / 100 : null,
          });
        }
      });
    }
    for (const day of days('2026-01-01', '2026-01-31')) {
      sessions.push({
        externalId: `pw-${day}`,
        resourceId: 'pw-c',
        providerId: day < '2026-01-16' ? 'pw-1' : 'pw-2',
        patientRef: `q-${day}`,
        scheduledStart: `${day}T09:00:00Z`,
        scheduledEnd: `${day}T10:00:00Z`,
        status: 'COMPLETED',
      });
    }
    for (let i = 0; i < sessions.length; i += 4000) await f.sessions(sessions.slice(i, i + 4000));
    await f.backfill('2026-01-01', '2026-03-31', ['pv', 'pw']);
  });
  afterAll(() => t.close());

  describe('without ops:view_provider_detail: team distributions only', () => {
    it('gives the count, median and quartiles of every figure per team and role, equal to the daily rows, with no provider id or name', async () => {
      const res = await t.get(`${P}?clinicId=pv&from=2026-01-10&to=2026-03-20`, noDetail).expect(200);
      const text = JSON.stringify(res.body);
      for (const p of PROVIDERS) {
        expect(text).not.toContain(p.id);
        expect(text).not.toContain(p.name);
      }
      expect(text).not.toMatch(/"(rank|min|max|minimum|maximum|top|bottom|providerId|providerName|items)"/i);
      expect(res.body).toMatchObject({ view: 'team', period: { from: '2026-01-10', to: '2026-03-20', days: 70 }, minGroupSize: 3 });
      expect(
        res.body.groups.map((g: { group: string; role: string | null; providerCount: number; suppressed: boolean }) => [
          g.group,
          g.role,
          g.providerCount,
          g.suppressed,
        ]),
      ).toEqual([
        ['team', null, 6, false],
        ['role', 'dentist', 4, false],
        ['role', 'hygienist', 2, true],
      ]);
      const exp = await expected('2026-01-10', '2026-03-20');
      const [team, dentists, hygienists] = res.body.groups;
      for (const fig of FIGURES) {
        const dp = fig === 'noShowRate' ? 4 : 2;
        const check = (
          group: { figures: Record<string, { count: number; median: number | null; p25: number | null; p75: number | null; suppressed: boolean }> },
          ids: string[],
        ) => {
          const values = ids.map((id) => exp.get(id)![fig]).filter((v): v is number => v !== null);
          const d = group.figures[fig];
          expect(Object.keys(d).sort()).toEqual(['count', 'median', 'p25', 'p75', 'reason', 'suppressed']);
          expect([fig, d.count]).toEqual([fig, values.length]);
          if (values.length < 3) {
            expect([fig, d]).toEqual([
              fig,
              { count: values.length, median: null, p25: null, p75: null, suppressed: true, reason: expect.stringMatching(/fewer than 3/) },
            ]);
          } else {
            expect(d.suppressed).toBe(false);
            expect(d.median).toBeCloseTo(q7(values, 0.5), dp);
            expect(d.p25).toBeCloseTo(q7(values, 0.25), dp);
            expect(d.p75).toBeCloseTo(q7(values, 0.75), dp);
          }
        };
        check(
          team,
          PROVIDERS.map((p) => p.id),
        );
        check(dentists, ['pv-1', 'pv-2', 'pv-3', 'pv-4']);
        check(hygienists, ['pv-5', 'pv-6']);
      }
      // production exists only for the four dentists: the team's production distribution covers those four
      expect(team.figures.productionValue.count).toBe(4);
      expect(hygienists.figures.productionValue).toMatchObject({ count: 0, suppressed: true, median: null });
    });

    it('suppresses the whole team below 3 providers', async () => {
      const res = await t.get(`${P}?clinicId=pw&from=2026-01-01&to=2026-01-31`, noDetail).expect(200);
      expect(res.body.groups).toHaveLength(2);
      for (const g of res.body.groups) {
        expect(g).toMatchObject({ providerCount: 2, suppressed: true });
        for (const fig of FIGURES) expect(g.figures[fig]).toMatchObject({ median: null, p25: null, p75: null, suppressed: true });
      }
      expect(JSON.stringify(res.body)).not.toMatch(/pw-1|pw-2/);
    });

    it('answers 403 for the SPEC §6 row query, individual views and provider ids; the team view is the default otherwise', async () => {
      const rows = await t.get(`${P}?clinicId=pv&from=2026-01-01&to=2026-01-31&granularity=day`, noDetail).expect(403);
      expect(rows.body.message).toMatch(/ops:view_provider_detail/);
      const def = await t.get(`${P}?clinicId=pv&from=2026-01-01&to=2026-01-31`, noDetail).expect(200);
      expect(def.body.view).toBe('team');
      for (const q of ['view=rows', 'view=summary', 'providerId=pv-1', 'view=team&providerId=pv-1']) {
        const r = await t.get(`${P}?clinicId=pv&from=2026-01-01&to=2026-01-31&${q}`, noDetail);
        if (q.startsWith('view=team'))
          expect(r.status).toBe(400); // does not apply to the team view, whoever asks
        else {
          expect([q, r.status]).toEqual([q, 403]);
          expect(r.body.message).toMatch(/ops:view_provider_detail/);
        }
      }
    });

    it('exports the team view as CSV equal to the JSON', async () => {
      const json = await t.get(`${P}?clinicId=pv&from=2026-01-01&to=2026-03-31`, noDetail).expect(200);
      const csv = await t.get(`${P}?clinicId=pv&from=2026-01-01&to=2026-03-31`, noDetail).set('Accept', 'text/csv').expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.text.trim().split('\n');
      expect(lines[0]).toBe('group,role,providerCount,figure,count,median,p25,p75,suppressed,reason');
      const expectedLines = json.body.groups.flatMap(
        (g: {
          group: string;
          role: string | null;
          providerCount: number;
          figures: Record<string, { count: number; median: number | null; p25: number | null; p75: number | null; suppressed: boolean; reason: string | null }>;
        }) =>
          FIGURES.map((fig) => {
            const d = g.figures[fig];
            return [g.group, g.role ?? '', g.providerCount, fig, d.count, d.median ?? '', d.p25 ?? '', d.p75 ?? '', d.suppressed, d.reason ?? '']
              .map(String)
              .join(',');
          }),
      );
      expect(lines.slice(1)).toEqual(expectedLines);
      for (const p of PROVIDERS) expect(csv.text).not.toContain(p.id);
    });
  });

  describe('with ops:view_provider_detail', () => {
    it('lists the SPEC §6 rows ordered by date, clinic and provider id (never by a figure), paged, without a rank', async () => {
      const all: Record<string, unknown>[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: Record<string, unknown>[]; nextCursor: string | null } } = await t
          .get(`${P}?clinicId=pv&from=2026-02-01&to=2026-02-10&limit=7${cursor ? `&cursor=${cursor}` : ''}`, detail)
          .expect(200);
        expect(Object.keys(res.body).sort()).toEqual(['items', 'nextCursor']);
        all.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(all).toHaveLength(10 * 6);
      const keys = all.map((r) => `${String(r.date)}|${String(r.clinicId)}|${String(r.providerId)}`);
      expect(keys).toEqual([...keys].sort());
      expect(Object.keys(all[0])).toEqual([
        'clinicId',
        'providerId',
        'providerName',
        'role',
        'granularity',
        'date',
        'periodEnd',
        'days',
        'patientsScheduled',
        'patientsSeen',
        'noShowCount',
        'proceduresCompleted',
        'chairMinutes',
        'scheduledMinutes',
        'productionValue',
      ]);
      const row = await f.providerRow('pv', 'pv-3', '2026-02-04');
      expect(all.find((r) => r.providerId === 'pv-3' && r.date === '2026-02-04')).toMatchObject({ ...row, chairMinutes: expect.closeTo(row.chairMinutes!, 2) });
      const months = await t.get(`${P}?clinicId=pv&from=2026-01-01&to=2026-03-31&granularity=month&view=rows`, detail).expect(200);
      expect(months.body.items).toHaveLength(18);
      const exp = await expected('2026-02-01', '2026-02-28');
      const feb = months.body.items.find((r: { providerId: string; date: string }) => r.providerId === 'pv-2' && r.date === '2026-02-01');
      expect(feb).toMatchObject({
        periodEnd: '2026-02-28',
        days: 28,
        patientsSeen: exp.get('pv-2')!.patientsSeen,
        proceduresCompleted: exp.get('pv-2')!.proceduresCompleted,
      });
      expect(feb.productionValue).toBeCloseTo(exp.get('pv-2')!.productionValue!, 2);
    });

    it('exports the rows as CSV equal to the JSON pages', async () => {
      const json = await t.get(`${P}?clinicId=pv&from=2026-01-01&to=2026-03-31&limit=1000`, detail).expect(200);
      const csv = await t.get(`${P}?clinicId=pv&from=2026-01-01&to=2026-03-31&format=csv`, detail).expect(200);
      expect(csv.headers['content-disposition']).toBe('attachment; filename="providers_rows_day_2026-01-01_2026-03-31.csv"');
      const [head, ...lines] = csv.text.trim().split('\n');
      const header = head.split(',');
      expect(lines).toHaveLength(json.body.items.length);
      lines.forEach((line, i) => {
        const cells = line.split(',');
        header.forEach((h, k) => expect([h, cells[k]]).toEqual([h, json.body.items[i][h] === null ? '' : String(json.body.items[i][h])]));
      });
    });

    it('summarises each provider over the period in name order: figures, previous period, change, place against team and role quartiles', async () => {
      // 45 days: 2026-02-15 … 2026-03-31 (loose days + the March rollup); previous: 2026-01-01 … 2026-02-14 (January rollup + loose days)
      const res = await t.get(`${P}?clinicId=pv&from=2026-02-15&to=2026-03-31&view=summary`, detail).expect(200);
      expect(res.body).toMatchObject({
        view: 'summary',
        period: { from: '2026-02-15', to: '2026-03-31', days: 45 },
        previousPeriod: { from: '2026-01-01', to: '2026-02-14', days: 45 },
        nextCursor: null,
      });
      const items = res.body.items as {
        providerId: string;
        providerName: string;
        figures: Record<Figure, number | null>;
        previous: Record<Figure, number | null>;
        change: Record<Figure, { absolute: number | null; relative: number | null }>;
        teamPosition: Record<Figure, string | null>;
        rolePosition: Record<Figure, string | null>;
      }[];
      expect(items.map((i) => i.providerName)).toEqual([...NAMES].sort());
      expect(JSON.stringify(res.body)).not.toMatch(/"rank"/i);
      // never ordered by performance: the order by patients seen is a different one
      const bySeen = [...items].sort((a, b) => b.figures.patientsSeen! - a.figures.patientsSeen!).map((i) => i.providerName);
      expect(bySeen).not.toEqual(items.map((i) => i.providerName));
      const cur = await expected('2026-02-15', '2026-03-31');
      const prev = await expected('2026-01-01', '2026-02-14');
      const band = (v: number | null, values: number[]) => {
        if (v === null || values.length < 3) return null;
        const [p25, med, p75] = [q7(values, 0.25), q7(values, 0.5), q7(values, 0.75)];
        return v < p25 ? 'below-p25' : v < med ? 'p25-median' : v <= p75 ? 'median-p75' : 'above-p75';
      };
      const positions = new Set<string>();
      for (const item of items) {
        const me = PROVIDERS.find((p) => p.id === item.providerId)!;
        for (const fig of FIGURES) {
          const dp = fig === 'noShowRate' ? 4 : 2;
          const c = cur.get(item.providerId)![fig];
          const p = prev.get(item.providerId)![fig];
          const close = (got: number | null, want: number | null) =>
            want === null ? expect([item.providerId, fig, got]).toEqual([item.providerId, fig, null]) : expect(got).toBeCloseTo(want, dp);
          close(item.figures[fig], c);
          close(item.previous[fig], p);
          close(item.change[fig].absolute, c !== null && p !== null ? c - p : null);
          if (c !== null && p) expect(item.change[fig].relative).toBeCloseTo((c - p) / Math.abs(p), 4);
          const team = PROVIDERS.map((x) => cur.get(x.id)![fig]).filter((v): v is number => v !== null);
          const role = PROVIDERS.filter((x) => x.role === me.role)
            .map((x) => cur.get(x.id)![fig])
            .filter((v): v is number => v !== null);
          expect([item.providerId, fig, item.teamPosition[fig]]).toEqual([item.providerId, fig, band(c, team)]);
          expect([item.providerId, fig, item.rolePosition[fig]]).toEqual([item.providerId, fig, band(c, role)]);
          if (item.teamPosition[fig]) positions.add(item.teamPosition[fig]);
        }
        // two hygienists: no role quartiles for them
        if (me.role === 'hygienist') expect(Object.values(item.rolePosition).every((v) => v === null)).toBe(true);
      }
      expect([...positions].sort()).toEqual(['above-p75', 'below-p25', 'median-p75', 'p25-median']);
      // production per scheduled hour where production values exist
      expect(items.find((i) => i.providerId === 'pv-5')!.figures.productionPerScheduledHour).toBeNull();
      expect(items.find((i) => i.providerId === 'pv-2')!.figures.productionPerScheduledHour).toBeGreaterThan(0);
    });

    it('pages the summary by name and filters by provider without changing the team quartiles; CSV equals JSON', async () => {
      const base = `${P}?clinicId=pv&from=2026-02-15&to=2026-03-31&view=summary`;
      const full = await t.get(base, detail).expect(200);
      const paged: unknown[] = [];
      let cursor: string | null = null;
      do {
        const r: { body: { items: unknown[]; nextCursor: string | null } } = await t
          .get(`${base}&limit=4${cursor ? `&cursor=${cursor}` : ''}`, detail)
          .expect(200);
        paged.push(...r.body.items);
        cursor = r.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(full.body.items);
      const one = await t.get(`${base}&providerId=pv-3`, detail).expect(200);
      expect(one.body.items).toEqual(full.body.items.filter((i: { providerId: string }) => i.providerId === 'pv-3'));
      expect(one.body.teams).toEqual(full.body.teams);

      const csv = await t.get(`${base}&format=csv`, detail).expect(200);
      const [head, ...lines] = csv.text.trim().split('\n');
      const header = head.split(',');
      expect(header.slice(0, 6)).toEqual(['providerId', 'providerName', 'role', 'clinicIds', 'patientsScheduled', 'patientsScheduled.previous']);
      expect(lines).toHaveLength(6);
      lines.forEach((line, i) => {
        const item = full.body.items[i];
        const cells = line.split(',');
        header.forEach((h, k) => {
          const [fig, part] = h.split('.');
          let want: string | number | boolean | null; // a CSV cell holds a scalar
          if (!part) want = fig === 'clinicIds' ? item.clinicIds.join(' ') : (FIGURES as readonly string[]).includes(fig) ? item.figures[fig] : item[fig];
          else if (part === 'previous') want = item.previous[fig];
          else if (part === 'changeAbsolute') want = item.change[fig].absolute;
          else if (part === 'changeRelative') want = item.change[fig].relative;
          else want = item[part][fig];
          expect([h, cells[k]]).toEqual([h, want === null ? '' : String(want)]);
        });
      });
    });
  });

  describe('bad requests', () => {
    it('answers 400 with a message that says what to change', async () => {
      const bad: [string, RegExp][] = [
        ['from=2026-03-31&to=2026-03-01', /to.*must not be before from/],
        ['from=2020-01-01&to=2026-03-01', /at most 3 years/],
        ['from=2026-02-30&to=2026-03-01', /from.*not a real calendar date/],
        ['from=2026-03-01', /to/],
        ['from=2026-03-01&to=2026-03-31&granularity=year', /granularity.*day, week or month/],
        ['from=2026-03-01&to=2026-03-31&view=ranking', /view.*rows, summary or team/],
        ['from=2026-03-01&to=2026-03-31&sort=patientsSeen', /sort.*not a known field/],
        ['from=2026-03-01&to=2026-03-31&limit=0', /limit/],
        ['from=2026-03-01&to=2026-03-31&cursor=garbage', /cursor/],
        ['from=2026-03-01&to=2026-03-31&view=summary&cursor=garbage', /cursor/],
        ['from=2026-03-01&to=2026-03-31&providerId=nobody', /provider "nobody" does not exist/],
      ];
      for (const [q, msg] of bad) {
        const r = await t.get(`${P}?clinicId=pv&${q}`, detail);
        expect([q, r.status]).toEqual([q, 400]);
        expect(r.body.message).toMatch(msg);
      }
    });

    it('answers 401 without a token and 403 without the permission or the clinic', async () => {
      await t.http.get(`${P}?from=2026-03-01&to=2026-03-31`).expect(401);
      await t.get(`${P}?from=2026-03-01&to=2026-03-31`, await t.token({ permissions: ['ops:ingest'] })).expect(403);
      const pvOnly = await t.token({ permissions: ['ops:view_analytics', 'ops:view_provider_detail'], clinicIds: ['pv'] });
      await t.get(`${P}?clinicId=pw&from=2026-01-01&to=2026-01-31`, pvOnly).expect(403);
      await t.get(`${P}?clinicId=pv,pw&from=2026-01-01&to=2026-01-31&view=team`, pvOnly).expect(403);
      await t.get(`${P}?from=2026-01-01&to=2026-01-31&providerId=pw-1`, pvOnly).expect(403);
      await t.get(`${P}?from=2026-01-01&to=2026-01-31&providerId=nobody`, pvOnly).expect(403);
      // the default scope is the grant: pw's providers never show
      const mine = await t.get(`${P}?from=2026-01-01&to=2026-01-31&view=summary`, pvOnly).expect(200);
      expect(mine.body.items.map((i: { providerId: string }) => i.providerId).sort()).toEqual(PROVIDERS.map((p) => p.id));
    });
  });
});

describe('GET /providers in the OpenAPI document', () => {
  it('documents the privacy rule, every query parameter and an example of each view', async () => {
    const { ProvidersQueryDto } = await import('../src/providers/providers.dto.js');
    const { dtoFields } = await import('../src/common/validation.js');
    const t = await startTestApp();
    try {
      const doc = (await t.http.get('/api/docs-json').expect(200)).body;
      const op = doc.paths['/api/v1/ops/utilization/providers'].get;
      expect(op['x-permissions']).toEqual(['ops:view_analytics']);
      expect(op.description).toMatch(/Privacy rule/);
      expect(op.description).toMatch(/never ranks/);
      expect(op.description).toMatch(/fewer than 3 providers is suppressed/);
      expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(dtoFields(ProvidersQueryDto).sort());
      for (const p of op.parameters) expect([p.name, typeof p.description]).toEqual([p.name, 'string']);
      const examples = op.responses['200'].content['application/json'].examples;
      expect(Object.keys(examples).sort()).toEqual(['rows', 'summary', 'team']);
      expect(JSON.stringify(examples.team.value)).not.toMatch(/providerId|providerName/);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    } finally {
      await t.close();
    }
  });
});
