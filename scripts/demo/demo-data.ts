import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Principal } from '../../src/auth/auth.js';
import { SINCE_ALWAYS, type IntakeResult, type IntakeService } from '../../src/intake/intake.service.js';
import type { PrismaService } from '../../src/database/prisma.service.js';
import { MAX_ITEMS, type BlockIn, type ClinicIn, type ExceptionIn, type ProviderIn, type ResourceIn, type SessionIn } from '../../src/intake/schemas.js';
import {
  CATEGORY_OF_MIX,
  CLINICS,
  PROVIDERS,
  SERVICES,
  W,
  type ClinicDef,
  type Hours,
  type ProviderDef,
  type ResourceDef,
  type Role,
  type Service,
} from './group.js';
import { between, clamp, fnv1a, intBetween, normal, pick, rngFor, weighted, type Rng } from './random.js';
import { at, DAY, dayInfo, HOUR, iso, MIN, pad, subtract, toMin, type DayInfo, type Interval } from './time.js';

/**
 * The demo data set of `npm run demo` / `npm run seed:demo`: a group of four clinics in four time zones
 * with 120 days of history and 30 days of bookings, generated relative to "now" and deterministic for a
 * given seed and day (every chair-day draws from its own PRNG, seeded by the seed, the resource and the
 * date, so the same day looks the same whenever it is generated). Everything goes in through
 * IntakeService, exactly as upstream systems would send it.
 *
 * What it contains, so that every metric has something to show:
 * - clinic-a Lakeview Orthodontics (America/Chicago): busy, late-opening Thursday, Saturday mornings,
 *   a shortened day; short orthodontic appointments, one orthodontist running several chairs.
 * - clinic-b Midtown Dental & Orthodontics (America/New_York): lunch closure, one closure day, two
 *   orthodontic chairs staffed only Thursday and Friday (by the orthodontist shared with clinic-a),
 *   a chair repair block that crosses midnight.
 * - clinic-c Zahnzentrum Prenzlauer Berg (Europe/Berlin): under-used (below the target band), one
 *   chronically idle chair, an X-ray room with its own hours, a chair closed for a day, a training afternoon.
 * - clinic-d Ponsonby Smiles (Pacific/Auckland): growing demand; opens Saturday mornings from 45 days ago
 *   on (a new version of its hours), a closure day ahead.
 * Throughout: busy mornings, a lunch dip, slow Wednesday afternoons, ~6–8% no-shows, late (< 24 h) and
 * early cancellations (half of the early ones rebooked), actual times drifting from the schedule, a few
 * completed sessions without actual times, squeeze-ins that double-book a chair, sessions running past
 * closing, maintenance, meetings, and bookings for the next 30 days that thin out with lead time.
 * Patient references are opaque (`p-` + hash).
 *
 * The group itself (clinics, chairs, providers, what each chair is booked for) is in group.ts; the seeded PRNG in
 * random.ts; local days and minutes in time.ts. Used by scripts/seed-demo.ts, the benchmarks and the tests; the
 * service does not import it.
 */

export type { BlockIn, ClinicIn, ExceptionIn, ProviderIn, ResourceIn, SessionIn };

export interface DemoOptions {
  /** PRNG seed (default 42). */
  seed?: number;
  /** The moment the data is relative to (default: now). */
  now?: Date;
  /** Days of history before today (default 120). */
  historyDays?: number;
  /** Days of bookings after today (default 30). */
  futureDays?: number;
}

export interface DemoData {
  seed: number;
  now: string;
  clinics: ClinicIn[];
  /** Later versions of clinics' hours (with hoursEffectiveFrom); sent after `clinics`. */
  clinicHourChanges: ClinicIn[];
  resources: ResourceIn[];
  providers: ProviderIn[];
  /** Second clinics of providers who work at two (a provider is posted once per clinic). */
  providerLinks: ProviderIn[];
  exceptions: ExceptionIn[];
  blocks: BlockIn[];
  sessions: SessionIn[];
  /** Local dates covered: history start … last booked day, and each clinic's today. */
  range: { from: string; to: string; clinics: { clinicId: string; timeZone: string; from: string; today: string; to: string }[] };
}

