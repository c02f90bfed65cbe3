import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Principal } from '../auth/auth.js';
import { SINCE_ALWAYS, type IntakeResult, type IntakeService } from '../intake/intake.service.js';
import type { PrismaService } from '../database/prisma.service.js';
import { MAX_ITEMS, type BlockIn, type ClinicIn, type ExceptionIn, type ProviderIn, type ResourceIn, type SessionIn } from '../intake/schemas.js';

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

// ---------------------------------------------------------------------------------------------- PRNG

/** mulberry32: small, fast, good enough for demo data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const rngFor = (seed: number, key: string) => mulberry32(fnv1a(`${seed}|${key}`));
const between = (rng: () => number, lo: number, hi: number) => lo + rng() * (hi - lo);
const intBetween = (rng: () => number, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)];
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** Standard normal (Box–Muller). */
const normal = (rng: () => number) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
function weighted<T>(rng: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [v, w] of items) if ((r -= w) < 0) return v;
  return items[items.length - 1][0];
}

// ---------------------------------------------------------------------------------------------- the group

type Role = 'orthodontist' | 'dentist' | 'hygienist' | 'assistant';
type Hours = Record<string, [string, string][]>;

interface Service {
  minutes: readonly number[];
  roles: readonly (readonly [Role, number])[];
  value: readonly [number, number];
  procedures: readonly [number, number];
  /** share of completed sessions that carry no charge (no production value) */
  free?: number;
}

const SERVICES = {
  orthoAdjust: { minutes: [15, 20, 20, 30], roles: [['orthodontist', 0.6], ['assistant', 0.4]], value: [90, 180], procedures: [1, 2] },
  orthoBond: { minutes: [60, 90], roles: [['orthodontist', 1]], value: [450, 1400], procedures: [2, 4] },
  orthoRetainer: { minutes: [30], roles: [['assistant', 0.7], ['orthodontist', 0.3]], value: [120, 350], procedures: [1, 2] },
  orthoConsult: { minutes: [45, 60], roles: [['orthodontist', 1]], value: [75, 150], procedures: [1, 1], free: 0.4 },
  exam: { minutes: [30], roles: [['dentist', 1]], value: [70, 160], procedures: [1, 2] },
  filling: { minutes: [30, 45, 60], roles: [['dentist', 1]], value: [160, 420], procedures: [1, 3] },
  crown: { minutes: [60, 90, 120], roles: [['dentist', 1]], value: [700, 1600], procedures: [2, 4] },
  hygiene: { minutes: [40, 50, 60], roles: [['hygienist', 1]], value: [95, 220], procedures: [1, 3] },
  surgery: { minutes: [60, 90, 120], roles: [['dentist', 1]], value: [450, 2400], procedures: [1, 3] },
  imaging: { minutes: [15, 20], roles: [['assistant', 1]], value: [55, 140], procedures: [1, 1] },
  emergency: { minutes: [15, 30], roles: [['dentist', 0.7], ['orthodontist', 0.3]], value: [90, 300], procedures: [1, 2] },
} satisfies Record<string, Service>;

type Mix = readonly (readonly [Service, number])[];
const ORTHO_CHAIR: Mix = [[SERVICES.orthoAdjust, 0.7], [SERVICES.orthoBond, 0.1], [SERVICES.orthoRetainer, 0.2]];
const GENERAL_CHAIR: Mix = [[SERVICES.exam, 0.35], [SERVICES.filling, 0.4], [SERVICES.crown, 0.15], [SERVICES.hygiene, 0.1]];
const HYGIENE_CHAIR: Mix = [[SERVICES.hygiene, 0.9], [SERVICES.exam, 0.1]];
const CONSULT_ROOM: Mix = [[SERVICES.orthoConsult, 1]];
const SURGERY_ROOM: Mix = [[SERVICES.surgery, 1]];
const IMAGING_ROOM: Mix = [[SERVICES.imaging, 1]];
/** The category each kind of chair or room is posted with (hygiene chairs get the hygiene band, src/demo/demo-goals.ts). */
const CATEGORY_OF_MIX = new Map<Mix, string>([
  [ORTHO_CHAIR, 'orthodontic'],
  [GENERAL_CHAIR, 'restorative'],
  [HYGIENE_CHAIR, 'hygiene'],
  [CONSULT_ROOM, 'consultation'],
  [SURGERY_ROOM, 'surgery'],
  [IMAGING_ROOM, 'imaging'],
]);

