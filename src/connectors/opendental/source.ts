import mysql from 'mysql2/promise';

/** Rows as read (dateStrings: naive local 'YYYY-MM-DD HH:MM:SS' strings, exactly what Open Dental stored). */
export interface OdClinic {
  ClinicNum: number;
  Description: string;
  Abbr: string;
  IsHidden: number;
  TimeZone: string;
}
export interface OdOperatory {
  OperatoryNum: number;
  OpName: string;
  Abbrev: string;
  IsHidden: number;
  ProvDentist: number;
  ProvHygienist: number;
  IsHygiene: number;
  ClinicNum: number;
  DateTStamp: string;
}
export interface OdProvider {
  ProvNum: number;
  Abbr: string;
  LName: string;
  FName: string;
  Specialty: number;
  IsSecondary: number;
  IsHidden: number;
  ProvStatus: number;
  DateTStamp: string;
}
export interface OdDefinition {
  DefNum: number;
  Category: number;
  ItemName: string;
}
export interface OdSchedule {
  ScheduleNum: number;
  SchedDate: string;
  StartTime: string;
  StopTime: string;
  SchedType: number;
  ProvNum: number;
  BlockoutType: number;
  Status: number;
  ClinicNum: number;
}
export interface OdAppointment {
  AptNum: number;
  PatNum: number;
  AptStatus: number;
  Pattern: string;
  Op: number;
  ProvNum: number;
  ProvHyg: number;
  AptDateTime: string;
  ClinicNum: number;
  IsHygiene: number;
  DateTStamp: string;
  DateTimeSeated: string;
  DateTimeDismissed: string;
  SecDateTEntry: string;
}
export interface OdHistory {
  HistApptNum: number;
  HistDateTStamp: string;
  HistApptAction: number;
  AptNum: number;
  PatNum: number;
  AptStatus: number;
  Pattern: string;
  Op: number;
  ProvNum: number;
  ProvHyg: number;
  AptDateTime: string;
  ClinicNum: number;
  IsHygiene?: number;
}
export interface OdProcTotal {
  AptNum: number;
  n: number;
  production: number;
}

const APT_COLS =
  'AptNum, PatNum, AptStatus, Pattern, Op, ProvNum, ProvHyg, AptDateTime, ClinicNum, IsHygiene, DateTStamp, DateTimeSeated, DateTimeDismissed, SecDateTEntry';
const HIST_COLS = 'HistApptNum, HistDateTStamp, HistApptAction, AptNum, PatNum, AptStatus, Pattern, Op, ProvNum, ProvHyg, AptDateTime, ClinicNum';
const SCHED_COLS = 'ScheduleNum, SchedDate, StartTime, StopTime, SchedType, ProvNum, BlockoutType, Status, ClinicNum';

/**
 * Read-only access to one Open Dental database: one connection, one READ ONLY transaction with a consistent
 * snapshot per sync (every SELECT of a sync sees the same moment; NOW() is taken in it). Nothing is ever written.
 */
export class OpenDentalSource {
  private constructor(private readonly conn: mysql.Connection) {}

  static async open(url: string): Promise<OpenDentalSource> {
    const conn = await mysql.createConnection({ uri: url, dateStrings: true, supportBigNumbers: true, bigNumberStrings: false, connectTimeout: 15_000 });
    return new OpenDentalSource(conn);
  }

  async begin(): Promise<string> {
    await this.conn.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await this.conn.query('START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT');
    const [[row]] = await this.conn.query<mysql.RowDataPacket[]>("SELECT DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s') AS now");
    return row.now as string;
  }

  async end(): Promise<void> {
    await this.conn.query('COMMIT').catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.conn.end().catch(() => undefined);
  }