export const DEMO_PRINCIPAL: Principal = { sub: 'demo-seed', permissions: new Set(['ops:ingest']), clinicIds: null };

/** mulberry32 is also the tests' and benchmarks' seeded PRNG. */
export { mulberry32 } from './random.js';

// ---------------------------------------------------------------------------------------------- generator

interface PlannedBlock {
  start: number;
  end: number;
  reason: BlockIn['reason'];
  tag: string;
}

/** What every part of the generator needs to know about the run. */
interface Run {
  seed: number;
  nowMs: number;
  historyDays: number;
  futureDays: number;
  data: DemoData;
}

export function generateDemoData(options: DemoOptions = {}): DemoData {
  const seed = options.seed ?? 42;
  const nowMs = (options.now ?? new Date()).getTime();
  const run: Run = { seed, nowMs, historyDays: options.historyDays ?? 120, futureDays: options.futureDays ?? 30, data: emptyData(seed, nowMs) };
  addProviders(run.data);
  for (const clinic of CLINICS) generateClinic(run, clinic);
  const { data } = run;
  for (const session of data.sessions) session.bookedAt = bookedAt(session, nowMs);
  data.range.from = data.range.clinics.map((c) => c.from).sort()[0];
  data.range.to = data.range.clinics
    .map((c) => c.to)
    .sort()
    .at(-1)!;
  return data;
}

function emptyData(seed: number, nowMs: number): DemoData {
  return {
    seed,
    now: new Date(nowMs).toISOString(),
    clinics: [],
    clinicHourChanges: [],
    resources: [],
    providers: [],
    providerLinks: [],
    exceptions: [],
    blocks: [],
    sessions: [],
    range: { from: '', to: '', clinics: [] },
  };
}

/** A provider is posted once per clinic: the first clinic in `providers`, the others in `providerLinks`. */
function addProviders(data: DemoData): void {
  for (const p of PROVIDERS) {
    const [first, ...more] = Object.keys(p.at);
    data.providers.push({ id: p.id, clinicId: first, name: p.name, role: p.role });
    for (const c of more) data.providerLinks.push({ id: p.id, clinicId: c, name: p.name, role: p.role });
  }
}

/** A clinic's local calendar around "now": its days, and the hours in force on each. */
interface ClinicCalendar {
  zone: string;
  today: DateTime;
  localDay(offset: number): DateTime;
  /** first local date of the new version of the hours (null: one version) */
  changeFrom: string | null;
  hoursOn(info: DayInfo): Hours;
  /** the open weekday (Mon–Fri) nearest to `offset` days from today */
  nearestOpenDay(offset: number): DayInfo;
}

function clinicCalendar(clinic: ClinicDef, nowMs: number): ClinicCalendar {
  const zone = clinic.timeZone;
  const today = DateTime.fromMillis(nowMs, { zone }).startOf('day');
  const localDay = (offset: number) => today.plus({ days: offset });
  const changeFrom = clinic.hoursChange ? localDay(-clinic.hoursChange.daysAgo).toISODate()! : null;
  const hoursOn = (info: DayInfo) => (changeFrom && info.date >= changeFrom ? clinic.hoursChange!.hours : clinic.hours);
  const nearestOpenDay = (offset: number): DayInfo => {
    for (let k = 0; k < 7; k++) {
      for (const o of [offset + k, offset - k]) {
        const info = dayInfo(localDay(o));
        if (info.weekday <= 5 && hoursOn(info)[String(info.weekday)].length) return info;
      }
    }
    throw new Error(`no open day near ${offset}`);
  };
  return { zone, today, localDay, changeFrom, hoursOn, nearestOpenDay };
}

/** Opening hours of a clinic-day or chair-day that differ from the weekly hours. */
interface Exceptions {
  clinic: Map<string, [string, string][]>;
  /** by `resourceId|date` */
  resource: Map<string, [string, string][]>;
}

/** Blocks beyond the daily routine, by `resourceId|date`, and the next-day part of those that cross midnight. */
interface SpecialBlocks {
  blocks: Map<string, PlannedBlock[]>;
  occupied: Map<string, Interval[]>;
}