interface ResourceDef {
  id: string;
  kind: 'CHAIR' | 'ROOM';
  name: string;
  mix: Mix;
  /** demand multiplier (1 = the clinic's) */
  demand?: number;
  /** weekdays the chair is staffed; other days it is used only now and then */
  staffedDays?: number[];
  hours?: Hours;
}

interface ProviderDef {
  id: string;
  name: string;
  role: Role;
  /** ISO weekdays worked, per clinic */
  at: Record<string, number[]>;
}

interface ClinicDef {
  id: string;
  name: string;
  timeZone: string;
  hours: Hours;
  /** a new version of the hours from `daysAgo` days before today */
  hoursChange?: { daysAgo: number; hours: Hours };
  /** booking probability of a slot, at the start of the history and its change over the history */
  fill: number;
  trend: number;
  noShow: number;
  patients: number;
  meeting: { weekday: number; everyWeeks: number; minutes: number };
  resources: ResourceDef[];
}

const W = (start: string, end: string): [string, string] => [start, end];
const week = (days: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, [string, string][]>>): Hours =>
  Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), days[d as 1] ?? []]));
const chairs = (prefix: string, label: string, from: number, to: number, mix: Mix, extra: Partial<ResourceDef> = {}): ResourceDef[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ id: `${prefix}-chair-${from + i}`, kind: 'CHAIR' as const, name: `${label} ${from + i}`, mix, ...extra }));

const WEEKDAY_LUNCH = [W('08:00', '12:30'), W('13:30', '18:00')];

