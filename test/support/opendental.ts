/**
 * Open Dental fixture databases on a real MariaDB/MySQL (TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306): one per
 * test file, with Open Dental's table and column names and types (OPENDENTAL.md; the subset a connector reads) and
 * a small builder for rows. Used by test/opendental.*.spec.ts and bench/sync.ts.
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

export const OD_ADMIN_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export const OD_SCHEMA = `
CREATE TABLE clinic (
  ClinicNum bigint(20) NOT NULL AUTO_INCREMENT, Description varchar(255) NOT NULL DEFAULT '', Abbr varchar(255) NOT NULL DEFAULT '',
  IsHidden tinyint(4) NOT NULL DEFAULT 0, TimeZone varchar(75) NOT NULL DEFAULT '', PRIMARY KEY (ClinicNum)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE operatory (
  OperatoryNum bigint(20) NOT NULL AUTO_INCREMENT, OpName varchar(255) NOT NULL DEFAULT '', Abbrev varchar(255) NOT NULL DEFAULT '',
  ItemOrder smallint NOT NULL DEFAULT 0, IsHidden tinyint NOT NULL DEFAULT 0, ProvDentist bigint(20) NOT NULL DEFAULT 0, ProvHygienist bigint(20) NOT NULL DEFAULT 0,
  IsHygiene tinyint NOT NULL DEFAULT 0, ClinicNum bigint(20) NOT NULL DEFAULT 0,
  DateTStamp timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (OperatoryNum), KEY (ClinicNum)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE provider (
  ProvNum bigint(20) NOT NULL AUTO_INCREMENT, Abbr varchar(255) NOT NULL DEFAULT '', LName varchar(100) NOT NULL DEFAULT '', FName varchar(100) NOT NULL DEFAULT '',
  Specialty bigint(20) NOT NULL DEFAULT 0, IsSecondary tinyint NOT NULL DEFAULT 0, IsHidden tinyint NOT NULL DEFAULT 0, IsNotPerson tinyint(4) NOT NULL DEFAULT 0,
  ProvStatus tinyint(4) NOT NULL DEFAULT 0, DateTerm date NOT NULL DEFAULT '0001-01-01',
  DateTStamp timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (ProvNum)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE definition (
  DefNum bigint(20) NOT NULL AUTO_INCREMENT, Category tinyint NOT NULL, ItemOrder smallint NOT NULL DEFAULT 0, ItemName varchar(255) NOT NULL DEFAULT '',
  ItemValue varchar(255) NOT NULL DEFAULT '', ItemColor int(11) NOT NULL DEFAULT 0, IsHidden tinyint NOT NULL DEFAULT 0, PRIMARY KEY (DefNum), KEY (Category)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE preference (
  PrefNum bigint(20) NOT NULL AUTO_INCREMENT, PrefName varchar(255) NOT NULL, ValueString text NOT NULL, PRIMARY KEY (PrefNum), KEY (PrefName)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE patient (PatNum bigint(20) NOT NULL AUTO_INCREMENT, PRIMARY KEY (PatNum)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE appointment (
  AptNum bigint(20) NOT NULL AUTO_INCREMENT, PatNum bigint(20) NOT NULL, AptStatus tinyint NOT NULL, Pattern varchar(255) NOT NULL,
  Confirmed bigint(20) NOT NULL DEFAULT 0, Op bigint(20) NOT NULL DEFAULT 0, ProvNum bigint(20) NOT NULL DEFAULT 0, ProvHyg bigint(20) NOT NULL DEFAULT 0,
  AptDateTime datetime NOT NULL DEFAULT '0001-01-01 00:00:00', ClinicNum bigint(20) NOT NULL DEFAULT 0, IsHygiene tinyint NOT NULL DEFAULT 0,
  DateTStamp timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  DateTimeArrived datetime NOT NULL DEFAULT '0001-01-01 00:00:00', DateTimeSeated datetime NOT NULL DEFAULT '0001-01-01 00:00:00',
  DateTimeDismissed datetime NOT NULL DEFAULT '0001-01-01 00:00:00', SecDateTEntry datetime NOT NULL DEFAULT '0001-01-01 00:00:00',
  PRIMARY KEY (AptNum), KEY (PatNum), KEY (Op), KEY (ClinicNum), KEY (AptDateTime), KEY (DateTStamp)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE histappointment (
  HistApptNum bigint(20) NOT NULL AUTO_INCREMENT, HistUserNum bigint(20) NOT NULL DEFAULT 0, HistDateTStamp datetime NOT NULL DEFAULT '0001-01-01 00:00:00',
  HistApptAction tinyint(4) NOT NULL, ApptSource tinyint(4) NOT NULL DEFAULT 0, AptNum bigint(20) NOT NULL, PatNum bigint(20) NOT NULL DEFAULT 0,
  AptStatus tinyint(4) NOT NULL DEFAULT 0, Pattern varchar(255) NOT NULL DEFAULT '', Confirmed bigint(20) NOT NULL DEFAULT 0, Op bigint(20) NOT NULL DEFAULT 0,
  ProvNum bigint(20) NOT NULL DEFAULT 0, ProvHyg bigint(20) NOT NULL DEFAULT 0, AptDateTime datetime NOT NULL DEFAULT '0001-01-01 00:00:00',
  ClinicNum bigint(20) NOT NULL DEFAULT 0, DateTStamp timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  DateTimeSeated datetime NOT NULL DEFAULT '0001-01-01 00:00:00', DateTimeDismissed datetime NOT NULL DEFAULT '0001-01-01 00:00:00',
  PRIMARY KEY (HistApptNum), KEY (AptNum), KEY (HistDateTStamp)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE procedurecode (
  CodeNum bigint(20) NOT NULL AUTO_INCREMENT, ProcCode varchar(15) NOT NULL, Descript varchar(255) NOT NULL DEFAULT '', PRIMARY KEY (CodeNum), KEY (ProcCode)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE procedurelog (
  ProcNum bigint(20) NOT NULL AUTO_INCREMENT, PatNum bigint(20) NOT NULL, AptNum bigint(20) NOT NULL DEFAULT 0, ProcDate date NOT NULL DEFAULT '0001-01-01',
  ProcFee double NOT NULL DEFAULT 0, ProcStatus tinyint NOT NULL, ProvNum bigint(20) NOT NULL DEFAULT 0, ClinicNum bigint(20) NOT NULL DEFAULT 0,
  ProcNumLab bigint(20) NOT NULL DEFAULT 0, CodeNum bigint(20) NOT NULL, UnitQty int(11) NOT NULL DEFAULT 1, BaseUnits int(11) NOT NULL DEFAULT 0,
  DateTStamp timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, DateComplete date NOT NULL DEFAULT '0001-01-01',
  PRIMARY KEY (ProcNum), KEY (PatNum), KEY (AptNum), KEY (CodeNum), KEY (DateTStamp)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE schedule (
  ScheduleNum bigint(20) NOT NULL AUTO_INCREMENT, SchedDate date NOT NULL DEFAULT '0001-01-01', StartTime time NOT NULL DEFAULT '00:00:00',
  StopTime time NOT NULL DEFAULT '00:00:00', SchedType tinyint NOT NULL, ProvNum bigint(20) NOT NULL DEFAULT 0, BlockoutType bigint(20) NOT NULL DEFAULT 0,
  Note text NOT NULL, Status tinyint NOT NULL DEFAULT 0, EmployeeNum bigint(20) NOT NULL DEFAULT 0,
  DateTStamp timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, ClinicNum bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY (ScheduleNum), KEY (SchedDate), KEY (ProvNum), KEY (ClinicNum)) DEFAULT CHARSET=utf8mb4;
CREATE TABLE scheduleop (
  ScheduleOpNum bigint(20) NOT NULL AUTO_INCREMENT, ScheduleNum bigint(20) NOT NULL, OperatoryNum bigint(20) NOT NULL,
  PRIMARY KEY (ScheduleOpNum), KEY (ScheduleNum), KEY (OperatoryNum)) DEFAULT CHARSET=utf8mb4;
`;

const UNSET = '0001-01-01 00:00:00';
type Row = Record<string, unknown>;

export class OdFixture {
  private constructor(
    readonly name: string,
    readonly url: string,
    readonly conn: mysql.Connection,
  ) {}

  /** A new, empty Open Dental database `ut_od_<tag>_<random>` with the schema. */
  static async create(tag: string): Promise<OdFixture> {
    const name = `ut_od_${tag}_${randomBytes(4).toString('hex')}`;
    const admin = await mysql.createConnection({ uri: OD_ADMIN_URL });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    await admin.end();
    const u = new URL(OD_ADMIN_URL);
    u.pathname = `/${name}`;
    const conn = await mysql.createConnection({ uri: u.toString(), multipleStatements: true, dateStrings: true });
    await conn.query("SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'");
    await conn.query(OD_SCHEMA);
    return new OdFixture(name, u.toString(), conn);
  }

  async drop(): Promise<void> {
    await this.conn.query(`DROP DATABASE IF EXISTS \`${this.name}\``).catch(() => undefined);
    await this.conn.end().catch(() => undefined);
  }

  async exec(sql: string, params: unknown[] = []): Promise<void> {
    await this.conn.query(sql, params);
  }
  async rows<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [r] = await this.conn.query(sql, params);
    return r as T[];
  }

  /** Multi-row INSERT (columns from the first row). */
  async insert(table: string, rows: Row[]): Promise<void> {
    if (!rows.length) return;
    const cols = Object.keys(rows[0]);
    for (let i = 0; i < rows.length; i += 2000) {
      const chunk = rows.slice(i, i + 2000);
      await this.conn.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ?`, [chunk.map((r) => cols.map((c) => r[c]))]);
    }
  }

  clinic(ClinicNum: number, Description: string, TimeZone: string, more: Row = {}) {
    return this.insert('clinic', [{ ClinicNum, Description, Abbr: Description.slice(0, 3), IsHidden: 0, TimeZone, ...more }]);
  }
  pref(PrefName: string, ValueString: string) {
    return this.insert('preference', [{ PrefName, ValueString }]);
  }
  def(DefNum: number, Category: number, ItemName: string) {
    return this.insert('definition', [{ DefNum, Category, ItemName }]);
  }
  provider(ProvNum: number, more: Row = {}) {
    return this.insert('provider', [{ ProvNum, Abbr: `P${ProvNum}`, LName: `Last${ProvNum}`, FName: `First${ProvNum}`, Specialty: 0, IsSecondary: 0, IsHidden: 0, ProvStatus: 0, DateTStamp: '2024-10-01 08:00:00', ...more }]);
  }
  op(OperatoryNum: number, ClinicNum: number, more: Row = {}) {
    return this.insert('operatory', [{ OperatoryNum, OpName: `Op ${OperatoryNum}`, Abbrev: `O${OperatoryNum}`, IsHidden: 0, ProvDentist: 0, ProvHygienist: 0, IsHygiene: 0, ClinicNum, DateTStamp: '2024-10-01 08:00:00', ...more }]);
  }
  static apt(AptNum: number, more: Row): Row {
    return {
      AptNum, PatNum: 1, AptStatus: 1, Pattern: 'XXXXXX', Confirmed: 0, Op: 0, ProvNum: 0, ProvHyg: 0, AptDateTime: UNSET, ClinicNum: 0, IsHygiene: 0,
      DateTStamp: '2024-10-01 08:00:00', DateTimeArrived: UNSET, DateTimeSeated: UNSET, DateTimeDismissed: UNSET, SecDateTEntry: UNSET, ...more,
    };
  }
  apts(rows: Row[]) {
    return this.insert('appointment', rows.map((r) => OdFixture.apt(Number(r.AptNum), r)));
  }
  static hist(more: Row): Row {
    return { HistUserNum: 1, HistDateTStamp: UNSET, HistApptAction: 1, AptNum: 0, PatNum: 0, AptStatus: 1, Pattern: '', Op: 0, ProvNum: 0, ProvHyg: 0, AptDateTime: UNSET, ClinicNum: 0, DateTStamp: '2024-10-01 08:00:00', ...more };
  }
  hists(rows: Row[]) {
    return this.insert('histappointment', rows.map((r) => OdFixture.hist(r)));
  }
  static proc(more: Row): Row {
    return { PatNum: 1, AptNum: 0, ProcDate: '2024-11-04', ProcFee: 0, ProcStatus: 2, ProvNum: 0, ClinicNum: 0, ProcNumLab: 0, CodeNum: 1, UnitQty: 1, BaseUnits: 0, DateTStamp: '2024-10-01 08:00:00', DateComplete: '0001-01-01', ...more };
  }
  procs(rows: Row[]) {
    return this.insert('procedurelog', rows.map((r) => OdFixture.proc(r)));
  }
  /** A schedule row and its chair links. */
  async sched(row: Row, ops: number[] = []) {
    await this.insert('schedule', [{ StartTime: '00:00:00', StopTime: '00:00:00', ProvNum: 0, BlockoutType: 0, Note: '', Status: 0, EmployeeNum: 0, DateTStamp: '2024-10-01 08:00:00', ClinicNum: 0, ...row }]);
    if (ops.length) await this.insert('scheduleop', ops.map((OperatoryNum) => ({ ScheduleNum: row.ScheduleNum, OperatoryNum })));
  }
}

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