/** One clinic: its records, then every chair-day from `historyDays` ago to `futureDays` ahead. */
function generateClinic(run: Run, clinic: ClinicDef): void {
  const cal = clinicCalendar(clinic, run.nowMs);
  addClinicRecords(run, clinic, cal);
  const exceptions = addDatedExceptions(run.data, clinic, cal);
  const special = specialBlocks(clinic, cal);
  const patients = Array.from(
    { length: clinic.patients },
    (_, n) => `p-${createHash('sha256').update(`demo:${run.seed}:${clinic.id}:${n}`).digest('hex').slice(0, 16)}`,
  );
  const staff = PROVIDERS.filter((p) => p.at[clinic.id]);

  for (let offset = -run.historyDays; offset <= run.futureDays; offset++) {
    const info = dayInfo(cal.localDay(offset));
    const day: ClinicDay = {
      info,
      progress: Math.min(1, (offset + run.historyDays) / run.historyDays),
      weekNoise: (rngFor(run.seed, `${clinic.id}|week|${Math.floor((info.dayNumber + 3) / 7)}`)() - 0.5) * 0.08,
      leadFactor: offset <= 0 ? 1 : 0.07 + 0.9 * Math.exp(-(offset - 1) / 8),
      working: (role: Role) => staff.filter((p) => p.role === role && p.at[clinic.id].includes(info.weekday)),
    };
    for (const resource of clinic.resources) generateChairDay(run, clinic, cal, resource, day, exceptions, special, patients);
  }
}

/** The clinic (with its hours "since always" and any later version), its chairs and rooms, and its date range. */
function addClinicRecords(run: Run, clinic: ClinicDef, cal: ClinicCalendar): void {
  const { data } = run;
  // the first version explicitly "since always", so that sending the data again never starts a new version from today
  data.clinics.push({ id: clinic.id, name: clinic.name, timeZone: cal.zone, hours: clinic.hours, hoursEffectiveFrom: SINCE_ALWAYS });
  if (clinic.hoursChange)
    data.clinicHourChanges.push({ id: clinic.id, name: clinic.name, timeZone: cal.zone, hours: clinic.hoursChange.hours, hoursEffectiveFrom: cal.changeFrom! });
  for (const r of clinic.resources) {
    const category = CATEGORY_OF_MIX.get(r.mix);
    data.resources.push({
      id: r.id,
      clinicId: clinic.id,
      kind: r.kind,
      name: r.name,
      active: true,
      ...(category ? { category } : {}),
      ...(r.hours ? { hours: r.hours } : {}),
    });
  }
  const from = cal.localDay(-run.historyDays).toISODate()!;
  const to = cal.localDay(run.futureDays).toISODate()!;
  data.range.clinics.push({ clinicId: clinic.id, timeZone: cal.zone, from, today: cal.today.toISODate()!, to });
}

/** Shortened days, closure days and a chair closed for a day, posted as dated exceptions. */
function addDatedExceptions(data: DemoData, clinic: ClinicDef, cal: ClinicCalendar): Exceptions {
  const out: Exceptions = { clinic: new Map(), resource: new Map() };
  const add = (info: DayInfo, windows: [string, string][], resourceId?: string) => {
    data.exceptions.push({ clinicId: clinic.id, ...(resourceId ? { resourceId } : {}), date: info.date, windows });
    if (resourceId) out.resource.set(`${resourceId}|${info.date}`, windows);
    else out.clinic.set(info.date, windows);
  };
  if (clinic.id === 'clinic-a') {
    add(cal.nearestOpenDay(-23), [W('08:00', '12:00')]); // shortened day (staff event in the afternoon)
    add(cal.nearestOpenDay(9), [W('08:00', '13:00')]); // a shortened day ahead
  }
  if (clinic.id === 'clinic-b') add(cal.nearestOpenDay(-37), []); // closed all day
  if (clinic.id === 'clinic-c') add(cal.nearestOpenDay(-12), [], 'c-chair-5'); // one chair closed (waiting for a part)
  if (clinic.id === 'clinic-d') add(cal.nearestOpenDay(18), []); // closure day ahead
  return out;
}

