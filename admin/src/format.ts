// The one place where the dashboard turns numbers, rates, money, durations and dates into text: cards, tables, charts,
// tooltips and suggestions all format through here, with the browser's Intl in the viewer's own locale (the language
// the browser is set to). CSV files keep raw numbers and ISO dates (see components.ts).
import type { Status } from './types.js';

/** The viewer's locale (undefined = the browser's default, which is what Intl uses anyway; named for the tests). */
export const LOCALE: string | undefined = undefined;

const cache = new Map<string, Intl.NumberFormat>();
function nf(opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(LOCALE, opts)));
  return f;
}
const ok = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);
const DASH = '–';

/** A rate (0.741) as a percent in the viewer's locale ("74.1%", "74,1 %"). */
export const pct = (r: number | null | undefined, digits = 1) =>
  ok(r) ? nf({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(r) : DASH;
/** A rate as a CSS length for bars and gauges ("74.1%"): never localised, clamped to 0–100 %, a missing rate as 0. */
export const cssPercent = (r: number | null | undefined) => `${Math.max(0, Math.min(100, (ok(r) ? r : 0) * 100)).toFixed(1)}%`;
/** A plain number with grouping ("7,584"). */
export const num = (v: number | null | undefined, digits = 0) =>
  ok(v) ? nf({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v) : DASH;
/** Minutes as hours with one decimal ("12.5 h"). */
export const hours = (minutes: number | null | undefined) => (ok(minutes) ? `${num(minutes / 60, 1)} h` : DASH);
/** Chair-hours ("35.2 chair-hours"). */
export const chairHours = (h: number | null | undefined, digits = 1) => (ok(h) ? `${num(h, digits)} chair-hours` : DASH);
export const minutes = (m: number | null | undefined) => (ok(m) ? `${num(m, 1)} min` : DASH);
/** An amount of money in a currency (ISO 4217, e.g. "EUR"); without one, the number and the word "(currency not set)" is the caller's label. */
export const money = (v: number | null | undefined, currency: string | null | undefined, digits = 0) =>
  ok(v) ? (currency ? nf({ style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v) : num(v, digits)) : DASH;

/** The sign of a change as it will read once rounded to one decimal (no "+0.0"). */
const sign = (v: number, scale = 1) => (Math.round(v * scale * 10) > 0 ? '+' : Math.round(v * scale * 10) < 0 ? '−' : '±');
/** Percentage points for a change of a rate, with sign ("+1.2 pp"). */
export const pp = (d: number | null | undefined) => (ok(d) ? `${sign(d, 100)}${num(Math.abs(d * 100), 1)} pp` : DASH);
/** A relative change with sign ("−3.4%"). */
export const signedPct = (r: number | null | undefined) => (ok(r) ? `${sign(r, 100)}${pct(Math.abs(r))}` : DASH);
/** A signed number of minutes ("+1.5 min"). */
export const signedMinutes = (m: number | null | undefined) => (ok(m) ? `${sign(m)}${minutes(Math.abs(m))}` : DASH);

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

// Dates: a local date of a clinic (YYYY-MM-DD) is a calendar day, formatted at noon UTC in UTC so no time zone shifts it.
const df = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(LOCALE, { ...opts, timeZone: 'UTC' });
const LONG = df({ weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
const SHORT = df({ month: 'short', day: 'numeric' });
const WEEKDAY_SHORT = df({ weekday: 'short', month: 'short', day: 'numeric' });
const MONTH = df({ month: 'long', year: 'numeric' });
const MONTH_SHORT = df({ month: 'short', year: 'numeric' });
const noon = (date: string) => new Date(`${date}T12:00:00Z`);

/** "Tue, Dec 1, 2026" (in the viewer's locale) */
export const longDate = (date: string | null | undefined) => (date ? LONG.format(noon(date)) : DASH);
/** "Dec 1" */
export const shortDate = (date: string) => SHORT.format(noon(date));
/** "Tue, Dec 1" */
export const dayLabel = (date: string) => WEEKDAY_SHORT.format(noon(date));
/** "December 2026" of YYYY-MM or a date in it */
export const monthLabel = (month: string) => MONTH.format(noon(`${month.slice(0, 7)}-15`));
export const monthShort = (month: string) => MONTH_SHORT.format(noon(`${month.slice(0, 7)}-15`));
/** A range of dates, shortened the way the locale does it ("Nov 4 – Dec 1, 2026"). */
export const periodLabel = (from: string, to: string) => (from === to ? longDate(from) : LONG.formatRange(noon(from), noon(to)));
/** An instant (e.g. a token's expiry) in the viewer's own time zone. */
export const dateTime = (ms: number) => new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));

/** HH:MM of an instant in a clinic's time zone (24-hour clock in every locale: the axis and the opening hours use it). */
export function clock(iso: string | number, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso));
}

export const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;
/** "14:00–18:00" of a span of local clock hours */
export const hoursSpan = (x: { from: string; to: string } | null | undefined) => (x ? `${x.from}–${x.to}` : DASH);