const CLINICS: ClinicDef[] = [
  {
    id: 'clinic-a',
    name: 'Lakeview Orthodontics',
    timeZone: 'America/Chicago',
    hours: week({ 1: [W('08:00', '17:00')], 2: [W('08:00', '17:00')], 3: [W('08:00', '17:00')], 4: [W('10:00', '19:00')], 5: [W('08:00', '14:00')], 6: [W('08:00', '12:00')] }),
    fill: 0.95,
    trend: 0,
    noShow: 0.06,
    patients: 1800,
    meeting: { weekday: 1, everyWeeks: 2, minutes: 45 },
    resources: [
      ...chairs('a', 'Chair', 1, 9, ORTHO_CHAIR),
      ...chairs('a', 'Hygiene chair', 10, 10, HYGIENE_CHAIR),
      { id: 'a-room-consult', kind: 'ROOM', name: 'Consultation room', mix: CONSULT_ROOM, demand: 0.8 },
    ],
  },
  {
    id: 'clinic-b',
    name: 'Midtown Dental & Orthodontics',
    timeZone: 'America/New_York',
    hours: week({ 1: WEEKDAY_LUNCH, 2: WEEKDAY_LUNCH, 3: WEEKDAY_LUNCH, 4: WEEKDAY_LUNCH, 5: WEEKDAY_LUNCH }),
    fill: 0.9,
    trend: 0,
    noShow: 0.07,
    patients: 2600,
    meeting: { weekday: 2, everyWeeks: 4, minutes: 60 },
    resources: [
      ...chairs('b', 'Operatory', 1, 6, GENERAL_CHAIR),
      ...chairs('b', 'Hygiene chair', 7, 8, HYGIENE_CHAIR),
      ...chairs('b', 'Ortho chair', 9, 10, ORTHO_CHAIR, { staffedDays: [4, 5] }),
      { id: 'b-room-surgery', kind: 'ROOM', name: 'Surgery room', mix: SURGERY_ROOM, demand: 0.7 },
      { id: 'b-room-imaging', kind: 'ROOM', name: 'Imaging room', mix: IMAGING_ROOM, demand: 0.6 },
    ],
  },
  {
    id: 'clinic-c',
    name: 'Zahnzentrum Prenzlauer Berg',
    timeZone: 'Europe/Berlin',
    hours: week({ 1: [W('08:00', '18:00')], 2: [W('08:00', '18:00')], 3: [W('08:00', '18:00')], 4: [W('08:00', '18:00')], 5: [W('08:00', '13:00')] }),
    fill: 0.64,
    trend: -0.04,
    noShow: 0.08,
    patients: 1500,
    meeting: { weekday: 3, everyWeeks: 4, minutes: 60 },
    resources: [
      ...chairs('c', 'Behandlungsstuhl', 1, 6, GENERAL_CHAIR),
      ...chairs('c', 'Prophylaxestuhl', 7, 8, HYGIENE_CHAIR),
      ...chairs('c', 'Behandlungsstuhl', 9, 9, GENERAL_CHAIR, { demand: 0.5 }), // rarely booked
      { id: 'c-room-xray', kind: 'ROOM', name: 'Röntgenraum', mix: IMAGING_ROOM, demand: 0.8, hours: week({ 1: [W('08:00', '12:00')], 3: [W('08:00', '12:00')], 5: [W('08:00', '12:00')] }) },
    ],
  },
  {
    id: 'clinic-d',
    name: 'Ponsonby Smiles',
    timeZone: 'Pacific/Auckland',
    hours: week({ 1: [W('08:30', '17:30')], 2: [W('08:30', '17:30')], 3: [W('08:30', '17:30')], 4: [W('08:30', '17:30')], 5: [W('08:30', '17:30')] }),
    hoursChange: {
      daysAgo: 45,
      hours: week({ 1: [W('08:30', '17:30')], 2: [W('08:30', '17:30')], 3: [W('08:30', '17:30')], 4: [W('08:30', '17:30')], 5: [W('08:30', '17:30')], 6: [W('09:00', '13:00')] }),
    },
    fill: 0.62,
    trend: 0.3,
    noShow: 0.065,
    patients: 1400,
    meeting: { weekday: 5, everyWeeks: 2, minutes: 30 },
    resources: [
      ...chairs('d', 'Chair', 1, 6, GENERAL_CHAIR),
      ...chairs('d', 'Hygiene chair', 7, 7, HYGIENE_CHAIR),
      ...chairs('d', 'Ortho chair', 8, 8, ORTHO_CHAIR, { staffedDays: [2, 4, 6] }),
      { id: 'd-room-1', kind: 'ROOM', name: 'Procedure room', mix: SURGERY_ROOM, demand: 0.75 },
    ],
  },
];

