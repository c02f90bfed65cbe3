/**
 * Open Dental connector on DST days, in a US zone (New York) and a southern-hemisphere one (Sydney): naive local times
 * that do not exist move forward by the gap, ambiguous ones take the later instant (standard time, the convention of
 * PostgreSQL's AT TIME ZONE that the engine uses for opening windows); each is counted as a warning. Hours are real
 * elapsed time after the rollup.
 */
import { parseSource } from '../src/connectors/opendental/config.js';
import { OpenDentalRunner } from '../src/connectors/opendental/runner.js';
import { startTestApp, type TestApp } from './support/app.js';
import { Fixtures } from './support/fixtures.js';
import { OdFixture } from './support/opendental.js';

describe('Open Dental connector: DST days', () => {
  let t: TestApp;
  let f: Fixtures;
  let od: OdFixture;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    od = await OdFixture.create('dst');
    await od.clinic(1, 'Hudson Dental', 'Eastern Standard Time');
    await od.clinic(2, 'Harbour Dental', 'AUS Eastern Standard Time');
    await od.provider(1);
    await od.op(1, 1);
    await od.op(2, 2);
    const days: [number, number, string, string, string][] = [
      // [op, ScheduleNum, date, window start, window stop]
      [1, 1, '2026-03-08', '01:00:00', '04:00:00'], // New York springs forward at 02:00
      [1, 2, '2026-11-01', '00:30:00', '03:00:00'], // New York falls back at 02:00: 00:30 EDT → 03:00 EST is 3.5 h
      [2, 3, '2026-10-04', '01:00:00', '04:00:00'], // Sydney springs forward at 02:00
      [2, 4, '2026-04-05', '01:00:00', '04:00:00'], // Sydney falls back at 03:00
    ];
    for (const [op, n, date, s, e] of days) await od.sched({ ScheduleNum: n, SchedDate: date, StartTime: s, StopTime: e, SchedType: 1, ProvNum: 1 }, [op]);
    await od.apts([
      { AptNum: 1, PatNum: 1, AptStatus: 2, Op: 1, ProvNum: 1, AptDateTime: '2026-03-08 02:30:00', ClinicNum: 1 }, // does not exist
      { AptNum: 2, PatNum: 2, AptStatus: 2, Op: 1, ProvNum: 1, AptDateTime: '2026-11-01 01:30:00', ClinicNum: 1 }, // twice
      { AptNum: 3, PatNum: 3, AptStatus: 2, Op: 2, ProvNum: 1, AptDateTime: '2026-10-04 02:30:00', ClinicNum: 2 }, // does not exist
      { AptNum: 4, PatNum: 4, AptStatus: 2, Op: 2, ProvNum: 1, AptDateTime: '2026-04-05 02:30:00', ClinicNum: 2 }, // twice
    ]);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await od?.drop();
  });

  it('resolves nonexistent and ambiguous local times by one rule, counts them, and rolls up real elapsed minutes', async () => {
    const s = await t.app.get(OpenDentalRunner).run(parseSource({ id: 'dst', url: od.url }));
    expect(s.kinds.sessions).toMatchObject({ created: 4, warnings: 4 });
    expect(s.warnings.filter((w) => /DST/.test(w))).toHaveLength(4);
    const starts = await t.sql(
      `SELECT external_id, to_char(scheduled_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS utc FROM chair_session ORDER BY external_id`,
    );
    expect(starts).toEqual([
      { external_id: 'dst-apt1', utc: '2026-03-08T07:30' }, // 02:30 → 03:30 EDT
      { external_id: 'dst-apt2', utc: '2026-11-01T06:30' }, // 01:30 EST (the later one)
      { external_id: 'dst-apt3', utc: '2026-10-03T16:30' }, // 02:30 → 03:30 AEDT
      { external_id: 'dst-apt4', utc: '2026-04-04T16:30' }, // 02:30 AEST (the later one)
    ]);
    await f.backfill('2026-03-08', '2026-11-01', ['dst-c1', 'dst-c2']);
    expect(await f.resourceRow('dst-c1', 'dst-op1', '2026-03-08')).toMatchObject({ availableMinutes: 120, usedMinutes: 30 });
    expect(await f.resourceRow('dst-c1', 'dst-op1', '2026-11-01')).toMatchObject({ availableMinutes: 210, usedMinutes: 30 });
    expect(await f.resourceRow('dst-c2', 'dst-op2', '2026-10-04')).toMatchObject({ availableMinutes: 120, usedMinutes: 30 });
    expect(await f.resourceRow('dst-c2', 'dst-op2', '2026-04-05')).toMatchObject({ availableMinutes: 240, usedMinutes: 30 });
  });
});
