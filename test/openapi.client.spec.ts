import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDemoSettings, generateDemoData, ingestDemoData } from '../scripts/demo/demo-data.js';
import { applyDemoBenchmarksAndGoals } from '../scripts/demo/demo-goals.js';
import { IntakeService } from '../src/intake/intake.service.js';
import { RollupService } from '../src/rollup/rollup.service.js';
import { addDays } from '../src/domain/calendar.js';
import { callEveryRoute } from './fixtures/openapi-client.js';
import { startTestApp, type TestApp } from './support/app.js';

/**
 * Issue 11, as a user found it: types generated with openapi-typescript from the live document, and a client written
 * with openapi-fetch against them (test/fixtures/openapi-client.ts), must compile under `tsc --strict` and work
 * against the service loaded with the demo data. The dashboard uses the same generated types (admin/src/api-types.ts):
 * they must be what the live document generates today (`npm run openapi:types` writes them).
 */

const ROOT = join(import.meta.dirname, '..');
const node = process.execPath;

describe('a generated client (openapi-typescript + openapi-fetch)', () => {
  let t: TestApp;
  let dir: string;
  let generated: string;
  let base: string;
  let clinicId: string;
  let from: string;
  let to: string;

  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'openapi-client-'));
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc, null, 2) + '\n');
    execFileSync(node, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), join(dir, 'openapi.json'), '-o', join(dir, 'api-types.ts')], {
      stdio: 'pipe',
    });
    generated = readFileSync(join(dir, 'api-types.ts'), 'utf8');

    const data = generateDemoData({ seed: 7, historyDays: 35, futureDays: 14 });
    await ingestDemoData(t.app.get(IntakeService), data);
    await applyDemoSettings(t.prisma);
    const rollups = t.app.get(RollupService);
    for (const c of data.range.clinics) await rollups.backfill({ clinicIds: [c.clinicId], from: c.from, to: addDays(c.today, -1) });
    await applyDemoBenchmarksAndGoals(
      t.prisma,
      data.range.clinics.map((c) => c.clinicId),
    );
    const range = data.range.clinics.find((c) => c.clinicId === 'clinic-a')!;
    clinicId = range.clinicId;
    to = addDays(range.today, -1);
    from = addDays(to, -27);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 240_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it('the committed types of the dashboard (admin/src/api-types.ts) are the ones the live document generates', () => {
    const committed = readFileSync(join(ROOT, 'admin/src/api-types.ts'), 'utf8');
    if (committed !== generated)
      throw new Error('admin/src/api-types.ts is stale against the live OpenAPI document: run `npm run openapi:types` and commit it');
  });

  it('gives every JSON answer a type with fields, not unknown or Record<string, never>', () => {
    const operations = generated.slice(generated.indexOf('export interface operations'));
    const loose: string[] = [];
    let operation = '';
    let inResponses = false;
    for (const line of operations.split('\n')) {
      const m = /^ {4}"?([A-Za-z0-9]+)"?: \{$/.exec(line);
      if (m) operation = m[1];
      if (/^ {8}responses: \{$/.test(line)) inResponses = true;
      else if (/^ {8}\w+[?]?: /.test(line)) inResponses = false;
      if (inResponses && /"application\/json": (unknown|Record<string, never>)/.test(line)) loose.push(`${operation}: ${line.trim()}`);
    }
    expect(loose).toEqual([]);
    // the check reads what it should: the answers are typed
    expect(operations).toMatch(/"application\/json": components\["schemas"\]\["ChairRowPage"\]/);
  });

  it('type-checks a client that calls every route and reads its fields under tsc --strict', () => {
    const client = join(ROOT, 'test/fixtures/openapi-client.ts');
    try {
      execFileSync(
        node,
        [
          join(ROOT, 'node_modules/typescript/bin/tsc'),
          '--ignoreConfig',
          '--strict',
          '--noEmit',
          '--skipLibCheck',
          '--module',
          'nodenext',
          '--moduleResolution',
          'nodenext',
          '--target',
          'es2022',
          '--lib',
          'es2024,dom',
          client,
        ],
        { stdio: 'pipe', cwd: ROOT },
      );
    } catch (e) {
      throw new Error(`tsc --strict rejects the generated client:\n${String((e as { stdout?: Buffer }).stdout ?? e)}`, { cause: e });
    }
  }, 120_000);

  it('runs that client against the service loaded with the demo data', async () => {
    const token = await t.token({ sub: 'api-client' });
    const run = await callEveryRoute(base, token, clinicId, from, to);
    expect(run.read.length).toBeGreaterThanOrEqual(17);
    expect(run.read.join('\n')).not.toMatch(/undefined|NaN/);
  }, 120_000);
});