const PROVIDERS: ProviderDef[] = [
  // clinic-a
  { id: 'prov-rivera', name: 'Dr. Ana Rivera', role: 'orthodontist', at: { 'clinic-a': [1, 2, 3, 4, 5, 6] } },
  { id: 'prov-chen', name: 'Dr. Wei Chen', role: 'orthodontist', at: { 'clinic-a': [2, 3, 4, 5] } },
  // works Monday–Wednesday in Chicago and Thursday–Friday in New York
  { id: 'prov-okafor', name: 'Dr. Maya Okafor', role: 'orthodontist', at: { 'clinic-a': [1, 2, 3], 'clinic-b': [4, 5] } },
  { id: 'prov-hughes', name: 'Emma Hughes, RDH', role: 'hygienist', at: { 'clinic-a': [1, 3, 5] } },
  { id: 'prov-kowalski', name: 'Jan Kowalski', role: 'assistant', at: { 'clinic-a': [1, 2, 3, 4, 5, 6] } },
  { id: 'prov-nguyen', name: 'Linh Nguyen', role: 'assistant', at: { 'clinic-a': [1, 2, 3, 4, 5] } },
  { id: 'prov-patel', name: 'Sam Patel', role: 'assistant', at: { 'clinic-a': [1, 2, 3, 4] } },
  { id: 'prov-ortiz', name: 'Luis Ortiz', role: 'assistant', at: { 'clinic-a': [3, 4, 5, 6] } },
  // clinic-b
  { id: 'prov-goldberg', name: 'Dr. Rachel Goldberg', role: 'dentist', at: { 'clinic-b': [1, 2, 3, 4, 5] } },
  { id: 'prov-adeyemi', name: 'Dr. Tunde Adeyemi', role: 'dentist', at: { 'clinic-b': [1, 2, 3, 4] } },
  { id: 'prov-silva', name: 'Dr. Marco Silva', role: 'dentist', at: { 'clinic-b': [2, 3, 4, 5] } },
  { id: 'prov-brooks', name: 'Kayla Brooks, RDH', role: 'hygienist', at: { 'clinic-b': [1, 2, 3, 4, 5] } },
  { id: 'prov-ito', name: 'Yuki Ito, RDH', role: 'hygienist', at: { 'clinic-b': [1, 2, 4] } },
  { id: 'prov-murphy', name: 'Sean Murphy, RDH', role: 'hygienist', at: { 'clinic-b': [3, 5] } },
  { id: 'prov-diaz', name: 'Rosa Diaz', role: 'assistant', at: { 'clinic-b': [1, 2, 3, 4, 5] } },
  { id: 'prov-kim', name: 'Daniel Kim', role: 'assistant', at: { 'clinic-b': [1, 2, 3, 4, 5] } },
  { id: 'prov-walker', name: 'Tia Walker', role: 'assistant', at: { 'clinic-b': [1, 3, 5] } },
  { id: 'prov-lee', name: 'Grace Lee', role: 'assistant', at: { 'clinic-b': [2, 4] } },
  // clinic-c
  { id: 'prov-schmidt', name: 'Dr. Katrin Schmidt', role: 'dentist', at: { 'clinic-c': [1, 2, 3, 4, 5] } },
  { id: 'prov-yilmaz', name: 'Dr. Emre Yılmaz', role: 'dentist', at: { 'clinic-c': [1, 2, 3, 4] } },
  { id: 'prov-weber', name: 'Lena Weber', role: 'hygienist', at: { 'clinic-c': [1, 2, 3] } },
  { id: 'prov-novak', name: 'Petra Novak', role: 'hygienist', at: { 'clinic-c': [3, 4, 5] } },
  { id: 'prov-fischer', name: 'Jonas Fischer', role: 'assistant', at: { 'clinic-c': [1, 2, 3, 4, 5] } },
  { id: 'prov-hoffmann', name: 'Mia Hoffmann', role: 'assistant', at: { 'clinic-c': [1, 2, 3, 4, 5] } },
  { id: 'prov-richter', name: 'Tom Richter', role: 'assistant', at: { 'clinic-c': [2, 4] } },
  // clinic-d
  { id: 'prov-tane', name: 'Dr. Aroha Tane', role: 'orthodontist', at: { 'clinic-d': [2, 4, 6] } },
  { id: 'prov-wilson', name: 'Dr. James Wilson', role: 'dentist', at: { 'clinic-d': [1, 2, 3, 4, 5, 6] } },
  { id: 'prov-fale', name: 'Dr. Sina Fale', role: 'dentist', at: { 'clinic-d': [1, 3, 5] } },
  { id: 'prov-clarke', name: 'Hannah Clarke', role: 'hygienist', at: { 'clinic-d': [1, 2, 3, 4, 5] } },
  { id: 'prov-singh', name: 'Priya Singh', role: 'assistant', at: { 'clinic-d': [1, 2, 3, 4, 5, 6] } },
  { id: 'prov-brown', name: 'Ella Brown', role: 'assistant', at: { 'clinic-d': [1, 2, 3, 4, 5] } },
];

// ---------------------------------------------------------------------------------------------- time helpers

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const pad = (n: number) => String(n).padStart(2, '0');
const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

interface DayInfo {
  date: string;
  compact: string;
  y: number;
  m: number;
  d: number;
  weekday: number;
  /** UTC offset (minutes) in force during opening hours; DST switches happen at night */
  offset: number;
  /** days since 1970-01-01 (stable day number, independent of "today") */
  dayNumber: number;
}

function dayInfo(day: DateTime): DayInfo {
  const noon = day.set({ hour: 12 });
  return {
    date: day.toISODate()!,
    compact: day.toFormat('yyyyMMdd'),
    y: day.year,
    m: day.month,
    d: day.day,
    weekday: day.weekday,
    offset: noon.offset,
    dayNumber: Math.round(Date.UTC(day.year, day.month - 1, day.day) / DAY),
  };
}