/** A repair block across midnight (clinic-b) and a training afternoon for every chair (clinic-c). */
function specialBlocks(clinic: ClinicDef, cal: ClinicCalendar): SpecialBlocks {
  const out: SpecialBlocks = { blocks: new Map(), occupied: new Map() };
  const add = (resourceId: string, info: DayInfo, block: PlannedBlock) => {
    const key = `${resourceId}|${info.date}`;
    out.blocks.set(key, [...(out.blocks.get(key) ?? []), block]);
    if (block.end > 1440) {
      const next = dayInfo(DateTime.fromObject({ year: info.y, month: info.m, day: info.d }, { zone: cal.zone }).plus({ days: 1 }));
      const nextKey = `${resourceId}|${next.date}`;
      out.occupied.set(nextKey, [...(out.occupied.get(nextKey) ?? []), [0, block.end - 1440]]);
    }
  };
  if (clinic.id === 'clinic-b') {
    // chair 4 out for repair from mid-afternoon until late next morning: a block across midnight
    add('b-chair-4', cal.nearestOpenDay(-26), { start: toMin('15:00'), end: 1440 + toMin('11:00'), reason: 'MAINTENANCE', tag: 'repair' });
  }
  if (clinic.id === 'clinic-c') {
    const training = cal.nearestOpenDay(-50);
    for (const r of clinic.resources) add(r.id, training, { start: toMin('13:00'), end: toMin('18:00'), reason: 'TRAINING', tag: 'training' });
  }
  return out;
}

/** What is the same for every chair of a clinic on one day. */
interface ClinicDay {
  info: DayInfo;
  /** 0 at the start of the history, 1 from today on (the clinic's trend) */
  progress: number;
  /** the week's ups and downs, shared by the clinic's chairs */
  weekNoise: number;
  /** the share of a future day's bookings already made (1 for past days) */
  leadFactor: number;
  working(role: Role): ProviderDef[];
}

/** One chair-day: its blocks, then its sessions. Every chair-day draws from its own PRNG. */
function generateChairDay(
  run: Run,
  clinic: ClinicDef,
  cal: ClinicCalendar,
  resource: ResourceDef,
  day: ClinicDay,
  exceptions: Exceptions,
  special: SpecialBlocks,
  patients: string[],
): void {
  const { info } = day;
  const key = `${resource.id}|${info.date}`;
  const windowsText = exceptions.resource.get(key) ?? exceptions.clinic.get(info.date) ?? (resource.hours ?? cal.hoursOn(info))[String(info.weekday)] ?? [];
  const windows: Interval[] = windowsText.map(([s, e]) => [toMin(s), toMin(e)]);
  const rng = rngFor(run.seed, key);

  const planned = plannedBlocks(clinic, resource, info, windows, special.blocks.get(key) ?? [], rng);
  for (const b of planned) run.data.blocks.push(blockRecord(resource, info, b, cal.zone));
  if (!windows.length) return;

  const free = subtract(windows, [...planned.map((b): Interval => [b.start, b.end]), ...(special.occupied.get(key) ?? [])]);
  bookChairDay(run, clinic, resource, day, windows, free, patients, rng);
}

/** The special blocks of the day plus the routine ones: the team meeting, maintenance every 19 days, now and then another block. */
function plannedBlocks(clinic: ClinicDef, resource: ResourceDef, info: DayInfo, windows: Interval[], special: PlannedBlock[], rng: Rng): PlannedBlock[] {
  const planned: PlannedBlock[] = [...special];
  if (!windows.length) return planned;
  const open = windows[0][0];
  const close = windows[windows.length - 1][1];
  const weekNo = Math.floor((info.dayNumber + 3) / 7);
  if (info.weekday === clinic.meeting.weekday && weekNo % clinic.meeting.everyWeeks === 0) {
    planned.push({ start: open, end: open + clinic.meeting.minutes, reason: 'MEETING', tag: 'meeting' });
  }
  if ((info.dayNumber + fnv1a(resource.id)) % 19 === 0) {
    const minutes = pick(rng, [45, 60, 90]);
    const atOpen = rng() < 0.5;
    planned.push({ start: atOpen ? open : close - minutes, end: atOpen ? open + minutes : close, reason: 'MAINTENANCE', tag: 'maint' });
  }
  if (rng() < 0.01 && open <= toMin('11:00') && close >= toMin('12:00')) {
    planned.push({ start: toMin('11:00'), end: toMin('12:00'), reason: 'OTHER', tag: 'other' });
  }
  return planned;
}

