/**
 * The admin dashboard in a real browser: Debian's chromium driven by playwright-core, against the production app
 * (same bootstrap as main.ts) loaded with the demo clinic group. The front end is built for the test into a
 * directory of its own (type-check + Vite), so a concurrent `npm run build` cannot pull files from under it.
 *
 * Screenshots of every view, at 1440 px and at 390 px (a phone), go to test-artifacts/admin/ (see `shot`).
 * Without /usr/bin/chromium the tests are skipped with a message — unless CI is set: then they run (and fail).
 *
 * On every view and at both widths (`audit`): no "undefined", "NaN" or "null" anywhere in the text (page, chart labels,
 * aria-labels, titles); no two text boxes overlap — the charts are drawn by ECharts' SVG renderer (as in production),
 * so each chart label is a real <text> element whose bounding box the browser reports; the same check runs over the
 * HTML legends, cards and calendar cells; nothing scrolls sideways; and axe-core (the npm package, evaluated in the
 * page) finds no serious or critical accessibility violation.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { applyDemoSettings, generateDemoData, ingestDemoData, type DemoData } from '../scripts/demo/demo-data.js';
import { applyDemoBenchmarksAndGoals, DEMO_GOALS } from '../scripts/demo/demo-goals.js';
import { IntakeService } from '../src/intake/intake.service.js';
import { RollupService } from '../src/rollup/rollup.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { parseCsv as parseRfc4180 } from './support/csv.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const AXE = readFileSync(resolve(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');
const CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const RUN = existsSync(CHROMIUM) || CI;
const ROOT = process.cwd();
const ARTIFACTS = resolve(ROOT, 'test-artifacts/admin');
const DB = process.env.TEST_DB ?? 'pglite';
/** test-artifacts/admin/<name>-<db>.png; the database is in the name because `npm test` runs the suite twice */
const shot = (name: string) => join(ARTIFACTS, `${name}-${DB}.png`);

if (!RUN) {
  console.warn(`admin browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium). With CI=true they run and fail instead.`);
}

