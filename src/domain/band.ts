import { Prisma } from '../database/prisma.service.js';

/** A clinic's utilization band (fractions). Defaults: low < 0.65, target 0.70–0.85, overbooking risk > 0.90. */
export interface Band {
  lowThreshold: number;
  targetLow: number;
  targetHigh: number;
  riskThreshold: number;
}

export const DEFAULT_BAND: Band = { lowThreshold: 0.65, targetLow: 0.7, targetHigh: 0.85, riskThreshold: 0.9 };

export type BandStatus = 'low' | 'below-target' | 'on-target' | 'high' | 'overbooking-risk';

/** Where a utilization rate stands against the band; null when there was no available time. */
export function classify(rate: number | null | undefined, band: Band = DEFAULT_BAND): BandStatus | null {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return null;
  if (rate < band.lowThreshold) return 'low';
  if (rate < band.targetLow) return 'below-target';
  if (rate <= band.targetHigh) return 'on-target';
  if (rate <= band.riskThreshold) return 'high';
  return 'overbooking-risk';
}

/** The four thresholds of a row, in the order the answers show them. */
export const bandOf = (r: Band): Band => ({ lowThreshold: r.lowThreshold, targetLow: r.targetLow, targetHigh: r.targetHigh, riskThreshold: r.riskThreshold });

/** The band of a group: when all clinics share one band, that band; otherwise the defaults (and say so). */
export function groupBand(bands: Map<string, Band>): { band: Band; mixed: boolean } {
  const list = [...bands.values()];
  if (!list.length) return { band: DEFAULT_BAND, mixed: false };
  const same = list.every((b) => JSON.stringify(b) === JSON.stringify(list[0]));
  return same ? { band: list[0], mixed: false } : { band: DEFAULT_BAND, mixed: true };
}

/** Per clinic, the bands set for categories of resource (e.g. hygiene chairs run fuller than the clinic's default band). */
export type CategoryBands = Map<string, Map<string, Band>>;

/** The band a resource is judged by: its category's band at its clinic when one is set, else the clinic's band. */
export function bandFor(
  clinicBand: Band,
  categoryBands: CategoryBands,
  clinicId: string,
  category: string | null | undefined,
): { band: Band; source: 'category' | 'clinic' } {
  const own = category ? categoryBands.get(clinicId)?.get(category) : undefined;
  return own ? { band: own, source: 'category' } : { band: clinicBand, source: 'clinic' };
}

/** A benchmark a group set for itself (group_benchmark), kept with who set it and when. */
export interface GroupBenchmark {
  id: string;
  clinicId: string;
  metric: string;
  category: string | null;
  low: number;
  high: number;
  label: string;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

/** What judging a set of clinics needs: each clinic's band, the bands of its categories, the group's own benchmarks. */
export interface BandContext {
  bands: Map<string, Band>;
  categoryBands: CategoryBands;
  group: GroupBenchmark[];
}

export interface ContextRow {
  bands: ({ id: string } & Band)[];
  category_bands: ({ clinicId: string; category: string } & Band)[];
  group_benchmarks: GroupBenchmark[];
}

/**
 * What judging a set of clinics needs, in one statement (one row): the clinics' bands, the bands of their categories and
 * the group's own benchmarks, each as a JSON array (float8 → JSON keeps every digit). Read alone or beside other reads
 * (readTogether, the /chairs page) and turned into a BandContext by bandContextOf. `clinicIds`: a list, or an SQL
 * expression of a text[] (e.g. the clinics of a page).
 */
export function bandContextSql(clinicIds: string[] | Prisma.Sql): Prisma.Sql {
  const ids: Prisma.Sql = clinicIds instanceof Prisma.Sql ? clinicIds : Prisma.sql`${clinicIds}::text[]`;
  return Prisma.sql`
    SELECT
      (SELECT coalesce(json_agg(json_build_object('id', id, 'lowThreshold', low_threshold, 'targetLow', target_low, 'targetHigh', target_high, 'riskThreshold', risk_threshold)), '[]')
       FROM clinic WHERE id = ANY(${ids})) AS bands,
      (SELECT coalesce(json_agg(json_build_object('clinicId', clinic_id, 'category', category, 'lowThreshold', low_threshold, 'targetLow', target_low,
                                                  'targetHigh', target_high, 'riskThreshold', risk_threshold)), '[]')
       FROM category_band WHERE clinic_id = ANY(${ids})) AS category_bands,
      (SELECT coalesce(json_agg(json_build_object('id', id::text, 'clinicId', clinic_id, 'metric', metric, 'category', category, 'low', low, 'high', high,
                                                  'label', label, 'note', note, 'createdBy', created_by,
                                                  'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                                ORDER BY clinic_id, metric, created_at, id::text), '[]')
       FROM group_benchmark WHERE clinic_id = ANY(${ids})) AS group_benchmarks`;
}

/** The BandContext of a row of bandContextSql. */
export function bandContextOf(r: ContextRow): BandContext {
  const categoryBands: CategoryBands = new Map();
  for (const c of r.category_bands) {
    if (!categoryBands.has(c.clinicId)) categoryBands.set(c.clinicId, new Map());
    categoryBands.get(c.clinicId)!.set(c.category, bandOf(c));
  }
  return { bands: new Map(r.bands.map((b) => [b.id, bandOf(b)])), categoryBands, group: r.group_benchmarks };
}
