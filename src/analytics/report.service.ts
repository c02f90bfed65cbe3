import { Injectable } from '@nestjs/common';
import { MIN_TEAM_PROVIDERS } from '../domain/rules.js';
import type { Principal } from '../auth/auth.js';
import { round } from '../domain/numbers.js';
import { RowsService } from '../utilization/rows.service.js';
import { citationsFor, type BenchmarkRef, type Citation, type Comparison } from '../benchmarks/compare.js';
import { classify, DEFAULT_BAND } from '../domain/band.js';
import { HeadlineService, zeroSums } from './headline.service.js';
import { CapacityRepository } from '../capacity/capacity.load.js';
import { HeatmapService } from '../capacity/heatmap.js';
import { SuggestionEngine, type Proposal } from '../capacity/suggestions.js';
import { dayNumber, WEEKDAY_NAMES } from '../domain/calendar.js';
import { presentPeakLow, type HourCell } from './peaks.js';

export interface Suggestion {
  clinicId: string;
  kind: 'release-hours' | 'consolidate-chair' | 'fill-short-gaps' | 'reduce-no-shows' | 'add-hours' | 'review-chair';
  severity: 'info' | 'warning' | 'risk';
  text: string;
  chairs?: string[];
  weekday?: string;
  /** local clock times, `to` exclusive, e.g. {from: '14:00', to: '18:00'} */
  hours?: { from: string; to: string };
  chairHours: number;
  chairHoursPerWeek?: number;
  /** the benchmarks the suggestion cites (source, year, address; where their definition differs from ours) */
  citations?: Citation[];
}

type ChairItem = {
  clinicId: string;
  resourceId: string;
  resourceName: string;
  kind: string;
  utilizationRate: number | null;
  usedMinutes: number;
  availableMinutes: number;
  status: string | null;
};

const SEVERITY = { high: 'risk', medium: 'warning', low: 'info' } as const;

/** A proposal of the suggestion engine in the report's shape (weekday by name, resources as `chairs`, prose as `text`). */
function reportSuggestion(clinicId: string, p: Proposal): Suggestion {
  return {
    clinicId,
    kind: p.kind as Suggestion['kind'],
    severity: SEVERITY[p.priority],
    text: p.detail,
    ...(p.resourceIds ? { chairs: p.resourceIds } : {}),
    ...(p.weekday !== undefined ? { weekday: WEEKDAY_NAMES[p.weekday] } : {}),
    ...(p.hours ? { hours: p.hours } : {}),
    chairHours: p.chairHours ?? 0,
    ...(p.chairHoursPerWeek !== undefined ? { chairHoursPerWeek: p.chairHoursPerWeek } : {}),
  };
}

/** The report of SPEC §5: one document for a period, built from the same services as the other routes. */
@Injectable()
export class ReportService {
  constructor(
    private readonly headline: HeadlineService,
    private readonly rows: RowsService,
    private readonly heatmap: HeatmapService,
    private readonly engine: SuggestionEngine,
    private readonly capacity: CapacityRepository,
  ) {}

