import { BadRequestException } from '@nestjs/common';
import { isLocalDate } from '../domain/calendar.js';
import { isStorableText } from './text.js';

/** What each position of a cursor key holds: a local date, a text key, or a non-negative whole number (an offset). */
export type CursorPart = 'date' | 'text' | 'int';

/** The opaque `nextCursor` of a page: the key of its last row (or the next offset), base64url JSON. */
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