function blockRecord(resource: ResourceDef, info: DayInfo, b: PlannedBlock, zone: string): BlockIn {
  let end: string;
  if (b.end > 1440) {
    const e = DateTime.fromObject({ year: info.y, month: info.m, day: info.d }, { zone })
      .plus({ days: 1 })
      .set({ hour: Math.floor((b.end - 1440) / 60), minute: b.end % 60 });
    end = e.toISO({ suppressMilliseconds: true })!;
  } else {
    end = iso(at(info, b.end), info.offset);
  }
  return {
    externalId: `blk-${resource.id}-${info.compact}-${b.tag}`,
    resourceId: resource.id,
    start: iso(at(info, b.start), info.offset),
    end,
    reason: b.reason,
  };
}

/** The probability that a slot starting at local minute t is booked: the clinic's fill, trend and the day's rhythm. */
function fillProbability(clinic: ClinicDef, resource: ResourceDef, day: ClinicDay): (t: number) => number {
  const { weekday } = day.info;
  const staffed = !resource.staffedDays || resource.staffedDays.includes(weekday);
  return (t: number) => {
    const h = t / 60;
    let p = (clinic.fill + clinic.trend * day.progress + day.weekNoise) * (resource.demand ?? 1) * (staffed ? 1 : 0.12);
    if (h < 11.5)
      p += 0.07; // busy mornings
    else if (h >= 12 && h < 13.5) p -= 0.22; // lunch dip
    if (weekday === 3 && h >= 13) p -= 0.3; // slow Wednesday afternoons
    if (weekday === 5 && h >= 12) p -= 0.1;
    if (weekday === 1 && h < 12) p += 0.04;
    if (weekday === 6) p += 0.06;
    if (h >= 16.5) p += 0.04; // after school and work
    return clamp(p, 0.03, 0.97);
  };
}

/** Who works this chair today, per role (an orthodontist may be picked for several chairs at once); picked on first need. */
function providerPicker(day: ClinicDay, rng: Rng): (role: Role) => string | undefined {
  const chairProvider = new Map<Role, string | undefined>();
  return (role: Role) => {
    if (!chairProvider.has(role)) {
      const candidates = day.working(role);
      const fallback = role === 'assistant' || role === 'hygienist' ? [] : [...day.working('dentist'), ...day.working('orthodontist')];
      const list = candidates.length ? candidates : fallback;
      chairProvider.set(role, list.length ? pick(rng, list).id : undefined);
    }
    return chairProvider.get(role);
  };
}

/**
 * The sessions of one chair-day: slots through the free time, each booked with the fill probability (thinned with
 * lead time for future days), then now and then a squeeze-in that double-books the chair.
 */