  async report(clinicIds: string[], from: string, to: string, who: Principal, providerSection: (clinicIds: string[]) => Promise<unknown>) {
    const [{ headline: summary, sums, bands }, chairs, providers] = await Promise.all([
      this.headline.headlineWithSums(clinicIds, from, to),
      this.allChairs(clinicIds, from, to),
      providerSection(clinicIds),
    ]);
    const perClinic = [];
    const suggestions: Suggestion[] = [];
    const risks: Suggestion[] = [];
    for (const clinicId of clinicIds) {
      const band = bands.get(clinicId) ?? DEFAULT_BAND;
      const [cells, resources] = await Promise.all([this.heatmap.cells([clinicId], from, to, band), this.capacity.resourceUse(clinicId, from, to)]);
      const s = sums.perClinic.get(clinicId) ?? zeroSums();
      const rate = s.availableMinutes > 0 ? s.usedMinutes / s.availableMinutes : null;
      const status = classify(rate, band);
      const proposed = this.engine.forReport({ band, status, cells, resources, weeks: (dayNumber(to) - dayNumber(from) + 1) / 7, totals: s });
      suggestions.push(...proposed.suggestions.map((x) => citationsFor(reportSuggestion(clinicId, x), summary.benchmarks)));
      risks.push(...proposed.risks.map((x) => citationsFor(reportSuggestion(clinicId, x), summary.benchmarks)));
      perClinic.push({
        clinicId,
        status,
        utilizationRate: round(rate, 4),
        peakLow: presentPeakLow(cells),
      });
    }
    return {
      title: `Utilization report ${from} – ${to}`,
      generatedAt: new Date().toISOString(),
      generatedFor: who.sub,
      clinicIds,
      period: summary.period,
      summary: {
        band: summary.band,
        current: summary.current,
        previous: summary.previous,
        change: summary.change,
        confidence: summary.confidence,
        definitions: summary.definitions,
        benchmarks: summary.benchmarks,
        byCategory: summary.byCategory,
      },
      dataQuality: summary.dataQuality,
      downtime: {
        byReason: summary.current.downtimeByReason,
        byResource: [...chairs]
          .map((c) => ({
            clinicId: c.clinicId,
            resourceId: c.resourceId,
            resourceName: c.resourceName,
            downtimeMinutes: (c as unknown as { downtimeMinutes: number }).downtimeMinutes,
          }))
          .sort((a, b) => b.downtimeMinutes - a.downtimeMinutes || a.resourceId.localeCompare(b.resourceId)),
      },
      resources: chairs,
      providers,
      clinics: perClinic,
      suggestions,
      risks,
    };
  }

  private async allChairs(clinicIds: string[], from: string, to: string): Promise<ChairItem[]> {
    const out: ChairItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.rows.chairs({ from, to, granularity: 'total', limit: 1000, cursor, sort: 'resourceName' }, clinicIds);
      out.push(...(page.items as unknown as ChairItem[]));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }
}

type ReportDoc = Awaited<ReturnType<ReportService['report']>>;
type Col<T> = { header: string; value: (row: T) => unknown };
export interface ReportSection<T = Record<string, unknown>> {
  name: string;
  description: string;
  columns: Col<T>[];
  rows: T[];
}

/** One table per section of the report, for CSV: numbers in their own columns, the unit in each header, prose only in text columns. */
export const REPORT_SECTIONS = [
  'summary',
  'data-quality',
  'benchmarks',
  'resources',
  'downtime',
  'clinics',
  'peaks',
  'providers-team',
  'providers',
  'suggestions',
  'risks',
] as const;
export type ReportSectionName = (typeof REPORT_SECTIONS)[number];

const n = (v: unknown) => (v === null || v === undefined ? null : v);

