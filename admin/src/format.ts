// Number, date and label formatting shared by cards, tables, charts and CSV files.
import type { Status } from './types.js';

const nf1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const nf0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const pct = (r: number | null | undefined, digits = 1) => (r === null || r === undefined || !Number.isFinite(r) ? '–' : `${(r * 100).toFixed(digits)} %`);
export const hours = (minutes: number | null | undefined) => (minutes === null || minutes === undefined ? '–' : `${nf1.format(minutes / 60)} h`);
export const num = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : digits ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : nf0.format(v);
export const minutes = (m: number | null | undefined) => (m === null || m === undefined ? '–' : `${nf1.format(m)} min`);

/** Percentage points for a change of a rate, with sign. */
export const pp = (d: number | null | undefined) => (d === null || d === undefined ? '–' : `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d * 100).toFixed(1)} pp`);
export const signedPct = (r: number | null | undefined) => (r === null || r === undefined || !Number.isFinite(r) ? '–' : `${r > 0 ? '+' : r < 0 ? '−' : '±'}${Math.abs(r * 100).toFixed(1)} %`);

export const STATUS_LABEL: Record<Status, string> = {
  low: 'Low',
  'below-target': 'Below target',
  'on-target': 'On target',
  high: 'High',
  'overbooking-risk': 'Overbooking risk',
};
export const statusLabel = (s: Status | null | undefined) => (s ? STATUS_LABEL[s] : 'No open time');

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const WEEKDAYS_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** ISO weekday (1 = Monday) of a YYYY-MM-DD date. */
export const isoWeekday = (date: string) => ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

export const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

export function longDate(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}
export function shortDate(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}
export const periodLabel = (from: string, to: string) => (from === to ? longDate(from) : `${longDate(from)} – ${longDate(to)}`);

/** HH:MM of an instant in a time zone. */
export function clock(iso: string | number, timeZone: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
}

export const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;
