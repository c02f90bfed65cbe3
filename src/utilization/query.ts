import { BadRequestException } from '@nestjs/common';
import { assertClinicAccess, type Principal } from '../auth/auth.js';
import type { DataOf } from '../common/dto.js';
import { isLocalDate } from '../common/rules.js';
import { isStorableText } from '../common/text.js';
import type { ChairsQueryDto } from './utilization.dto.js';

export { MAX_RANGE_DAYS } from '../common/rules.js';
export { CHAIR_SORT_KEYS } from './utilization.dto.js';

/** The query of /chairs as the service takes it (validated by ChairsQueryDto). */
export type ChairsQuery = DataOf<ChairsQueryDto>;

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
  date: (v) => isLocalDate(v),
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
