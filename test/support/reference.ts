/**
 * An independent, deliberately plain implementation of SPEC §2–3 in TypeScript (interval lists, luxon for
 * time zones), used to check the SQL engine on data it has never seen. Local times that do not exist
 * (spring-forward gap) move forward by the gap; ambiguous ones (autumn) take the later instant — the
 * convention of PostgreSQL's AT TIME ZONE, which the service documents.
 */
import { IANAZone } from 'luxon';

export type Iv = [number, number];
export type Windows = [string, string][];
export type Hours = Record<string, Windows>;

const MIN = 60_000;

export function norm(ivs: Iv[]): Iv[] {
  const s = ivs.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Iv[] = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
export const union = (...xs: Iv[][]): Iv[] => norm(xs.flat().map(([a, b]) => [a, b] as Iv));
export function intersect(a: Iv[], b: Iv[]): Iv[] {
  const out: Iv[] = [];
  for (const [a0, a1] of norm(a)) for (const [b0, b1] of norm(b)) if (Math.min(a1, b1) > Math.max(a0, b0)) out.push([Math.max(a0, b0), Math.min(a1, b1)]);
  return norm(out);
}
export function subtract(a: Iv[], b: Iv[]): Iv[] {
  let cur = norm(a);
  for (const [b0, b1] of norm(b)) {
    const next: Iv[] = [];
    for (const [a0, a1] of cur) {
      if (b1 <= a0 || b0 >= a1) next.push([a0, a1]);
      else {
        if (b0 > a0) next.push([a0, b0]);
        if (b1 < a1) next.push([b1, a1]);
      }
    }
    cur = next;
  }
  return cur;
}
export const minutes = (a: Iv[]): number => norm(a).reduce((s, [x, y]) => s + (y - x), 0) / MIN;

/** Local wall time (date + minutes after midnight) → instant, PostgreSQL's convention. */
export function localToInstant(date: string, minutesOfDay: number, tz: string): number {
  const zone = IANAZone.create(tz);
  const wall = Date.parse(`${date}T00:00:00Z`) + minutesOfDay * MIN;
  const offBefore = zone.offset(wall - 14 * 3600_000) * MIN;
  const offAfter = zone.offset(wall + 14 * 3600_000) * MIN;
  const candidates = [...new Set([wall - offBefore, wall - offAfter])].filter((c) => c + zone.offset(c) * MIN === wall);
  if (candidates.length) return Math.max(...candidates);
  return wall - offBefore; // in the gap
}

export const hhmm = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
export const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
export const isoDow = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

export interface RefClinic {
  id: string;
  tz: string;
  minSlot: number;
  hours: { from: string; hours: Hours }[];
  exceptions: Record<string, Windows>;
}
export interface RefResource {
  id: string;
  clinicId: string;
  hours: { from: string; hours: Hours | null }[];
  exceptions: Record<string, Windows>;
}
export interface RefSession {
  externalId: string;
  resourceId: string;
  providerId?: string | null;
  patientRef: string;
  scheduledStart: string;
  scheduledEnd: string;
  actualStart?: string | null;
  actualEnd?: string | null;
  status: 'SCHEDULED' | 'IN_PROGRESS' | 'COMPLETED' | 'NO_SHOW' | 'CANCELLED';
  cancelledAt?: string | null;
  bookedAt?: string | null;
  procedures?: number;
  productionValue?: number | null;
}
export interface RefBlock {
  externalId: string;
  resourceId: string;
  start: string;
  end: string;
  reason: 'MAINTENANCE' | 'MEETING' | 'TRAINING' | 'OTHER';
}

function inForce<T>(versions: { from: string; hours: T }[], date: string): { hours: T } | undefined {
  return [...versions].filter((v) => v.from <= date).sort((a, b) => (a.from < b.from ? 1 : -1))[0];
}

export function windowsOf(clinic: RefClinic, res: RefResource, date: string): Windows {
  const dow = String(isoDow(date));
  if (res.exceptions[date]) return res.exceptions[date];
  if (clinic.exceptions[date]) return clinic.exceptions[date];
  const rv = inForce(res.hours, date);
  if (rv && rv.hours) return rv.hours[dow] ?? [];
  return inForce(clinic.hours, date)?.hours[dow] ?? [];
}

export function dayBounds(date: string, tz: string): Iv {
  return [localToInstant(date, 0, tz), localToInstant(addDays(date, 1), 0, tz)];
}

const ms = (s: string) => Date.parse(s);

export function resourceDay(clinic: RefClinic, res: RefResource, sessions: RefSession[], blocks: RefBlock[], date: string) {
  const day = dayBounds(date, clinic.tz);
  const clip = (a: number, b: number): Iv[] => intersect([[a, b]], [day]);
  const A = union(windowsOf(clinic, res, date).map(([s, e]) => [localToInstant(date, hhmm(s), clinic.tz), localToInstant(date, hhmm(e), clinic.tz)] as Iv));
  const mine = sessions.filter((s) => s.resourceId === res.id);
  const eff = (s: RefSession): Iv => [ms(s.actualStart ?? s.scheduledStart), ms(s.actualEnd ?? s.scheduledEnd)];
  const sched = (s: RefSession): Iv => [ms(s.scheduledStart), ms(s.scheduledEnd)];
  const U = union(...mine.filter((s) => s.status === 'COMPLETED' || s.status === 'IN_PROGRESS').map((s) => clip(...eff(s))));
  const uRaw = mine.filter((s) => s.status === 'COMPLETED' || s.status === 'IN_PROGRESS').reduce((t, s) => t + minutes(clip(...eff(s))), 0);
  const N = union(...mine.filter((s) => s.status === 'NO_SHOW').map((s) => clip(...sched(s))));
  const S = union(...mine.filter((s) => s.status !== 'CANCELLED').map((s) => clip(...sched(s))));
  const LC = union(
    ...mine.filter((s) => s.status === 'CANCELLED' && s.cancelledAt && ms(s.cancelledAt) > ms(s.scheduledStart) - 24 * 3600_000).map((s) => clip(...sched(s))),
  );
  const myBlocks = blocks.filter((b) => b.resourceId === res.id);
  const M = union(...myBlocks.filter((b) => b.reason === 'MAINTENANCE').map((b) => clip(ms(b.start), ms(b.end))));
  const B = union(...myBlocks.filter((b) => b.reason !== 'MAINTENANCE').map((b) => clip(ms(b.start), ms(b.end))));
  const used = intersect(U, A);
  const maint = subtract(intersect(M, A), U);
  const blocked = subtract(intersect(B, A), union(U, M));
  const noShow = subtract(intersect(N, A), union(U, M, B));
  const gap = subtract(A, union(U, M, B, N));
  const startsToday = (s: RefSession) => {
    const t = ms(s.actualStart ?? s.scheduledStart);
    return t >= day[0] && t < day[1];
  };
  const completed = mine
    .filter((s) => s.status === 'COMPLETED' && startsToday(s))
    .sort((a, b) => eff(a)[0] - eff(b)[0] || (a.externalId < b.externalId ? -1 : 1));
  let turnoverCount = 0;
  let turnoverTotal = 0;
  let samples = 0;
  for (let i = 1; i < completed.length; i++) {
    if (completed[i].patientRef !== completed[i - 1].patientRef) {
      turnoverCount++;
      const pause = Math.max((eff(completed[i])[0] - eff(completed[i - 1])[1]) / MIN, 0);
      if (pause <= 60) {
        turnoverTotal += pause;
        samples++;
      }
    }
  }
  const available = minutes(A);
  const usedM = minutes(used);
  const maintenanceMinutes = minutes(maint);
  const noShowMinutes = minutes(noShow);
  const gapMinutes = minutes(gap);
  return {
    availableMinutes: available,
    usedMinutes: usedM,
    maintenanceMinutes,
    blockedMinutes: minutes(blocked),
    noShowMinutes,
    gapMinutes,
    downtimeMinutes: maintenanceMinutes + noShowMinutes + gapMinutes,
    overtimeMinutes: minutes(subtract(U, A)),
    bookedMinutes: minutes(intersect(S, A)),
    lateCancelMinutes: minutes(intersect(LC, gap)),
    shortGapMinutes: gap.filter(([a, b]) => (b - a) / MIN < clinic.minSlot).reduce((t, [a, b]) => t + (b - a) / MIN, 0),
    utilizationRate: available > 0 ? usedM / available : null,
    scheduledUtilizationRate: available > 0 ? minutes(intersect(S, A)) / available : null,
    appointmentCount: mine.filter((s) => s.status !== 'CANCELLED' && startsToday(s)).length,
    noShowCount: mine.filter((s) => s.status === 'NO_SHOW' && startsToday(s)).length,
    turnoverCount,
    avgTurnoverMinutes: samples ? turnoverTotal / samples : null,
    overlapMinutes: Math.max(uRaw - minutes(U), 0),
  };
}

export function providerDay(clinic: RefClinic, providerId: string, sessions: RefSession[], date: string) {
  const day = dayBounds(date, clinic.tz);
  const mine = sessions.filter((s) => s.providerId === providerId);
  const startsToday = (s: RefSession) => {
    const t = ms(s.actualStart ?? s.scheduledStart);
    return t >= day[0] && t < day[1];
  };
  const today = mine.filter(startsToday);
  const done = today.filter((s) => s.status === 'COMPLETED');
  const byRes = new Map<string, Iv[]>();
  for (const s of mine.filter((x) => x.status === 'COMPLETED')) {
    const iv = intersect([[ms(s.actualStart ?? s.scheduledStart), ms(s.actualEnd ?? s.scheduledEnd)]], [day]);
    byRes.set(s.resourceId, [...(byRes.get(s.resourceId) ?? []), ...iv]);
  }
  const withValue = done.filter((s) => s.productionValue != null);
  return {
    touches: mine.some(
      (s) =>
        intersect(
          [[Math.min(ms(s.scheduledStart), ms(s.actualStart ?? s.scheduledStart)), Math.max(ms(s.scheduledEnd), ms(s.actualEnd ?? s.scheduledEnd))]],
          [day],
        ).length > 0,
    ),
    patientsScheduled: new Set(today.filter((s) => s.status !== 'CANCELLED').map((s) => s.patientRef)).size,
    patientsSeen: new Set(done.map((s) => s.patientRef)).size,
    noShowCount: today.filter((s) => s.status === 'NO_SHOW').length,
    proceduresCompleted: done.reduce((t, s) => t + (s.procedures ?? 0), 0),
    chairMinutes: [...byRes.values()].reduce((t, ivs) => t + minutes(union(ivs)), 0),
    productionValue: withValue.length ? withValue.reduce((t, s) => t + Number(s.productionValue), 0) : null,
  };
}

/**
 * What SPEC §2–3 count of a session under the intake policy (the README's table), written apart from
 * src/intake/policy.ts: actual times only on COMPLETED / IN_PROGRESS sessions, and only a plausible pair
 * (within 24 hours of the schedule, end after start, a stay of at most 24 hours); an actual end alone runs from the
 * scheduled start; an actual start alone must come before the scheduled end.
 */
export function asCounted(s: RefSession): RefSession {
  const H24 = 24 * 3600_000;
  const ss = Date.parse(s.scheduledStart);
  const se = Date.parse(s.scheduledEnd);
  const as = s.actualStart ? Date.parse(s.actualStart) : null;
  const ae = s.actualEnd ? Date.parse(s.actualEnd) : null;
  let kept: [string | null, string | null] = [null, null];
  if (s.status === 'COMPLETED' || s.status === 'IN_PROGRESS') {
    if (as === null && ae !== null) {
      if (ae > ss && ae - ss <= H24) kept = [null, s.actualEnd!];
    } else if (as !== null && Math.abs(as - ss) <= H24) {
      if (ae === null) {
        if (as < se) kept = [s.actualStart!, null];
      } else if (ae > as && ae - as <= H24) kept = [s.actualStart!, s.actualEnd!];
    }
  }
  return { ...s, actualStart: kept[0], actualEnd: kept[1] };
}
