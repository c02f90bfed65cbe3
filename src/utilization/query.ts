import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { bomField } from '../common/http.js';
import { assertClinicAccess, type Principal } from '../auth/auth.js';
import { isStorableText } from '../common/text.js';
import { localDate } from '../intake/schemas.js';

export const MAX_RANGE_DAYS = 3 * 366;

/** Ids given comma-separated and/or repeated (`?clinicId=a,b&clinicId=c`), trimmed, empties dropped. */
export const idList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean));

/** Query of the row listings (/chairs, /providers): clinic(s), local date range, granularity, paging. */
const rowsBase = z.strictObject({
  clinicId: idList.optional(),
  from: localDate,
  to: localDate,
  granularity: z.enum(['day', 'week', 'month'], { error: 'must be day, week or month' }).default('day'),
  limit: z.coerce.number({ error: 'must be a whole number from 1 to 1000' }).int('must be a whole number from 1 to 1000').min(1).max(1000).default(100),
  cursor: z.string().max(500).optional(),
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional(),
  bom: bomField,
});

export function checkRange(q: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${q.from})` });
  else if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1 > MAX_RANGE_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most 3 years (${MAX_RANGE_DAYS} days); narrow from/to` });
  }
}

export const CHAIR_SORT_KEYS = [
  'date', 'resourceName', 'availableMinutes', 'usedMinutes', 'blockedMinutes', 'downtimeMinutes', 'maintenanceMinutes', 'noShowMinutes', 'gapMinutes',
  'overtimeMinutes', 'bookedMinutes', 'lateCancelMinutes', 'shortGapMinutes', 'avgTurnoverMinutes', 'overlapMinutes', 'utilizationRate',
  'scheduledUtilizationRate', 'appointmentCount', 'noShowCount', 'turnoverCount', 'missingActualCount', 'warningCount',
] as const;

export const chairsQuery = rowsBase
  .extend({
    granularity: z.enum(['day', 'week', 'month', 'total'], { error: 'must be day, week, month or total' }).default('day'),
    resourceId: idList.optional(),
    kind: z.enum(['CHAIR', 'ROOM'], { error: 'must be CHAIR or ROOM' }).optional(),
    sort: z
      .string()
      .refine((s) => (CHAIR_SORT_KEYS as readonly string[]).includes(s.replace(/^-/, '')), { message: `must be one of ${CHAIR_SORT_KEYS.join(', ')}, with a leading - for descending order` })
      .optional(),
  })
  .superRefine(checkRange);
export type ChairsQuery = z.infer<typeof chairsQuery>;

/** The clinics a listing covers: the ones asked for (each must be granted), else every clinic the token may see. */
export function resolveClinicScope(p: Principal, asked: string[] | undefined): string[] | null {
  if (asked?.length) {
    assertClinicAccess(p, asked);
    return asked;
  }
  return p.clinicIds === null ? null : [...p.clinicIds];
}

/** What each position of a cursor key holds: a local date, a text key, or a non-negative whole number (an offset). */
export type CursorPart = 'date' | 'text' | 'int';

export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify({ k: key })).toString('base64url');
}

const partOk: Record<CursorPart, (v: unknown) => boolean> = {
  date: (v) => typeof v === 'string' && localDate.safeParse(v).success,
  text: (v) => typeof v === 'string' && v.length <= 500 && isStorableText(v),
  int: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
};

/** The key of an opaque cursor, checked position by position against `parts` (a tampered cursor is a 400, never a 500). */
export function decodeCursor(cursor: string | undefined, parts: CursorPart[]): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { k?: unknown };
    if (Array.isArray(c?.k) && c.k.length === parts.length && c.k.every((v, i) => partOk[parts[i]](v))) return c.k as (string | number)[];
  } catch {
    /* fall through */
  }
  throw new BadRequestException('cursor is not valid; pass the nextCursor of the previous page unchanged (and the same other parameters)');
}

export const round = (v: number | null, digits = 2): number | null => (v === null || v === undefined ? null : Math.round(v * 10 ** digits) / 10 ** digits);
