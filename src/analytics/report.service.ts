import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/auth.js';
import { Database } from '../database/database.module.js';
import { round } from '../utilization/query.js';
import { RowsService } from '../utilization/rows.service.js';
import { citationsFor, type Citation } from '../benchmarks/compare.js';
import { classify, DEFAULT_BAND, loadBands, type Band } from './band.js';
import { HeadlineService, zeroSums } from './headline.service.js';
import { describeSpan, peakLowGrid, spans, WEEKDAYS, type Cell } from './peaks.js';

export interface Suggestion {
  clinicId: string;
  kind: 'release-hours' | 'consolidate-chair' | 'fill-short-gaps' | 'reduce-no-shows' | 'add-hours' | 'review-chair';
  severity: 'info' | 'warning' | 'risk';
  text: string;
  chairs?: string[];
  weekday?: string;
  hours?: string;
  chairHours: number;
  chairHoursPerWeek?: number;
  /** the benchmarks the suggestion cites (source, year, address; where their definition differs from ours) */
  citations?: Citation[];
}

type ChairItem = { clinicId: string; resourceId: string; resourceName: string; kind: string; utilizationRate: number | null; usedMinutes: number; availableMinutes: number; status: string | null };

const pct = (r: number | null | undefined) => (r === null || r === undefined ? 'n/a' : `${Math.round(r * 100)} %`);

/** The report of SPEC §5: one document for a period, built from the same services as the other routes. */
@Injectable()
export class ReportService {
  constructor(
    private readonly db: Database,
    private readonly headline: HeadlineService,
    private readonly rows: RowsService,
  ) {}

