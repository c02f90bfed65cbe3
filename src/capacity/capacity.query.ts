import { z } from 'zod';
import { localDate } from '../intake/schemas.js';
import { idList } from '../utilization/query.js';

export const HISTORY_DAYS = { min: 14, max: 730, default: 112 } as const;
export const HORIZONS = [30, 60, 90] as const;
export const MAX_WHAT_IF_CHAIRS = 20;
export const MAX_EXTEND_MINUTES = 720;
export const MAX_PROVIDER_DAYS = 14;

const one = (what: string) =>
  z.union([z.string(), z.array(z.string())], { error: `must be given once (${what})` }).transform((v, ctx) => {
    if (Array.isArray(v)) {
      if (v.length !== 1) {
        ctx.addIssue({ code: 'custom', message: `must be given once (${what})` });
        return z.NEVER;
      }
      return v[0];
    }
    return v;
  });


const wholeNumber = (name: string, min: number, max: number) =>
  one(name).pipe(
    z
      .string()
      .regex(/^[+-]?\d+$/, `must be a whole number from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().min(min, `must be a whole number from ${min} to ${max}`).max(max, `must be a whole number from ${min} to ${max}`)),
  );

const EXTEND_MESSAGE =
  `each item must be "weekday:minutes", e.g. "4:60" (Thursdays 60 minutes longer) or "3:-120" (Wednesdays 2 hours shorter): ` +
  `ISO weekday 1 (Monday) … 7 (Sunday), minutes from -${MAX_EXTEND_MINUTES} to ${MAX_EXTEND_MINUTES}, not 0`;

/** GET /api/v1/ops/utilization/capacity — every parameter bounded; unknown ones are rejected. */
export const capacityQuery = z
  .strictObject({
    clinicId: one('one clinic id').pipe(z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters')).optional(),
    asOf: one('one local date').pipe(localDate).optional(),
    historyDays: wholeNumber('historyDays', HISTORY_DAYS.min, HISTORY_DAYS.max).default(HISTORY_DAYS.default),
    horizon: one('30, 60 or 90')
      .pipe(z.enum(['30', '60', '90'], { error: 'must be 30, 60 or 90 (days)' }))
      .transform(Number)
      .default(90),
    kind: one('CHAIR or ROOM').pipe(z.enum(['CHAIR', 'ROOM'], { error: 'must be CHAIR or ROOM' })).optional(),
    addChairs: wholeNumber('addChairs', 0, MAX_WHAT_IF_CHAIRS).default(0),
    removeChairs: wholeNumber('removeChairs', 0, MAX_WHAT_IF_CHAIRS).default(0),
    removeResourceId: idList.pipe(z.array(z.string().max(200, 'must be at most 200 characters')).max(MAX_WHAT_IF_CHAIRS, `at most ${MAX_WHAT_IF_CHAIRS} resources`)).optional(),
    extendHours: idList
      .pipe(
        z
          .array(
            z
              .string()
              .regex(/^[1-7]:[+-]?\d{1,3}$/, EXTEND_MESSAGE)
              .transform((s) => ({ weekday: Number(s.split(':')[0]), minutes: Number(s.split(':')[1]) }))
              .refine((e) => e.minutes !== 0 && Math.abs(e.minutes) <= MAX_EXTEND_MINUTES, EXTEND_MESSAGE),
          )
          .max(7, 'at most one change per weekday (7 items)'),
      )
      .superRefine((items, ctx) => {
        const seen = new Set<number>();
        for (const e of items) {
          if (seen.has(e.weekday)) ctx.addIssue({ code: 'custom', message: `weekday ${e.weekday} is given twice; give one change per weekday` });
          seen.add(e.weekday);
        }
      })
      .optional(),
    addProviderDays: idList
      .pipe(
        z
          .array(z.string().regex(/^[1-7]$/, 'each item must be an ISO weekday 1 (Monday) … 7 (Sunday); repeat a weekday to add two providers that day').transform(Number))
          .max(MAX_PROVIDER_DAYS, `at most ${MAX_PROVIDER_DAYS} provider days a week`),
      )
      .optional(),
    providerRole: one('one role').pipe(z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters')).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.providerRole && !q.addProviderDays?.length) ctx.addIssue({ code: 'custom', path: ['providerRole'], message: 'only applies with addProviderDays; add addProviderDays or remove providerRole' });
    if (q.kind === 'ROOM' && q.addChairs) ctx.addIssue({ code: 'custom', path: ['addChairs'], message: 'adds chairs, but kind=ROOM analyses rooms only; drop kind or addChairs' });
    if (q.kind === 'ROOM' && q.removeChairs) ctx.addIssue({ code: 'custom', path: ['removeChairs'], message: 'removes chairs, but kind=ROOM analyses rooms only; use removeResourceId for rooms' });
  });

export type CapacityQuery = z.infer<typeof capacityQuery>;

export interface WhatIf {
  addChairs: number;
  removeChairs: number;
  removeResourceIds: string[];
  extendHours: { weekday: number; minutes: number }[];
  addProviderDays: number[];
  providerRole: string | null;
}

export function whatIfOf(q: CapacityQuery): WhatIf | null {
  const w: WhatIf = {
    addChairs: q.addChairs,
    removeChairs: q.removeChairs,
    removeResourceIds: q.removeResourceId ?? [],
    extendHours: q.extendHours ?? [],
    addProviderDays: q.addProviderDays ?? [],
    providerRole: q.providerRole ?? null,
  };
  const any = w.addChairs || w.removeChairs || w.removeResourceIds.length || w.extendHours.length || w.addProviderDays.length;
  return any ? w : null;
}
