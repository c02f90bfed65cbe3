import { existsSync, readFileSync } from 'node:fs';
import { IANAZone } from 'luxon';
import { z } from 'zod';

/** What a broken appointment without a Missed/Cancelled history row becomes (OPENDENTAL.md, status). */
export const BROKEN_WITHOUT_HISTORY = ['auto', 'NO_SHOW', 'CANCELLED'] as const;
export type BrokenWithoutHistory = (typeof BROKEN_WITHOUT_HISTORY)[number];
export const BLOCK_REASONS = ['MAINTENANCE', 'MEETING', 'TRAINING', 'OTHER'] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];

const ianaZone = z.string().refine((tz) => (IANAZone.isValidZone(tz) && tz.includes('/')) || tz === 'UTC', {
  message: 'must be an IANA time zone name such as "America/Chicago"',
});

export const sourceSchema = z.strictObject({
  /** our ids are `<id>-c<ClinicNum>`, `<id>-op<OperatoryNum>`, … */
  id: z.string().regex(/^[A-Za-z0-9_.]{1,40}$/, 'must be 1–40 letters, digits, "_" or "." (it prefixes every id the source creates; no "-")'),
  url: z.string().regex(/^mysql:\/\//, 'must be mysql://USER:PASSWORD@HOST:PORT/DATABASE'),
  defaultTimeZone: ianaZone.optional(),
  every: z.number().int().min(1).max(1440).default(10),
  /** DefNum (as a string key) or blockout type name (case-insensitive) → reason; wins over the name rule */
  blockoutReasons: z.record(z.string(), z.enum(BLOCK_REASONS)).default({}),
  brokenWithoutHistory: z.enum(BROKEN_WITHOUT_HISTORY).default('auto'),
});
export type SourceConfig = z.infer<typeof sourceSchema>;
export type SourceInput = z.input<typeof sourceSchema>;

/**
 * OPENDENTAL_SOURCES: a JSON array of sources (or one object), or the path of a JSON file holding it.
 * Throws an Error naming the variable and every problem.
 */
export function parseSources(raw: string | undefined): SourceConfig[] {
  if (!raw || !raw.trim()) return [];
  let text = raw.trim();
  if (!text.startsWith('[') && !text.startsWith('{')) {
    if (!existsSync(text)) throw new Error(`OPENDENTAL_SOURCES: neither JSON nor the path of an existing file (${text})`);
    text = readFileSync(text, 'utf8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`OPENDENTAL_SOURCES: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const list = Array.isArray(json) ? json : [json];
  const parsed = z.array(sourceSchema).safeParse(list);
  if (!parsed.success) {
    throw new Error(`OPENDENTAL_SOURCES: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(list)'}: ${i.message}`).join('; ')}`);
  }
  const ids = parsed.data.map((s) => s.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new Error(`OPENDENTAL_SOURCES: source id "${dup}" is listed twice`);
  return parsed.data;
}

export function parseSource(input: SourceInput): SourceConfig {
  const r = sourceSchema.safeParse(input);
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}
