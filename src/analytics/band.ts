import { Prisma, type PrismaService } from '../database/prisma.service.js';

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

// The loaders below run on every headline, /chairs page and report: $queryRaw (about a third of the CPU of the
// equivalent findMany, measured), not the model API.

export async function loadBands(prisma: PrismaService, clinicIds: string[]): Promise<Map<string, Band>> {
  const rows = await prisma.$queryRaw<({ id: string } & Band)[]>(Prisma.sql`
    SELECT id, low_threshold AS "lowThreshold", target_low AS "targetLow", target_high AS "targetHigh", risk_threshold AS "riskThreshold"
     FROM clinic WHERE id = ANY(${clinicIds}::text[])`);
  return new Map(rows.map((r) => [r.id, bandOf(r)]));
}

/** The band of a group: when all clinics share one band, that band; otherwise the defaults (and say so). */
export function groupBand(bands: Map<string, Band>): { band: Band; mixed: boolean } {
  const list = [...bands.values()];
  if (!list.length) return { band: DEFAULT_BAND, mixed: false };
  const same = list.every((b) => JSON.stringify(b) === JSON.stringify(list[0]));
  return same ? { band: list[0], mixed: false } : { band: DEFAULT_BAND, mixed: true };
}

/** Per clinic, the bands set for categories of resource (e.g. hygiene chairs run fuller than the clinic's default band). */
export type CategoryBands = Map<string, Map<string, Band>>;

export async function loadCategoryBands(prisma: PrismaService, clinicIds: string[]): Promise<CategoryBands> {
  const rows = await prisma.$queryRaw<({ clinic_id: string; category: string } & Band)[]>(Prisma.sql`
    SELECT clinic_id, category, low_threshold AS "lowThreshold", target_low AS "targetLow", target_high AS "targetHigh", risk_threshold AS "riskThreshold"
     FROM category_band WHERE clinic_id = ANY(${clinicIds}::text[])`);
  const out: CategoryBands = new Map();
  for (const r of rows) {
    if (!out.has(r.clinic_id)) out.set(r.clinic_id, new Map());
    out.get(r.clinic_id)!.set(r.category, bandOf(r));
  }
  return out;
}

/** The band a resource is judged by: its category's band at its clinic when one is set, else the clinic's band. */
export function bandFor(clinicBand: Band, categoryBands: CategoryBands, clinicId: string, category: string | null | undefined): { band: Band; source: 'category' | 'clinic' } {
  const own = category ? categoryBands.get(clinicId)?.get(category) : undefined;
  return own ? { band: own, source: 'category' } : { band: clinicBand, source: 'clinic' };
}
