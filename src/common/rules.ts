import { registerDecorator } from 'class-validator';
import { Transform } from 'class-transformer';
import { daysBetween, isCalendarDate, LOCAL_DATE, MAX_YEAR, MIN_YEAR, yearInRange } from '../domain/calendar.js';
import { CATEGORY_PATTERN, RESOURCE_CATEGORIES } from '../domain/resources.js';
import { isStorableText, MAX_TEXT } from './text.js';

/**
 * The rules of request DTOs (class-validator). Each property of a DTO carries ONE rule: a function that looks at the
 * value as sent and answers with a verdict, so that every problem gets one message that says what is wrong and how to
 * fix it, and so that a rule may store the value the way the service uses it (trimmed text, an instant in UTC, a
 * number parsed from a query string) in the same pass. The numbers (text length, years, …) come from src/common/text.ts
 * and src/domain/calendar.ts (the intake policy, src/intake/policy.ts, states them too); nothing here restates them.
 */

/** A problem below the property (e.g. `hours.1.0` is path ['1', 0] of the property `hours`). */
export interface Issue {
  path: (string | number)[];
  message: string;
}

/** Valid; the service uses `value` (the rule normalised what was sent: trimmed, parsed, in UTC, sorted). */
export class Normalized {
  constructor(readonly value: unknown) {}
}
export const normalized = (value: unknown) => new Normalized(value);

/**
 * What a rule says about a value: `undefined` valid as sent; `Normalized` valid, stored as its value; a string: what is
 * wrong with the value (and how to fix it); a list of issues: what is wrong inside it.
 */
export type Verdict = undefined | Normalized | string | Issue[];
export type Check = (value: unknown, object: Record<string, unknown>) => Verdict;

export interface RuleOptions {
  /** absent (undefined) is fine */
  optional?: boolean;
  /** null is fine (and stays null) */
  nullable?: boolean;
}

/** The issues a rule found, per validated object and property, for the error body (read by `issuesOf`). */
const found = new WeakMap<object, Map<string, Issue[]>>();

/** The issues the rule of `property` found on `target` (the object class-validator validated). */
export function issuesOf(target: object | undefined, property: string): Issue[] | undefined {
  return target ? found.get(target)?.get(property) : undefined;
}

/** The rules of each DTO class, in declaration order (read by `rulesOf`, for the compiled item check of the intake). */
const byClass = new Map<object, { property: string; check: Check; opts: RuleOptions }[]>();

/** Every rule of a DTO class, its own and inherited ones (the same ones class-validator runs). */
export function rulesOf(cls: object): { property: string; check: Check; opts: RuleOptions }[] {
  const out = [];
  for (let c: object | null = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c) as object | null) out.unshift(...(byClass.get(c) ?? []));
  return out;
}

/** A class-validator constraint (registered with registerDecorator) that runs `check` on the property. */
export function Rule(name: string, check: Check, opts: RuleOptions = {}): PropertyDecorator {
  return (target, key) => {
    const property = String(key);
    const own = byClass.get(target.constructor) ?? [];
    own.push({ property, check, opts });
    byClass.set(target.constructor, own);
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: property,
      validator: {
        validate(value: unknown, args) {
          if (value === undefined && opts.optional) return true;
          if (value === null && opts.nullable) return true;
          const object = args!.object as Record<string, unknown>;
          const verdict = check(value, object);
          if (verdict === undefined) return true;
          if (verdict instanceof Normalized) {
            object[property] = verdict.value;
            return true;
          }
          let byProperty = found.get(object);
          if (!byProperty) found.set(object, (byProperty = new Map<string, Issue[]>()));
          byProperty.set(property, typeof verdict === 'string' ? [{ path: [], message: verdict }] : verdict);
          return false;
        },
        defaultMessage(args) {
          return issuesOf(args?.object, property)?.[0]?.message ?? 'is not valid';
        },
      },
    });
  };
}

