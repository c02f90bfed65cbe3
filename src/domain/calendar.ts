/**
 * Local calendar dates ("YYYY-MM-DD"), periods and ISO weeks: the one home of date arithmetic.
 *
 * A clinic's local date is a plain calendar date with no time zone of its own, so it is handled as a UTC midnight
 * here (or as a day number: days since 1970-01-01) and no DST can shift it; the clinic's zone only matters when a
 * date is turned into instants, which the SQL does (ut_windows, AT TIME ZONE). Weeks are ISO weeks (Monday first).
 */

const DAY_MS = 86_400_000;

// ------------------------------------------------------------------------------------------------ local dates

/** Dates and instants outside these years are refused (a typo such as year 0 or 9999, not a real appointment). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/** The year of an ISO date or instant is within MIN_YEAR–MAX_YEAR. */
export function yearInRange(iso: string): boolean {
  const y = Number(iso.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
}

/** The shape of a local date (not yet a real one: see isCalendarDate). */
export const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "YYYY-MM-DD" names a day that exists (no 30 February). */
export function isCalendarDate(d: string): boolean {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}

/** A local date "YYYY-MM-DD": a real calendar date within MIN_YEAR–MAX_YEAR. */
export const isLocalDate = (v: unknown): v is string => typeof v === 'string' && LOCAL_DATE.test(v) && isCalendarDate(v) && yearInRange(v);

/** Day number of a local date: days since 1970-01-01. */
export const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
/** The local date of a day number. */
export const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const addDays = (date: string, n: number): string => dateOf(dayNumber(date) + n);

/** Whole days from a to b (b − a). */
export const daysBetween = (a: string, b: string): number => dayNumber(b) - dayNumber(a);

/** Local dates from..to inclusive. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = dayNumber(from), end = dayNumber(to); d <= end; d++) out.push(dateOf(d));
  return out;
}

export function addMonths(d: string, n: number): string {
  const t = new Date(`${d}T00:00:00Z`);
  return dateOf(Math.round(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + n, t.getUTCDate()) / DAY_MS));
}

// ------------------------------------------------------------------------------------------------ ISO weeks

/** ISO weekday of a day number, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export const isoDow = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;
/** Day number of the Monday of the ISO week of `day`. */
export const weekStart = (day: number): number => day - (isoDow(day) - 1);

export const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const WEEKDAY_PLURAL = ['', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The one way prose names a local date (YYYY-MM-DD), the same in every locale: "16 November 2026"; `short`, for lists
 * whose year is said elsewhere: "16 Nov".
 */
export function dateText(date: string, form: 'long' | 'short' = 'long'): string {
  const [y, m, d] = date.split('-').map(Number);
  return form === 'short' ? `${d} ${MONTH_NAMES[m - 1].slice(0, 3)}` : `${d} ${MONTH_NAMES[m - 1]} ${y}`;
}
/** The month of a local date in prose: "November 2026". */
export const monthText = (date: string): string => `${MONTH_NAMES[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;

/** A local hour of day as "HH:00". */
export const hh = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;

// ------------------------------------------------------------------------------------------------ periods

export type Granularity = 'day' | 'week' | 'month' | 'quarter';

/** First day of the period (of granularity g) that contains d. */
export function periodStart(d: string, g: Granularity): string {
  const t = new Date(`${d}T00:00:00Z`);
  switch (g) {
    case 'day':
      return d;
    case 'week':
      return dateOf(weekStart(dayNumber(d)));
    case 'month':
      return `${d.slice(0, 7)}-01`;
    case 'quarter':
      return dateOf(Math.round(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - (t.getUTCMonth() % 3), 1) / DAY_MS));
  }
}

export function nextPeriodStart(start: string, g: Granularity): string {
  switch (g) {
    case 'day':
      return addDays(start, 1);
    case 'week':
      return addDays(start, 7);
    case 'month':
      return addMonths(start, 1);
    case 'quarter':
      return addMonths(start, 3);
  }
}

/** Last day of the period that starts on `start`. */
export function periodEnd(start: string, g: Granularity): string {
  return addDays(nextPeriodStart(start, g), -1);
}

/** Start dates of every period from the one containing `from` to the one containing `to`. */
export function periodStarts(from: string, to: string, g: Granularity): string[] {
  const out: string[] = [];
  for (let p = periodStart(from, g); p <= to; p = nextPeriodStart(p, g)) out.push(p);
  return out;
}

/**
 * Splits [from, to] into the whole calendar months inside it and the loose days at either edge, so that sums
 * over any range can read the monthly rollups for the middle and the daily rows only for the edges.
 */
export function splitByMonths(from: string, to: string): { days: [string, string][]; months: [string, string] | null } {
  const firstMonth = periodStart(from, 'month') === from ? from : addMonths(periodStart(from, 'month'), 1);
  const lastMonth = periodStart(addDays(to, 1), 'month') === addDays(to, 1) ? periodStart(to, 'month') : addMonths(periodStart(to, 'month'), -1);
  if (firstMonth > lastMonth) return { days: [[from, to]], months: null };
  const days: [string, string][] = [];
  if (from < firstMonth) days.push([from, addDays(firstMonth, -1)]);
  const afterMonths = addMonths(lastMonth, 1);
  if (afterMonths <= to) days.push([afterMonths, to]);
  return { days, months: [firstMonth, lastMonth] };
}
