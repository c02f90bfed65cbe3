/**
 * Calendar arithmetic on local dates ("YYYY-MM-DD"): a clinic's local date is a plain calendar date, so it is
 * handled as a UTC midnight here (no time zone can shift it). Weeks are ISO weeks (Monday first).
 */
export type Granularity = 'day' | 'week' | 'month' | 'quarter';

const DAY_MS = 86_400_000;

const parse = (d: string): Date => new Date(`${d}T00:00:00Z`);
const format = (d: Date): string => d.toISOString().slice(0, 10);

export function addDays(d: string, n: number): string {
  return format(new Date(parse(d).getTime() + n * DAY_MS));
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((parse(b).getTime() - parse(a).getTime()) / DAY_MS);
}

export function addMonths(d: string, n: number): string {
  const t = parse(d);
  return format(new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + n, t.getUTCDate())));
}

/** First day of the period (of granularity g) that contains d. */
export function periodStart(d: string, g: Granularity): string {
  const t = parse(d);
  switch (g) {
    case 'day':
      return d;
    case 'week':
      return addDays(d, -((t.getUTCDay() + 6) % 7));
    case 'month':
      return format(new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1)));
    case 'quarter':
      return format(new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - (t.getUTCMonth() % 3), 1)));
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