  async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [rows] = await this.conn.query<mysql.RowDataPacket[]>(sql, params);
    return rows as unknown as T[];
  }

  clinics() {
    return this.rows<OdClinic>('SELECT ClinicNum, Description, Abbr, IsHidden, TimeZone FROM clinic ORDER BY ClinicNum');
  }
  async preferences(): Promise<Map<string, string>> {
    const rows = await this.rows<{ PrefName: string; ValueString: string }>(
      "SELECT PrefName, ValueString FROM preference WHERE PrefName IN ('EasyNoClinics', 'PracticeTitle')",
    );
    return new Map(rows.map((r) => [r.PrefName, r.ValueString]));
  }
  definitions() {
    return this.rows<OdDefinition>('SELECT DefNum, Category, ItemName FROM definition WHERE Category IN (25, 35)');
  }
  operatories() {
    return this.rows<OdOperatory>(
      'SELECT OperatoryNum, OpName, Abbrev, IsHidden, ProvDentist, ProvHygienist, IsHygiene, ClinicNum, DateTStamp FROM operatory ORDER BY OperatoryNum',
    );
  }
  providers() {
    return this.rows<OdProvider>('SELECT ProvNum, Abbr, LName, FName, Specialty, IsSecondary, IsHidden, ProvStatus, DateTStamp FROM provider ORDER BY ProvNum');
  }

  /** Practice, Provider and Blockout schedules of [from, to] (every date when from is null), with their chair links. */
  async schedules(from: string | null, to: string | null, extraDates: string[] = []): Promise<{ schedules: OdSchedule[]; links: Map<number, number[]> }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (from !== null) {
      where.push('(s.SchedDate BETWEEN ? AND ?)');
      params.push(from, to);
      if (extraDates.length) {
        where.push('s.SchedDate IN (?)');
        params.push(extraDates);
      }
    }
    const filter = `s.SchedType IN (0, 1, 2)${where.length ? ` AND (${where.join(' OR ')})` : ''}`;
    const schedules = await this.rows<OdSchedule>(
      `SELECT ${SCHED_COLS.split(', ')
        .map((c) => `s.${c}`)
        .join(', ')} FROM schedule s WHERE ${filter} ORDER BY s.ScheduleNum`,
      params,
    );
    const linkRows = await this.rows<{ ScheduleNum: number; OperatoryNum: number }>(
      `SELECT so.ScheduleNum, so.OperatoryNum FROM scheduleop so JOIN schedule s ON s.ScheduleNum = so.ScheduleNum WHERE ${filter} ORDER BY so.ScheduleNum, so.OperatoryNum`,
      params,
    );
    const links = new Map<number, number[]>();
    for (const l of linkRows) (links.get(l.ScheduleNum) ?? links.set(l.ScheduleNum, []).get(l.ScheduleNum)!).push(l.OperatoryNum);
    return { schedules, links };
  }

  async scheduleDatesChangedSince(stamp: string): Promise<string[]> {
    const rows = await this.rows<{ d: string }>(
      "SELECT DISTINCT DATE_FORMAT(SchedDate, '%Y-%m-%d') AS d FROM schedule WHERE DateTStamp >= ? AND SchedType IN (0, 1, 2)",
      [stamp],
    );
    return rows.map((r) => r.d);
  }

  /** Appointments that can be chair sessions (status 1–5), in AptNum order after `after`. */
  appointmentsPage(after: number, limit: number) {
    return this.rows<OdAppointment>(`SELECT ${APT_COLS} FROM appointment WHERE AptNum > ? ORDER BY AptNum LIMIT ?`, [after, limit]);
  }
  appointmentsByNum(nums: number[]) {
    return nums.length ? this.rows<OdAppointment>(`SELECT ${APT_COLS} FROM appointment WHERE AptNum IN (?) ORDER BY AptNum`, [nums]) : Promise.resolve([]);
  }
  /** History rows that decide a session: breaks (2 Missed, 3 Cancelled), deletions (4), and the rows that carry a chair. */
  historyOf(nums: number[]) {
    return nums.length
      ? this.rows<OdHistory>(`SELECT ${HIST_COLS} FROM histappointment WHERE AptNum IN (?) ORDER BY AptNum, HistDateTStamp, HistApptNum`, [nums])
      : Promise.resolve([]);
  }
  historyBetween(lo: number, hi: number) {
    return this.rows<OdHistory>(`SELECT ${HIST_COLS} FROM histappointment WHERE AptNum BETWEEN ? AND ? ORDER BY AptNum, HistDateTStamp, HistApptNum`, [lo, hi]);
  }
  procTotals(nums: number[]) {
    return nums.length
      ? this.rows<OdProcTotal>(
          'SELECT AptNum, COUNT(*) AS n, SUM(ProcFee * (UnitQty + BaseUnits)) AS production FROM procedurelog WHERE AptNum IN (?) AND ProcStatus = 2 AND ProcNumLab = 0 GROUP BY AptNum',
          [nums],
        )
      : Promise.resolve([]);
  }
  procTotalsBetween(lo: number, hi: number) {
    return this.rows<OdProcTotal>(
      'SELECT AptNum, COUNT(*) AS n, SUM(ProcFee * (UnitQty + BaseUnits)) AS production FROM procedurelog WHERE AptNum BETWEEN ? AND ? AND ProcStatus = 2 AND ProcNumLab = 0 GROUP BY AptNum',
      [lo, hi],
    );
  }
  /** AptNums of deleted appointments (history action 4) — every one (full) or those stamped since `stamp`. */
  async deletedAptNums(stamp: string | null): Promise<number[]> {
    const rows = await this.rows<{ AptNum: number }>(
      `SELECT DISTINCT h.AptNum FROM histappointment h WHERE h.HistApptAction = 4${stamp ? ' AND h.HistDateTStamp >= ?' : ''} AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.AptNum = h.AptNum) ORDER BY h.AptNum`,
      stamp ? [stamp] : [],
    );
    return rows.map((r) => r.AptNum);
  }
  /** AptNums touched since `stamp`: the appointment row, a history row, or a procedure attached to it. */
  async changedAptNums(stamp: string): Promise<number[]> {
    const rows = await this.rows<{ AptNum: number }>(
      `SELECT AptNum FROM appointment WHERE DateTStamp >= ?
       UNION SELECT AptNum FROM histappointment WHERE HistDateTStamp >= ?
       UNION SELECT AptNum FROM procedurelog WHERE DateTStamp >= ? AND AptNum <> 0`,
      [stamp, stamp, stamp],
    );
    return rows.map((r) => Number(r.AptNum)).sort((a, b) => a - b);
  }
}