declare global {
  interface Window {
    /** set by the dashboard (admin/src/charts/setup.ts): the ECharts instances on screen by id */
    adminCharts?: Record<string, { convertToPixel(finder: unknown, value: unknown): number[]; getDom(): HTMLElement; getOption(): unknown }>;
    axe?: {
      run(context: Document, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
    };
  }
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** RFC 4180 CSV → rows of cells, without the byte-order mark the downloads start with. */
const parseCsv = (text: string): string[][] => parseRfc4180(text.replace(/^\ufeff/, ''));

(RUN ? describe : describe.skip)('admin dashboard in chromium', () => {
  let t: TestApp;
  let base: string;
  let data: DemoData;
  let fullToken: string;
  let teamToken: string;
  let browser: BrowserContext;
  let page: Page;
  let adminDir: string;
  let profile: string;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // the front end, type-checked and built as `npm run admin:build` does, into a directory of this test run
    adminDir = mkdtempSync(join(tmpdir(), 'admin-dist-'));
    const tsc = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'admin/tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
    if (tsc.status !== 0) throw new Error(`admin type-check failed:\n${tsc.stdout}${tsc.stderr}`);
    const vite = spawnSync(
      process.execPath,
      [
        resolve(ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'admin/vite.config.ts',
        '--outDir',
        adminDir,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (vite.status !== 0) throw new Error(`admin build failed:\n${vite.stdout}${vite.stderr}`);
    process.env.ADMIN_DIST_DIR = adminDir;

    t = await startTestApp();
    data = generateDemoData({ seed: 42, historyDays: 120, futureDays: 30 });
    await ingestDemoData(t.app.get(IntakeService), data);
    await applyDemoSettings(t.prisma);
    const rollups = t.app.get(RollupService);
    for (const c of data.range.clinics) await rollups.backfill({ clinicIds: [c.clinicId], from: c.from, to: addDays(c.today, -1) });
    await applyDemoBenchmarksAndGoals(
      t.prisma,
      data.range.clinics.map((c) => c.clinicId),
    );
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    fullToken = await t.token({ sub: 'manager', permissions: ['ops:view_analytics', 'ops:view_provider_detail'] });
    teamToken = await t.token({ sub: 'team-viewer', permissions: ['ops:view_analytics'] });

    profile = mkdtempSync(join(tmpdir(), 'admin-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    // every script error and CSP violation fails the suite (checked at the end)
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
    );
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      // the one error answer the page may get: the capacity route while it is not implemented (501)
      if (r.status() >= 400 && !(r.status() === 501 && r.url().includes('/capacity'))) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    delete process.env.ADMIN_DIST_DIR;
    for (const d of [adminDir, profile]) if (d) rmSync(d, { recursive: true, force: true });
  });

  const ready = async () => {
    await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error', null, { timeout: 30_000 });
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
  };
  /** Loads the page afresh with a view in the address (a new document, not a hash change of the old one). */
  const open = async (hash: string) => {
    await page.goto('about:blank');
    await page.goto(`${base}/admin${hash}`);
    await ready();
  };
  /** Waits for the view a click opened to finish drawing. */
  const arrive = async (view: string) => {
    await page.waitForFunction((v) => document.body.dataset.view === v && document.body.dataset.state !== 'loading', view, { timeout: 30_000 });
    await ready();
  };
  /** The label of the last category of a chart whose first series has a value there (not a closed day). */
  const lastWithData = (id: string) =>
    page.evaluate((chartId) => {
      const o = window.adminCharts![chartId].getOption() as { xAxis: { data: string[] }[]; series: { data: (number | null | { value: number | null })[] }[] };
      const values = o.series[0].data;
      const v = (x: number | null | { value: number | null }) => (x !== null && typeof x === 'object' ? x.value : x);
      for (let i = values.length - 1; i >= 0; i--) if (v(values[i]) !== null && v(values[i]) !== undefined) return o.xAxis[0].data[i];
      throw new Error(`no data in ${chartId}`);
    }, id);
  /** A real mouse click on a data item of a chart, found with the chart's own coordinate conversion. */
  const clickChart = async (id: string, value: [number | string, number | string]) => {
    const at = await page.evaluate(
      ([chartId, v]) => {
        const c = window.adminCharts![chartId];
        const [x, y] = c.convertToPixel({ gridIndex: 0 }, v);
        // bring the point to the middle of the window (below the sticky header), then click where it is now
        const before = c.getDom().getBoundingClientRect();
        window.scrollBy(0, before.top + y - window.innerHeight / 2);
        const r = c.getDom().getBoundingClientRect();
        return { x: r.left + x, y: r.top + y };
      },
      [id, value] as const,
    );
    await page.mouse.click(at.x, at.y);
  };
  const chartInfo = (id: string) =>
    page.$eval(`[data-chart="${id}"]`, (el) => ({
      points: Number((el as HTMLElement).dataset.points),
      shapes: el.querySelectorAll('svg path, svg rect').length,
      width: (el as HTMLElement).clientWidth,
    }));
  const tableRows = (id: string) =>
    page.$$eval(`[data-table="${id}"] tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));

  it('loads against the demo data: sign-in from #token=, clinics and headline of the token', async () => {
    await open(`#token=${fullToken}`);
    // the token left the address bar (and the history) once read
    expect(page.url()).not.toContain('token=');
    const api = await t.get('/api/v1/ops/utilization', fullToken).expect(200);
    // percents in the viewer's locale, by the browser's own Intl
    const percent = (v: number) =>
      page.evaluate((x) => new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x), v);
    expect(await page.textContent('[data-card="utilization"] .big')).toBe(await percent(api.body.current.utilizationRate));
    expect(await page.textContent('[data-card="no-show"] .big')).toBe(await percent(api.body.current.noShowRate));
    const options = await page.$$eval('#clinic option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(['all', 'clinic-a', 'clinic-b', 'clinic-c', 'clinic-d']);
    expect(await tableRows('clinics')).toHaveLength(4);
    expect(await page.textContent('#who-text')).toContain('manager');
    // fits a laptop screen: no sideways scrolling
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: shot('overview'), fullPage: true });
    // print: controls hidden, the page still carries the figures
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(200);
    expect(await page.isVisible('#pickers')).toBe(false);
    expect(await page.isVisible('[data-chart="chairs"]')).toBe(true);
    // at the width of an A4 page (96 dpi): charts follow, nothing sticks out sideways
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(794);
    expect((await chartInfo('chairs')).width).toBeLessThanOrEqual(794);
    await page.screenshot({ path: shot('overview-print'), fullPage: true });
    await page.pdf({ path: join(ARTIFACTS, `overview-${DB}.pdf`), format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 60_000);

  it('draws every chart with data', async () => {
    await open('#view=overview&clinic=clinic-a');
    const api = await t
      .get(`/api/v1/ops/utilization/report?clinicId=clinic-a&${new URL(page.url()).hash.match(/from=[\d-]+&to=[\d-]+/)![0]}`, fullToken)
      .expect(200);
    for (const id of ['utilization-trend', 'chairs', 'downtime', 'heatmap', 'providers']) {
      const c = await chartInfo(id);
      expect({ id, ok: c.points > 0 && c.shapes > 5 && c.width > 300 }).toEqual({ id, ok: true });
    }
    expect((await chartInfo('chairs')).points).toBe(api.body.resources.filter((r: { utilizationRate: number | null }) => r.utilizationRate !== null).length);
    expect((await chartInfo('heatmap')).points).toBe(
      api.body.clinics[0].peakLow.grid.filter((c: { availableChairHours: number }) => c.availableChairHours > 0).length,
    );
    // providers with ops:view_provider_detail: every one of the clinic, by name (never ranked by a figure)
    const providers = (await tableRows('providers')).map((r) => r[0]);
    expect(providers).toHaveLength(api.body.providers.individuals.length);
    expect(providers).toEqual([...providers].sort((a, b) => a.localeCompare(b)));
    // the band is shaded on the utilization chart
    const band = await page.evaluate(() =>
      JSON.stringify((window.adminCharts!['utilization-trend'].getOption() as { series: { markArea?: unknown }[] }).series[0].markArea),
    );
    expect(band).toContain('0.7');
    expect(band).toContain('0.85');
    // capacity: drawn when the server has the route, else the panel says it is not available
    await page.addStyleTag({ content: '.topbar { position: static !important; }' }); // element shots: no sticky header over them
    const capacity = await t.get('/api/v1/ops/utilization/capacity?clinicId=clinic-a', fullToken);
    if (capacity.status === 200) {
      const c = await chartInfo('capacity');
      expect(c.points).toBeGreaterThan(0);
      await (await page.$('[data-panel="capacity"]'))!.screenshot({ path: shot('capacity') });
    } else {
      expect(await page.textContent('[data-panel="capacity"]')).toMatch(/not available/);
    }
    await (await page.$('[data-panel="heatmap"]'))!.screenshot({ path: shot('heatmap') });
    await (await page.$('[data-panel="providers"]'))!.screenshot({ path: shot('providers') });
    await page.screenshot({ path: shot('overview-clinic-a'), fullPage: true });
  }, 60_000);

  it('drills down by clicking: chart bar → a resource’s days → the day timeline; a day → every chair → timeline', async () => {
    await open('#view=overview&clinic=clinic-a');
    // the first bar of the chairs chart (the most used chair)
    const first = (await tableRows('chairs'))[0];
    const chairName = first[0];
    await clickChart('chairs', [0.5, chairName]);
    await arrive('resource');
    expect(await page.evaluate(() => document.body.dataset.view)).toBe('resource');
    expect(await page.textContent('.view-title')).toContain(chairName);
    const days = await tableRows('resource-days');
    expect(days.length).toBeGreaterThan(10);
    await page.screenshot({ path: shot('resource-days'), fullPage: true });
    // the last day's bar opens its timeline
    await clickChart('resource-days', [await lastWithData('resource-days'), 0.75]);
    await arrive('timeline');
    expect(await page.evaluate(() => document.body.dataset.view)).toBe('timeline');
    const hash = new URLSearchParams(new URL(page.url()).hash.slice(1));
    const tl = await t.get(`/api/v1/ops/utilization/chairs/${hash.get('resource')}/timeline?date=${hash.get('date')}`, fullToken).expect(200);
    expect(tl.body.segments.length).toBeGreaterThan(0);
    expect((await chartInfo('timeline')).points).toBe(tl.body.segments.length);
    expect(await tableRows('sessions')).toHaveLength(tl.body.sessions.length);
    expect(await tableRows('segments')).toHaveLength(tl.body.segments.length);
    expect((await tableRows('segments')).map((r) => r[0])).toContain('Gap');
    await page.screenshot({ path: shot('timeline'), fullPage: true });

    // from the overview's utilization chart: a day (28-day period → daily points) → all chairs that day → a chair's timeline
    await open('#view=overview&clinic=clinic-a');
    await clickChart('utilization-trend', [await lastWithData('utilization-trend'), 0.75]);
    await arrive('day');
    expect(await page.evaluate(() => document.body.dataset.view)).toBe('day');
    const chairs = await tableRows('day');
    expect(chairs.length).toBeGreaterThan(3);
    await page.screenshot({ path: shot('day'), fullPage: true });
    await clickChart('day', [0.5, chairs[0][0]]);
    await arrive('timeline');
    expect(await page.evaluate(() => document.body.dataset.view)).toBe('timeline');
    expect(await page.textContent('.view-title')).toContain(chairs[0][0]);
    expect((await chartInfo('timeline')).shapes).toBeGreaterThan(5);

    // a heatmap cell opens the latest such weekday of the period
    await open('#view=overview&clinic=clinic-a');
    await clickChart('heatmap', ['10:00', 'Tue']);
    await arrive('day');
    const h = new URLSearchParams(new URL(page.url()).hash.slice(1));
    expect(h.get('view')).toBe('day');
    expect(h.get('hour')).toBe('10');
    expect(new Date(`${h.get('date')}T12:00:00Z`).getUTCDay()).toBe(2);
    // and a week of the utilization chart opens that period
    await open('#view=overview&clinic=clinic-a&gran=week');
    const week = await page.evaluate(() => (window.adminCharts!['utilization-trend'].getOption() as { xAxis: { data: string[] }[] }).xAxis[0].data[1]);
    await clickChart('utilization-trend', [week, 0.75]);
    await arrive('period');
    expect(await page.evaluate(() => document.body.dataset.view)).toBe('period');
    expect(await tableRows('period-days')).toHaveLength(7);
    await page.screenshot({ path: shot('period'), fullPage: true });
  }, 90_000);

  it('a token without ops:view_provider_detail shows no individual provider (signed in by pasting it)', async () => {
    await open('#view=overview');
    await page.click('#signout');
    await page.waitForSelector('#signin');
    expect(page.url()).not.toContain('view=');
    expect(await page.isVisible('#pickers')).toBe(false);
    await page.screenshot({ path: shot('signin') });
    await page.fill('#token', 'not-a-token');
    await page.click('#signin button[type="submit"]');
    await page.waitForSelector('#signin .msg.error');
    await page.fill('#token', `Bearer ${teamToken}`);
    await page.click('#signin button[type="submit"]');
    await arrive('overview');
    expect(await page.textContent('#who-text')).toContain('team figures only');
    expect(await page.$('[data-providers="team-only"]')).not.toBeNull();
    expect(await page.$('[data-table="providers"]')).toBeNull();
    expect(await tableRows('providers-team')).not.toHaveLength(0);
    const names = data.providers.map((p) => p.name);
    const ids = data.providers.map((p) => p.id);
    const text = await page.evaluate(() => document.body.innerText);
    for (const n of [...names, ...ids]) expect({ n, shown: text.includes(n) }).toEqual({ n, shown: false });
    await page.screenshot({ path: shot('overview-team-only'), fullPage: true });
    // nor on a day timeline (sessions carry provider ids)
    const date = addDays(data.range.clinics.find((c) => c.clinicId === 'clinic-a')!.today, -2);
    await open(`#view=timeline&clinic=clinic-a&resource=a-chair-1&date=${date}`);
    const timeline = await page.evaluate(() => document.body.innerText);
    expect(ids.filter((id) => timeline.includes(id))).toEqual([]);
    // and the provider panel's CSV holds team rows only
    await open('#view=overview');
    const download = page.waitForEvent('download');
    await page.click('[data-csv="providers-team"]');
    const csv = readFileSync(await (await download).path(), 'utf8');
    for (const n of names) expect(csv).not.toContain(n);
    // back to the full token for the next test
    await open(`#token=${fullToken}`);
  }, 60_000);

  it('a CSV download holds the rows on screen', async () => {
    await open('#view=overview&clinic=all');
    const onScreen = await tableRows('chairs');
    const header = await page.$$eval('[data-table="chairs"] thead th', (ths) => ths.map((th) => th.textContent.trim()));
    const download = page.waitForEvent('download');
    await page.click('[data-csv="chairs"]');
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^chairs-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parseCsv(readFileSync(await file.path(), 'utf8'));
    expect(rows[0]).toHaveLength(header.length);
    expect(rows[0][0]).toBe('Chair or room');
    const body = rows.slice(1);
    expect(body).toHaveLength(onScreen.length);
    expect(body.length).toBe(42);
    const u = rows[0].indexOf('Utilization');
    const shown = await page.evaluate(
      (xs) => xs.map((x) => new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x)),
      body.map((r) => Number(r[u])),
    );
    body.forEach((r, i) => {
      expect(r[0]).toBe(onScreen[i][0]); // name
      expect(r[1]).toBe(onScreen[i][1]); // id
      expect(shown[i]).toBe(onScreen[i][u]);
    });
    // the timeline's sessions too
    const date = addDays(data.range.clinics.find((c) => c.clinicId === 'clinic-b')!.today, -3);
    await open(`#view=timeline&clinic=clinic-b&resource=b-chair-1&date=${date}`);
    const sessions = await tableRows('sessions');
    const d2 = page.waitForEvent('download');
    await page.click('[data-csv="sessions"]');
    const csv2 = parseCsv(readFileSync(await (await d2).path(), 'utf8'));
    expect(csv2.slice(1)).toHaveLength(sessions.length);
    const patientOnScreen = (await page.$$eval('[data-table="sessions"] thead th', (ths) => ths.map((th) => th.textContent.trim()))).indexOf('Patient');
    expect(csv2.slice(1).map((r) => r[csv2[0].indexOf('Patient')])).toEqual(sessions.map((r) => r[patientOnScreen]));
    expect(csv2[0]).toEqual(expect.arrayContaining(['Scheduled start', 'Scheduled end', 'Actual start', 'Actual end', 'Status']));
  }, 60_000);

  it('shows benchmarks with their sources one click away and the demo team goals with progress and a streak (issue 14)', async () => {
    await open(`#token=${fullToken}&clinic=clinic-a`);
    await page.waitForSelector('[data-panel="benchmarks"] ul.benchmarks');
    const summaries = await page.$$eval('[data-panel="benchmarks"] ul.benchmarks > li > b', (bs) => bs.map((b) => b.textContent));
    expect(summaries.join(' ')).toMatch(/^booked [\d.]+ % · industry 77–88 % \(ADA HPI 2022\)/);
    expect(summaries.join(' ')).toMatch(/no-show [\d.]+ % · industry 3–7\.4 % \(Henry Schein One 2026, Planet DDS 2025/);
    expect(summaries.join(' ')).toMatch(/hygiene booked/);
    const links = await page.$$eval('[data-panel="benchmarks"] a[href^="https://"]', (as) => as.map((a) => (a as HTMLAnchorElement).target));
    expect(links.length).toBeGreaterThanOrEqual(3);
    expect(new Set(links)).toEqual(new Set(['_blank']));
    await page.waitForSelector('[data-panel="goals"] ul.goals li');
    const goals = await page.$$eval('[data-panel="goals"] ul.goals li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(goals).toHaveLength(DEMO_GOALS.length);
    expect(goals.join(' ')).toMatch(/weeks running/);
    expect(goals.join(' ')).toMatch(/Streak: [1-9]\d* weeks/);
    expect(await page.$$('[data-panel="goals"] progress')).not.toHaveLength(0);
    await (await page.$('[data-panel="goals"]'))!.screenshot({ path: shot('goals') });
    await (await page.$('[data-panel="benchmarks"]'))!.screenshot({ path: shot('benchmarks') });
  }, 60_000);

  // ---- checks every view must pass, at both widths ----------------------------------------------------------------

  /** The text boxes on the page that overlap another one (chart labels per chart; legends, cards, calendar cells). */
  const overlappingText = () =>
    page.evaluate(() => {
      type Box = { t: string; r: DOMRect };
      const visible = (el: Element) => {
        // the browser's own answer first: content of a closed <details> and display:none subtrees are not rendered
        if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) return false;
        for (let e: Element | null = el; e; e = e.parentElement) {
          const cs = getComputedStyle(e);
          if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0 || Number(cs.fillOpacity) === 0) return false;
        }
        return true;
      };
      const boxes = (root: ParentNode, sel: string): Box[] =>
        [...root.querySelectorAll(sel)]
          .map((el) => ({ t: (el.textContent ?? '').trim(), r: el.getBoundingClientRect(), el }))
          .filter((b) => b.t && b.r.width > 0 && b.r.height > 0 && visible(b.el))
          .map(({ t, r }) => ({ t, r }));
      const out: string[] = [];
      const check = (list: Box[], where: string) => {
        for (let i = 0; i < list.length; i++)
          for (let j = i + 1; j < list.length; j++) {
            const a = list[i].r;
            const b = list[j].r;
            // 1 px of tolerance on every side: glyph boxes of neighbours may touch
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left) - 2;
            const hgt = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) - 2;
            if (w > 0 && hgt > 0) out.push(`${where}: "${list[i].t}" × "${list[j].t}"`);
          }
      };
      document.querySelectorAll<HTMLElement>('[data-chart]').forEach((c) => check(boxes(c, 'svg text'), c.dataset.chart!));
      check(
        boxes(
          document,
          '.legend li, .card h3, .card .big, .card > p, .card .reasons li, .day > span, .panel-head h2, .toggle button, .table-caption, button.csv, .view-title, .crumbs li',
        ),
        'page',
      );
      return out;
    });

  /** Every check of a view; `name` names its screenshot (test-artifacts/admin/<name>-<width>-<db>.png). */
  const audit = async (name: string) => {
    const width = page.viewportSize()!.width;
    const label = `${name} @ ${width}px`;
    const text = await page.evaluate(() =>
      [
        document.body.innerText,
        ...[...document.querySelectorAll('svg text')].map((t) => t.textContent ?? ''),
        ...[...document.querySelectorAll('[aria-label], [title]')].flatMap((e) => [e.getAttribute('aria-label') ?? '', e.getAttribute('title') ?? '']),
      ].join('\n'),
    );
    expect({ label, words: text.match(/\b(undefined|NaN|null)\b/g) ?? [] }).toEqual({ label, words: [] });
    expect({ label, overlaps: await overlappingText() }).toEqual({ label, overlaps: [] });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect({ label, scrollWidth, fits: scrollWidth <= width }).toEqual({ label, scrollWidth, fits: true });
    if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE);
    const violations = await page.evaluate(async () =>
      (await window.axe!.run(document, { resultTypes: ['violations'] })).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')}`),
    );
    expect({ label, violations }).toEqual({ label, violations: [] });
    await page.screenshot({ path: shot(`${name}-${width}`), fullPage: true });
  };

  /** Colours a chart draws as data (series, data items) that neither its own legend nor the HTML legend beside it names. */
  const unnamedColours = (id: string) =>
    page.evaluate((chartId) => {
      type S = {
        name?: string;
        type: string;
        itemStyle?: { color?: string };
        areaStyle?: { color?: string };
        lineStyle?: { opacity?: number };
        data?: unknown[];
      };
      const o = window.adminCharts![chartId].getOption() as { series: S[]; legend?: { data?: (string | { name: string })[] }[]; visualMap?: unknown[] };
      // a legend without a data list names every series (ECharts' default)
      const listed = o.legend?.[0]?.data ?? [];
      const legendNames = new Set(
        o.legend?.length && !listed.length ? o.series.map((s) => s.name ?? '') : listed.map((d) => (typeof d === 'string' ? d : d.name)),
      );
      const htmlLegend = new Set(
        [...document.querySelectorAll<HTMLElement>(`[data-legend="${chartId}"] li[data-color]`)].map((li) => li.dataset.color!.toLowerCase()),
      );
      const out: string[] = [];
      for (const s of o.series) {
        const named = !!s.name && legendNames.has(s.name);
        if (s.type === 'line' && s.lineStyle?.opacity === 0 && !s.areaStyle) continue; // an invisible helper (a stack's base)
        if (s.type === 'heatmap' && o.visualMap?.length) continue; // coloured by the visual map, which is its legend
        const drawn = new Set<string>();
        if (s.itemStyle?.color && s.itemStyle.color !== 'transparent') drawn.add(s.itemStyle.color);
        for (const d of s.data ?? []) {
          const c = (d as { itemStyle?: { color?: string } } | null)?.itemStyle?.color;
          if (c) drawn.add(c);
        }
        for (const c of drawn) if (!named && !htmlLegend.has(c.toLowerCase())) out.push(`${s.name}: ${c}`);
        // data items coloured one by one (e.g. by status) are named only by a legend of those colours
        for (const d of s.data ?? []) {
          const c = (d as { itemStyle?: { color?: string } } | null)?.itemStyle?.color;
          if (c && !htmlLegend.has(c.toLowerCase())) out.push(`${s.name} item: ${c}`);
        }
      }
      return [...new Set(out)];
    }, id);

  it('every view at 1440 px and 390 px: no undefined/NaN/null, no overlapping labels, no sideways scroll, no serious axe violation; screenshots', async () => {
    await open(`#token=${fullToken}`);
    const a = data.range.clinics.find((c) => c.clinicId === 'clinic-a')!;
    const c = data.range.clinics.find((x) => x.clinicId === 'clinic-c')!;
    const views: [string, string][] = [
      ['overview-all', '#view=overview&clinic=all'],
      ['overview-clinic-a', '#view=overview&clinic=clinic-a'],
      ['overview-clinic-c-90', `#view=overview&clinic=clinic-c&from=${addDays(c.today, -90)}&to=${addDays(c.today, -1)}`],
      ['period', `#view=period&clinic=clinic-a&pfrom=${addDays(a.today, -14)}&pto=${addDays(a.today, -8)}`],
      ['day', `#view=day&clinic=clinic-a&date=${addDays(a.today, -3)}`],
      ['resource', '#view=resource&clinic=clinic-a&resource=a-chair-1'],
      ['timeline', `#view=timeline&clinic=clinic-a&resource=a-chair-1&date=${addDays(a.today, -3)}`],
      ['month', `#view=month&clinic=clinic-b&month=${addDays(a.today, -20).slice(0, 7)}`],
    ];
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
      for (const [name, hash] of views) {
        await open(hash);
        expect({ name, view: await page.evaluate(() => document.body.dataset.view) }).toEqual({ name, view: new URLSearchParams(hash.slice(1)).get('view') });
        // the capacity panel draws after the rest
        await page.waitForFunction(() => !document.querySelector('.msg.loading'), null, { timeout: 30_000 });
        await audit(name);
      }
      // an ops:admin token also sees the data sources panel
      await open(`#token=${await t.token({ sub: 'admin', permissions: ['ops:view_analytics', 'ops:view_provider_detail', 'ops:admin'] })}`);
      await page.waitForFunction(() => !document.querySelector('.msg.loading'), null, { timeout: 30_000 });
      expect(await page.$('[data-panel="sources"]')).not.toBeNull();
      await audit('overview-admin');
      await open(`#token=${fullToken}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 300_000);

  it('the glitches an operations manager met are gone (overview)', async () => {
    await open(`#token=${fullToken}`);
    await open('#view=overview&clinic=all');
    await page.waitForFunction(() => !document.querySelector('.msg.loading'), null, { timeout: 30_000 });
    // chair labels of the all-clinics view: as many distinct labels as chairs, on the axis and as drawn
    const labels = await page.evaluate(() => (window.adminCharts!.chairs.getOption() as { yAxis: { data: string[] }[] }).yAxis[0].data);
    expect(labels.length).toBe(42);
    expect(new Set(labels).size).toBe(labels.length);
    // what ECharts drew is exactly those labels (a label may be two lines, name over clinic; nothing cut further)
    const drawn = await page.$$eval('[data-chart="chairs"] svg text', (ts) => ts.map((t) => t.textContent.trim()).filter((x) => /[A-Za-zÄÖÜäöü]{3}/.test(x)));
    expect([...drawn].sort()).toEqual(labels.flatMap((l) => l.split('\n')).sort());
    // rates start at 0: every rate axis on the page
    for (const id of ['utilization-trend', 'chairs', 'capacity']) {
      const axes = await page.evaluate((chartId) => {
        const o = window.adminCharts![chartId]?.getOption() as { xAxis: { type: string; min?: number }[]; yAxis: { type: string; min?: number }[] } | undefined;
        return o ? [...o.xAxis, ...o.yAxis].filter((x) => x.type === 'value').map((x) => x.min) : [0];
      }, id);
      expect({ id, axes }).toEqual({ id, axes: axes.map(() => 0) });
    }
    // legends name every colour drawn
    for (const id of ['utilization-trend', 'chairs', 'downtime', 'capacity', 'providers', 'heatmap'])
      expect({ id, unnamed: await unnamedColours(id) }).toEqual({ id, unnamed: [] });
    // the suggestions: hours as "HH:MM–HH:MM", no sentence twice, the chair-hours of the text in the table, prose not clipped
    const rows = await tableRows('suggestions');
    const head = await page.$$eval('[data-table="suggestions"] thead th', (ths) => ths.map((th) => th.textContent.trim()));
    const col = (n: string) => head.indexOf(n);
    expect(rows.length).toBeGreaterThan(0);
    const spans = rows.filter((r) => /^(shorten-hours|rebalance-peak|release-hours)$/.test(r[col('Kind')]));
    for (const r of spans) expect(r[col('When')]).toMatch(/^\S+ \d\d:\d\d–\d\d:\d\d$/);
    for (const r of rows) {
      const text = r[col('Suggestion')];
      for (let i = 0; i + 30 <= text.length; i += 5)
        expect({ text, repeated: text.indexOf(text.slice(i, i + 30), i + 1) > i ? text.slice(i, i + 30) : null }).toEqual({ text, repeated: null });
      const all = /\(([\d.,]+) chair-hours in all\)/.exec(text);
      if (all) expect(all[1]).toBe(r[col('Chair-hours in all')]);
    }
    const clipped = await page.$$eval(
      '[data-table="suggestions"] td.prose',
      (tds) => tds.filter((td) => td.scrollWidth > td.clientWidth + 1 || getComputedStyle(td).whiteSpace === 'nowrap').length,
    );
    expect(clipped).toBe(0);
    // one date format: no ISO date in what the page says (CSV files keep them)
    const main = await page.evaluate(() => document.querySelector('main')!.innerText);
    expect(main.match(/\b\d{4}-\d{2}-\d{2}\b/g) ?? []).toEqual([]);
    // the data-quality basis counts as the cards do
    expect(await page.textContent('[data-quality]')).toMatch(/\d,\d{3} open chair-hours/);

    // one clinic: its chart legend says its name; the interval sits under the seated rate, not beside the booked one
    await open('#view=overview&clinic=clinic-a');
    const legend = await page.evaluate(() =>
      (window.adminCharts!['utilization-trend'].getOption() as { series: { name: string }[] }).series.map((x) => x.name),
    );
    expect(legend).toEqual(['Lakeview Orthodontics', 'Moving average']);
    const card = await page.$$eval('[data-card="utilization"] > *', (els) => els.map((e) => e.textContent.trim()));
    expect(card[2]).toMatch(/^seated; 95% interval .+ to .+$/);
    expect(card.find((x) => x.startsWith('Booked'))).not.toMatch(/interval/);
    // money in the clinic's currency (a clinic setting; the demo sets USD, USD, EUR, NZD)
    const money = async (clinic: string) => {
      await open(`#view=overview&clinic=${clinic}`);
      await page.waitForSelector('[data-table="providers"]');
      const h = await page.$$eval('[data-table="providers"] thead th', (ths) => ths.map((th) => th.textContent.trim()));
      return (await tableRows('providers')).map((r) => r[h.indexOf('Production / sched. hour')]).filter((x) => x !== '–');
    };
    const eur = await money('clinic-c');
    expect(eur.length).toBeGreaterThan(0);
    for (const x of eur) expect(x).toMatch(/^€\d/);
    const usd = await money('clinic-a');
    for (const x of usd) expect(x).toMatch(/^\$\d/);
    expect(await page.$('[data-currency="none"]')).toBeNull();
    // heatmap: a cell's number and its colour come from the same rate, rounded to a whole percent
    await page.waitForSelector('[data-chart="heatmap"]');
    const cells = await page.evaluate(() =>
      (window.adminCharts!.heatmap.getOption() as { series: { data: { value: (number | null)[] }[] }[] }).series[0].data.map((d) => d.value[2]),
    );
    expect(cells.length).toBeGreaterThan(20);
    for (const v of cells) if (v !== null) expect(Math.abs(v * 100 - Math.round(v * 100))).toBeLessThan(1e-9);
  }, 120_000);

  it('the timeline names every colour it draws (cancelled bookings too) and providers by name', async () => {
    await open(`#token=${fullToken}`);
    // a chair-day of clinic-a with a cancelled booking and sessions with providers
    const a = data.range.clinics.find((c) => c.clinicId === 'clinic-a')!;
    let found: { resource: string; date: string } | null = null;
    for (let back = 2; back < 30 && !found; back++) {
      for (const resource of ['a-chair-1', 'a-chair-2', 'a-chair-3', 'a-chair-4']) {
        const tl = await t.get(`/api/v1/ops/utilization/chairs/${resource}/timeline?date=${addDays(a.today, -back)}`, fullToken);
        if (tl.status !== 200) continue;
        if (
          tl.body.sessions.some((x: { status: string }) => x.status === 'CANCELLED') &&
          tl.body.sessions.some((x: { providerId: string | null }) => x.providerId)
        ) {
          found = { resource, date: addDays(a.today, -back) };
          break;
        }
      }
    }
    expect(found).not.toBeNull();
    await open(`#view=timeline&clinic=clinic-a&resource=${found!.resource}&date=${found!.date}`);
    const legend = await page.$$eval('[data-legend="timeline"] li', (lis) =>
      lis.map((li) => ({ color: (li as HTMLElement).dataset.color!, text: li.textContent.trim() })),
    );
    expect(legend.map((l) => l.text)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Cancelled booking/), expect.stringMatching(/^Used/), expect.stringMatching(/^Open hours/)]),
    );
    // what the browser drew: the fill of every bar in the SVG, normalised by the browser, against the legend's swatches
    const { fills, named } = await page.evaluate(() => {
      const norm = (c: string) => {
        const el = document.createElement('span');
        el.style.color = c;
        document.body.appendChild(el);
        const v = getComputedStyle(el).color;
        el.remove();
        return v;
      };
      const svg = document.querySelector('[data-chart="timeline"] svg')!;
      const fills = new Set<string>();
      svg.querySelectorAll('path').forEach((p) => {
        const f = p.getAttribute('fill');
        if (f && f !== 'none' && f !== 'transparent' && !p.closest('defs')) fills.add(norm(f));
      });
      fills.delete(norm('#fff'));
      const named = [...document.querySelectorAll<HTMLElement>('[data-legend="timeline"] li')].map((li) => norm(li.dataset.color!));
      return { fills: [...fills], named };
    });
    expect(fills.length).toBeGreaterThan(3);
    expect(fills.filter((f) => !named.includes(f))).toEqual([]);
    // the sessions table says provider names, and no provider id is on the page
    const names = new Set(data.providers.map((p) => p.name));
    const ids = data.providers.map((p) => p.id);
    const head = await page.$$eval('[data-table="sessions"] thead th', (ths) => ths.map((th) => th.textContent.trim()));
    const providers = (await tableRows('sessions')).map((r) => r[head.indexOf('Provider')]).filter((x) => x !== '–');
    expect(providers.length).toBeGreaterThan(0);
    for (const p of providers) expect({ p, known: names.has(p) }).toEqual({ p, known: true });
    const text = await page.evaluate(() => document.body.innerText);
    expect(ids.filter((id) => text.includes(id))).toEqual([]);
    await audit('timeline-cancelled');
  }, 120_000);

  it('the month view: reachable from the overview, one cell per day coloured against the band, closures and no-shows marked, a day opens by keyboard', async () => {
    await open(`#token=${fullToken}`);
    const closure = data.exceptions.find((e) => e.clinicId === 'clinic-b' && !e.resourceId && e.windows.length === 0)!;
    expect(closure).toBeDefined();
    const month = closure.date.slice(0, 7);
    // from the overview: the link opens the month of the period's end
    await open(`#view=overview&clinic=clinic-b&from=${month}-01&to=${closure.date}`);
    await page.click('[data-link="month"]');
    await arrive('month');
    expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('month')).toBe(month);
    const cells = await page.$$eval('[data-calendar] [data-date]', (as) =>
      as.map((a) => ({ date: (a as HTMLElement).dataset.date!, kind: (a as HTMLElement).dataset.kind!, text: a.textContent, label: a.getAttribute('title')! })),
    );
    const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
    expect(cells.map((c) => c.date)).toEqual(Array.from({ length: Number(last.slice(8)) }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`));
    // the same days from the API: closed where rows exist with no open minutes, coloured by the band of the summed day
    const rows = (await t.get(`/api/v1/ops/utilization/chairs?clinicId=clinic-b&from=${month}-01&to=${last}&granularity=day&limit=1000`, fullToken).expect(200))
      .body.items as { date: string; availableMinutes: number; usedMinutes: number; noShowCount: number }[];
    expect(cells.find((c) => c.date === closure.date)!.kind).toBe('closed');
    for (const cell of cells) {
      const mine = rows.filter((r) => r.date === cell.date);
      const avail = mine.reduce((s2, r) => s2 + r.availableMinutes, 0);
      const rate = avail > 0 ? mine.reduce((s2, r) => s2 + r.usedMinutes, 0) / avail : null;
      const want = !mine.length
        ? 'none'
        : avail === 0
          ? 'closed'
          : rate! < 0.65
            ? 'low'
            : rate! < 0.7
              ? 'below-target'
              : rate! <= 0.85
                ? 'on-target'
                : rate! <= 0.9
                  ? 'high'
                  : 'overbooking-risk';
      expect({ date: cell.date, kind: cell.kind }).toEqual({ date: cell.date, kind: want });
      const noShows = mine.reduce((s2, r) => s2 + r.noShowCount, 0);
      expect({ date: cell.date, marked: /no-show/.test(cell.text) }).toEqual({ date: cell.date, marked: avail > 0 && noShows > 0 });
      if (avail > 0) expect(cell.label).toMatch(/seated .+, booked .+/);
    }
    // the legend names every kind of day shown
    const kinds = new Set(cells.map((c) => c.kind));
    const legendKinds = await page.$$eval('[data-legend="month"] li', (lis) => lis.map((li) => (li as HTMLElement).dataset.kind!));
    expect(new Set(legendKinds)).toEqual(kinds);
    // keyboard: Tab reaches the days; Enter opens one
    const target = cells.find((c) => c.kind !== 'closed' && c.kind !== 'none')!;
    await page.focus('[data-month-nav="next"]');
    let tabbed = false;
    for (let i = 0; i < 60 && !tabbed; i++) {
      await page.keyboard.press('Tab');
      tabbed = await page.evaluate((d) => (document.activeElement as HTMLElement | null)?.dataset.date === d, target.date);
    }
    expect(tabbed).toBe(true);
    await page.keyboard.press('Enter');
    await arrive('day');
    const hash = new URLSearchParams(new URL(page.url()).hash.slice(1));
    expect([hash.get('view'), hash.get('clinic'), hash.get('date')]).toEqual(['day', 'clinic-b', target.date]);
    // and by address, for another clinic
    await open(`#view=month&clinic=clinic-d&month=${month}`);
    expect(await page.textContent('.view-title')).toContain('Ponsonby Smiles');
  }, 120_000);

  it('a period without data says where the data is and jumps there', async () => {
    await open(`#token=${fullToken}`);
    const a = data.range.clinics.find((c) => c.clinicId === 'clinic-a')!;
    const clinics = (await t.get('/api/v1/ops/utilization/clinics', fullToken).expect(200)).body.items as { id: string; lastRolledDate: string }[];
    const last = clinics.find((c) => c.id === 'clinic-a')!.lastRolledDate;
    await open(`#view=overview&clinic=clinic-a&from=${addDays(a.today, 60)}&to=${addDays(a.today, 87)}`);
    await page.waitForSelector('[data-hint="elsewhere"]');
    const hint = await page.textContent('[data-hint="elsewhere"]');
    expect(hint).toContain('No data in');
    const longLast = await page.evaluate(
      (d) =>
        new Intl.DateTimeFormat(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
          new Date(`${d}T12:00:00Z`),
        ),
      last,
    );
    expect(hint).toContain(longLast);
    await audit('overview-empty-period');
    await page.click('[data-hint="elsewhere"] button');
    await page.waitForFunction((d) => new URLSearchParams(location.hash.slice(1)).get('to') === d, last);
    await ready();
    const hash = new URLSearchParams(new URL(page.url()).hash.slice(1));
    expect([hash.get('from'), hash.get('to')]).toEqual([addDays(last, -27), last]);
    await page.waitForSelector('[data-card="utilization"] .big');
    expect(await page.$('[data-hint]')).toBeNull();
    expect(await page.textContent('[data-card="utilization"] .big')).toMatch(/\d/);
  }, 60_000);

  it('the service CSV of /chairs for clinic-c keeps "Röntgenraum" intact: UTF-8 with a byte-order mark', async () => {
    await open(`#token=${fullToken}`);
    const c = data.range.clinics.find((x) => x.clinicId === 'clinic-c')!;
    await open('#view=overview&clinic=clinic-c');
    const got = await page.evaluate(
      async ([token, from, to]) => {
        const res = await fetch(`/api/v1/ops/utilization/chairs?clinicId=clinic-c&from=${from}&to=${to}&format=csv`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const bytes = new Uint8Array(await res.arrayBuffer());
        return { type: res.headers.get('content-type'), head: [...bytes.slice(0, 3)], text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
      },
      [fullToken, addDays(c.today, -14), addDays(c.today, -1)] as const,
    );
    expect(got.type).toMatch(/^text\/csv; charset=utf-8/);
    expect(got.head).toEqual([0xef, 0xbb, 0xbf]);
    expect(got.text).toContain('Röntgenraum');
    expect(got.text).not.toContain('RÃ¶ntgenraum');
    const rows = parseCsv(got.text);
    expect(rows.slice(1).filter((r) => r[rows[0].indexOf('resourceName')] === 'Röntgenraum').length).toBeGreaterThan(0);
  }, 60_000);

  it('met no script error, CSP violation or failed API call on the way', () => {
    expect(problems).toEqual([]);
  });
});