function bookChairDay(
  run: Run,
  clinic: ClinicDef,
  resource: ResourceDef,
  day: ClinicDay,
  windows: Interval[],
  free: Interval[],
  patients: string[],
  rng: Rng,
): void {
  const { info } = day;
  const { nowMs, data } = run;
  const providerFor = providerPicker(day, rng);
  const fillAt = fillProbability(clinic, resource, day);
  const close = windows[windows.length - 1][1];
  let prevEnd = -Infinity;
  let prevPatient: string | undefined;
  const completedToday: SessionIn[] = [];

  const emit = (t: number, dur: number, service: Service, suffix: string, allowRebook: boolean, overlapping = false) => {
    const schedStart = at(info, t);
    const schedEnd = at(info, t + dur);
    const patient = prevPatient && rng() < 0.02 ? prevPatient : pick(rng, patients);
    const providerId = rng() < 0.03 ? undefined : providerFor(weighted(rng, service.roles));
    const base: SessionIn = {
      externalId: `appt-${resource.id}-${info.compact}-${pad(Math.floor(t / 60))}${pad(t % 60)}${suffix}`,
      resourceId: resource.id,
      ...(providerId ? { providerId } : {}),
      patientRef: patient,
      scheduledStart: iso(schedStart, info.offset),
      scheduledEnd: iso(schedEnd, info.offset),
      status: 'SCHEDULED',
    };
    let noShow = clinic.noShow;
    if (info.weekday === 5 && t >= 12 * 60) noShow += 0.03;
    if (info.weekday === 1 && t < 12 * 60) noShow -= 0.02;
    const r = rng();
    if (r < noShow) {
      if (schedStart + 15 * MIN <= nowMs) base.status = 'NO_SHOW';
    } else if (r < noShow + 0.08) {
      const late = r < noShow + 0.03;
      const cancelledAt = late ? schedStart - between(rng, 0.5, 23) * HOUR : schedStart - between(rng, 1.5, 20) * DAY;
      if (cancelledAt <= nowMs) {
        base.status = 'CANCELLED';
        base.cancelledAt = new Date(Math.round(cancelledAt / 1000) * 1000).toISOString();
        // half of the early cancellations are rebooked with another patient
        if (!late && allowRebook && rng() < 0.5) {
          prevPatient = undefined;
          data.sessions.push(base);
          emit(t, dur, service, '-r', false);
          return;
        }
      }
    } else {
      const drift = clamp(2 + normal(rng) * 3.5, -5, 15);
      const turnover = between(rng, 2, 7);
      const actualStart = overlapping ? schedStart + drift * MIN : Math.max(schedStart + drift * MIN, prevEnd + turnover * MIN);
      let actualEnd = actualStart + dur * clamp(1 + normal(rng) * 0.1, 0.75, 1.35) * MIN;
      if (!overlapping && t + dur >= close && rng() < 0.08) actualEnd += between(rng, 10, 40) * MIN; // runs past closing
      if (!overlapping) prevEnd = actualEnd;
      if (actualEnd <= nowMs) {
        completeSession(base, service, actualStart, actualEnd, info, rng);
        completedToday.push(base);
      } else if (actualStart <= nowMs) {
        base.status = 'IN_PROGRESS';
        base.actualStart = iso(actualStart, info.offset);
      }
    }
    prevPatient = patient;
    data.sessions.push(base);
  };

  for (const [ws, we] of free) {
    let t = ws;
    while (we - t >= 15) {
      const service = weighted(rng, resource.mix);
      let dur = pick(rng, service.minutes);
      if (t + dur > we) dur = we - t >= 30 ? 30 : 15;
      if (rng() < fillAt(t) * day.leadFactor) {
        emit(t, dur, service, '', true);
        t += dur;
      } else {
        t += rng() < 0.5 ? 15 : dur; // idle
      }
    }
  }

  // now and then a squeeze-in double-books the chair
  if (completedToday.length && rng() < 0.04) {
    const host = pick(rng, completedToday);
    const hostStart = toMin(host.scheduledStart.slice(11, 16));
    const hostDur = (Date.parse(host.scheduledEnd) - Date.parse(host.scheduledStart)) / MIN;
    const start = hostStart + 5 * Math.max(1, Math.floor((rng() * (hostDur - 5)) / 5));
    emit(start, pick(rng, [15, 20, 30]), SERVICES.emergency, '-x', false, true);
  }
}

/** A session that took place: actual times (a few without), procedures and production value (some free of charge). */
function completeSession(base: SessionIn, service: Service, actualStart: number, actualEnd: number, info: DayInfo, rng: Rng): void {
  base.status = 'COMPLETED';
  if (rng() >= 0.015) {
    base.actualStart = iso(actualStart, info.offset);
    base.actualEnd = iso(actualEnd, info.offset);
  }
  const procedures = intBetween(rng, service.procedures[0], service.procedures[1]);
  base.procedures = procedures;
  const charged = rng() >= (service.free ?? 0) && rng() >= 0.04;
  base.productionValue = charged ? Math.round(between(rng, service.value[0], service.value[1]) * (0.8 + 0.2 * procedures) * 100) / 100 : null;
}

/**
 * When a demo appointment was made, as a practice-management system records it: the lead-time curve the generator
 * thins future days with (share booked L days ahead ≈ 0.07 + 0.9·e^(−(L−1)/8)), a time of day from the id, never after
 * now nor after a cancellation. Derived from the id (not the PRNG), so the rest of the data stays as it was.
 */