export function reportSections(report: ReportDoc): ReportSection<never>[] {
  const c = report.summary.current as unknown as Record<string, unknown> & {
    downtimeByReason: Record<string, { minutes: number; share: number | null }>;
    turnover: { count: number; avgMinutes: number | null };
  };
  const p = report.summary.previous as typeof c;
  const ch = report.summary.change as unknown as Record<string, { absolute: number | null; relative: number | null } | undefined>;
  type SummaryRow = {
    figure: string;
    unit: string;
    current: unknown;
    previous: unknown;
    change: { absolute: number | null; relative: number | null } | undefined;
  };
  const fig = (figure: string, unit: string, get: (f: typeof c) => unknown, changeKey?: string): SummaryRow => ({
    figure,
    unit,
    current: get(c),
    previous: get(p),
    change: changeKey ? ch[changeKey] : undefined,
  });
  const summary: SummaryRow[] = [
    fig('utilizationRate', 'fraction of open time (0-1)', (f) => f.utilizationRate, 'utilizationRate'),
    fig('scheduledUtilizationRate', 'fraction of open time (0-1)', (f) => f.scheduledUtilizationRate, 'scheduledUtilizationRate'),
    fig('availableMinutes', 'minutes', (f) => f.availableMinutes),
    fig('usedMinutes', 'minutes', (f) => f.usedMinutes),
    fig('bookedMinutes', 'minutes', (f) => f.bookedMinutes),
    fig('blockedMinutes', 'minutes', (f) => f.blockedMinutes),
    fig('downtimeMinutes', 'minutes', (f) => f.downtimeMinutes, 'downtimeMinutes'),
    fig('maintenanceMinutes', 'minutes', (f) => f.downtimeByReason.maintenance.minutes),
    fig('noShowMinutes', 'minutes', (f) => f.downtimeByReason.noShow.minutes),
    fig('gapMinutes', 'minutes', (f) => f.downtimeByReason.gap.minutes),
    fig('overtimeMinutes', 'minutes', (f) => f.overtimeMinutes),
    fig('appointments', 'count', (f) => f.appointments, 'appointments'),
    fig('noShowCount', 'count', (f) => f.noShowCount),
    fig('noShowRate', 'fraction of appointments (0-1)', (f) => f.noShowRate, 'noShowRate'),
    fig('turnoverCount', 'count', (f) => f.turnover.count),
    fig('avgTurnoverMinutes', 'minutes', (f) => f.turnover.avgMinutes),
  ];
  const resources = report.resources as unknown as Record<string, unknown>[];
  type Sug = Suggestion & { hours?: { from: string; to: string } };
  const suggestionColumns: Col<Sug>[] = [
    { header: 'clinic_id', value: (s) => s.clinicId },
    { header: 'kind', value: (s) => s.kind },
    { header: 'severity', value: (s) => s.severity },
    { header: 'weekday', value: (s) => s.weekday },
    { header: 'hours_from_local_time', value: (s) => s.hours?.from },
    { header: 'hours_to_local_time', value: (s) => s.hours?.to },
    { header: 'resource_ids', value: (s) => s.chairs?.join(' ') },
    { header: 'chair_hours_in_period', value: (s) => s.chairHours },
    { header: 'chair_hours_per_week', value: (s) => n(s.chairHoursPerWeek) },
    { header: 'text', value: (s) => s.text },
  ];
  const providers = report.providers as { team?: Dist; byRole?: Record<string, Dist>; individuals?: Record<string, unknown>[] } | null | undefined;
  type Dist = { providers: number; suppressed: boolean; figures?: Record<string, { count: number; p25: number; median: number; p75: number } | null> };
  const UNIT: Record<string, string> = {
    patientsSeen: 'patients',
    patientsScheduled: 'patients',
    noShowRate: 'fraction (0-1)',
    proceduresCompleted: 'procedures',
    chairHours: 'chair-hours',
    productionValue: 'money (clinic currency)',
    productionPerScheduledHour: 'money per scheduled hour (clinic currency)',
  };
  type TeamRow = { group: string; providers: number; suppressed: boolean; figure: string | null; d: { p25: number; median: number; p75: number } | null };
  const groups: [string, Dist][] = providers?.team ? [['all providers', providers.team], ...Object.entries(providers.byRole ?? {})] : [];
  const teamRows: TeamRow[] = groups.flatMap(([group, d]): TeamRow[] =>
    d.suppressed || !d.figures
      ? [{ group, providers: d.providers, suppressed: true, figure: null, d: null }]
      : Object.entries(d.figures).map(([figure, v]) => ({ group, providers: d.providers, suppressed: false, figure, d: v })),
  );
  const sections: ReportSection<never>[] = [
    section<SummaryRow>('summary', 'The headline of the whole selection: this period, the previous one of the same length, and the change', summary, [
      { header: 'figure', value: (r) => r.figure },
      { header: 'unit', value: (r) => r.unit },
      { header: 'current', value: (r) => n(r.current) },
      { header: 'previous', value: (r) => n(r.previous) },
      { header: 'change_absolute', value: (r) => n(r.change?.absolute) },
      { header: 'change_relative_fraction', value: (r) => n(r.change?.relative) },
    ]),
    section<{ rating: string; note: string | null }>(
      'data-quality',
      'How far the figures can be trusted: a rating and its notes',
      [{ rating: report.dataQuality.rating, note: null }, ...report.dataQuality.notes.map((note) => ({ rating: report.dataQuality.rating, note }))],
      [
        { header: 'rating', value: (r) => r.rating },
        { header: 'note', value: (r) => r.note },
      ],
    ),
    section<BenchmarkRow>(
      'benchmarks',
      "The selection's figures beside published benchmarks and the group's own: source, year, address, and how each definition differs from ours",
      [...report.summary.benchmarks, ...report.summary.byCategory.flatMap((x) => x.benchmarks)].flatMap((c) => c.benchmarks.map((b) => ({ c, b }))),
      [
        { header: 'figure', value: (r) => r.c.metric },
        { header: 'category', value: (r) => r.c.category },
        { header: 'ours_fraction', value: (r) => n(r.c.ours) },
        { header: 'benchmark_low_fraction', value: (r) => r.b.low },
        { header: 'benchmark_high_fraction', value: (r) => r.b.high },
        { header: 'position', value: (r) => r.b.position },
        { header: 'origin', value: (r) => r.b.origin },
        { header: 'label', value: (r) => r.b.label },
        { header: 'source', value: (r) => r.b.source?.name ?? `set by ${r.b.setBy} on ${r.b.setAt?.slice(0, 10)}` },
        { header: 'source_year', value: (r) => r.b.year ?? null },
        { header: 'source_url', value: (r) => r.b.source?.url ?? null },
        { header: 'vendor', value: (r) => r.b.source?.vendor ?? false },
        { header: 'verification', value: (r) => r.b.verification ?? null },
        { header: 'note', value: (r) => r.b.definitionDiffers ?? r.b.note ?? null },
        { header: 'text', value: (r) => r.c.summary },
      ],
    ),
    section<Record<string, unknown>>('resources', 'Each chair and room over the period', resources, [
      { header: 'clinic_id', value: (r) => r.clinicId },
      { header: 'resource_id', value: (r) => r.resourceId },
      { header: 'resource_name', value: (r) => r.resourceName },
      { header: 'kind', value: (r) => r.kind },
      { header: 'status', value: (r) => r.status },
      { header: 'utilization_rate_fraction', value: (r) => n(r.utilizationRate) },
      { header: 'scheduled_utilization_rate_fraction', value: (r) => n(r.scheduledUtilizationRate) },
      { header: 'clinic_median_utilization_rate_fraction', value: (r) => n(r.clinicMedianUtilizationRate) },
      { header: 'available_minutes', value: (r) => n(r.availableMinutes) },
      { header: 'used_minutes', value: (r) => n(r.usedMinutes) },
      { header: 'booked_minutes', value: (r) => n(r.bookedMinutes) },
      { header: 'blocked_minutes', value: (r) => n(r.blockedMinutes) },
      { header: 'downtime_minutes', value: (r) => n(r.downtimeMinutes) },
      { header: 'overtime_minutes', value: (r) => n(r.overtimeMinutes) },
      { header: 'appointment_count', value: (r) => n(r.appointmentCount) },
      { header: 'no_show_count', value: (r) => n(r.noShowCount) },
      { header: 'turnover_count', value: (r) => n(r.turnoverCount) },
    ]),
    section<Record<string, unknown>>(
      'downtime',
      'Downtime of each chair and room by reason, most downtime first',
      [...resources].sort((a, b) => Number(b.downtimeMinutes) - Number(a.downtimeMinutes) || String(a.resourceId).localeCompare(String(b.resourceId))),
      [
        { header: 'clinic_id', value: (r) => r.clinicId },
        { header: 'resource_id', value: (r) => r.resourceId },
        { header: 'resource_name', value: (r) => r.resourceName },
        { header: 'maintenance_minutes', value: (r) => n(r.maintenanceMinutes) },
        { header: 'no_show_minutes', value: (r) => n(r.noShowMinutes) },
        { header: 'gap_minutes', value: (r) => n(r.gapMinutes) },
        { header: 'downtime_minutes', value: (r) => n(r.downtimeMinutes) },
        { header: 'available_minutes', value: (r) => n(r.availableMinutes) },
        {
          header: 'downtime_share_of_open_time_fraction',
          value: (r) => (Number(r.availableMinutes) > 0 ? round(Number(r.downtimeMinutes) / Number(r.availableMinutes), 4) : null),
        },
      ],
    ),
    section<ReportDoc['clinics'][number]>('clinics', 'Each clinic over the period against its band', report.clinics, [
      { header: 'clinic_id', value: (r) => r.clinicId },
      { header: 'utilization_rate_fraction', value: (r) => n(r.utilizationRate) },
      { header: 'status', value: (r) => r.status },
      { header: 'peak_hours', value: (r) => r.peakLow.grid.filter((x) => x.mark === 'peak').length },
      { header: 'low_hours', value: (r) => r.peakLow.grid.filter((x) => x.mark === 'low').length },
    ]),
    section<HourCell & { clinicId: string }>(
      'peaks',
      'Weekday × hour of day (clinic local time): utilization, chair-hours, peak or low',
      report.clinics.flatMap((x) => x.peakLow.grid.map((cell) => ({ ...cell, clinicId: x.clinicId }))),
      [
        { header: 'clinic_id', value: (r) => r.clinicId },
        { header: 'weekday_iso', value: (r) => r.weekday },
        { header: 'weekday', value: (r) => WEEKDAY_NAMES[r.weekday] },
        { header: 'hour_local', value: (r) => r.hour },
        { header: 'utilization_rate_fraction', value: (r) => n(r.utilizationRate) },
        { header: 'used_chair_hours', value: (r) => r.usedChairHours },
        { header: 'available_chair_hours', value: (r) => r.availableChairHours },
        { header: 'mark', value: (r) => r.mark },
      ],
    ),
    section<TeamRow>('providers-team', `Team distributions per role (groups under ${MIN_TEAM_PROVIDERS} providers are suppressed)`, teamRows, [
      { header: 'group', value: (r) => r.group },
      { header: 'providers', value: (r) => r.providers },
      { header: 'suppressed', value: (r) => r.suppressed },
      { header: 'figure', value: (r) => r.figure },
      { header: 'unit', value: (r) => (r.figure ? (UNIT[r.figure] ?? null) : null) },
      { header: 'p25', value: (r) => n(r.d?.p25) },
      { header: 'median', value: (r) => n(r.d?.median) },
      { header: 'p75', value: (r) => n(r.d?.p75) },
    ]),
    section<Record<string, unknown>>(
      'providers',
      'Individual providers by name, never ranked (only with ops:view_provider_detail; empty without it)',
      providers?.individuals ?? [],
      [
        { header: 'provider_id', value: (r) => r.providerId },
        { header: 'name', value: (r) => r.name },
        { header: 'role', value: (r) => r.role },
        { header: 'patients_seen', value: (r) => n(r.patientsSeen) },
        { header: 'patients_scheduled', value: (r) => n(r.patientsScheduled) },
        { header: 'no_show_rate_fraction', value: (r) => n(r.noShowRate) },
        { header: 'procedures_completed', value: (r) => n(r.proceduresCompleted) },
        { header: 'chair_hours', value: (r) => n(r.chairHours) },
        { header: 'production_value_clinic_currency', value: (r) => n(r.productionValue) },
        { header: 'production_per_scheduled_hour_clinic_currency', value: (r) => n(r.productionPerScheduledHour) },
      ],
    ),
    section<Sug>('suggestions', 'Suggestions for low results: chairs, weekdays, hours and chair-hours', report.suggestions, suggestionColumns),
    section<Sug>('risks', 'Overbooking risks: weekdays, hours and the chair-hours missing', report.risks, suggestionColumns),
  ];
  return sections;
}

type BenchmarkRow = { c: Comparison; b: BenchmarkRef };

function section<T>(name: ReportSectionName, description: string, rows: T[], columns: Col<T>[]): ReportSection<never> {
  return { name, description, rows, columns } as unknown as ReportSection<never>;
}
