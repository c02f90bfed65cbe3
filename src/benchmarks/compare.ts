import { Prisma, type PrismaService } from '../database/prisma.service.js';
import type { GroupBenchmark } from '../domain/band.js';
import { percentRangeText, percentText, round } from '../domain/numbers.js';
import { loadCatalogue, type Catalogue, type CatalogueEntry } from './catalogue.js';

export type { GroupBenchmark };

/** A group_benchmark row as the answers show it (createdAt as an ISO instant with milliseconds, UTC). */
export function groupBenchmarkOf(r: Omit<GroupBenchmark, 'createdAt'> & { createdAt: Date }): GroupBenchmark {
  return {
    id: r.id,
    clinicId: r.clinicId,
    metric: r.metric,
    category: r.category,
    low: r.low,
    high: r.high,
    label: r.label,
    note: r.note,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The group benchmarks of the clinics. On every headline, /chairs page and report, so $queryRaw (cheaper than findMany). */
export function loadGroupBenchmarks(prisma: PrismaService, clinicIds: string[]): Promise<GroupBenchmark[]> {
  return prisma.$queryRaw<GroupBenchmark[]>(Prisma.sql`
    SELECT id::text, clinic_id AS "clinicId", metric, category, low, high, label, note, created_by AS "createdBy",
            to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
     FROM group_benchmark WHERE clinic_id = ANY(${clinicIds}::text[]) ORDER BY clinic_id, metric, created_at, id`);
}

/** How our figures are named beside a benchmark. */
export const METRIC_LABELS: Record<string, string> = {
  utilizationRate: 'utilization',
  scheduledUtilizationRate: 'booked',
  noShowRate: 'no-show',
  downtimeRate: 'downtime',
};

export type Position = 'below' | 'within' | 'above';

export interface BenchmarkRef {
  id: string;
  origin: 'industry' | 'group';
  label: string;
  low: number;
  high: number;
  /** "3 %", "77–88 %" */
  display: string;
  position: Position | null;
  population?: string;
  year?: number;
  source?: { name: string; shortName: string; url: string; vendor: boolean; kind: string };
  definitionDiffers?: string;
  verification?: string;
  clinicId?: string;
  setBy?: string;
  setAt?: string;
  note?: string | null;
}

export interface Comparison {
  metric: string;
  category: string | null;
  ours: number | null;
  /** "no-show 9.5 % · industry 3–7.4 % (Henry Schein One 2026, Planet DDS 2025)" */
  summary: string;
  industry: { low: number; high: number; display: string; sources: string[] } | null;
  benchmarks: BenchmarkRef[];
  /** where a definition differs from ours, said beside the figure */
  definitionNotes: string[];
}

function position(ours: number | null, low: number, high: number): Position | null {
  if (ours === null) return null;
  if (ours < low - 1e-9) return 'below';
  if (ours > high + 1e-9) return 'above';
  return 'within';
}

const entryBounds = (e: CatalogueEntry) => (e.range ? { low: e.range.low, high: e.range.high } : { low: e.value!, high: e.value! });

/** The catalogue entries that match a figure: same metric and, for a category figure, the category's own entries (else the general ones). */
export function matchingEntries(catalogue: Catalogue, metric: string, category: string | null): CatalogueEntry[] {
  const same = catalogue.entries.filter((e) => e.metric === metric);
  if (category) return same.filter((e) => e.category === category);
  return same.filter((e) => e.category === null);
}

/** One of our figures beside the matching published benchmarks and the group's own. */
export function compareFigure(
  metric: string,
  ours: number | null,
  opts: { category?: string | null; group?: GroupBenchmark[]; catalogue?: Catalogue } = {},
): Comparison {
  const catalogue = opts.catalogue ?? loadCatalogue();
  const category = opts.category ?? null;
  const entries = matchingEntries(catalogue, metric, category);
  const refs: BenchmarkRef[] = entries.map((e) => {
    const { low, high } = entryBounds(e);
    return {
      id: e.id,
      origin: 'industry',
      label: e.label,
      low,
      high,
      display: percentRangeText(low, high),
      position: position(ours, low, high),
      population: e.population,
      year: e.year,
      source: { name: e.source.name, shortName: e.source.shortName, url: e.source.url, vendor: e.source.vendor, kind: e.source.kind },
      definitionDiffers: e.differsFromOurs,
      verification: e.verification.status,
    };
  });
  for (const g of opts.group ?? []) {
    if (g.metric !== metric || (g.category ?? null) !== category) continue;
    refs.push({
      id: g.id,
      origin: 'group',
      label: g.label,
      low: g.low,
      high: g.high,
      display: percentRangeText(g.low, g.high),
      position: position(ours, g.low, g.high),
      clinicId: g.clinicId,
      setBy: g.createdBy,
      setAt: g.createdAt,
      note: g.note,
    });
  }
  const industry = refs.filter((r) => r.origin === 'industry');
  const ind = industry.length
    ? {
        low: Math.min(...industry.map((r) => r.low)),
        high: Math.max(...industry.map((r) => r.high)),
        display: '',
        sources: [...new Set(industry.map((r) => `${r.source!.shortName}${r.source!.shortName.match(/\d{4}$/) ? '' : ` ${r.year}`}`))],
      }
    : null;
  if (ind) ind.display = percentRangeText(ind.low, ind.high);
  const name = `${category ? `${category} ` : ''}${METRIC_LABELS[metric] ?? metric}`;
  const parts = [`${name} ${percentText(ours)}`];
  const vendor = industry.every((r) => r.source!.vendor) ? '; vendor data' : industry.some((r) => r.source!.vendor) ? '; partly vendor data' : '';
  if (ind) parts.push(`industry ${ind.display} (${ind.sources.join(', ')}${vendor})`);
  for (const g of refs.filter((r) => r.origin === 'group')) parts.push(`${g.label} ${g.display}`);
  return {
    metric,
    category,
    ours: round(ours, 4),
    summary: parts.join(' · '),
    industry: ind,
    benchmarks: refs,
    definitionNotes: industry.map((r) => `${r.source!.shortName}: ${r.definitionDiffers}`),
  };
}

/** The figures the headline and report compare: actual and booked utilization, no-shows. */
export const COMPARED_METRICS = ['utilizationRate', 'scheduledUtilizationRate', 'noShowRate'] as const;

export function compareFigures(
  figures: Partial<Record<(typeof COMPARED_METRICS)[number], number | null>>,
  opts: { category?: string | null; group?: GroupBenchmark[] } = {},
): Comparison[] {
  return COMPARED_METRICS.filter((m) => m in figures)
    .map((m) => compareFigure(m, figures[m] ?? null, opts))
    .filter((c) => c.benchmarks.length > 0);
}

/** Compact form for long lists (chairs): id, bounds, where the figure stands, the source's short name and address. */
export function compactRefs(comparisons: Comparison[]) {
  return comparisons.flatMap((c) =>
    c.benchmarks.map((b) => ({
      metric: c.metric,
      id: b.id,
      origin: b.origin,
      display: b.display,
      position: b.position,
      source: b.source?.shortName ?? b.label,
      url: b.source?.url ?? null,
    })),
  );
}

export interface Citation {
  metric: string;
  summary: string;
  sources: { id: string; name: string; year?: number; url: string; vendor: boolean; definitionDiffers?: string }[];
}

/** Which of our figures a kind of suggestion is about, so that it can cite the benchmarks of that figure. */
const SUGGESTION_METRICS: Record<string, string[]> = {
  'reduce-no-shows': ['noShowRate'],
  'release-hours': ['scheduledUtilizationRate', 'utilizationRate'],
  'consolidate-chair': ['scheduledUtilizationRate', 'utilizationRate'],
  'review-chair': ['scheduledUtilizationRate', 'utilizationRate'],
  'fill-short-gaps': ['scheduledUtilizationRate'],
  'add-hours': ['utilizationRate', 'scheduledUtilizationRate'],
};

/** A suggestion with the benchmarks of its figure cited: in its text (short) and as citations (source, year, address). */
export function citationsFor<T extends { kind: string; text: string; citations?: Citation[] }>(s: T, comparisons: Comparison[]): T {
  const cited = (SUGGESTION_METRICS[s.kind] ?? [])
    .map((m) => comparisons.find((c) => c.metric === m && c.category === null))
    .filter((c): c is Comparison => !!c && c.benchmarks.length > 0);
  if (!cited.length) return s;
  const citations: Citation[] = cited.map((c) => ({
    metric: c.metric,
    summary: c.summary,
    sources: c.benchmarks.map((b) =>
      b.origin === 'industry'
        ? { id: b.id, name: b.source!.name, year: b.year, url: b.source!.url, vendor: b.source!.vendor, definitionDiffers: b.definitionDiffers }
        : {
            id: b.id,
            name: `${b.label} (set by ${b.setBy} on ${b.setAt?.slice(0, 10)})`,
            url: `/api/v1/ops/utilization/benchmarks/group?clinicId=${b.clinicId}`,
            vendor: false,
          },
    ),
  }));
  return { ...s, text: `${s.text} For comparison: ${cited.map((c) => c.summary).join('; ')} — definitions differ, see citations.`, citations };
}
