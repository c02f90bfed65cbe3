import { IANAZone } from 'luxon';
import { z } from 'zod';
import { isStorableText, MAX_BLOCK_DAYS, MAX_ITEMS, MAX_SESSION_HOURS, MAX_TEXT, MAX_YEAR, MIN_YEAR, yearInRange } from './policy.js';

export { MAX_BLOCK_DAYS, MAX_ITEMS, MAX_SESSION_HOURS };

const STORABLE = 'must not hold a NUL character or invalid Unicode (a lone surrogate); send plain UTF-8 text';

/** Text of the intake policy: trimmed, not empty, at most MAX_TEXT characters, storable. */
export const text = (what: string, max = MAX_TEXT) =>
  z
    .string({ error: (i) => (i.input === undefined ? `is required (the ${what})` : `must be a string (the ${what})`) })
    .refine(isStorableText, STORABLE)
    .trim()
    .min(1, `must not be empty (the ${what})`)
    .max(max, `must be at most ${max} characters`);

const id = (what: string) => text(what);

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

const time = z.string({ error: 'must be a time "HH:MM" (24-hour clock, "24:00" allowed as an end)' }).regex(HHMM, 'must be a time "HH:MM" (24-hour clock, "24:00" allowed as an end)');

/** A list of local [start, end) windows: each start before its end, none overlapping. Returned sorted. */
export const windowsSchema = z
  .array(z.tuple([time, time], { error: 'each window must be a pair ["HH:MM", "HH:MM"]' }), { error: 'must be a list of ["HH:MM", "HH:MM"] windows ([] = closed)' })
  .max(24, 'at most 24 windows a day')
  .superRefine((windows, ctx) => {
    windows.forEach(([s, e], i) => {
      if (s === '24:00') ctx.addIssue({ code: 'custom', path: [i, 0], message: '"24:00" can only end a window' });
      else if (toMinutes(e) <= toMinutes(s)) ctx.addIssue({ code: 'custom', path: [i], message: `window ${s}–${e} must end after it starts (use "24:00" for midnight)` });
    });
    const sorted = windows.map((w, i) => ({ w, i })).sort((a, b) => toMinutes(a.w[0]) - toMinutes(b.w[0]));
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1].w;
      const cur = sorted[k].w;
      if (toMinutes(cur[0]) < toMinutes(prev[1])) {
        ctx.addIssue({ code: 'custom', path: [sorted[k].i], message: `window ${cur[0]}–${cur[1]} overlaps ${prev[0]}–${prev[1]}; merge them or fix the times` });
      }
    }
  })
  .transform((w) => [...w].sort((a, b) => toMinutes(a[0]) - toMinutes(b[0])));

export const weeklyHoursSchema = z
  .record(z.string(), windowsSchema, { error: 'must be an object mapping ISO weekdays "1" (Monday) … "7" (Sunday) to lists of ["HH:MM","HH:MM"] windows' })
  .superRefine((h, ctx) => {
    for (const k of Object.keys(h)) {
      if (!/^[1-7]$/.test(k)) ctx.addIssue({ code: 'custom', path: [k], message: `"${k}" is not an ISO weekday; use "1" (Monday) … "7" (Sunday)` });
    }
  })
  .transform((h) => Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, h[d] ?? []])) as Record<string, [string, string][]>);

function isCalendarDate(d: string): boolean {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}

