import { Prisma, type PrismaService } from '../database/prisma.service.js';
import type { GroupBenchmark } from '../benchmarks/compare.js';
import { bandOf, type Band, type CategoryBands } from './band.js';

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
 * loadBands, loadCategoryBands and loadGroupBenchmarks in one statement (the headline and every /chairs page need all
 * three): each as a JSON array, in the same order and with the same values (float8 → JSON keeps every digit).
 */
export async function loadBandContext(prisma: PrismaService, clinicIds: string[]): Promise<BandContext> {
  const [r] = await prisma.$queryRaw<ContextRow[]>(bandContextSql(clinicIds));
  return bandContextOf(r);
}

/** The statement of loadBandContext (one row), to be read with others (readTogether) and turned into a BandContext by bandContextOf. */
export function bandContextSql(clinicIds: string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT
      (SELECT coalesce(json_agg(json_build_object('id', id, 'lowThreshold', low_threshold, 'targetLow', target_low, 'targetHigh', target_high, 'riskThreshold', risk_threshold)), '[]')
       FROM clinic WHERE id = ANY(${clinicIds}::text[])) AS bands,
      (SELECT coalesce(json_agg(json_build_object('clinicId', clinic_id, 'category', category, 'lowThreshold', low_threshold, 'targetLow', target_low,
                                                  'targetHigh', target_high, 'riskThreshold', risk_threshold)), '[]')
       FROM category_band WHERE clinic_id = ANY(${clinicIds}::text[])) AS category_bands,
      (SELECT coalesce(json_agg(json_build_object('id', id::text, 'clinicId', clinic_id, 'metric', metric, 'category', category, 'low', low, 'high', high,
                                                  'label', label, 'note', note, 'createdBy', created_by,
                                                  'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                                ORDER BY clinic_id, metric, created_at, id::text), '[]')
       FROM group_benchmark WHERE clinic_id = ANY(${clinicIds}::text[])) AS group_benchmarks`;
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