/** The instant of local minute `t` of the day (valid during the day, not across a DST switch at night). */
const at = (info: DayInfo, t: number) => Date.UTC(info.y, info.m - 1, info.d) + (t - info.offset) * MIN;

/** ISO-8601 with the clinic's offset, to the second, as an upstream system would send it. */
function iso(ms: number, offset: number): string {
  const local = new Date(Math.round(ms / 1000) * 1000 + offset * MIN).toISOString().slice(0, 19);
  const a = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

type Interval = [number, number];

/** windows minus busy intervals (all in local minutes), dropping pieces shorter than 15 minutes */
function subtract(windows: Interval[], busy: Interval[]): Interval[] {
  let free = windows.map((w) => [...w] as Interval);
  for (const [bs, be] of busy) {
    free = free.flatMap(([s, e]): Interval[] => {
      if (be <= s || bs >= e) return [[s, e]];
      const out: Interval[] = [];
      if (bs > s) out.push([s, bs]);
      if (be < e) out.push([be, e]);
      return out;
    });
  }
  return free.filter(([s, e]) => e - s >= 15);
}

// ---------------------------------------------------------------------------------------------- generator

interface PlannedBlock {
  start: number;
  end: number;
  reason: BlockIn['reason'];
  tag: string;
}

export function generateDemoData(options: DemoOptions = {}): DemoData {
  const seed = options.seed ?? 42;
  const nowMs = (options.now ?? new Date()).getTime();
  const historyDays = options.historyDays ?? 120;
  const futureDays = options.futureDays ?? 30;

  const data: DemoData = {
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

  for (const p of PROVIDERS) {
    const [first, ...more] = Object.keys(p.at);
    data.providers.push({ id: p.id, clinicId: first, name: p.name, role: p.role });
    for (const c of more) data.providerLinks.push({ id: p.id, clinicId: c, name: p.name, role: p.role });
  }

  for (const clinic of CLINICS) {
    const zone = clinic.timeZone;
    const today = DateTime.fromMillis(nowMs, { zone }).startOf('day');
    const localDay = (offset: number) => today.plus({ days: offset });
    const changeFrom = clinic.hoursChange ? localDay(-clinic.hoursChange.daysAgo).toISODate()! : null;
    const hoursOn = (info: DayInfo) => (changeFrom && info.date >= changeFrom ? clinic.hoursChange!.hours : clinic.hours);

    // the first version explicitly "since always", so that sending the data again never starts a new version from today
    data.clinics.push({ id: clinic.id, name: clinic.name, timeZone: zone, hours: clinic.hours, hoursEffectiveFrom: SINCE_ALWAYS });
    if (clinic.hoursChange) data.clinicHourChanges.push({ id: clinic.id, name: clinic.name, timeZone: zone, hours: clinic.hoursChange.hours, hoursEffectiveFrom: changeFrom! });
    for (const r of clinic.resources) {
      const category = CATEGORY_OF_MIX.get(r.mix);
      data.resources.push({ id: r.id, clinicId: clinic.id, kind: r.kind, name: r.name, active: true, ...(category ? { category } : {}), ...(r.hours ? { hours: r.hours } : {}) });
    }
    const from = localDay(-historyDays).toISODate()!;
    const to = localDay(futureDays).toISODate()!;
    data.range.clinics.push({ clinicId: clinic.id, timeZone: zone, from, today: today.toISODate()!, to });

    // ------------------------------------------------------------ dated exceptions
    /** the open weekday (Mon–Fri) nearest to `offset` days from today */
    const nearestOpenDay = (offset: number): DayInfo => {
      for (let k = 0; k < 7; k++) {
        for (const o of [offset + k, offset - k]) {
          const info = dayInfo(localDay(o));
          if (info.weekday <= 5 && hoursOn(info)[String(info.weekday)].length) return info;
        }
      }
      throw new Error(`no open day near ${offset}`);
    };
    const clinicExceptions = new Map<string, [string, string][]>();
    const resourceExceptions = new Map<string, [string, string][]>();
    const addException = (info: DayInfo, windows: [string, string][], resourceId?: string) => {
      data.exceptions.push({ clinicId: clinic.id, ...(resourceId ? { resourceId } : {}), date: info.date, windows });
      if (resourceId) resourceExceptions.set(`${resourceId}|${info.date}`, windows);
      else clinicExceptions.set(info.date, windows);
    };
    if (clinic.id === 'clinic-a') {
      addException(nearestOpenDay(-23), [W('08:00', '12:00')]); // shortened day (staff event in the afternoon)
      addException(nearestOpenDay(9), [W('08:00', '13:00')]); // a shortened day ahead
    }
    if (clinic.id === 'clinic-b') addException(nearestOpenDay(-37), []); // closed all day
    if (clinic.id === 'clinic-c') addException(nearestOpenDay(-12), [], 'c-chair-5'); // one chair closed (waiting for a part)
    if (clinic.id === 'clinic-d') addException(nearestOpenDay(18), []); // closure day ahead

    // ------------------------------------------------------------ special blocks
    const specialBlocks = new Map<string, PlannedBlock[]>();
    const occupied = new Map<string, Interval[]>();
    const addSpecial = (resourceId: string, info: DayInfo, block: PlannedBlock) => {
      const key = `${resourceId}|${info.date}`;
      specialBlocks.set(key, [...(specialBlocks.get(key) ?? []), block]);
      if (block.end > 1440) {
        const next = dayInfo(DateTime.fromObject({ year: info.y, month: info.m, day: info.d }, { zone }).plus({ days: 1 }));
        const nextKey = `${resourceId}|${next.date}`;
        occupied.set(nextKey, [...(occupied.get(nextKey) ?? []), [0, block.end - 1440]]);
      }
    };
    if (clinic.id === 'clinic-b') {
      // chair 4 out for repair from mid-afternoon until late next morning: a block across midnight
      addSpecial('b-chair-4', nearestOpenDay(-26), { start: toMin('15:00'), end: 1440 + toMin('11:00'), reason: 'MAINTENANCE', tag: 'repair' });
    }
    if (clinic.id === 'clinic-c') {
      const training = nearestOpenDay(-50);
      for (const r of clinic.resources) addSpecial(r.id, training, { start: toMin('13:00'), end: toMin('18:00'), reason: 'TRAINING', tag: 'training' });
    }

    // ------------------------------------------------------------ patients and providers
    const patients = Array.from({ length: clinic.patients }, (_, n) => `p-${createHash('sha256').update(`demo:${seed}:${clinic.id}:${n}`).digest('hex').slice(0, 16)}`);
    const staff = PROVIDERS.filter((p) => p.at[clinic.id]);

    // ------------------------------------------------------------ day by day, chair by chair
    for (let offset = -historyDays; offset <= futureDays; offset++) {
      const info = dayInfo(localDay(offset));
      const progress = Math.min(1, (offset + historyDays) / historyDays);
      const weekNoise = (rngFor(seed, `${clinic.id}|week|${Math.floor((info.dayNumber + 3) / 7)}`)() - 0.5) * 0.08;
      const leadFactor = offset <= 0 ? 1 : 0.07 + 0.9 * Math.exp(-(offset - 1) / 8);
      const working = (role: Role) => staff.filter((p) => p.role === role && p.at[clinic.id].includes(info.weekday));

      for (const resource of clinic.resources) {
        const key = `${resource.id}|${info.date}`;
        const windowsText =
          resourceExceptions.get(key) ?? clinicExceptions.get(info.date) ?? (resource.hours ?? hoursOn(info))[String(info.weekday)] ?? [];
        const windows: Interval[] = windowsText.map(([s, e]) => [toMin(s), toMin(e)]);
        const rng = rngFor(seed, key);

        // blocks of the day
        const planned: PlannedBlock[] = [...(specialBlocks.get(key) ?? [])];
        if (windows.length) {
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
        }
        for (const b of planned) {
          let end: string;
          if (b.end > 1440) {
            const e = DateTime.fromObject({ year: info.y, month: info.m, day: info.d }, { zone }).plus({ days: 1 }).set({ hour: Math.floor((b.end - 1440) / 60), minute: b.end % 60 });
            end = e.toISO({ suppressMilliseconds: true })!;
          } else {
            end = iso(at(info, b.end), info.offset);
          }
          data.blocks.push({ externalId: `blk-${resource.id}-${info.compact}-${b.tag}`, resourceId: resource.id, start: iso(at(info, b.start), info.offset), end, reason: b.reason });
        }
        if (!windows.length) continue;

        // who works this chair today, per role (an orthodontist may be picked for several chairs at once)
        const chairProvider = new Map<Role, string | undefined>();
        const providerFor = (role: Role): string | undefined => {
          if (!chairProvider.has(role)) {
            const candidates = working(role);
            const fallback = role === 'assistant' || role === 'hygienist' ? [] : [...working('dentist'), ...working('orthodontist')];
            const list = candidates.length ? candidates : fallback;
            chairProvider.set(role, list.length ? pick(rng, list).id : undefined);
          }
          return chairProvider.get(role);
        };

        const staffed = !resource.staffedDays || resource.staffedDays.includes(info.weekday);
        const fillAt = (t: number) => {
          const h = t / 60;
          let p = (clinic.fill + clinic.trend * progress + weekNoise) * (resource.demand ?? 1) * (staffed ? 1 : 0.12);
          if (h < 11.5) p += 0.07; // busy mornings
          else if (h >= 12 && h < 13.5) p -= 0.22; // lunch dip
          if (info.weekday === 3 && h >= 13) p -= 0.3; // slow Wednesday afternoons
          if (info.weekday === 5 && h >= 12) p -= 0.1;
          if (info.weekday === 1 && h < 12) p += 0.04;
          if (info.weekday === 6) p += 0.06;
          if (h >= 16.5) p += 0.04; // after school and work
          return clamp(p, 0.03, 0.97);
        };

        const free = subtract(windows, [...planned.map((b): Interval => [b.start, b.end]), ...(occupied.get(key) ?? [])]);
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
              base.status = 'COMPLETED';
              if (rng() >= 0.015) {
                base.actualStart = iso(actualStart, info.offset);
                base.actualEnd = iso(actualEnd, info.offset);
              }
              const procedures = intBetween(rng, service.procedures[0], service.procedures[1]);
              base.procedures = procedures;
              const charged = rng() >= (service.free ?? 0) && rng() >= 0.04;
              base.productionValue = charged ? Math.round(between(rng, service.value[0], service.value[1]) * (0.8 + 0.2 * procedures) * 100) / 100 : null;
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
            if (rng() < fillAt(t) * leadFactor) {
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
    }
  }

  for (const session of data.sessions) session.bookedAt = bookedAt(session, nowMs);
  data.range.from = data.range.clinics.map((c) => c.from).sort()[0];
  data.range.to = data.range.clinics.map((c) => c.to).sort().at(-1)!;
  return data;
}

/**
 * When a demo appointment was made, as a practice-management system records it: the lead-time curve the generator
 * thins future days with (share booked L days ahead ≈ 0.07 + 0.9·e^(−(L−1)/8)), a time of day from the id, never after
 * now nor after a cancellation. Derived from the id (not the PRNG), so the rest of the data stays as it was.
 */
function bookedAt(s: SessionIn, nowMs: number): string {
  const u = (hash(`${s.externalId}:lead`) & 1048575) / 1048575;
  const lead = u >= 0.97 ? 0 : u <= 0.0701 ? 31 + Math.floor(u * 400) : Math.floor(1 + 8 * Math.log(0.9 / (u - 0.07)));
  const t = Math.min(
    nowMs - MIN,
    s.cancelledAt ? Date.parse(s.cancelledAt) - HOUR : Infinity,
    Date.parse(s.scheduledStart) - lead * DAY - (hash(s.externalId) % 600) * MIN,
  );
  return new Date(Math.floor(t / 1000) * 1000).toISOString();
}

/** FNV-1a, 32 bits, as a non-negative integer. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
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