  async report(clinicIds: string[], from: string, to: string, who: Principal, providerSection: (clinicIds: string[]) => Promise<unknown>) {
    const bands = await loadBands(this.db.sql, clinicIds);
    const [summary, chairs, providers] = await Promise.all([
      this.headline.headline(clinicIds, from, to),
      this.allChairs(clinicIds, from, to),
      providerSection(clinicIds),
    ]);
    const sums = await this.headline.sums(clinicIds, from, to);
    const perClinic = [];
    const suggestions: Suggestion[] = [];
    const risks: Suggestion[] = [];
    for (const clinicId of clinicIds) {
      const band = bands.get(clinicId) ?? DEFAULT_BAND;
      const grid = await peakLowGrid(this.db.sql, [clinicId], from, to, band);
      const mine = chairs.filter((c) => c.clinicId === clinicId);
      const s = sums.perClinic.get(clinicId) ?? zeroSums();
      const rate = s.availableMinutes > 0 ? s.usedMinutes / s.availableMinutes : null;
      const status = classify(rate, band);
      const { suggest, risk } = this.suggest(clinicId, band, status, grid, mine, s);
      suggestions.push(...suggest.map((x) => citationsFor(x, summary.benchmarks)));
      risks.push(...risk.map((x) => citationsFor(x, summary.benchmarks)));
      perClinic.push({
        clinicId,
        status,
        utilizationRate: round(rate, 4),
        peakLow: {
          grid,
          peaks: spans(grid, 'peak').map((x) => ({ ...x, weekdayName: WEEKDAYS[x.weekday], label: describeSpan(x) })),
          lows: spans(grid, 'low').map((x) => ({ ...x, weekdayName: WEEKDAYS[x.weekday], label: describeSpan(x) })),
          busiestHours: [...grid].filter((c) => c.utilizationRate !== null).sort((a, b) => b.utilizationRate! - a.utilizationRate!).slice(0, 5),
          quietestHours: [...grid].filter((c) => c.utilizationRate !== null).sort((a, b) => a.utilizationRate! - b.utilizationRate!).slice(0, 5),
        },
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
          .map((c) => ({ clinicId: c.clinicId, resourceId: c.resourceId, resourceName: c.resourceName, downtimeMinutes: (c as unknown as { downtimeMinutes: number }).downtimeMinutes }))
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

  /** Concrete proposals for low results and risks for overbooked ones, naming chairs, weekdays, hours and chair-hours. */
  suggest(clinicId: string, band: Band, status: string | null, grid: Cell[], chairs: ChairItem[], s: { availableMinutes: number; usedMinutes: number; shortGapMinutes: number; noShowMinutes: number; noShowCount: number; appointmentCount: number }) {
    const suggest: Suggestion[] = [];
    const risk: Suggestion[] = [];
    if (status === 'low' || status === 'below-target') {
      for (const span of spans(grid, 'low')
        .map((x) => ({ ...x, excess: x.availableChairHours - x.usedChairHours / band.targetLow }))
        .filter((x) => x.excess >= 1)
        .sort((a, b) => b.excess - a.excess)
        .slice(0, 5)) {
        const weeks = Math.max(1, Math.round(span.weeks));
        suggest.push({
          clinicId,
          kind: 'release-hours',
          severity: 'warning',
          text: `${describeSpan(span)} runs at ${pct(span.utilizationRate)}: about ${round(span.excess, 1)} chair-hours over the period (${round(span.excess / weeks, 1)} a week) could be released — shorter hours or fewer chairs open — and the rest would still run at ${pct(band.targetLow)}.`,
          weekday: WEEKDAYS[span.weekday],
          hours: `${String(span.fromHour).padStart(2, '0')}:00–${String(span.toHour).padStart(2, '0')}:00`,
          chairHours: round(span.excess, 1)!,
          chairHoursPerWeek: round(span.excess / weeks, 1)!,
        });
      }
      const lowChairs = chairs.filter((c) => c.kind === 'CHAIR' && c.utilizationRate !== null && c.utilizationRate < band.lowThreshold).sort((a, b) => a.utilizationRate! - b.utilizationRate!);
      for (const c of lowChairs.slice(0, 3)) {
        const others = chairs.filter((o) => o.kind === 'CHAIR' && o.resourceId !== c.resourceId);
        const room = others.reduce((t, o) => t + Math.max(0, o.availableMinutes * band.targetHigh - o.usedMinutes), 0);
        const fits = room >= c.usedMinutes;
        suggest.push({
          clinicId,
          kind: fits ? 'consolidate-chair' : 'review-chair',
          severity: 'warning',
          text: fits
            ? `${c.resourceName} is used ${pct(c.utilizationRate)} of its open time. Its ${round(c.usedMinutes / 60, 1)} used chair-hours fit into the ${round(room / 60, 1)} free chair-hours the other chairs have below ${pct(band.targetHigh)}; consolidating it frees ${round(c.availableMinutes / 60, 1)} chair-hours.`
            : `${c.resourceName} is used ${pct(c.utilizationRate)} of its open time (${round(c.usedMinutes / 60, 1)} of ${round(c.availableMinutes / 60, 1)} chair-hours); review its hours or what is booked on it.`,
          chairs: [c.resourceId],
          chairHours: round((fits ? c.availableMinutes : c.availableMinutes - c.usedMinutes / band.targetLow) / 60, 1)!,
        });
      }
      if (s.availableMinutes > 0 && s.shortGapMinutes / s.availableMinutes > 0.03) {
        suggest.push({
          clinicId,
          kind: 'fill-short-gaps',
          severity: 'info',
          text: `${round(s.shortGapMinutes / 60, 1)} chair-hours were lost to idle runs too short to book; aligning appointment lengths to the slot grid would recover part of them.`,
          chairHours: round(s.shortGapMinutes / 60, 1)!,
        });
      }
    }
    if (s.appointmentCount > 0 && s.noShowCount / s.appointmentCount > 0.05) {
      suggest.push({
        clinicId,
        kind: 'reduce-no-shows',
        severity: 'info',
        text: `${pct(s.noShowCount / s.appointmentCount)} of appointments were no-shows (${round(s.noShowMinutes / 60, 1)} chair-hours); reminders or a short-notice waiting list would fill part of them.`,
        chairHours: round(s.noShowMinutes / 60, 1)!,
      });
    }
    for (const span of spans(grid, 'peak')
      .map((x) => ({ ...x, needed: x.usedChairHours / band.targetHigh - x.availableChairHours }))
      .filter((x) => x.needed > 0.5)
      .sort((a, b) => b.needed - a.needed)
      .slice(0, 5)) {
      const weeks = Math.max(1, Math.round(span.weeks));
      risk.push({
        clinicId,
        kind: 'add-hours',
        severity: 'risk',
        text: `${describeSpan(span)} runs at ${pct(span.utilizationRate)} (overbooking risk): about ${round(span.needed, 1)} more chair-hours over the period (${round(span.needed / weeks, 1)} a week) would bring it back to ${pct(band.targetHigh)} — extend hours or open another chair then.`,
        weekday: WEEKDAYS[span.weekday],
        hours: `${String(span.fromHour).padStart(2, '0')}:00–${String(span.toHour).padStart(2, '0')}:00`,
        chairHours: round(span.needed, 1)!,
        chairHoursPerWeek: round(span.needed / weeks, 1)!,
      });
    }
    return { suggest, risk };
  }
}

/** The report as one CSV table in long form: section, clinic, item, metric, value. */
export function reportRows(report: Awaited<ReturnType<ReportService['report']>>): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const add = (section: string, clinicId: string, item: string, metric: string, value: unknown) => rows.push({ section, clinicId, item, metric, value });
  const all = report.clinicIds.join(' ');
  const flat = (prefix: string, o: unknown, section: string, clinicId: string, item: string) => {
    if (o === null || typeof o !== 'object') return add(section, clinicId, item, prefix, o);
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) flat(prefix ? `${prefix}.${k}` : k, v, section, clinicId, item);
  };
  flat('', report.summary.current, 'summary', all, 'current');
  flat('', report.summary.previous, 'summary', all, 'previous');
  flat('', report.summary.change, 'summary', all, 'change');
  flat('', report.dataQuality, 'data quality', all, '');
  for (const c of [...report.summary.benchmarks, ...report.summary.byCategory.flatMap((x) => x.benchmarks)]) add('benchmarks', all, c.category ?? '', c.metric, c.summary);
  for (const r of report.resources as unknown as Record<string, unknown>[]) {
    for (const [k, v] of Object.entries(r)) if (k !== 'links' && k !== 'target') add('resources', String(r.clinicId), String(r.resourceId), k, v);
  }
  flat('', report.providers, 'providers', all, '');
  for (const c of report.clinics) {
    for (const cell of c.peakLow.grid) add('peak/low', c.clinicId, `${WEEKDAYS[cell.weekday]} ${String(cell.hour).padStart(2, '0')}:00`, 'utilizationRate', cell.utilizationRate);
  }
  for (const s of report.suggestions) add('suggestions', s.clinicId, s.kind, `chairHours`, s.chairHours), add('suggestions', s.clinicId, s.kind, 'text', s.text);
  for (const s of report.risks) add('risks', s.clinicId, s.kind, 'chairHours', s.chairHours), add('risks', s.clinicId, s.kind, 'text', s.text);
  return rows;
}
