import { IANAZone } from 'luxon';
import { Normalized, normalized, text, type Check, type Issue } from '../common/rules.js';

/**
 * Rules of the intake formats that are not plain text, dates or instants (those are in src/common/rules.ts): opening
 * windows, weekly hours, time zones, resource categories, money. Each says what is wrong and how to fix it.
 */

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const TIME = 'must be a time "HH:MM" (24-hour clock, "24:00" allowed as an end)';
export const MAX_WINDOWS = 24;

type Window = [string, string];

/** A list of local [start, end) windows: each start before its end, none overlapping. Stored sorted. */
export const windows: Check = (v) => {
  if (!Array.isArray(v)) return 'must be a list of ["HH:MM", "HH:MM"] windows ([] = closed)';
  if (v.length > MAX_WINDOWS) return `at most ${MAX_WINDOWS} windows a day`;
  const issues: Issue[] = [];
  v.forEach((w, i) => {
    if (!Array.isArray(w) || w.length !== 2) return issues.push({ path: [i], message: 'each window must be a pair ["HH:MM", "HH:MM"]' });
    w.forEach((t, k) => {
      if (typeof t !== 'string' || !HHMM.test(t)) issues.push({ path: [i, k], message: TIME });
    });
  });
  if (issues.length) return issues;
  const list = v as Window[];
  list.forEach(([s, e], i) => {
    if (s === '24:00') issues.push({ path: [i, 0], message: '"24:00" can only end a window' });
    else if (toMinutes(e) <= toMinutes(s)) issues.push({ path: [i], message: `window ${s}–${e} must end after it starts (use "24:00" for midnight)` });
  });
  const sorted = list.map((w, i) => ({ w, i })).sort((a, b) => toMinutes(a.w[0]) - toMinutes(b.w[0]));
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1].w;
    const cur = sorted[k].w;
    if (toMinutes(cur[0]) < toMinutes(prev[1]))
      issues.push({ path: [sorted[k].i], message: `window ${cur[0]}–${cur[1]} overlaps ${prev[0]}–${prev[1]}; merge them or fix the times` });
  }
  return issues.length ? issues : normalized(sorted.map((x) => [x.w[0], x.w[1]] as Window));
};

export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/** ISO weekday "1" (Monday) … "7" → windows; stored with every weekday (a missing one is closed). */
export const weeklyHours: Check = (v, o) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return 'must be an object mapping ISO weekdays "1" (Monday) … "7" (Sunday) to lists of ["HH:MM","HH:MM"] windows';
  }
  const issues: Issue[] = [];
  const out: Record<string, Window[]> = Object.fromEntries(WEEKDAYS.map((d) => [d, []]));
  for (const [k, w] of Object.entries(v)) {
    if (!(WEEKDAYS as readonly string[]).includes(k)) {
      issues.push({ path: [k], message: `"${k}" is not an ISO weekday; use "1" (Monday) … "7" (Sunday)` });
      continue;
    }
    const verdict = windows(w, o);
    if (typeof verdict === 'string') issues.push({ path: [k], message: verdict });
    else if (Array.isArray(verdict)) issues.push(...verdict.map((i) => ({ path: [k, ...i.path], message: i.message })));
    else out[k] = (verdict?.value ?? w) as Window[];
  }
  return issues.length ? issues : normalized(out);
};

export const timeZone: Check = (v) => {
  if (typeof v !== 'string') return 'must be an IANA time zone name such as "America/Chicago"';
  return (IANAZone.isValidZone(v) && v.includes('/')) || v === 'UTC'
    ? undefined
    : `"${v}" is not an IANA time zone; use a name such as "America/Chicago" or "Europe/Berlin"`;
};

/** A non-negative amount (number or decimal string), stored as a decimal string with 2 places. */
export const money: Check = (v) => {
  if (typeof v === 'string' && !/^\d+(\.\d+)?$/.test(v)) return 'must be a decimal amount such as "125.50"';
  if (typeof v !== 'number' && typeof v !== 'string') return 'must be a non-negative amount (number or decimal string)';
  const n = Number(v);
  if (!(Number.isFinite(n) && n >= 0 && n < 1e12)) return 'must be a non-negative amount below 1,000,000,000,000';
  return normalized(n.toFixed(2));
};

const roleText = text('role: orthodontist, dentist, hygienist, assistant, …', 60);
/** A provider's role: text of at most 60 characters, stored lowercase. */
export const role: Check = (v, o) => {
  const verdict = roleText(v, o);
  if (verdict !== undefined && !(verdict instanceof Normalized)) return verdict;
  const r = (verdict ? (verdict.value as string) : (v as string)).toLowerCase();
  return r === v ? undefined : normalized(r);
};