// ------------------------------------------------------------------------------------------------ text

export const STORABLE = 'must not hold a NUL character or invalid Unicode (a lone surrogate); send plain UTF-8 text';

/** Text of the intake policy: trimmed, not empty, at most `max` characters, storable. */
export const text =
  (what: string, max = MAX_TEXT): Check =>
  (v) => {
    if (v === undefined) return `is required (the ${what})`;
    if (typeof v !== 'string') return `must be a string (the ${what})`;
    if (!isStorableText(v)) return STORABLE;
    const t = v.trim();
    if (!t) return `must not be empty (the ${what})`;
    if (t.length > max) return `must be at most ${max} characters`;
    return t === v ? undefined : normalized(t);
  };

/** A path parameter naming something the intake stored: no NUL, no lone surrogate, not empty, at most MAX_TEXT characters (not trimmed). */
export const pathText =
  (what: string): Check =>
  (v) => {
    if (typeof v !== 'string' || !v) return `is required (the ${what})`;
    if (!isStorableText(v)) return STORABLE;
    return v.length > MAX_TEXT ? `must be at most ${MAX_TEXT} characters (the ${what})` : undefined;
  };

// ------------------------------------------------------------------------------------------------ dates and instants

/** A local date "YYYY-MM-DD": a real calendar date within the years of the intake policy. */
export const localDate: Check = (v) => {
  if (v === undefined) return 'is required: a local date "YYYY-MM-DD"';
  if (typeof v !== 'string' || !LOCAL_DATE.test(v)) return 'must be a local date "YYYY-MM-DD"';
  if (!isCalendarDate(v)) return 'is not a real calendar date';
  if (!yearInRange(v)) return `must be in the years ${MIN_YEAR}–${MAX_YEAR}`;
  return undefined;
};

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const INSTANT_FORMAT = 'must be an ISO-8601 instant with an offset, e.g. "2026-03-02T09:00:00-06:00"';
/** An ISO-8601 instant with an offset; stored normalised to millisecond precision UTC. */
export const instant: Check = (v) => {
  if (v === undefined) return `is required: ${INSTANT_FORMAT.slice(8)}`;
  if (typeof v !== 'string') return INSTANT_FORMAT;
  if (!INSTANT.test(v)) return `${INSTANT_FORMAT} (a time without Z or ±HH:MM is ambiguous)`;
  // one pass (5,000 items a batch): Date.parse rolls 2026-02-30 over to March 2, so require a real calendar date; the year
  // as written and in UTC (an offset can move 1900-01-01T00:30+01:00 into 1899)
  const t = Date.parse(v);
  if (Number.isNaN(t) || !isCalendarDate(v.slice(0, 10))) return 'is not a real date and time';
  const iso = new Date(t).toISOString();
  if (!yearInRange(v) || !yearInRange(iso)) return `must be in the years ${MIN_YEAR}–${MAX_YEAR}`;
  return iso === v ? undefined : normalized(iso);
};

// ------------------------------------------------------------------------------------------------ choices, numbers, flags

/** One of `values` (exactly as listed). */
export const oneOf =
  (values: readonly (string | number)[], message: string): Check =>
  (v) =>
    values.includes(v as string) ? undefined : message;

export const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');

