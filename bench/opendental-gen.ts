/**
 * A generated Open Dental practice group (bench/sync.ts and test/opendental.generated.e2e.spec.ts): clinics in their
 * zones, chairs (the last two of each clinic hygiene chairs), one provider per chair as its default provider, provider
 * schedules 08:00–17:00 on weekdays (even chairs linked through scheduleop, odd ones through the default-provider rule),
 * one holiday per clinic, blockouts, and appointments in every state a connector must read: completed with typed
 * seated/dismissed times and procedures, missed, cancelled, rescheduled (an old slot only in history), sent to the
 * Unscheduled list, deleted (history action 4 only), and scheduled.
 *
 * Besides writing the rows it returns what they mean in plain terms (local wall times, statuses), so that a test can
 * compute the expected daily rows independently of the connector.
 */
import { mulberry32 } from '../scripts/demo/demo-data.js';
import type { OdFixture } from './opendental-db.js';

export interface GenClinic {
  num: number;
  name: string;
  windowsZone: string;
}
export interface GenOptions {
  clinics: GenClinic[];
  chairsPerClinic: number;
  /** first local date */
  from: string;
  days: number;
  /** appointments per chair and weekday (upper bound; they fill 08:00–17:00 in order) */
  perChairDay: number;
  seed?: number;
  /** DateTStamp written on every row (default: a fixed past moment, so that only later edits count as changes) */
  stamp?: string;
}
export type GenStatus = 'SCHEDULED' | 'COMPLETED' | 'NO_SHOW' | 'CANCELLED';
export interface GenSession {
  id: string; // our external id without the source prefix: "apt12" or "apt12:7"
  clinicNum: number;
  op: number;
  prov: number;
  pat: number;
  /** local wall times 'YYYY-MM-DD HH:MM:SS' */
  start: string;
  minutes: number;
  seated?: string;
  dismissed?: string;
  status: GenStatus;
  cancelledAt?: string;
  procedures: number;
  production: number | null;
}
export interface GenModel {
  chairs: { op: number; clinicNum: number; hygiene: boolean }[];
  /** `${op}|${date}` → local windows */
  windows: Map<string, [string, string][]>;
  blocks: { id: string; op: number; clinicNum: number; start: string; end: string; reason: 'MAINTENANCE' | 'MEETING' | 'OTHER' }[];
  sessions: GenSession[];
  appointments: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const at = (date: string, min: number) => `${date} ${pad(Math.floor(min / 60))}:${pad(min % 60)}:00`;
const isoDow = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

export async function generateOpenDental(od: Pick<OdFixture, 'insert'>, o: GenOptions): Promise<GenModel> {
  const rnd = mulberry32(o.seed ?? 7);
  const stamp = o.stamp ?? '2020-01-01 00:00:00';
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const model: GenModel = { chairs: [], windows: new Map(), blocks: [], sessions: [], appointments: 0 };

  await od.insert(
    'clinic',
    o.clinics.map((c) => ({ ClinicNum: c.num, Description: c.name, Abbr: c.name.slice(0, 3), IsHidden: 0, TimeZone: c.windowsZone })),
  );
  await od.insert('preference', [{ PrefName: 'EasyNoClinics', ValueString: '0' }]);
  await od.insert('definition', [
    { DefNum: 1, Category: 25, ItemName: 'Equipment maintenance' },
    { DefNum: 2, Category: 25, ItemName: 'Team meeting' },
    { DefNum: 3, Category: 25, ItemName: 'Emergency hold' },
  ]);
  const reasons = { 1: 'MAINTENANCE', 2: 'MEETING', 3: 'OTHER' } as const;
  const providers: Record<string, unknown>[] = [];
  const ops: Record<string, unknown>[] = [];
  let num = 0;
  for (const c of o.clinics) {
    for (let k = 0; k < o.chairsPerClinic; k++) {
      num++;
      const hygiene = k >= o.chairsPerClinic - 2;
      providers.push({
        ProvNum: num,
        Abbr: `P${num}`,
        LName: `Prov${num}`,
        FName: 'Gen',
        Specialty: 0,
        IsSecondary: hygiene ? 1 : 0,
        IsHidden: 0,
        ProvStatus: 0,
        DateTStamp: stamp,
      });
      ops.push({
        OperatoryNum: num,
        OpName: `${c.name} ${hygiene ? 'Hyg' : 'Op'} ${k + 1}`,
        Abbrev: `O${num}`,
        IsHidden: 0,
        ProvDentist: hygiene ? 0 : num,
        ProvHygienist: hygiene ? num : 0,
        IsHygiene: hygiene ? 1 : 0,
        ClinicNum: c.num,
        DateTStamp: stamp,
      });
      model.chairs.push({ op: num, clinicNum: c.num, hygiene });
    }
  }
  await od.insert('provider', providers);
  await od.insert('operatory', ops);

  const schedules: Record<string, unknown>[] = [];
  const links: Record<string, unknown>[] = [];
  const apts: Record<string, unknown>[] = [];
  const hists: Record<string, unknown>[] = [];
  const procs: Record<string, unknown>[] = [];
  let sched = 0;
  let apt = 0;
  let hist = 0;
  let proc = 0;
  let pat = 0;
  const sch = (row: Record<string, unknown>) =>
    schedules.push({
      ScheduleNum: ++sched,
      StartTime: '00:00:00',
      StopTime: '00:00:00',
      ProvNum: 0,
      BlockoutType: 0,
      Note: '',
      Status: 0,
      EmployeeNum: 0,
      ClinicNum: 0,
      DateTStamp: stamp,
      ...row,
    });
  const holidays = new Map(o.clinics.map((c, i) => [c.num, addDays(o.from, 2 + i * 3)]));
  for (const [clinicNum, date] of holidays) sch({ SchedDate: date, SchedType: 0, Status: 2, ClinicNum: clinicNum, Note: 'Holiday' });

  for (let d = 0; d < o.days; d++) {
    const date = addDays(o.from, d);
    if (isoDow(date) > 5) continue;
    for (const ch of model.chairs) {
      const open = holidays.get(ch.clinicNum) !== date;
      sch({ SchedDate: date, StartTime: '08:00:00', StopTime: '17:00:00', SchedType: 1, ProvNum: ch.op });
      if (ch.op % 2 === 0) links.push({ ScheduleNum: sched, OperatoryNum: ch.op });
      if (open) model.windows.set(`${ch.op}|${date}`, [['08:00', '17:00']]);
      if (rnd() < 0.1) {
        const type = pick<1 | 2 | 3>([1, 2, 3]);
        const s = pick([12 * 60, 15 * 60]);
        sch({ SchedDate: date, StartTime: at(date, s).slice(11), StopTime: at(date, s + 60).slice(11), SchedType: 2, BlockoutType: type });
        links.push({ ScheduleNum: sched, OperatoryNum: ch.op });
        model.blocks.push({
          id: `sched${sched}-op${ch.op}`,
          op: ch.op,
          clinicNum: ch.clinicNum,
          start: at(date, s),
          end: at(date, s + 60),
          reason: reasons[type],
        });
      }
      let t = 8 * 60 + Math.floor(rnd() * 3) * 10;
      for (let n = 0; n < o.perChairDay; n++) {
        const minutes = pick([30, 40, 60]);
        if (t + minutes > 17 * 60 + 30) break;
        const start = at(date, t);
        const aptNum = ++apt;
        const patNum = 1 + (pat++ % 5000);
        const dentist = ch.hygiene ? model.chairs.find((x) => x.clinicNum === ch.clinicNum && !x.hygiene)!.op : ch.op;
        const prov = ch.op; // the chair's own provider (the hygienist on a hygiene chair)
        const base = {
          AptNum: aptNum,
          PatNum: patNum,
          Pattern: 'X'.repeat(minutes / 5),
          Confirmed: 0,
          Op: ch.op,
          ProvNum: dentist,
          ProvHyg: ch.hygiene ? ch.op : 0,
          AptDateTime: start,
          ClinicNum: ch.clinicNum,
          IsHygiene: ch.hygiene ? 1 : 0,
          DateTStamp: stamp,
          DateTimeArrived: '0001-01-01 00:00:00',
          DateTimeSeated: '0001-01-01 00:00:00',
          DateTimeDismissed: '0001-01-01 00:00:00',
          SecDateTEntry: at(addDays(date, -10), 600),
        };
        const histRow = (action: number, when: string, more: Record<string, unknown> = {}) =>
          hists.push({
            HistApptNum: ++hist,
            HistUserNum: 1,
            HistDateTStamp: when,
            HistApptAction: action,
            AptNum: aptNum,
            PatNum: patNum,
            AptStatus: 5,
            Pattern: base.Pattern,
            Op: ch.op,
            ProvNum: dentist,
            ProvHyg: base.ProvHyg,
            AptDateTime: start,
            ClinicNum: ch.clinicNum,
            DateTStamp: stamp,
            ...more,
          });
        const r = rnd();
        const session: GenSession = {
          id: `apt${aptNum}`,
          clinicNum: ch.clinicNum,
          op: ch.op,
          prov,
          pat: patNum,
          start,
          minutes,
          status: 'COMPLETED',
          procedures: 0,
          production: null,
        };
        if (r < 0.72 || (r >= 0.92 && r < 0.96)) {
          // completed (some of them first broken from a slot a week earlier: a rescheduled appointment)
          const seatedMin = t + Math.floor(rnd() * 10);
          const dismissedMin = Math.min(seatedMin + minutes - 10 + Math.floor(rnd() * 25), 23 * 60 + 59);
          session.seated = at(date, seatedMin);
          session.dismissed = at(date, dismissedMin);
          apts.push({ ...base, AptStatus: 2, DateTimeSeated: session.seated, DateTimeDismissed: session.dismissed });
          const k = 1 + Math.floor(rnd() * 3);
          let production = 0;
          for (let p = 0; p < k; p++) {
            const fee = pick([55, 95, 150, 240]);
            const units = pick([1, 1, 2]);
            production += fee * units;
            procs.push({
              ProcNum: ++proc,
              PatNum: patNum,
              AptNum: aptNum,
              ProcDate: date,
              ProcFee: fee,
              ProcStatus: 2,
              ProvNum: prov,
              ClinicNum: ch.clinicNum,
              ProcNumLab: 0,
              CodeNum: 1,
              UnitQty: units,
              BaseUnits: 0,
              DateTStamp: stamp,
              DateComplete: date,
            });
          }
          procs.push({
            ProcNum: ++proc,
            PatNum: patNum,
            AptNum: aptNum,
            ProcDate: date,
            ProcFee: 80,
            ProcStatus: 1,
            ProvNum: prov,
            ClinicNum: ch.clinicNum,
            ProcNumLab: 0,
            CodeNum: 1,
            UnitQty: 1,
            BaseUnits: 0,
            DateTStamp: stamp,
            DateComplete: '0001-01-01',
          });
          session.procedures = k;
          session.production = production;
          if (r >= 0.92) {
            const old = at(addDays(date, -7), t);
            const cancelled = at(addDays(date, -9), 9 * 60);
            histRow(3, cancelled, { AptDateTime: old });
            model.sessions.push({
              id: `apt${aptNum}:${hist}`,
              clinicNum: ch.clinicNum,
              op: ch.op,
              prov,
              pat: patNum,
              start: old,
              minutes,
              status: 'CANCELLED',
              cancelledAt: cancelled,
              procedures: 0,
              production: null,
            });
          }
        } else if (r < 0.8) {
          apts.push({ ...base, AptStatus: 5 });
          histRow(2, at(date, t + 20));
          procs.push({
            ProcNum: ++proc,
            PatNum: patNum,
            AptNum: 0,
            ProcDate: date,
            ProcFee: 50,
            ProcStatus: 2,
            ProvNum: prov,
            ClinicNum: ch.clinicNum,
            ProcNumLab: 0,
            CodeNum: 4,
            UnitQty: 1,
            BaseUnits: 0,
            DateTStamp: stamp,
            DateComplete: date,
          });
          session.status = 'NO_SHOW';
        } else if (r < 0.86) {
          // cancelled between 1 and 72 hours before
          const cancelledAt = cancelledBefore(date, t, 1 + Math.floor(rnd() * 72));
          apts.push({ ...base, AptStatus: 5 });
          histRow(3, cancelledAt);
          session.status = 'CANCELLED';
          session.cancelledAt = cancelledAt;
        } else if (r < 0.89) {
          // cancelled and sent to the Unscheduled list: the chair survives only in history
          const cancelledAt = cancelledBefore(date, t, 30);
          histRow(3, cancelledAt);
          histRow(1, cancelledAt, { AptStatus: 3, Op: 0 });
          apts.push({ ...base, AptStatus: 3, Op: 0 });
          session.status = 'CANCELLED';
          session.cancelledAt = cancelledAt;
        } else if (r < 0.9) {
          // deleted: only the history row is left
          const deletedAt = cancelledBefore(date, t, 50);
          histRow(4, deletedAt, { AptStatus: 1 });
          session.status = 'CANCELLED';
          session.cancelledAt = deletedAt;
        } else {
          apts.push({ ...base, AptStatus: 1 });
          session.status = 'SCHEDULED';
        }
        model.sessions.push(session);
        model.appointments++;
        t += minutes + pick([0, 0, 10, 20]);
      }
    }
  }
  await od.insert('schedule', schedules);
  await od.insert('scheduleop', links);
  await od.insert('appointment', apts);
  await od.insert('histappointment', hists);
  await od.insert('procedurelog', procs);
  return model;
}

/** The local wall time `hours` before minute `t` of `date`. */
function cancelledBefore(date: string, t: number, hours: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + (t - hours * 60) * 60_000;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
