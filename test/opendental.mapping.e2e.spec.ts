/**
 * Open Dental connector: every mapping rule of OPENDENTAL.md on the reference scenario (plus a few rows of our own),
 * against a real MariaDB; an idempotent re-sync; the single-practice rule; and end to end: sync → rollup → daily rows
 * equal to hand-computed values.
 */
import { OpenDentalRunner } from '../src/connectors/opendental/runner.js';
import { parseSource } from '../src/connectors/opendental/config.js';
import { patientRef } from '../src/connectors/opendental/mapping.js';
import { startTestApp, type TestApp } from './support/app.js';
import { Fixtures } from './support/fixtures.js';
import { loadReferenceScenario, OdFixture } from './support/opendental.js';

describe('Open Dental connector: mapping', () => {
  let t: TestApp;
  let f: Fixtures;
  let od: OdFixture;
  let runner: OpenDentalRunner;
  const cfg = () => parseSource({ id: 'od', url: od.url, defaultTimeZone: 'America/Chicago', blockoutReasons: { '23': 'TRAINING', 'lunch break': 'MEETING' } });

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t);
    runner = t.app.get(OpenDentalRunner);
    od = await OdFixture.create('map');
    await loadReferenceScenario(od);
    // ours: a clinic without a saved zone (→ defaultTimeZone), holidays over provider schedules, blockout reason overrides,
    // a broken appointment without history broken before its start (→ CANCELLED), a hidden provider on a session
    await od.clinic(4, 'Lakeside', '');
    await od.provider(5, { FName: 'Dee', LName: 'Dunn' });
    await od.op(5, 4, { OpName: 'LS Op 1', ProvDentist: 5 });
    await od.def(24, 25, 'Lunch Break');
    await od.sched({ ScheduleNum: 11, SchedDate: '2024-11-11', StartTime: '09:00:00', StopTime: '17:00:00', SchedType: 1, ProvNum: 3 }, [3]);
    await od.sched({ ScheduleNum: 12, SchedDate: '2024-11-28', StartTime: '08:00:00', StopTime: '17:00:00', SchedType: 1, ProvNum: 1 }, [1]);
    await od.sched({ ScheduleNum: 13, SchedDate: '2024-11-04', StartTime: '08:00:00', StopTime: '12:00:00', SchedType: 1, ProvNum: 5 });
    await od.sched({ ScheduleNum: 14, SchedDate: '2024-11-04', StartTime: '13:00:00', StopTime: '17:30:00', SchedType: 1, ProvNum: 5 });
    await od.sched({ ScheduleNum: 15, SchedDate: '2024-11-04', StartTime: '10:00:00', StopTime: '11:00:00', SchedType: 2, BlockoutType: 23 }, [5]);
    await od.sched({ ScheduleNum: 16, SchedDate: '2024-11-04', StartTime: '12:00:00', StopTime: '13:00:00', SchedType: 2, BlockoutType: 24 }, [5]);
    await od.sched({ ScheduleNum: 17, SchedDate: '2024-11-04', StartTime: '16:00:00', StopTime: '16:30:00', SchedType: 2, BlockoutType: 22 }, [5]);
    await od.apts([
      {
        AptNum: 1011,
        PatNum: 109,
        AptStatus: 5,
        Pattern: 'XXXXXX',
        Op: 1,
        ProvNum: 1,
        AptDateTime: '2024-11-04 15:00:00',
        ClinicNum: 1,
        DateTStamp: '2024-11-04 08:00:00',
      },
      {
        AptNum: 1012,
        PatNum: 110,
        AptStatus: 2,
        Pattern: 'XXXXXXXXXXXX',
        Op: 5,
        ProvNum: 4,
        AptDateTime: '2024-11-04 08:00:00',
        ClinicNum: 4,
        DateTimeSeated: '2024-11-04 08:10:00',
        DateTimeDismissed: '2024-11-04 09:00:00',
      },
    ]);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await od?.drop();
  });

  const sessions = () =>
    t.sql<Record<string, unknown>>(
      `SELECT external_id, resource_id, provider_id, patient_ref, status::text AS status, to_char(scheduled_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS ss,
              to_char(scheduled_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS se, to_char(actual_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS "as",
              to_char(actual_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS ae, to_char(cancelled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS ca,
              procedures, production_value::text AS pv
       FROM chair_session WHERE external_id LIKE 'od-%' ORDER BY external_id`,
    );

  it('maps clinics, chairs, providers, hours, holidays, blocks and sessions by every rule', async () => {
    const s = await runner.run(cfg());
    expect(s.mode).toBe('full');
    // read: 11 appointment rows + 1 deleted; sessions: 9 chair sessions + 1 old slot + the deleted one (E8, E9 are none)
    expect(s.kinds.sessions).toMatchObject({ read: 12, created: 11, updated: 0, unchanged: 0 });

    const clinics = await t.sql('SELECT id, name, time_zone FROM clinic ORDER BY id');
    expect(clinics).toEqual([
      { id: 'od-c1', name: 'Downtown Dental', time_zone: 'America/New_York' },
      { id: 'od-c2', name: 'Westside Dental', time_zone: 'America/Los_Angeles' },
      { id: 'od-c4', name: 'Lakeside', time_zone: 'America/Chicago' }, // '' → the configured zone; the hidden clinic 3 is not sent
    ]);
    expect(await t.sql('SELECT id, clinic_id, kind::text, name, active FROM resource ORDER BY id')).toEqual([
      { id: 'od-op1', clinic_id: 'od-c1', kind: 'CHAIR', name: 'DT Op 1', active: true },
      { id: 'od-op2', clinic_id: 'od-c1', kind: 'CHAIR', name: 'DT Hyg 1', active: true },
      { id: 'od-op3', clinic_id: 'od-c2', kind: 'CHAIR', name: 'WS Op 1', active: true },
      { id: 'od-op4', clinic_id: 'od-c2', kind: 'CHAIR', name: 'WS Op 2 (retired)', active: false },
      { id: 'od-op5', clinic_id: 'od-c4', kind: 'CHAIR', name: 'LS Op 1', active: true },
    ]);
    expect(
      await t.sql('SELECT p.id, p.name, p.role, pc.clinic_id FROM provider p JOIN provider_clinic pc ON pc.provider_id = p.id ORDER BY p.id, pc.clinic_id'),
    ).toEqual([
      { id: 'od-prov1', name: 'Ann Adams', role: 'dentist', clinic_id: 'od-c1' },
      { id: 'od-prov2', name: 'Bea Baker', role: 'hygienist', clinic_id: 'od-c1' },
      { id: 'od-prov3', name: 'Cal Chen', role: 'dentist', clinic_id: 'od-c2' },
      { id: 'od-prov4', name: 'Otto Old', role: 'dentist', clinic_id: 'od-c4' }, // hidden: registered only because a session names it
      { id: 'od-prov5', name: 'Dee Dunn', role: 'dentist', clinic_id: 'od-c4' },
    ]);
    // hours: provider schedules linked to chairs (S1, S3), the default-provider rule (S2 → hygiene chair 2; 13/14 → op 5),
    // notes (S9, 00:00–00:00) and employee schedules (S10) ignored, holidays close the chair (11-11 clinic 2; 11-28 every clinic)
    expect(await t.sql('SELECT resource_id, date::text AS date, windows FROM resource_exception ORDER BY resource_id, date')).toEqual([
      { resource_id: 'od-op1', date: '2024-11-04', windows: [['08:00', '17:00']] },
      { resource_id: 'od-op2', date: '2024-11-04', windows: [['08:00', '12:00']] },
      { resource_id: 'od-op3', date: '2024-11-05', windows: [['09:00', '18:00']] },
      {
        resource_id: 'od-op5',
        date: '2024-11-04',
        windows: [
          ['08:00', '12:00'],
          ['13:00', '17:30'],
        ],
      },
    ]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM clinic_exception`)).toEqual([{ n: 0 }]);
    expect(
      await t.sql(
        `SELECT external_id, resource_id, reason::text, to_char(start_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS s, to_char(end_at AT TIME ZONE 'UTC', 'HH24:MI') AS e FROM block ORDER BY external_id`,
      ),
    ).toEqual([
      { external_id: 'od-sched15-op5', resource_id: 'od-op5', reason: 'TRAINING', s: '2024-11-04T16:00', e: '17:00' }, // DefNum 23 mapped by config
      { external_id: 'od-sched16-op5', resource_id: 'od-op5', reason: 'MEETING', s: '2024-11-04T18:00', e: '19:00' }, // by name, any case
      { external_id: 'od-sched17-op5', resource_id: 'od-op5', reason: 'TRAINING', s: '2024-11-04T22:00', e: '22:30' },
      { external_id: 'od-sched4-op1', resource_id: 'od-op1', reason: 'MEETING', s: '2024-11-04T17:00', e: '18:00' }, // "Staff Meeting", one block per chair
      { external_id: 'od-sched4-op2', resource_id: 'od-op2', reason: 'MEETING', s: '2024-11-04T17:00', e: '18:00' },
      { external_id: 'od-sched5-op3', resource_id: 'od-op3', reason: 'MAINTENANCE', s: '2024-11-05T16:00', e: '17:00' }, // PST
    ]);

    const rows = await sessions();
    const ref = (pat: number) => patientRef('od', pat);
    expect(rows).toEqual([
      // E1 completed: Pattern 8 × 5 min; actual = seated/dismissed; 2 procedures (the deleted one left out), 55 + 150 × 2
      {
        external_id: 'od-apt1001',
        resource_id: 'od-op1',
        provider_id: 'od-prov1',
        patient_ref: ref(101),
        status: 'COMPLETED',
        ss: '2024-11-04T14:00',
        se: '2024-11-04T14:40',
        as: '2024-11-04T14:05',
        ae: '2024-11-04T14:48',
        ca: null,
        procedures: 2,
        pv: '355.00',
      },
      // E2 hygiene appointment → ProvHyg; times of 00:00 are empty; a treatment-planned procedure is no production
      {
        external_id: 'od-apt1002',
        resource_id: 'od-op2',
        provider_id: 'od-prov2',
        patient_ref: ref(102),
        status: 'SCHEDULED',
        ss: '2024-11-12T15:00',
        se: '2024-11-12T15:35',
        as: null,
        ae: null,
        ca: null,
        procedures: 0,
        pv: null,
      },
      // E3 broken as Missed → NO_SHOW (D9986 charted with AptNum 0 is not linked)
      {
        external_id: 'od-apt1003',
        resource_id: 'od-op1',
        provider_id: 'od-prov1',
        patient_ref: ref(103),
        status: 'NO_SHOW',
        ss: '2024-11-04T16:00',
        se: '2024-11-04T16:30',
        as: null,
        ae: null,
        ca: null,
        procedures: 0,
        pv: null,
      },
      // E4 cancelled and sent to the Unscheduled list: Op 0 → the chair of the latest history row with one; cancelledAt = its stamp (PDT)
      {
        external_id: 'od-apt1004',
        resource_id: 'od-op3',
        provider_id: 'od-prov3',
        patient_ref: ref(104),
        status: 'CANCELLED',
        ss: '2024-11-05T22:00',
        se: '2024-11-05T23:00',
        as: null,
        ae: null,
        ca: '2024-11-01T23:30',
        procedures: 0,
        pv: null,
      },
      // E5 rescheduled: the appointment at its new slot, the old slot as an extra CANCELLED session
      {
        external_id: 'od-apt1005',
        resource_id: 'od-op3',
        provider_id: 'od-prov3',
        patient_ref: ref(105),
        status: 'SCHEDULED',
        ss: '2024-11-07T17:00',
        se: '2024-11-07T17:30',
        as: null,
        ae: null,
        ca: null,
        procedures: 0,
        pv: null,
      },
      {
        external_id: 'od-apt1005:5',
        resource_id: 'od-op3',
        provider_id: 'od-prov3',
        patient_ref: ref(105),
        status: 'CANCELLED',
        ss: '2024-11-05T17:00',
        se: '2024-11-05T17:30',
        as: null,
        ae: null,
        ca: '2024-11-01T16:00',
        procedures: 0,
        pv: null,
      },
      // E6 broken without a Missed/Cancelled row, broken after its start → NO_SHOW (default rule)
      {
        external_id: 'od-apt1006',
        resource_id: 'od-op3',
        provider_id: 'od-prov3',
        patient_ref: ref(106),
        status: 'NO_SHOW',
        ss: '2024-11-05T18:00',
        se: '2024-11-05T18:30',
        as: null,
        ae: null,
        ca: null,
        procedures: 0,
        pv: null,
      },
      // E7 seated, not dismissed → IN_PROGRESS
      {
        external_id: 'od-apt1007',
        resource_id: 'od-op1',
        provider_id: 'od-prov1',
        patient_ref: ref(107),
        status: 'IN_PROGRESS',
        ss: '2024-11-04T18:00',
        se: '2024-11-04T18:50',
        as: '2024-11-04T18:04',
        ae: null,
        ca: null,
        procedures: 0,
        pv: null,
      },
      // E10 deleted (history action 4 only): CANCELLED at the deletion; the stamp of 2024-11-03 08:00 is after the fall-back (EST)
      {
        external_id: 'od-apt1010',
        resource_id: 'od-op1',
        provider_id: 'od-prov1',
        patient_ref: ref(101),
        status: 'CANCELLED',
        ss: '2024-11-06T13:00',
        se: '2024-11-06T13:20',
        as: null,
        ae: null,
        ca: '2024-11-03T13:00',
        procedures: 0,
        pv: null,
      },
      // broken without history, before its start → CANCELLED at its stamp
      {
        external_id: 'od-apt1011',
        resource_id: 'od-op1',
        provider_id: 'od-prov1',
        patient_ref: ref(109),
        status: 'CANCELLED',
        ss: '2024-11-04T20:00',
        se: '2024-11-04T20:30',
        as: null,
        ae: null,
        ca: '2024-11-04T13:00',
        procedures: 0,
        pv: null,
      },
      {
        external_id: 'od-apt1012',
        resource_id: 'od-op5',
        provider_id: 'od-prov4',
        patient_ref: ref(110),
        status: 'COMPLETED',
        ss: '2024-11-04T14:00',
        se: '2024-11-04T15:00',
        as: '2024-11-04T14:10',
        ae: '2024-11-04T15:00',
        ca: null,
        procedures: 0,
        pv: null,
      },
    ]);
    // bookedAt = SecDateTEntry (naive local, EDT on 2024-10-15); none where Open Dental has none
    expect(
      await t.sql(
        `SELECT external_id, to_char(booked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS b FROM chair_session WHERE external_id IN ('od-apt1001', 'od-apt1010', 'od-apt1011') ORDER BY 1`,
      ),
    ).toEqual([
      { external_id: 'od-apt1001', b: '2024-10-15T15:00' },
      { external_id: 'od-apt1010', b: null },
      { external_id: 'od-apt1011', b: null },
    ]);
    // E8 (patient note) and E9 (planned) are not chair sessions; patient refs never carry the PatNum
    expect(rows.every((r) => !/10\d$/.test(String(r.patient_ref)))).toBe(true);
  });

  it('re-syncs idempotently: incremental and full runs change nothing', async () => {
    const inc = await runner.run(cfg());
    expect(inc.mode).toBe('incremental');
    for (const k of Object.values(inc.kinds)) expect(k).toMatchObject({ created: 0, updated: 0 });
    const full = await runner.run(cfg(), { full: true });
    expect(full.mode).toBe('full');
    for (const [kind, k] of Object.entries(full.kinds)) {
      expect({ kind, created: k.created, updated: k.updated }).toEqual({ kind, created: 0, updated: 0 });
    }
    expect(full.kinds.sessions.unchanged).toBe(11);
    expect(full.kinds.blocks.unchanged).toBe(6);
    const [{ n }] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM opendental_watermark WHERE source_id = $1', ['od']);
    expect(n).toBe(6);
  });

  it('a broken appointment without history follows brokenWithoutHistory', async () => {
    await runner.run(parseSource({ id: 'odc', url: od.url, defaultTimeZone: 'America/Chicago', brokenWithoutHistory: 'CANCELLED' }));
    const [r] = await t.sql<{ status: string }>(`SELECT status::text FROM chair_session WHERE external_id = 'odc-apt1006'`);
    expect(r.status).toBe('CANCELLED');
  });

  it('a single-practice database (EasyNoClinics) becomes one clinic in the configured zone', async () => {
    await od.exec("UPDATE preference SET ValueString = '1' WHERE PrefName = 'EasyNoClinics'");
    await od.pref('PracticeTitle', 'Solo Smiles');
    try {
      await runner.run(parseSource({ id: 'solo', url: od.url, defaultTimeZone: 'America/Denver' }));
      expect(await t.sql(`SELECT id, name, time_zone FROM clinic WHERE id LIKE 'solo-%'`)).toEqual([
        { id: 'solo-c0', name: 'Solo Smiles', time_zone: 'America/Denver' },
      ]);
      const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM resource WHERE clinic_id = 'solo-c0'`);
      expect(n).toBe(5);
    } finally {
      await od.exec("UPDATE preference SET ValueString = '0' WHERE PrefName = 'EasyNoClinics'");
    }
  });

  it('end to end: sync → rollup → daily rows equal to hand-computed values', async () => {
    await f.backfill('2024-11-04', '2024-11-05', ['od-c1', 'od-c2', 'od-c4']);
    // op 1, 2024-11-04, open 08:00–17:00 (540): E1 used 09:05–09:48 (43), E7 in progress 13:04–13:50 (46, scheduled end),
    // staff meeting 12:00–13:00 (60 blocked), E3 no-show 11:00–11:30 (30), apt 1011 cancelled 7 h before 15:00 → 30 late-cancel minutes
    expect(await f.resourceRow('od-c1', 'od-op1', '2024-11-04')).toMatchObject({
      availableMinutes: 540,
      usedMinutes: 89,
      blockedMinutes: 60,
      maintenanceMinutes: 0,
      noShowMinutes: 30,
      gapMinutes: 361,
      downtimeMinutes: 391,
      bookedMinutes: 120,
      lateCancelMinutes: 30,
      appointmentCount: 3,
      noShowCount: 1,
    });
    // hygiene chair: 08:00–12:00 by the default-provider rule; the meeting at 12:00 is outside its hours
    expect(await f.resourceRow('od-c1', 'od-op2', '2024-11-04')).toMatchObject({ availableMinutes: 240, usedMinutes: 0, blockedMinutes: 0, gapMinutes: 240 });
    // op 3, 2024-11-05 (Los Angeles) 09:00–18:00: E6 no-show 10:00–10:30; E4 and E5's old slot cancelled days before; maintenance 08:00–09:00 outside
    expect(await f.resourceRow('od-c2', 'od-op3', '2024-11-05')).toMatchObject({
      availableMinutes: 540,
      usedMinutes: 0,
      maintenanceMinutes: 0,
      noShowMinutes: 30,
      gapMinutes: 510,
      bookedMinutes: 30,
      lateCancelMinutes: 0,
      appointmentCount: 1,
    });
    // op 5 (Chicago) 08:00–12:00 + 13:00–17:30 (510): used 08:10–09:00 (50), training 10:00–11:00 and 16:00–16:30 (90 blocked), lunch meeting outside hours
    expect(await f.resourceRow('od-c4', 'od-op5', '2024-11-04')).toMatchObject({
      availableMinutes: 510,
      usedMinutes: 50,
      blockedMinutes: 90,
      gapMinutes: 370,
      overtimeMinutes: 0,
    });
    // Dr A on 2024-11-04: patients 101, 103, 107 scheduled; one seen, one no-show; 2 procedures, 355 production, 43 chair minutes (completed only)
    expect(await f.providerRow('od-c1', 'od-prov1', '2024-11-04')).toMatchObject({
      patientsScheduled: 3,
      patientsSeen: 1,
      noShowCount: 1,
      proceduresCompleted: 2,
      chairMinutes: 43,
      productionValue: 355,
    });
  });

  it('GET /api/v1/ops/sources reports each source (ops:admin)', async () => {
    const res = await t.get('/api/v1/ops/sources').expect(200);
    const od1 = res.body.items.find((i: { id: string }) => i.id === 'od');
    expect(od1).toMatchObject({ id: 'od', kind: 'opendental', lastError: null, lastSync: { mode: 'full' } });
    expect(Object.keys(od1.watermarks).sort()).toEqual(['appointment', 'histappointment', 'operatory', 'procedurelog', 'provider', 'schedule']);
    expect(od1.lagSeconds).toBeGreaterThanOrEqual(0);
    await t.get('/api/v1/ops/sources', await t.token({ permissions: ['ops:view_analytics'] })).expect(403);
  });
});
