import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RESOURCE_METRICS } from '../domain/metrics.js';
import { resourceCategory as categoryRule } from '../common/rules.js';

/**
 * The benchmark catalogue: published industry figures, shipped as the data file data/benchmarks.json (not code), with a
 * schema version. Every entry names one of the service's chair metrics (src/domain/metrics.ts) it can be compared with.
 */
export const CATALOGUE_SCHEMA_VERSION = 1;

/** The metrics a benchmark may be about: rates of the chair tables (fractions), which the headline, chairs and report show. */
export const BENCHMARKABLE_METRICS = Object.entries(RESOURCE_METRICS)
  .filter(([, d]) => d.unit === 'fraction')
  .map(([k]) => k);

const fraction = z.number().min(0).max(1);
/** The rule of the request DTOs (a lowercase word), for the catalogue file: a category as the service stores it. */
const resourceCategory = z
  .string()
  .refine((c) => categoryRule(c, {}) === undefined, 'must be a category as the service stores it: a lowercase word of letters, digits or hyphens');
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// address' });

export const catalogueEntry = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,80}$/),
    metric: z.enum(BENCHMARKABLE_METRICS as [string, ...string[]], { error: `must be one of the service's rate metrics: ${BENCHMARKABLE_METRICS.join(', ')}` }),
    category: resourceCategory.nullable(),
    value: fraction.optional(),
    range: z
      .strictObject({ low: fraction, high: fraction })
      .refine((r) => r.low <= r.high, 'low must not exceed high')
      .optional(),
    topDecile: z.strictObject({ value: fraction, comparison: z.enum(['under', 'over', 'about']) }).optional(),
    label: z.string().min(1),
    population: z.string().min(1),
    year: z.number().int().min(1950).max(2100),
    source: z.strictObject({
      name: z.string().min(1),
      shortName: z.string().min(1),
      url: httpsUrl,
      otherUrls: z.array(httpsUrl).optional(),
      kind: z.enum(['survey', 'vendor-data', 'consultant-target', 'research']),
      vendor: z.boolean(),
    }),
    definition: z.string().min(1),
    differsFromOurs: z.string().min(1),
    direction: z.enum(['higher-is-better', 'lower-is-better', 'target-range', 'ceiling']),
    alsoReported: z
      .array(z.strictObject({ what: z.string(), value: fraction, comparison: z.enum(['under', 'over', 'about']).optional(), note: z.string() }))
      .optional(),
    verification: z.strictObject({
      status: z.enum(['verified', 'partial', 'unverified']),
      checkedOn: z.iso.date(),
      note: z.string().min(1),
    }),
  })
  .refine((e) => (e.value === undefined) !== (e.range === undefined), { message: 'give either value or range', path: ['value'] });

export const catalogueSchema = z.strictObject({
  schemaVersion: z.literal(CATALOGUE_SCHEMA_VERSION, { error: `this service reads schemaVersion ${CATALOGUE_SCHEMA_VERSION}` }),
  catalogueVersion: z.string().min(1),
  description: z.string(),
  entries: z
    .array(catalogueEntry)
    .min(1)
    .refine((es) => new Set(es.map((e) => e.id)).size === es.length, 'entry ids must be unique'),
});

export type CatalogueEntry = z.infer<typeof catalogueEntry>;
export type Catalogue = z.infer<typeof catalogueSchema>;

/** data/benchmarks.json of the project this module belongs to (from src/ in tests, dist/src/ when built). */
export function cataloguePath(): string {
  if (process.env.BENCHMARKS_FILE) return resolve(process.env.BENCHMARKS_FILE);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'data', 'benchmarks.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('data/benchmarks.json (the benchmark catalogue) was not found beside the service; ship the data/ folder with it or set BENCHMARKS_FILE');
}

/** Reads and validates a catalogue; throws naming every problem (a broken catalogue must not start the service silently). */
export function parseCatalogue(json: unknown, where = 'benchmark catalogue'): Catalogue {
  const r = catalogueSchema.safeParse(json);
  if (!r.success) throw new Error(`${where} is invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

let cached: Catalogue | undefined;

export function loadCatalogue(): Catalogue {
  if (!cached) {
    const path = cataloguePath();
    cached = parseCatalogue(JSON.parse(readFileSync(path, 'utf8')), path);
  }
  return cached;
}
