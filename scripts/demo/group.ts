/**
 * The demo clinic group: four clinics in four time zones, their chairs and rooms, what each kind of chair is booked
 * for, and the providers (see demo-data.ts for what each clinic shows).
 */
export type Role = 'orthodontist' | 'dentist' | 'hygienist' | 'assistant';
export type Hours = Record<string, [string, string][]>;

export interface Service {
  minutes: readonly number[];
  roles: readonly (readonly [Role, number])[];
  value: readonly [number, number];
  procedures: readonly [number, number];
  /** share of completed sessions that carry no charge (no production value) */
  free?: number;
}

export const SERVICES = {
  orthoAdjust: {
    minutes: [15, 20, 20, 30],
    roles: [
      ['orthodontist', 0.6],
      ['assistant', 0.4],
    ],
    value: [90, 180],
    procedures: [1, 2],
  },
  orthoBond: { minutes: [60, 90], roles: [['orthodontist', 1]], value: [450, 1400], procedures: [2, 4] },
  orthoRetainer: {
    minutes: [30],
    roles: [
      ['assistant', 0.7],
      ['orthodontist', 0.3],
    ],
    value: [120, 350],
    procedures: [1, 2],
  },
  orthoConsult: { minutes: [45, 60], roles: [['orthodontist', 1]], value: [75, 150], procedures: [1, 1], free: 0.4 },
  exam: { minutes: [30], roles: [['dentist', 1]], value: [70, 160], procedures: [1, 2] },
  filling: { minutes: [30, 45, 60], roles: [['dentist', 1]], value: [160, 420], procedures: [1, 3] },
  crown: { minutes: [60, 90, 120], roles: [['dentist', 1]], value: [700, 1600], procedures: [2, 4] },
  hygiene: { minutes: [40, 50, 60], roles: [['hygienist', 1]], value: [95, 220], procedures: [1, 3] },
  surgery: { minutes: [60, 90, 120], roles: [['dentist', 1]], value: [450, 2400], procedures: [1, 3] },
  imaging: { minutes: [15, 20], roles: [['assistant', 1]], value: [55, 140], procedures: [1, 1] },
  emergency: {
    minutes: [15, 30],
    roles: [
      ['dentist', 0.7],
      ['orthodontist', 0.3],
    ],
    value: [90, 300],
    procedures: [1, 2],
  },
} satisfies Record<string, Service>;

export type Mix = readonly (readonly [Service, number])[];
export const ORTHO_CHAIR: Mix = [
  [SERVICES.orthoAdjust, 0.7],
  [SERVICES.orthoBond, 0.1],
  [SERVICES.orthoRetainer, 0.2],
];
export const GENERAL_CHAIR: Mix = [
  [SERVICES.exam, 0.35],
  [SERVICES.filling, 0.4],
  [SERVICES.crown, 0.15],
  [SERVICES.hygiene, 0.1],
];
export const HYGIENE_CHAIR: Mix = [
  [SERVICES.hygiene, 0.9],
  [SERVICES.exam, 0.1],
];
export const CONSULT_ROOM: Mix = [[SERVICES.orthoConsult, 1]];
export const SURGERY_ROOM: Mix = [[SERVICES.surgery, 1]];
export const IMAGING_ROOM: Mix = [[SERVICES.imaging, 1]];
/** The category each kind of chair or room is posted with (hygiene chairs get the hygiene band, demo-goals.ts). */
export const CATEGORY_OF_MIX = new Map<Mix, string>([
  [ORTHO_CHAIR, 'orthodontic'],
  [GENERAL_CHAIR, 'restorative'],
  [HYGIENE_CHAIR, 'hygiene'],
  [CONSULT_ROOM, 'consultation'],
  [SURGERY_ROOM, 'surgery'],
  [IMAGING_ROOM, 'imaging'],
]);

export interface ResourceDef {
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

export interface ProviderDef {
  id: string;
  name: string;
  role: Role;
  /** ISO weekdays worked, per clinic */
  at: Record<string, number[]>;
}

export interface ClinicDef {
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

export const W = (start: string, end: string): [string, string] => [start, end];
const week = (days: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, [string, string][]>>): Hours =>
  Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), days[d as 1] ?? []]));
const chairs = (prefix: string, label: string, from: number, to: number, mix: Mix, extra: Partial<ResourceDef> = {}): ResourceDef[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ id: `${prefix}-chair-${from + i}`, kind: 'CHAIR' as const, name: `${label} ${from + i}`, mix, ...extra }));

const WEEKDAY_LUNCH = [W('08:00', '12:30'), W('13:30', '18:00')];

export const CLINICS: ClinicDef[] = [
  {
    id: 'clinic-a',
    name: 'Lakeview Orthodontics',
    timeZone: 'America/Chicago',
    hours: week({
      1: [W('08:00', '17:00')],
      2: [W('08:00', '17:00')],
      3: [W('08:00', '17:00')],
      4: [W('10:00', '19:00')],
      5: [W('08:00', '14:00')],
      6: [W('08:00', '12:00')],
    }),
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
      {
        id: 'c-room-xray',
        kind: 'ROOM',
        name: 'Röntgenraum',
        mix: IMAGING_ROOM,
        demand: 0.8,
        hours: week({ 1: [W('08:00', '12:00')], 3: [W('08:00', '12:00')], 5: [W('08:00', '12:00')] }),
      },
    ],
  },
  {
    id: 'clinic-d',
    name: 'Ponsonby Smiles',
    timeZone: 'Pacific/Auckland',
    hours: week({ 1: [W('08:30', '17:30')], 2: [W('08:30', '17:30')], 3: [W('08:30', '17:30')], 4: [W('08:30', '17:30')], 5: [W('08:30', '17:30')] }),
    hoursChange: {
      daysAgo: 45,
      hours: week({
        1: [W('08:30', '17:30')],
        2: [W('08:30', '17:30')],
        3: [W('08:30', '17:30')],
        4: [W('08:30', '17:30')],
        5: [W('08:30', '17:30')],
        6: [W('09:00', '13:00')],
      }),
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

export const PROVIDERS: ProviderDef[] = [
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
