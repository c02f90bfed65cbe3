/**
 * Open Dental fixture databases for the connector's tests: one per test file on the real MariaDB (bench/opendental-db.ts
 * creates it with Open Dental's schema), and the reference scenario of OPENDENTAL.md row for row.
 */
import { OdFixture } from '../../bench/opendental-db.js';

export { OdFixture, OD_ADMIN_URL } from '../../bench/opendental-db.js';

/** The scenario of OPENDENTAL.md's reference subset (schema-subset.sql), row for row: clinics, chairs, providers, E1–E10, S1–S10. */
export async function loadReferenceScenario(od: OdFixture): Promise<void> {
  await od.insert('clinic', [
    { ClinicNum: 1, Description: 'Downtown Dental', Abbr: 'DT', IsHidden: 0, TimeZone: 'Eastern Standard Time' },
    { ClinicNum: 2, Description: 'Westside Dental', Abbr: 'WS', IsHidden: 0, TimeZone: 'Pacific Standard Time' },
    { ClinicNum: 3, Description: 'Old Annex', Abbr: 'OA', IsHidden: 1, TimeZone: '' },
  ]);
  await od.insert('definition', [
    { DefNum: 10, Category: 2, ItemOrder: 0, ItemName: 'Arrived' }, { DefNum: 11, Category: 2, ItemOrder: 1, ItemName: 'Seated' }, { DefNum: 12, Category: 2, ItemOrder: 2, ItemName: 'Dismissed' },
    { DefNum: 20, Category: 25, ItemOrder: 0, ItemName: 'Maintenance' }, { DefNum: 21, Category: 25, ItemOrder: 1, ItemName: 'Staff Meeting' },
    { DefNum: 22, Category: 25, ItemOrder: 2, ItemName: 'Training' }, { DefNum: 23, Category: 25, ItemOrder: 3, ItemName: 'High Production' },
    { DefNum: 30, Category: 35, ItemOrder: 0, ItemName: 'General' }, { DefNum: 31, Category: 35, ItemOrder: 1, ItemName: 'Hygienist' },
  ]);
  await od.insert('preference', [
    { PrefName: 'AppointmentTimeIncrement', ValueString: '10' }, { PrefName: 'BrokenApptProcedure', ValueString: '3' }, { PrefName: 'EasyNoClinics', ValueString: '0' },
  ]);
  await od.provider(1, { Abbr: 'DrA', LName: 'Adams', FName: 'Ann', Specialty: 30 });
  await od.provider(2, { Abbr: 'HygB', LName: 'Baker', FName: 'Bea', Specialty: 31, IsSecondary: 1 });
  await od.provider(3, { Abbr: 'DrC', LName: 'Chen', FName: 'Cal', Specialty: 30 });
  await od.provider(4, { Abbr: 'DrOld', LName: 'Old', FName: 'Otto', Specialty: 30, IsHidden: 1, ProvStatus: 1 });
  await od.op(1, 1, { OpName: 'DT Op 1', Abbrev: 'DT1', ProvDentist: 1 });
  await od.op(2, 1, { OpName: 'DT Hyg 1', Abbrev: 'DTH', ProvHygienist: 2, IsHygiene: 1 });
  await od.op(3, 2, { OpName: 'WS Op 1', Abbrev: 'WS1', ProvDentist: 3 });
  await od.op(4, 2, { OpName: 'WS Op 2 (retired)', Abbrev: 'WS2', IsHidden: 1 });
  const Z = '0001-01-01 00:00:00';
  await od.apts([
    { AptNum: 1001, PatNum: 101, AptStatus: 2, Pattern: '//XXXX//', Confirmed: 12, Op: 1, ProvNum: 1, AptDateTime: '2024-11-04 09:00:00', ClinicNum: 1, DateTStamp: '2024-11-04 10:01:00', DateTimeArrived: '2024-11-04 08:55:00', DateTimeSeated: '2024-11-04 09:05:00', DateTimeDismissed: '2024-11-04 09:48:00', SecDateTEntry: '2024-10-15 11:00:00' },
    { AptNum: 1002, PatNum: 102, AptStatus: 1, Pattern: '/XXXXX/', Op: 2, ProvNum: 1, ProvHyg: 2, AptDateTime: '2024-11-12 10:00:00', ClinicNum: 1, IsHygiene: 1, DateTStamp: '2024-10-20 09:00:00', DateTimeArrived: '2024-11-12 00:00:00', DateTimeSeated: '2024-11-12 00:00:00', DateTimeDismissed: '2024-11-12 00:00:00', SecDateTEntry: '2024-10-20 09:00:00' },
    { AptNum: 1003, PatNum: 103, AptStatus: 5, Pattern: 'XXXXXX', Op: 1, ProvNum: 1, AptDateTime: '2024-11-04 11:00:00', ClinicNum: 1, DateTStamp: '2024-11-04 11:20:00', DateTimeArrived: '2024-11-04 00:00:00', DateTimeSeated: '2024-11-04 00:00:00', DateTimeDismissed: '2024-11-04 00:00:00', SecDateTEntry: '2024-10-20 09:05:00' },
    { AptNum: 1004, PatNum: 104, AptStatus: 3, Pattern: 'XXXXXXXXXXXX', Op: 0, ProvNum: 3, AptDateTime: '2024-11-05 14:00:00', ClinicNum: 2, DateTStamp: '2024-11-01 16:30:05', SecDateTEntry: '2024-10-21 10:00:00' },
    { AptNum: 1005, PatNum: 105, AptStatus: 1, Pattern: 'XXXXXX', Op: 3, ProvNum: 3, AptDateTime: '2024-11-07 09:00:00', ClinicNum: 2, DateTStamp: '2024-11-02 09:15:00', DateTimeArrived: '2024-11-07 00:00:00', DateTimeSeated: '2024-11-07 00:00:00', DateTimeDismissed: '2024-11-07 00:00:00', SecDateTEntry: '2024-10-22 10:00:00' },
    { AptNum: 1006, PatNum: 106, AptStatus: 5, Pattern: 'XXXXXX', Op: 3, ProvNum: 3, AptDateTime: '2024-11-05 10:00:00', ClinicNum: 2, DateTStamp: '2024-11-05 10:30:00', DateTimeArrived: '2024-11-05 00:00:00', DateTimeSeated: '2024-11-05 00:00:00', DateTimeDismissed: '2024-11-05 00:00:00', SecDateTEntry: '2024-10-22 10:05:00' },
    { AptNum: 1007, PatNum: 107, AptStatus: 1, Pattern: 'XXXXXXXXXX', Confirmed: 11, Op: 1, ProvNum: 1, AptDateTime: '2024-11-04 13:00:00', ClinicNum: 1, DateTStamp: '2024-11-04 13:04:00', DateTimeArrived: '2024-11-04 12:58:00', DateTimeSeated: '2024-11-04 13:04:00', DateTimeDismissed: '2024-11-04 00:00:00', SecDateTEntry: '2024-10-23 10:00:00' },
    { AptNum: 1008, PatNum: 108, AptStatus: 7, Pattern: 'XXX', Op: 2, ProvNum: 0, ProvHyg: 2, AptDateTime: '2024-11-04 15:00:00', ClinicNum: 1, DateTStamp: '2024-10-30 12:00:00', DateTimeArrived: Z, SecDateTEntry: '2024-10-30 12:00:00' },
    { AptNum: 1009, PatNum: 101, AptStatus: 6, Pattern: 'XXXXXXXX', Op: 0, ProvNum: 1, AptDateTime: Z, ClinicNum: 1, DateTStamp: '2024-11-04 09:50:00', SecDateTEntry: '2024-11-04 09:50:00' },
  ]);
  await od.hists([
    { HistApptNum: 1, HistDateTStamp: '2024-10-20 09:05:00', HistApptAction: 0, AptNum: 1003, PatNum: 103, AptStatus: 1, Pattern: 'XXXXXX', Op: 1, ProvNum: 1, AptDateTime: '2024-11-04 11:00:00', ClinicNum: 1, DateTStamp: '2024-10-20 09:05:00' },
    { HistApptNum: 2, HistDateTStamp: '2024-11-04 11:20:00', HistApptAction: 2, AptNum: 1003, PatNum: 103, AptStatus: 5, Pattern: 'XXXXXX', Op: 1, ProvNum: 1, AptDateTime: '2024-11-04 11:00:00', ClinicNum: 1, DateTStamp: '2024-11-04 11:20:00' },
    { HistApptNum: 3, HistDateTStamp: '2024-11-01 16:30:00', HistApptAction: 3, AptNum: 1004, PatNum: 104, AptStatus: 5, Pattern: 'XXXXXXXXXXXX', Op: 3, ProvNum: 3, AptDateTime: '2024-11-05 14:00:00', ClinicNum: 2, DateTStamp: '2024-11-01 16:30:00' },
    { HistApptNum: 4, HistDateTStamp: '2024-11-01 16:30:05', HistApptAction: 1, AptNum: 1004, PatNum: 104, AptStatus: 3, Pattern: 'XXXXXXXXXXXX', Op: 0, ProvNum: 3, AptDateTime: '2024-11-05 14:00:00', ClinicNum: 2, DateTStamp: '2024-11-01 16:30:05' },
    { HistApptNum: 5, HistDateTStamp: '2024-11-01 09:00:00', HistApptAction: 3, AptNum: 1005, PatNum: 105, AptStatus: 5, Pattern: 'XXXXXX', Op: 3, ProvNum: 3, AptDateTime: '2024-11-05 09:00:00', ClinicNum: 2, DateTStamp: '2024-11-01 09:00:00' },
    { HistApptNum: 6, HistDateTStamp: '2024-11-02 09:15:00', HistApptAction: 1, AptNum: 1005, PatNum: 105, AptStatus: 1, Pattern: 'XXXXXX', Op: 3, ProvNum: 3, AptDateTime: '2024-11-07 09:00:00', ClinicNum: 2, DateTStamp: '2024-11-02 09:15:00' },
    { HistApptNum: 7, HistDateTStamp: '2024-11-05 10:30:00', HistApptAction: 1, AptNum: 1006, PatNum: 106, AptStatus: 5, Pattern: 'XXXXXX', Op: 3, ProvNum: 3, AptDateTime: '2024-11-05 10:00:00', ClinicNum: 2, DateTStamp: '2024-11-05 10:30:00' },
    { HistApptNum: 8, HistDateTStamp: '2024-11-03 08:00:00', HistApptAction: 4, AptNum: 1010, PatNum: 101, AptStatus: 1, Pattern: 'XXXX', Op: 1, ProvNum: 1, AptDateTime: '2024-11-06 08:00:00', ClinicNum: 1, DateTStamp: '2024-11-03 08:00:00' },
  ]);
  await od.insert('procedurecode', [
    { CodeNum: 1, ProcCode: 'D0120' }, { CodeNum: 2, ProcCode: 'D1110' }, { CodeNum: 3, ProcCode: 'D2391' }, { CodeNum: 4, ProcCode: 'D9986' }, { CodeNum: 5, ProcCode: 'D9987' },
  ]);
  await od.procs([
    { ProcNum: 5001, PatNum: 101, AptNum: 1001, ProcFee: 55, ProcStatus: 2, ProvNum: 1, ClinicNum: 1, CodeNum: 1, UnitQty: 1, DateTStamp: '2024-11-04 10:01:00', DateComplete: '2024-11-04' },
    { ProcNum: 5002, PatNum: 101, AptNum: 1001, ProcFee: 150, ProcStatus: 2, ProvNum: 1, ClinicNum: 1, CodeNum: 3, UnitQty: 2, DateTStamp: '2024-11-04 10:01:00', DateComplete: '2024-11-04' },
    { ProcNum: 5003, PatNum: 101, AptNum: 1001, ProcFee: 150, ProcStatus: 6, ProvNum: 1, ClinicNum: 1, CodeNum: 3, UnitQty: 1, DateTStamp: '2024-11-04 10:01:00' },
    { ProcNum: 5004, PatNum: 102, AptNum: 1002, ProcDate: '2024-10-20', ProcFee: 95, ProcStatus: 1, ProvNum: 2, ClinicNum: 1, CodeNum: 2, DateTStamp: '2024-10-20 09:00:00' },
    { ProcNum: 5005, PatNum: 103, AptNum: 0, ProcFee: 50, ProcStatus: 2, ProvNum: 1, ClinicNum: 1, CodeNum: 4, DateTStamp: '2024-11-04 11:20:00', DateComplete: '2024-11-04' },
    { ProcNum: 5006, PatNum: 104, AptNum: 0, ProcDate: '2024-11-01', ProcFee: 0, ProcStatus: 2, ProvNum: 3, ClinicNum: 2, CodeNum: 5, DateTStamp: '2024-11-01 16:30:00', DateComplete: '2024-11-01' },
  ]);
  await od.sched({ ScheduleNum: 1, SchedDate: '2024-11-04', StartTime: '08:00:00', StopTime: '17:00:00', SchedType: 1, ProvNum: 1 }, [1]);
  await od.sched({ ScheduleNum: 2, SchedDate: '2024-11-04', StartTime: '08:00:00', StopTime: '12:00:00', SchedType: 1, ProvNum: 2 });
  await od.sched({ ScheduleNum: 3, SchedDate: '2024-11-05', StartTime: '09:00:00', StopTime: '18:00:00', SchedType: 1, ProvNum: 3 }, [3]);
  await od.sched({ ScheduleNum: 4, SchedDate: '2024-11-04', StartTime: '12:00:00', StopTime: '13:00:00', SchedType: 2, BlockoutType: 21, Note: 'Monthly staff meeting' }, [1, 2]);
  await od.sched({ ScheduleNum: 5, SchedDate: '2024-11-05', StartTime: '08:00:00', StopTime: '09:00:00', SchedType: 2, BlockoutType: 20, Note: 'Autoclave service' }, [3]);
  await od.sched({ ScheduleNum: 6, SchedDate: '2024-11-11', SchedType: 0, Note: 'Veterans Day', Status: 2, ClinicNum: 2 });
  await od.sched({ ScheduleNum: 7, SchedDate: '2024-11-28', SchedType: 0, Note: 'Thanksgiving', Status: 2, ClinicNum: 0 });
  await od.sched({ ScheduleNum: 8, SchedDate: '2024-11-04', SchedType: 0, Note: 'Dr A in court 4pm', Status: 0, ClinicNum: 1 });
  await od.sched({ ScheduleNum: 9, SchedDate: '2024-11-06', SchedType: 1, ProvNum: 3, Note: 'Vacation' });
  await od.sched({ ScheduleNum: 10, SchedDate: '2024-11-04', StartTime: '07:30:00', StopTime: '16:00:00', SchedType: 3, EmployeeNum: 7 });
}
