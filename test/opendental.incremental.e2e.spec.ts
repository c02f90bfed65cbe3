/**
 * Open Dental connector, incremental sync: DateTStamp watermarks from the source's clock, the rolling schedule window,
 * history action 4, a procedure completed later, a hidden chair, a schedule moved to another chair; a crash mid-sync
 * resumes from the last committed watermark; one replica at a time.
 */
import { parseSource } from '../src/connectors/opendental/config.js';
import { OpenDentalRunner, SyncBusy } from '../src/connectors/opendental/runner.js';
import { startTestApp, type TestApp } from './support/app.js';
import { OdFixture } from './support/opendental.js';
import { TEST_DB } from './support/test-db.js';

const TODAY = '2026-12-01'; // the rolling window (14 days back, 120 ahead) is pinned here

describe('Open Dental connector: incremental sync', () => {
  let t: TestApp;
  let od: OdFixture;
  let runner: OpenDentalRunner;
  const cfg = () => parseSource({ id: 'inc', url: od.url });
  const sync = (full = false) => runner.run(cfg(), { today: TODAY, full });
  const session = async (id: string) =>
    (
      await t.sql<Record<string, unknown>>(
        `SELECT resource_id, status::text AS status, to_char(scheduled_start AT TIME ZONE 'America/New_York', 'YYYY-MM-DD HH24:MI') AS local_start,
                cancelled_at IS NOT NULL AS cancelled, procedures, production_value::text AS pv
         FROM chair_session WHERE external_id = $1`,
        [id],
      )
    )[0];
  const windows = async (resourceId: string, date: string) =>
    (await t.sql<{ windows: unknown }>('SELECT windows FROM resource_exception WHERE resource_id = $1 AND date = $2::date', [resourceId, date]))[0]?.windows;

  beforeAll(async () => {
    t = await startTestApp();
    runner = t.app.get(OpenDentalRunner);
    od = await OdFixture.create('inc');
    await od.clinic(1, 'Main Street', 'Eastern Standard Time');
    await od.pref('EasyNoClinics', '0');
    await od.provider(1);
    await od.provider(2, { IsSecondary: 1 });
    await od.op(1, 1, { ProvDentist: 1 });
    await od.op(2, 1, { ProvHygienist: 2, IsHygiene: 1 });
    await od.sched({ ScheduleNum: 1, SchedDate: '2026-12-02', StartTime: '08:00:00', StopTime: '17:00:00', SchedType: 1, ProvNum: 1 }, [1]);
    await od.sched({ ScheduleNum: 2, SchedDate: '2026-12-01', StartTime: '08:00:00', StopTime: '17:00:00', SchedType: 1, ProvNum: 1 }, [1]);
    await od.apts([
      { AptNum: 1, PatNum: 11, AptStatus: 1, Op: 1, ProvNum: 1, AptDateTime: '2026-12-02 09:00:00', ClinicNum: 1 },
      { AptNum: 2, PatNum: 12, AptStatus: 1, Op: 1, ProvNum: 1, AptDateTime: '2026-12-02 10:00:00', ClinicNum: 1 },
      { AptNum: 3, PatNum: 13, AptStatus: 1, Op: 1, ProvNum: 1, AptDateTime: '2026-12-02 11:00:00', ClinicNum: 1 },
      {
        AptNum: 4,
        PatNum: 14,
        AptStatus: 2,
        Op: 1,
        ProvNum: 1,
        AptDateTime: '2026-12-01 08:00:00',
        ClinicNum: 1,
        DateTimeSeated: '2026-12-01 08:05:00',
        DateTimeDismissed: '2026-12-01 08:40:00',
      },
      { AptNum: 5, PatNum: 15, AptStatus: 5, Op: 1, ProvNum: 1, AptDateTime: '2026-12-02 13:00:00', ClinicNum: 1 },
    ]);
    await od.hists([
      {
        HistApptNum: 1,
        HistDateTStamp: '2026-11-30 08:00:00',
        HistApptAction: 3,
        AptNum: 5,
        PatNum: 15,
        AptStatus: 5,
        Pattern: 'XXXXXX',
        Op: 1,
        ProvNum: 1,
        AptDateTime: '2026-12-02 13:00:00',
        ClinicNum: 1,
      },
    ]);
    await od.procs([{ ProcNum: 1, PatNum: 14, AptNum: 4, ProcFee: 120, ProcStatus: 1, ProvNum: 1, ClinicNum: 1 }]);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await od?.drop();
  });

  it('first run is a full read; a second run reads only what changed and changes nothing', async () => {
    const first = await sync();
    expect(first.mode).toBe('full');
    expect(first.kinds.sessions).toMatchObject({ read: 5, created: 5 });
    expect(await session('inc-apt5')).toMatchObject({ status: 'CANCELLED', cancelled: true });
    const second = await sync();
    expect(second.mode).toBe('incremental');
    expect(second.kinds.sessions.read).toBe(0);
    for (const k of Object.values(second.kinds)) expect(k).toMatchObject({ created: 0, updated: 0 });
  });

  it('picks up a reschedule, a break, an un-break, a delete, a procedure completed later, a hidden chair and a schedule moved to another chair', async () => {
    // reschedule: broken (Cancelled) at its slot, then dragged to the next day on chair 2
    await od.exec(
      `INSERT INTO histappointment (HistApptNum, HistDateTStamp, HistApptAction, AptNum, PatNum, AptStatus, Pattern, Op, ProvNum, AptDateTime, ClinicNum) VALUES (2, NOW(), 3, 1, 11, 5, 'XXXXXX', 1, 1, '2026-12-02 09:00:00', 1)`,
    );
    await od.exec(`UPDATE appointment SET AptStatus = 1, Op = 2, AptDateTime = '2026-12-03 09:00:00' WHERE AptNum = 1`);
    // break as Missed
    await od.exec(`UPDATE appointment SET AptStatus = 5 WHERE AptNum = 2`);
    await od.exec(
      `INSERT INTO histappointment (HistApptNum, HistDateTStamp, HistApptAction, AptNum, PatNum, AptStatus, Pattern, Op, ProvNum, AptDateTime, ClinicNum) VALUES (3, NOW(), 2, 2, 12, 5, 'XXXXXX', 1, 1, '2026-12-02 10:00:00', 1)`,
    );
    // un-break: back on the book at the same slot
    await od.exec(`UPDATE appointment SET AptStatus = 1 WHERE AptNum = 5`);
    await od.exec(
      `INSERT INTO histappointment (HistApptNum, HistDateTStamp, HistApptAction, AptNum, PatNum, AptStatus, Pattern, Op, ProvNum, AptDateTime, ClinicNum) VALUES (4, NOW(), 1, 5, 15, 1, 'XXXXXX', 1, 1, '2026-12-02 13:00:00', 1)`,
    );
    // hard delete: history action 4 first, then the row goes
    await od.exec(
      `INSERT INTO histappointment (HistApptNum, HistDateTStamp, HistApptAction, AptNum, PatNum, AptStatus, Pattern, Op, ProvNum, AptDateTime, ClinicNum) VALUES (5, NOW(), 4, 3, 13, 1, 'XXXXXX', 1, 1, '2026-12-02 11:00:00', 1)`,
    );
    await od.exec(`DELETE FROM appointment WHERE AptNum = 3`);
    // the treatment-planned procedure of yesterday's appointment is completed today: the appointment row does not change
    await od.exec(`UPDATE procedurelog SET ProcStatus = 2, DateComplete = CURDATE() WHERE ProcNum = 1`);
    // chair 2 hidden; schedule 1 re-linked from chair 1 to chair 2 (its DateTStamp does not move)
    await od.exec(`UPDATE operatory SET IsHidden = 1 WHERE OperatoryNum = 2`);
    await od.exec(`UPDATE scheduleop SET OperatoryNum = 2 WHERE ScheduleNum = 1`);

    const r = await sync();
    expect(r.mode).toBe('incremental');
    expect(r.kinds.sessions).toMatchObject({ read: 5, created: 1, updated: 5 });
    expect(r.kinds.resources).toMatchObject({ updated: 1 });
    expect(r.kinds.exceptions).toMatchObject({ created: 1, updated: 1 });

    expect(await session('inc-apt1')).toMatchObject({ resource_id: 'inc-op2', status: 'SCHEDULED', local_start: '2026-12-03 09:00' });
    expect(await session('inc-apt1:2')).toMatchObject({ resource_id: 'inc-op1', status: 'CANCELLED', local_start: '2026-12-02 09:00', cancelled: true });
    expect(await session('inc-apt2')).toMatchObject({ status: 'NO_SHOW' });
    expect(await session('inc-apt5')).toMatchObject({ status: 'SCHEDULED', cancelled: false });
    expect(await session('inc-apt3')).toMatchObject({ status: 'CANCELLED', cancelled: true, local_start: '2026-12-02 11:00' });
    expect(await session('inc-apt4')).toMatchObject({ status: 'COMPLETED', procedures: 1, pv: '120.00' });
    expect((await t.sql(`SELECT active FROM resource WHERE id = 'inc-op2'`))[0]).toEqual({ active: false });
    expect(await windows('inc-op1', '2026-12-02')).toEqual([]);
    expect(await windows('inc-op2', '2026-12-02')).toEqual([['08:00', '17:00']]);

    const again = await sync();
    for (const k of Object.values(again.kinds)) expect(k).toMatchObject({ created: 0, updated: 0 });
  });

  it('a deleted schedule inside the window closes the chair-day', async () => {
    await od.exec('DELETE FROM scheduleop WHERE ScheduleNum = 2');
    await od.exec('DELETE FROM schedule WHERE ScheduleNum = 2');
    const r = await sync();
    expect(r.kinds.exceptions).toMatchObject({ updated: 1 });
    expect(await windows('inc-op1', '2026-12-01')).toEqual([]);
  });

  it('a chair new to us (a new clinic) has its schedules and appointments read whole', async () => {
    await od.clinic(2, 'Annex', 'Central Standard Time');
    await od.op(3, 2, { ProvDentist: 1 });
    await od.sched({ ScheduleNum: 3, SchedDate: '2026-11-20', StartTime: '09:00:00', StopTime: '12:00:00', SchedType: 1, ProvNum: 1 }, [3]);
    await od.apts([{ AptNum: 6, PatNum: 16, AptStatus: 2, Op: 3, ProvNum: 1, AptDateTime: '2026-11-20 09:00:00', ClinicNum: 2 }]); // old stamps
    const r = await sync();
    expect(r.mode).toBe('full');
    expect(r.kinds.resources).toMatchObject({ created: 1 });
    expect(await session('inc-apt6')).toMatchObject({ resource_id: 'inc-op3', status: 'COMPLETED' });
    expect(await windows('inc-op3', '2026-11-20')).toEqual([['09:00', '12:00']]);
    const again = await sync();
    expect(again.mode).toBe('incremental');
    for (const k of Object.values(again.kinds)) expect(k).toMatchObject({ created: 0, updated: 0 });
  });

  it('a crash mid-sync keeps the watermarks committed before it; the next run catches up with nothing lost', async () => {
    const before = new Map(
      (await t.sql<{ table_name: string; stamp: string }>(`SELECT table_name, stamp FROM opendental_watermark WHERE source_id = 'inc'`)).map((m) => [
        m.table_name,
        m.stamp,
      ]),
    );
    await new Promise((r) => setTimeout(r, 1100)); // the source clock moves on
    await od.exec(`UPDATE appointment SET AptStatus = 2, DateTimeSeated = '2026-12-02 10:02:00', DateTimeDismissed = '2026-12-02 10:31:00' WHERE AptNum = 2`);
    await od.exec('RENAME TABLE histappointment TO histappointment_away'); // the appointments phase fails
    await expect(sync()).rejects.toThrow(/histappointment/);
    await od.exec('RENAME TABLE histappointment_away TO histappointment');
    const after = new Map(
      (await t.sql<{ table_name: string; stamp: string }>(`SELECT table_name, stamp FROM opendental_watermark WHERE source_id = 'inc'`)).map((m) => [
        m.table_name,
        m.stamp,
      ]),
    );
    expect(after.get('schedule')! > before.get('schedule')!).toBe(true); // committed before the failure
    expect(after.get('appointment')).toBe(before.get('appointment')); // not committed
    const [state] = await t.sql<{ last_error: string }>(`SELECT last_error FROM opendental_sync_state WHERE source_id = 'inc'`);
    expect(state.last_error).toMatch(/histappointment/);
    const r = await sync();
    expect(r.kinds.sessions).toMatchObject({ updated: 1 });
    expect(await session('inc-apt2')).toMatchObject({ status: 'COMPLETED' });
    const [ok] = await t.sql<{ last_error: string | null }>(`SELECT last_error FROM opendental_sync_state WHERE source_id = 'inc'`);
    expect(ok.last_error).toBeNull();
  });

  it('one sync of a source at a time (in-process; across replicas through an advisory lock on PostgreSQL)', async () => {
    const [a, b] = await Promise.allSettled([sync(), sync()]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(((a.status === 'rejected' ? a : b) as PromiseRejectedResult).reason).toBeInstanceOf(SyncBusy);
    if (TEST_DB === 'postgres') {
      const replica = await startTestApp({}, { databaseUrl: t.env.DATABASE_URL });
      try {
        const other = replica.app.get(OpenDentalRunner);
        const [x, y] = await Promise.allSettled([sync(), other.run(cfg(), { today: TODAY })]);
        expect([x.status, y.status].sort()).toEqual(['fulfilled', 'rejected']);
      } finally {
        await replica.close();
      }
    }
  });

  it('OPENDENTAL_SOURCES: the service syncs each listed source on its own', async () => {
    const other = await startTestApp({ OPENDENTAL_SOURCES: JSON.stringify([{ id: 'sched', url: od.url, every: 1 }]) });
    try {
      let state: { last_success_at: Date | null }[] = [];
      for (let i = 0; i < 60 && !state[0]?.last_success_at; i++) {
        await new Promise((r) => setTimeout(r, 250));
        state = await other.sql<{ last_success_at: Date | null }>(`SELECT last_success_at FROM opendental_sync_state WHERE source_id = 'sched'`);
      }
      expect(state[0]?.last_success_at).toBeTruthy();
      const [{ n }] = await other.sql<{ n: number }>(`SELECT count(*)::int AS n FROM chair_session WHERE external_id LIKE 'sched-apt%'`);
      expect(n).toBeGreaterThan(0);
      const res = await other.get('/api/v1/ops/sources').expect(200);
      expect(res.body.items).toEqual([expect.objectContaining({ id: 'sched', configured: true, every: 1, lastError: null })]);
    } finally {
      await other.close();
    }
  }, 30_000);
});