function bookedAt(s: SessionIn, nowMs: number): string {
  const u = (fnv1a(`${s.externalId}:lead`) & 1048575) / 1048575;
  const lead = u >= 0.97 ? 0 : u <= 0.0701 ? 31 + Math.floor(u * 400) : Math.floor(1 + 8 * Math.log(0.9 / (u - 0.07)));
  const t = Math.min(
    nowMs - MIN,
    s.cancelledAt ? Date.parse(s.cancelledAt) - HOUR : Infinity,
    Date.parse(s.scheduledStart) - lead * DAY - (fnv1a(s.externalId) % 600) * MIN,
  );
  return new Date(Math.floor(t / 1000) * 1000).toISOString();
}

// ---------------------------------------------------------------------------------------------- ingestion

export interface DemoSummary {
  clinics: number;
  resources: number;
  providers: number;
  exceptions: number;
  blocks: number;
  sessions: number;
  sessionsByStatus: Record<string, number>;
  created: number;
  updated: number;
  unchanged: number;
  seconds: number;
}

export interface IngestOptions {
  principal?: Principal;
  batchSize?: number;
  onProgress?: (what: string, done: number, total: number) => void;
}

/** Sends the demo data through IntakeService in batches of at most 5,000 items, in dependency order. */
export async function ingestDemoData(intake: IntakeService, data: DemoData, options: IngestOptions = {}): Promise<DemoSummary> {
  const who = options.principal ?? DEMO_PRINCIPAL;
  const size = Math.min(options.batchSize ?? MAX_ITEMS, MAX_ITEMS);
  const started = performance.now();
  const totals = { created: 0, updated: 0, unchanged: 0 };
  const send = async <T>(what: string, items: T[], upsert: (body: { items: T[] }) => Promise<IntakeResult>) => {
    for (let i = 0; i < items.length; i += size) {
      const r = await upsert({ items: items.slice(i, i + size) });
      totals.created += r.created;
      totals.updated += r.updated;
      totals.unchanged += r.unchanged;
      options.onProgress?.(what, Math.min(i + size, items.length), items.length);
    }
  };
  await send('clinics', data.clinics, (b) => intake.upsertClinics(b, who));
  await send('clinic hours', data.clinicHourChanges, (b) => intake.upsertClinics(b, who));
  await send('resources', data.resources, (b) => intake.upsertResources(b, who));
  await send('providers', data.providers, (b) => intake.upsertProviders(b, who));
  await send('provider clinics', data.providerLinks, (b) => intake.upsertProviders(b, who));
  await send('exceptions', data.exceptions, (b) => intake.upsertExceptions(b, who));
  await send('blocks', data.blocks, (b) => intake.upsertBlocks(b, who));
  await send('sessions', data.sessions, (b) => intake.upsertSessions(b, who));

  const sessionsByStatus: Record<string, number> = {};
  for (const s of data.sessions) sessionsByStatus[s.status] = (sessionsByStatus[s.status] ?? 0) + 1;
  return {
    clinics: data.clinics.length,
    resources: data.resources.length,
    providers: data.providers.length,
    exceptions: data.exceptions.length,
    blocks: data.blocks.length,
    sessions: data.sessions.length,
    sessionsByStatus,
    ...totals,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The currency of each demo clinic's production values (a clinic setting: PUT /settings/{clinicId} sets it; the
 * intake feeds do not carry it). Set by the demo seed after the intake.
 */
export const DEMO_CURRENCIES: Record<string, string> = { 'clinic-a': 'USD', 'clinic-b': 'USD', 'clinic-c': 'EUR', 'clinic-d': 'NZD' };

/** Applies DEMO_CURRENCIES through the settings columns of the clinic table. */
export async function applyDemoSettings(prisma: PrismaService): Promise<void> {
  // updateMany: a demo clinic that is not there is skipped, as the UPDATE … WHERE id = did
  for (const [id, currency] of Object.entries(DEMO_CURRENCIES)) await prisma.clinic.updateMany({ where: { id }, data: { currency } });
}
