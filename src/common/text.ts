/** Longest id, name or reference any input may hold (the intake policy's limit, also on query and path parameters). */
export const MAX_TEXT = 200;

/** Is the text storable: no NUL character and well-formed UTF-16 (no lone surrogate)? PostgreSQL stores neither. */
export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && s.isWellFormed();
}