/** A JSON number from `min` to `max` (`whole`: an integer). */
export const numberIn =
  (min: number, max: number, message: string, whole = false): Check =>
  (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (!whole || Number.isInteger(v)) ? undefined : message;

/** A fraction 0–1 (a rate: 0.07 = 7 %). */
export const fraction = (example = '0.7 = 70 %'): Check => numberIn(0, 1, `must be a number between 0 and 1 (a fraction, ${example})`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuid =
  (what: string): Check =>
  (v) =>
    typeof v === 'string' && UUID.test(v) ? undefined : `must be ${what} (a UUID)`;

// ------------------------------------------------------------------------------------------------ query strings

/** A query parameter given twice arrives as a list; one that must be given once says so. */
const once = (v: unknown, what: string): string | undefined => (Array.isArray(v) ? `must be given once (${what})` : undefined);

/** A whole number in a query string, stored as a number. */
export const queryInt =
  (min: number, max: number, message = `must be a whole number from ${min} to ${max}`): Check =>
  (v) => {
    if (Array.isArray(v)) return once(v, message.replace(/^must be /, ''));
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : NaN;
    return Number.isInteger(n) && n >= min && n <= max ? normalized(n) : message;
  };

/** A decimal number in a query string, stored as a number. */
export const queryNumber =
  (min: number, max: number, message: string): Check =>
  (v) => {
    if (Array.isArray(v)) return once(v, message.replace(/^must be /, ''));
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v) ? Number(v) : NaN;
    return Number.isFinite(n) && n >= min && n <= max ? normalized(n) : message;
  };

/** One of `values` in a query string (given once). */
export const queryChoice =
  (values: readonly string[], message: string): Check =>
  (v) =>
    once(v, message.replace(/^must be /, '')) ?? (values.includes(v as string) ? undefined : message);

/** Query text given once: trimmed, not empty, at most `max` characters. */
export const queryText =
  (what: string, max: number): Check =>
  (v) => {
    if (Array.isArray(v)) return once(v, what);
    if (typeof v !== 'string') return `must be ${what}`;
    if (!isStorableText(v)) return STORABLE;
    const t = v.trim();
    if (!t) return 'must not be empty';
    if (t.length > max) return `must be at most ${max} characters`;
    return t === v ? undefined : normalized(t);
  };

/** A local date in a query string, given once. */
export const queryDate: Check = (v, o) => once(v, 'one local date "YYYY-MM-DD"') ?? localDate(v, o);

/**
 * Ids given comma-separated and/or repeated (`?clinicId=a,b&clinicId=c`): a class-transformer @Transform makes them one
 * list, trimmed, empties dropped; the rule checks that each is storable text.
 */
export const splitIds = (v: unknown): unknown =>
  typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'))
    ? (Array.isArray(v) ? v : [v])
        .flatMap((s: string) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean)
    : v;
export const idListRule: Check = (v) => {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) return 'must be ids, comma-separated or repeated';
  const bad = v.findIndex((s) => !isStorableText(s));
  return bad < 0 ? undefined : [{ path: [bad], message: STORABLE }];
};
/** A list of ids in the query: comma-separated and/or repeated. */
export function IdList(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => splitIds(value))(target, key);
    Rule('idList', idListRule, { optional: true })(target, key);
  };
}

// ------------------------------------------------------------------------------------------------ ranges

/** Longest range of local dates a request may span (3 years). */
export const MAX_RANGE_DAYS = 3 * 366;

/** `to` not before `from`, and the range at most 3 years: the issue on `to`, if any. */
export function rangeIssue(q: { from: string; to: string }): Issue | undefined {
  if (q.from > q.to) return { path: ['to'], message: `must not be before from (${q.from})` };
  if (daysBetween(q.from, q.to) + 1 > MAX_RANGE_DAYS) {
    return { path: ['to'], message: `the range may span at most 3 years (${MAX_RANGE_DAYS} days); narrow from/to` };
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------------ resources

const SOME_CATEGORIES = RESOURCE_CATEGORIES.slice(0, 5).join(', ');

/** A resource category: trimmed and lowercased, a word of letters, digits and hyphens (e.g. "hygiene"), at most 40 characters. */
export const resourceCategory: Check = (v) => {
  if (typeof v !== 'string') return `must be a string: a category such as ${SOME_CATEGORIES}`;
  const c = v.trim().toLowerCase();
  if (!CATEGORY_PATTERN.test(c)) return `must be a lowercase word of at most 40 letters, digits or hyphens (e.g. ${SOME_CATEGORIES})`;
  return c === v ? undefined : normalized(c);
};