export const localDate = z
  .string({ error: 'must be a local date "YYYY-MM-DD"' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a local date "YYYY-MM-DD"')
  .refine((d) => isCalendarDate(d), 'is not a real calendar date')
  .refine(yearInRange, `must be in the years ${MIN_YEAR}–${MAX_YEAR}`);

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** ISO-8601 instant with an offset; normalised to millisecond precision UTC. */
export const instant = z
  .string({ error: 'must be an ISO-8601 instant with an offset, e.g. "2026-03-02T09:00:00-06:00"' })
  .regex(INSTANT, 'must be an ISO-8601 instant with an offset, e.g. "2026-03-02T09:00:00-06:00" (a time without Z or ±HH:MM is ambiguous)')
  // one pass (5,000 items a batch): Date.parse rolls 2026-02-30 over to March 2, so require a real calendar date; the year
  // as written and in UTC (an offset can move 1900-01-01T00:30+01:00 into 1899); normalised to millisecond precision UTC
  .transform((s, ctx) => {
    const t = Date.parse(s);
    if (Number.isNaN(t) || !isCalendarDate(s.slice(0, 10))) {
      ctx.addIssue({ code: 'custom', message: 'is not a real date and time' });
      return z.NEVER;
    }
    const iso = new Date(t).toISOString();
    if (!yearInRange(s) || !yearInRange(iso)) {
      ctx.addIssue({ code: 'custom', message: `must be in the years ${MIN_YEAR}–${MAX_YEAR}` });
      return z.NEVER;
    }
    return iso;
  });

export const timeZone = z
  .string({ error: 'must be an IANA time zone name such as "America/Chicago"' })
  .superRefine((tz, ctx) => {
    if (!((IANAZone.isValidZone(tz) && tz.includes('/')) || tz === 'UTC')) {
      ctx.addIssue({ code: 'custom', message: `"${tz}" is not an IANA time zone; use a name such as "America/Chicago" or "Europe/Berlin"` });
    }
  });

export const clinicItem = z.strictObject({
  id: id('clinic id'),
  name: text('display name'),
  timeZone,
  hours: weeklyHoursSchema,
  hoursEffectiveFrom: localDate.optional(),
  minSlotMinutes: z.number().int().min(1).max(240).optional(),
});

/** Categories of chair or room the service knows by name; others may be sent (a lowercase word, hyphens allowed). */
export const RESOURCE_CATEGORIES = ['hygiene', 'restorative', 'orthodontic', 'surgery', 'imaging', 'consultation', 'pediatric', 'endodontic', 'periodontic', 'prosthodontic'] as const;

/** A resource category: trimmed and lowercased, a word of letters, digits and hyphens (e.g. "hygiene"), at most 40 characters. */
export const resourceCategory = z
  .string({ error: `must be a string: a category such as ${RESOURCE_CATEGORIES.slice(0, 5).join(', ')}` })
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, `must be a lowercase word of at most 40 letters, digits or hyphens (e.g. ${RESOURCE_CATEGORIES.slice(0, 5).join(', ')})`);

export const resourceItem = z.strictObject({
  id: id('resource id'),
  clinicId: id('clinic id'),
  kind: z.enum(['CHAIR', 'ROOM'], { error: 'must be "CHAIR" or "ROOM"' }),
  name: text('display name'),
  active: z.boolean({ error: 'must be true or false' }).optional(),
  /** optional kind of chair or room; omitted keeps the stored one, null removes it */
  category: resourceCategory.nullable().optional(),
  hours: weeklyHoursSchema.nullable().optional(),
  hoursEffectiveFrom: localDate.optional(),
});

export const providerItem = z.strictObject({
  id: id('provider id'),
  clinicId: id('clinic id'),
  name: text('display name'),
  role: text('role: orthodontist, dentist, hygienist, assistant, …', 60).transform((r) => r.toLowerCase()),
});

export const exceptionItem = z.strictObject({
  clinicId: id('clinic id'),
  resourceId: id('resource id').nullable().optional(),
  date: localDate,
  windows: windowsSchema,
});

const STATUSES = ['SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'NO_SHOW', 'CANCELLED'] as const;
const money = z
  .union([z.number(), z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal amount such as "125.50"')], { error: 'must be a non-negative amount (number or decimal string)' })
  .transform((v) => Number(v))
  .refine((v) => Number.isFinite(v) && v >= 0 && v < 1e12, 'must be a non-negative amount below 1,000,000,000,000')
  .transform((v) => v.toFixed(2));

const H = 3600_000;
export const sessionItem = z
  .strictObject({
    externalId: id('idempotency key of the session'),
    resourceId: id('resource id'),
    providerId: id('provider id').nullable().optional(),
    patientRef: id('opaque patient reference (never a name)'),
    scheduledStart: instant,
    scheduledEnd: instant,
    actualStart: instant.nullable().optional(),
    actualEnd: instant.nullable().optional(),
    status: z.enum(STATUSES, { error: `must be one of ${STATUSES.join(', ')}` }),
    cancelledAt: instant.nullable().optional(),
    bookedAt: instant.nullable().optional(),
    procedures: z.number({ error: 'must be a whole number ≥ 0' }).int('must be a whole number ≥ 0').min(0, 'must be a whole number ≥ 0').max(1000).optional(),
    productionValue: money.nullable().optional(),
  })
  .superRefine((s, ctx) => {
    // only what cannot be interpreted is refused here; what a rule interprets is warned about by interpretSession (policy.ts)
    const ss = Date.parse(s.scheduledStart);
    const se = Date.parse(s.scheduledEnd);
    if (se <= ss) ctx.addIssue({ code: 'custom', path: ['scheduledEnd'], message: `must be after scheduledStart (${s.scheduledStart})` });
    else if (se - ss > MAX_SESSION_HOURS * H) ctx.addIssue({ code: 'custom', path: ['scheduledEnd'], message: `a session may last at most ${MAX_SESSION_HOURS} hours` });
  });

export const blockItem = z
  .strictObject({
    externalId: id('idempotency key of the block'),
    resourceId: id('resource id'),
    start: instant,
    end: instant,
    reason: z.enum(['MAINTENANCE', 'MEETING', 'TRAINING', 'OTHER'], { error: 'must be one of MAINTENANCE, MEETING, TRAINING, OTHER' }),
  })
  .superRefine((b, ctx) => {
    const s = Date.parse(b.start);
    const e = Date.parse(b.end);
    if (e <= s) ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after start (${b.start})` });
    else if (e - s > MAX_BLOCK_DAYS * 24 * H) ctx.addIssue({ code: 'custom', path: ['end'], message: `a block may last at most ${MAX_BLOCK_DAYS} days; send longer closures as exceptions` });
  });

export type ClinicItem = z.infer<typeof clinicItem>;
export type ResourceItem = z.infer<typeof resourceItem>;
export type ProviderItem = z.infer<typeof providerItem>;
export type ExceptionItem = z.infer<typeof exceptionItem>;
export type SessionItem = z.infer<typeof sessionItem>;
export type BlockItem = z.infer<typeof blockItem>;

/** JSON schema of a `{"items": [...]}` body for the OpenAPI document, generated from the same zod schema that validates it. */
export function batchJsonSchema(item: z.ZodType, example: unknown): Record<string, unknown> {
  // target openapi-3.0: the document is OpenAPI 3.0 (nullable: true, not JSON Schema 2020's type "null" / prefixItems)
  const itemSchema = z.toJSONSchema(item, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  delete itemSchema.$schema;
  return {
    type: 'object',
    required: ['items'],
    additionalProperties: false,
    properties: { items: { type: 'array', minItems: 1, maxItems: MAX_ITEMS, items: itemSchema } },
    example: { items: [example] },
  };
}
