import { createHash } from 'node:crypto';
import type { BlockReason, SourceConfig } from './config.js';
import type { OdAppointment, OdDefinition, OdHistory, OdOperatory, OdProcTotal, OdProvider, OdSchedule } from './source.js';
import { isUnset, type LocalClock, type LocalNote } from './time.js';

/** Our ids for Open Dental keys (the issue's exact interface). */
export const ids = {
  clinic: (src: string, clinicNum: number) => `${src}-c${clinicNum}`,
  resource: (src: string, op: number) => `${src}-op${op}`,
  provider: (src: string, prov: number) => `${src}-prov${prov}`,
  session: (src: string, apt: number) => `${src}-apt${apt}`,
  oldSlot: (src: string, apt: number, hist: number) => `${src}-apt${apt}:${hist}`,
  block: (src: string, sched: number, op: number) => `${src}-sched${sched}-op${op}`,
};

/** Opaque, stable patient reference: never the PatNum itself, never a name. */
export function patientRef(src: string, patNum: number): string {
  const key = `${src}\u0000${patNum}`;
  let ref = refs.get(key);
  if (ref === undefined) {
    ref = `p-${createHash('sha256').update(`opendental\u0000${key}`).digest('base64url').slice(0, 22)}`;
    if (refs.size > 200_000) refs.clear();
    refs.set(key, ref);
  }
  return ref;
}
const refs = new Map<string, string>();

/** Blockout type → reason: `blockoutReasons` by DefNum, then by name (any case), then the name rule. */
export function blockReason(def: OdDefinition | undefined, defNum: number, map: SourceConfig['blockoutReasons']): BlockReason {
  if (map[String(defNum)]) return map[String(defNum)];
  const name = def?.ItemName ?? '';
  const byName = Object.entries(map).find(([k]) => k.toLowerCase() === name.toLowerCase() && name !== '');
  if (byName) return byName[1];
  const n = name.toLowerCase();
  if (n.includes('maint')) return 'MAINTENANCE';
  if (n.includes('meeting')) return 'MEETING';
  if (n.includes('training')) return 'TRAINING';
  return 'OTHER';
}

export function providerItem(src: string, p: OdProvider, clinicId: string, specialties: Map<number, string>) {
  const name = `${p.FName} ${p.LName}`.trim() || p.Abbr || `Provider ${p.ProvNum}`;
  const specialty = (specialties.get(p.Specialty) ?? '').toLowerCase();
  const role = p.IsSecondary ? 'hygienist' : specialty.includes('orthodont') ? 'orthodontist' : 'dentist';
  return { id: ids.provider(src, p.ProvNum), clinicId, name: name.slice(0, 200), role };
}

export const providerActive = (p: OdProvider) => !p.IsHidden && p.ProvStatus !== 1;

/** 'HH:MM:SS' → minutes after midnight (seconds round up; at most 24:00). */
export function timeMinutes(t: string): number {
  const [h, m, s] = t.split(':').map(Number);
  return Math.min(h * 60 + m + (s > 0 ? 1 : 0), 1440);
}
export const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

