/**
 * A generated Open Dental group of three clinics in three zones (New York, Berlin, Sydney; three weeks around the spring
 * DST changes), synced by the one-shot command's code path and rolled up, gives the daily rows of an independent
 * calculation of SPEC §2–3 (test/support/reference.ts) from what the generator meant.
 */
import { parseSyncArgs, runSyncCommand } from '../src/connectors/opendental/cli.js';
import { generateOpenDental, type GenModel } from '../bench/opendental-gen.js';
import { startTestApp, type TestApp } from './support/app.js';
import { days, Fixtures } from './support/fixtures.js';
import { OdFixture } from './support/opendental.js';
import { hhmm, localToInstant, providerDay, resourceDay, type RefBlock, type RefClinic, type RefResource, type RefSession } from './support/reference.js';

const ZONES: Record<number, string> = { 1: 'America/New_York', 2: 'Europe/Berlin', 3: 'Australia/Sydney' };
const FROM = '2026-03-23';
const TO = '2026-04-12';

describe('Open Dental connector: a generated group against an independent calculation', () => {
  let t: TestApp;
  let f: Fixtures;
  let od: OdFixture;
  let model: GenModel;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    od = await OdFixture.create('gen');
    model = await generateOpenDental(od, {
      clinics: [
        { num: 1, name: 'Hudson', windowsZone: 'Eastern Standard Time' },
        { num: 2, name: 'Spree', windowsZone: 'W. Europe Standard Time' },
        { num: 3, name: 'Harbour', windowsZone: 'AUS Eastern Standard Time' },
      ],
      chairsPerClinic: 4,
      from: FROM,
      days: 21,
      perChairDay: 9,
      seed: 11,
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await od?.drop();
  });

  it('syncs through the one-shot command and rolls up to the reference figures', async () => {
    const out: string[] = [];
    const code = await runSyncCommand(
      t.app,
      parseSyncArgs(['--url', od.url, '--source', 'gen'], {}),
      (l) => out.push(l),
      (l) => out.push(l),
    );
    expect(out.join('\n')).toMatch(/sessions/);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Open Dental source gen: full sync/);

    await f.backfill(FROM, TO, ['gen-c1', 'gen-c2', 'gen-c3']);

    const instant = (local: string, tz: string) => new Date(localToInstant(local.slice(0, 10), hhmm(local.slice(11, 16)), tz)).toISOString();
    const sessions: RefSession[] = model.sessions.map((s) => {
      const tz = ZONES[s.clinicNum];
      const start = instant(s.start, tz);
      return {
        externalId: `gen-${s.id}`,
        resourceId: `gen-op${s.op}`,
        providerId: `gen-prov${s.prov}`,
        patientRef: `p${s.pat}`,
        scheduledStart: start,
        scheduledEnd: new Date(Date.parse(start) + s.minutes * 60_000).toISOString(),
        actualStart: s.seated ? instant(s.seated, tz) : null,
        actualEnd: s.dismissed ? instant(s.dismissed, tz) : null,
        status: s.status,
        cancelledAt: s.cancelledAt ? instant(s.cancelledAt, tz) : null,
        procedures: s.procedures,
        productionValue: s.production,
      };
    });
    const blocks: RefBlock[] = model.blocks.map((b) => ({
      externalId: `gen-${b.id}`,
      resourceId: `gen-op${b.op}`,
      start: instant(b.start, ZONES[b.clinicNum]),
      end: instant(b.end, ZONES[b.clinicNum]),
      reason: b.reason,
    }));
    let compared = 0;
    let open = 0;
    const totals = { usedMinutes: 0, noShowMinutes: 0, lateCancelMinutes: 0, blockedMinutes: 0, maintenanceMinutes: 0 };
    for (const clinicNum of [1, 2, 3]) {
      const clinic: RefClinic = { id: `gen-c${clinicNum}`, tz: ZONES[clinicNum], minSlot: 15, hours: [{ from: '1900-01-01', hours: {} }], exceptions: {} };
      for (const ch of model.chairs.filter((c) => c.clinicNum === clinicNum)) {
        const exceptions: Record<string, [string, string][]> = {};
        for (const d of days(FROM, TO)) {
          const w = model.windows.get(`${ch.op}|${d}`);
          if (w) exceptions[d] = w;
        }
        const res: RefResource = { id: `gen-op${ch.op}`, clinicId: clinic.id, hours: [], exceptions };
        for (const d of days(FROM, TO)) {
          const expected = resourceDay(clinic, res, sessions, blocks, d);
          const row = await f.resourceRow(clinic.id, res.id, d);
          if (!row) {
            expect({ d, res: res.id, available: expected.availableMinutes, used: expected.usedMinutes }).toEqual({ d, res: res.id, available: 0, used: 0 });
            continue;
          }
          compared++;
          if (expected.availableMinutes > 0) open++;
          for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += Number(expected[k]);
          for (const k of [
            'availableMinutes',
            'usedMinutes',
            'maintenanceMinutes',
            'blockedMinutes',
            'noShowMinutes',
            'gapMinutes',
            'overtimeMinutes',
            'bookedMinutes',
            'lateCancelMinutes',
            'appointmentCount',
            'turnoverCount',
          ] as const) {
            expect({ d, res: res.id, k, v: Number(row[k] ?? 0) }).toEqual({ d, res: res.id, k, v: expect.closeTo(Number(expected[k] ?? 0), 6) });
          }
        }
        const pd = providerDay(clinic, `gen-prov${ch.op}`, sessions, '2026-03-25');
        const prow = await f.providerRow(clinic.id, `gen-prov${ch.op}`, '2026-03-25');
        expect(prow).toMatchObject({
          patientsScheduled: pd.patientsScheduled,
          patientsSeen: pd.patientsSeen,
          noShowCount: pd.noShowCount,
          proceduresCompleted: pd.proceduresCompleted,
        });
        expect(Number(prow.chairMinutes)).toBeCloseTo(pd.chairMinutes, 6);
        expect(Number(prow.productionValue)).toBeCloseTo(Number(pd.productionValue), 2);
      }
    }
    expect(open).toBeGreaterThan(150); // 12 chairs × 15 weekdays less the holidays
    expect(compared).toBeGreaterThanOrEqual(open);
    // every bucket is exercised
    for (const v of Object.values(totals)) expect(v).toBeGreaterThan(0);
  }, 120_000);
});
