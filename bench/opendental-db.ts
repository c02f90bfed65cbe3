/**
 * An Open Dental database on a real MariaDB/MySQL (TEST_MYSQL_URL / BENCH_MYSQL_URL, default mysql://root@127.0.0.1:3306)
 * with Open Dental's table and column names and types (OPENDENTAL.md; the subset a connector reads), and a small
 * builder for rows. The tests (test/support/opendental.ts) and bench/sync.ts build their databases with it.
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

export const OD_ADMIN_URL = process.env.TEST_MYSQL_URL ?? process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

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
    return this.insert('provider', [
      {
        ProvNum,
        Abbr: `P${ProvNum}`,
        LName: `Last${ProvNum}`,
        FName: `First${ProvNum}`,
        Specialty: 0,
        IsSecondary: 0,
        IsHidden: 0,
        ProvStatus: 0,
        DateTStamp: '2024-10-01 08:00:00',
        ...more,
      },
    ]);
  }
  op(OperatoryNum: number, ClinicNum: number, more: Row = {}) {
    return this.insert('operatory', [
      {
        OperatoryNum,
        OpName: `Op ${OperatoryNum}`,
        Abbrev: `O${OperatoryNum}`,
        IsHidden: 0,
        ProvDentist: 0,
        ProvHygienist: 0,
        IsHygiene: 0,
        ClinicNum,
        DateTStamp: '2024-10-01 08:00:00',
        ...more,
      },
    ]);
  }
  static apt(AptNum: number, more: Row): Row {
    return {
      AptNum,
      PatNum: 1,
      AptStatus: 1,
      Pattern: 'XXXXXX',
      Confirmed: 0,
      Op: 0,
      ProvNum: 0,
      ProvHyg: 0,
      AptDateTime: UNSET,
      ClinicNum: 0,
      IsHygiene: 0,
      DateTStamp: '2024-10-01 08:00:00',
      DateTimeArrived: UNSET,
      DateTimeSeated: UNSET,
      DateTimeDismissed: UNSET,
      SecDateTEntry: UNSET,
      ...more,
    };
  }
  apts(rows: Row[]) {
    return this.insert(
      'appointment',
      rows.map((r) => OdFixture.apt(Number(r.AptNum), r)),
    );
  }
  static hist(more: Row): Row {
    return {
      HistUserNum: 1,
      HistDateTStamp: UNSET,
      HistApptAction: 1,
      AptNum: 0,
      PatNum: 0,
      AptStatus: 1,
      Pattern: '',
      Op: 0,
      ProvNum: 0,
      ProvHyg: 0,
      AptDateTime: UNSET,
      ClinicNum: 0,
      DateTStamp: '2024-10-01 08:00:00',
      ...more,
    };
  }
  hists(rows: Row[]) {
    return this.insert(
      'histappointment',
      rows.map((r) => OdFixture.hist(r)),
    );
  }
  static proc(more: Row): Row {
    return {
      PatNum: 1,
      AptNum: 0,
      ProcDate: '2024-11-04',
      ProcFee: 0,
      ProcStatus: 2,
      ProvNum: 0,
      ClinicNum: 0,
      ProcNumLab: 0,
      CodeNum: 1,
      UnitQty: 1,
      BaseUnits: 0,
      DateTStamp: '2024-10-01 08:00:00',
      DateComplete: '0001-01-01',
      ...more,
    };
  }
  procs(rows: Row[]) {
    return this.insert(
      'procedurelog',
      rows.map((r) => OdFixture.proc(r)),
    );
  }
  /** A schedule row and its chair links. */
  async sched(row: Row, ops: number[] = []) {
    await this.insert('schedule', [
      {
        StartTime: '00:00:00',
        StopTime: '00:00:00',
        ProvNum: 0,
        BlockoutType: 0,
        Note: '',
        Status: 0,
        EmployeeNum: 0,
        DateTStamp: '2024-10-01 08:00:00',
        ClinicNum: 0,
        ...row,
      },
    ]);
    if (ops.length)
      await this.insert(
        'scheduleop',
        ops.map((OperatoryNum) => ({ ScheduleNum: row.ScheduleNum, OperatoryNum })),
      );
  }
}