/** Merges [start, end) minute windows. */
export function mergeWindows(ws: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of [...ws].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export interface OpInfo {
  op: OdOperatory;
  resourceId: string;
  clinicId: string;
  clinicNum: number;
  tz: string;
}

export interface ScheduleResult {
  /** `${OperatoryNum}|${date}` → merged windows (minutes), holidays already removed */
  windows: Map<string, [number, number][]>;
  blocks: { externalId: string; resourceId: string; start: string; end: string; reason: BlockReason; clinicId: string }[];
  notes: string[];
  dst: number;
}

/**
 * Opening hours and blocks from schedules (OPENDENTAL.md): a chair is open during the Provider schedules of a
 * date that are linked to it in scheduleop, or that have no scheduleop rows and whose provider is the chair's
 * default provider (ProvDentist; ProvHygienist for a hygiene chair); 00:00–00:00 rows are notes. A Practice
 * holiday (SchedType 0, Status 2) closes every chair of its clinic (ClinicNum 0: of every clinic) that day.
 * Blockouts become one block per linked chair.
 */
export function mapSchedules(
  src: string,
  schedules: OdSchedule[],
  links: Map<number, number[]>,
  ops: Map<number, OpInfo>,
  blockoutDefs: Map<number, OdDefinition>,
  cfg: SourceConfig,
  clock: LocalClock,
): ScheduleResult {
  const windows = new Map<string, [number, number][]>();
  const holidays = new Set<string>();
  const blocks: ScheduleResult['blocks'] = [];
  const notes: string[] = [];
  let dst = 0;
  const byDefault = new Map<number, OpInfo[]>();
  for (const o of ops.values()) {
    const prov = o.op.IsHygiene ? o.op.ProvHygienist : o.op.ProvDentist;
    if (prov) (byDefault.get(prov) ?? byDefault.set(prov, []).get(prov)!).push(o);
  }
  for (const s of schedules) {
    if (s.SchedType === 0) {
      if (s.Status === 2) holidays.add(`${s.ClinicNum}|${s.SchedDate}`);
      continue;
    }
    const start = timeMinutes(s.StartTime);
    const stop = timeMinutes(s.StopTime);
    if (start === 0 && stop === 0) continue; // a note
    if (stop <= start) {
      notes.push(`schedule ${s.ScheduleNum} on ${s.SchedDate} ends (${s.StopTime}) before it starts (${s.StartTime}); skipped`);
      continue;
    }
    if (s.SchedType === 1) {
      const linked = links.get(s.ScheduleNum);
      const targets = linked ? linked.map((n) => ops.get(n)).filter((o): o is OpInfo => !!o) : (byDefault.get(s.ProvNum) ?? []);
      for (const o of targets) {
        const key = `${o.op.OperatoryNum}|${s.SchedDate}`;
        (windows.get(key) ?? windows.set(key, []).get(key)!).push([start, stop]);
      }
    } else if (s.SchedType === 2) {
      const reason = blockReason(blockoutDefs.get(s.BlockoutType), s.BlockoutType, cfg.blockoutReasons);
      for (const n of links.get(s.ScheduleNum) ?? []) {
        const o = ops.get(n);
        if (!o) continue;
        const note = () => dst++;
        blocks.push({
          externalId: ids.block(src, s.ScheduleNum, n),
          resourceId: o.resourceId,
          clinicId: o.clinicId,
          start: clock.toIso(`${s.SchedDate} ${hhmm(start)}:00`, o.tz, note),
          end: clock.toIso(`${s.SchedDate} ${hhmm(stop)}:00`, o.tz, note),
          reason,
        });
      }
    }
  }
  for (const [key, ws] of windows) {
    const [opNum, date] = key.split('|');
    const o = ops.get(Number(opNum))!;
    if (holidays.has(`0|${date}`) || holidays.has(`${o.clinicNum}|${date}`)) windows.delete(key);
    else windows.set(key, mergeWindows(ws));
  }
  // a block whose times collapse on a DST day is dropped rather than sent invalid
  return { windows, blocks: blocks.filter((b) => Date.parse(b.end) > Date.parse(b.start)), notes, dst };
}

export type Status = 'SCHEDULED' | 'IN_PROGRESS' | 'COMPLETED' | 'NO_SHOW' | 'CANCELLED';
export interface SessionOut {
  externalId: string;
  resourceId: string;
  providerId: string | null;
  patientRef: string;
  scheduledStart: string;
  scheduledEnd: string;
  actualStart?: string;
  actualEnd?: string;
  status: Status;
  cancelledAt?: string;
  bookedAt?: string;
  procedures: number;
  productionValue: string | null;
  /** not sent: the clinic, for provider registration */
  clinicId: string;
}

export interface AptContext {
  src: string;
  cfg: SourceConfig;
  clock: LocalClock;
  ops: Map<number, OpInfo>;
  providers: Map<number, OdProvider>;
  /** bookedAt from SecDateTEntry: on once the intake takes it (one switch) */
  sendBookedAt: boolean;
  warn(message: string): void;
  /** passed on as a callback (LocalClock calls it without `this`) */
  onNote: (note: LocalNote) => void;
}

const BREAK_MISSED = 2;
const BREAK_CANCELLED = 3;
const DELETED = 4;
const isBreak = (h: OdHistory) => h.HistApptAction === BREAK_MISSED || h.HistApptAction === BREAK_CANCELLED;

/** A time typed into DateTimeSeated/Dismissed: the appointment's date + that time, or none when it is 00:00. */
function typedTime(aptDateTime: string, column: string): string | null {
  if (isUnset(column)) return null;
  const t = column.slice(11, 19);
  if (!t || t === '00:00:00') return null;
  return `${aptDateTime.slice(0, 10)} ${t}`;
}

interface Slot {
  aptNum: number;
  patNum: number;
  op: number;
  provNum: number;
  provHyg: number;
  isHygiene: number;
  pattern: string;
  aptDateTime: string;
}

/**
 * The chair sessions of one appointment (OPENDENTAL.md): the appointment itself (or, if it was deleted, its last
 * snapshot, CANCELLED), plus one session for each earlier slot it was broken from (`<ID>-apt<AptNum>:<HistApptNum>`).
 * `apt` null = the appointment row no longer exists (hard delete: history action 4).
 */
export function mapAppointment(
  apt: OdAppointment | null,
  history: OdHistory[],
  proc: OdProcTotal | undefined,
  ctx: AptContext,
): { sessions: SessionOut[]; cancelIfKnown: boolean } {
  const out: SessionOut[] = [];
  const breaks = history.filter(isBreak);
  const latestOp = [...history].reverse().find((h) => h.Op !== 0)?.Op ?? 0;
  let main: { slot: Slot; status: Status; cancelledAt?: string; seated?: string | null; dismissed?: string | null; booked?: string } | null = null;

  if (apt) {
    const slot: Slot = {
      aptNum: apt.AptNum,
      patNum: apt.PatNum,
      op: apt.Op || latestOp,
      provNum: apt.ProvNum,
      provHyg: apt.ProvHyg,
      isHygiene: apt.IsHygiene,
      pattern: apt.Pattern,
      aptDateTime: apt.AptDateTime,
    };
    const booked = isUnset(apt.SecDateTEntry) ? undefined : apt.SecDateTEntry;
    if (apt.AptStatus >= 1 && apt.AptStatus <= 5 && !isUnset(apt.AptDateTime)) {
      const seated = typedTime(apt.AptDateTime, apt.DateTimeSeated);
      const dismissed = typedTime(apt.AptDateTime, apt.DateTimeDismissed);
      if (apt.AptStatus === 2) main = { slot, status: 'COMPLETED', seated, dismissed, booked };
      else if (apt.AptStatus === 1 || apt.AptStatus === 4)
        main = seated && !dismissed ? { slot, status: 'IN_PROGRESS', seated, booked } : { slot, status: 'SCHEDULED', booked };
      else {
        const last = breaks[breaks.length - 1];
        if (last) {
          main =
            last.HistApptAction === BREAK_MISSED
              ? { slot, status: 'NO_SHOW', booked }
              : { slot, status: 'CANCELLED', cancelledAt: last.HistDateTStamp, booked };
        } else if (apt.AptStatus === 5) {
          const brokenAt = history.length ? history[history.length - 1].HistDateTStamp : apt.DateTStamp;
          const rule = ctx.cfg.brokenWithoutHistory;
          const noShow = rule === 'NO_SHOW' || (rule === 'auto' && brokenAt >= apt.AptDateTime);
          main = noShow ? { slot, status: 'NO_SHOW', booked } : { slot, status: 'CANCELLED', cancelledAt: brokenAt, booked };
        }
        // status 3 without any break in history: never booked on a chair, not a session
      }
    }
  } else {
    const del = [...history].reverse().find((h) => h.HistApptAction === DELETED);
    if (del && del.AptStatus >= 1 && del.AptStatus <= 5 && !isUnset(del.AptDateTime)) {
      const slot: Slot = {
        aptNum: del.AptNum,
        patNum: del.PatNum,
        op: del.Op || latestOp,
        provNum: del.ProvNum,
        provHyg: del.ProvHyg,
        isHygiene: 0,
        pattern: del.Pattern,
        aptDateTime: del.AptDateTime,
      };
      // a deleted appointment freed a booked slot: CANCELLED at the deletion (the intake has no delete, see README)
      main = { slot, status: 'CANCELLED', cancelledAt: del.HistDateTStamp };
    }
  }

  const mainKey = main ? `${main.slot.aptDateTime}|${main.slot.op}` : null;
  if (main) {
    const s = build(ids.session(ctx.src, main.slot.aptNum), main.slot, main.status, ctx, {
      cancelledAt: main.cancelledAt,
      seated: main.seated,
      dismissed: main.dismissed,
      booked: main.booked,
      proc,
    });
    if (s) out.push(s);
  }
  // earlier slots it was broken from: the latest break per slot, other than the slot it holds now
  const bySlot = new Map<string, OdHistory>();
  const fallbackOp = main?.slot.op || latestOp;
  for (const h of breaks) {
    if (isUnset(h.AptDateTime)) continue;
    const key = `${h.AptDateTime}|${h.Op || fallbackOp}`;
    if (key !== mainKey) bySlot.set(key, h);
  }
  for (const h of bySlot.values()) {
    const slot: Slot = {
      aptNum: h.AptNum,
      patNum: h.PatNum || apt?.PatNum || 0,
      op: h.Op || fallbackOp,
      provNum: h.ProvNum,
      provHyg: h.ProvHyg,
      isHygiene: apt?.IsHygiene ?? 0,
      pattern: h.Pattern || apt?.Pattern || '',
      aptDateTime: h.AptDateTime,
    };
    const status: Status = h.HistApptAction === BREAK_MISSED ? 'NO_SHOW' : 'CANCELLED';
    const s = build(ids.oldSlot(ctx.src, h.AptNum, h.HistApptNum), slot, status, ctx, { cancelledAt: status === 'CANCELLED' ? h.HistDateTStamp : undefined });
    if (s) out.push(s);
  }
  return { sessions: out, cancelIfKnown: apt !== null && !main };
}

function build(
  externalId: string,
  slot: Slot,
  status: Status,
  ctx: AptContext,
  extra: { cancelledAt?: string; seated?: string | null; dismissed?: string | null; booked?: string; proc?: OdProcTotal },
): SessionOut | null {
  const o = ctx.ops.get(slot.op);
  if (!o) {
    ctx.warn(`${externalId}: chair (operatory ${slot.op}) is not synced (unknown, or of a hidden clinic); skipped`);
    return null;
  }
  const minutes = slot.pattern.length * 5;
  if (minutes === 0 || minutes > 24 * 60) {
    ctx.warn(`${externalId}: Pattern of ${slot.pattern.length} characters (${minutes} minutes) is not a session length; skipped`);
    return null;
  }
  const start = ctx.clock.toEpoch(slot.aptDateTime, o.tz, ctx.onNote);
  const provNum = slot.isHygiene && slot.provHyg ? slot.provHyg : slot.provNum;
  const s: SessionOut = {
    externalId,
    resourceId: o.resourceId,
    providerId: provNum && ctx.providers.has(provNum) ? ids.provider(ctx.src, provNum) : null,
    patientRef: patientRef(ctx.src, slot.patNum),
    scheduledStart: new Date(start).toISOString(),
    scheduledEnd: new Date(start + minutes * 60_000).toISOString(),
    status,
    procedures: extra.proc ? Math.min(Number(extra.proc.n), 1000) : 0,
    productionValue: extra.proc && Number(extra.proc.n) > 0 ? Math.max(Number(extra.proc.production), 0).toFixed(2) : null,
    clinicId: o.clinicId,
  };
  if ((status === 'COMPLETED' || status === 'IN_PROGRESS') && extra.seated) {
    s.actualStart = ctx.clock.toIso(extra.seated, o.tz, ctx.onNote);
    if (status === 'COMPLETED' && extra.dismissed) {
      const end = ctx.clock.toIso(extra.dismissed, o.tz, ctx.onNote);
      if (Date.parse(end) > Date.parse(s.actualStart)) s.actualEnd = end;
      else ctx.warn(`${externalId}: dismissed (${extra.dismissed}) is not after seated (${extra.seated}); the dismissed time is left out`);
    }
  }
  if (status === 'CANCELLED' && extra.cancelledAt && !isUnset(extra.cancelledAt)) s.cancelledAt = ctx.clock.toIso(extra.cancelledAt, o.tz, ctx.onNote);
  if (ctx.sendBookedAt && extra.booked) s.bookedAt = ctx.clock.toIso(extra.booked, o.tz, ctx.onNote);
  return s;
}
