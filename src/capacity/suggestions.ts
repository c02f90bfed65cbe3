/**
 * The one suggestion engine of the service, used by /capacity and /report: concrete proposals from the peak/low
 * heatmap (history), the resources' use, the day's losses and the projection (coming days). Each names the weekday /
 * hours / chairs concerned and the chair-hours it frees or adds; where /capacity can simulate it, the what-if
 * parameters to try it (`whatIf`, appended to the same request).
 *
 * One function per kind of suggestion; each returns proposals in one shape (`Proposal`: weekday as the ISO number,
 * hours as one span {from, to}); each route presents them in its documented shape (capacity.present.ts, the report).
 * Peak and low hours are the heatmap's marks (src/capacity/heatmap.ts, the one rule); capacity checks use booked
 * minutes (what must still fit somewhere).
 */
import { Injectable } from '@nestjs/common';
import type { Band } from '../domain/band.js';
import { dateText, WEEKDAY_NAMES, WEEKDAY_PLURAL } from '../domain/calendar.js';
import { percentRangeText, percentText } from '../domain/numbers.js';
import { describeSpan, hoursOf, runsOf, spans, type HeatCell, type Span } from './heatmap.js';
import type { ProjectionOut } from './projection.js';

export type SuggestionKind =
  | 'add-hours'
  | 'add-chair'
  | 'rebalance-peak'
  | 'shorten-hours'
  | 'release-hours'
  | 'consolidate-chair'
  | 'review-chair'
  | 'consolidate-weekday'
  | 'fill-short-gaps'
  | 'reduce-no-shows'
  | 'release-capacity'
  | 'above-band';

/** One proposal, before a route presents it. */
export interface Proposal {
  kind: SuggestionKind;
  /** high: act now (an overbooking risk); medium: worth doing; low: worth a look */
  priority: 'high' | 'medium' | 'low';
  /** the change, in a few words */
  title: string;
  /** the evidence and the effect, in plain words */
  detail: string;
  /** ISO weekday, 1 = Monday */
  weekday?: number;
  /** local clock hours, `to` exclusive (one span: a proposal per span) */
  hours?: { from: string; to: string };
  dates?: string[];
  resourceIds?: string[];
  /** chair-hours over the days (or the period) named */
  chairHours?: number;
  chairHoursPerWeek?: number;
  whatIf?: string;
}

export interface Totals {
  days: number;
  available: number;
  used: number;
  booked: number;
}

/** A resource over the history window, in all and per ISO weekday (minutes). */
export interface ResourceStat {
  id: string;
  name: string;
  kind: string;
  active: boolean;
  total: Totals;
  byDow: Map<number, Totals>;
}

/** A period's losses (minutes and counts) */
export interface LossTotals {
  availableMinutes: number;
  shortGapMinutes: number;
  noShowMinutes: number;
  noShowCount: number;
  appointmentCount: number;
}

export interface CapacityInputs {
  band: Band;
  cells: HeatCell[];
  /** open days per weekday in the history window */
  occurrences: Map<number, number>;
  /** weeks in the history window that had data */
  weeks: number;
  resources: ResourceStat[];
  projection: ProjectionOut | null;
  /** open resources per coming date (for turning chair-hours into minutes per chair) */
  openResources: Map<string, { count: number; minutes: number }>;
  horizon: number;
}

export interface ReportInputs {
  band: Band;
  /** the clinic's status against its band over the period */
  status: string | null;
  cells: HeatCell[];
  /** the clinic's chairs and rooms over the period */
  resources: ResourceStat[];
  /** weeks in the period */
  weeks: number;
  totals: LossTotals;
}

/** Percentages in suggestions are whole: "12 %". */
const pct = (v: number) => percentText(v, 0);
const hrs = (v: number) => (v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10));
const r1 = (v: number) => Math.round(v * 10) / 10;
const rate = (num: number, den: number) => (den > 0 ? num / den : 0);
const ceil15 = (m: number) => Math.max(15, Math.ceil(m / 15) * 15);
const round15 = (m: number) => Math.round(m / 15) * 15;
const sum = (cells: HeatCell[], k: 'available' | 'used' | 'booked') => cells.reduce((s, c) => s + c[k], 0);
const shortDate = (d: string) => dateText(d, 'short');
const spare = (cells: HeatCell[], band: Band) => cells.reduce((s, c) => s + Math.max(0, band.targetHigh * c.available - c.booked), 0);
const RANK = { high: 0, medium: 1, low: 2 };
/** Demand as it was (a period looked back on, without a projection). */
const NO_GROWTH = { of: () => 1, all: 1 };

/** The open cells of each weekday, in hour order. */
function byWeekday(cells: HeatCell[]): Map<number, HeatCell[]> {
  const byDow = new Map<number, HeatCell[]>();
  for (const c of cells) {
    if (c.available <= 0) continue;
    const l = byDow.get(c.weekday) ?? [];
    l.push(c);
    byDow.set(c.weekday, l);
  }
  for (const l of byDow.values()) l.sort((a, b) => a.hour - b.hour);
  return byDow;
}

/**
 * Demand growth by weekday: projected booked rate ÷ the history's (between 0.5 and 2), so that releasing capacity is
 * checked against the demand to come, not only the demand that was (1 without a projection).
 */
export function demandGrowth(byDow: Map<number, HeatCell[]>, projection: ProjectionOut | null): { of: (dow: number) => number; all: number } {
  const growth = new Map<number, number>();
  let all = 1;
  if (projection) {
    const proj = new Map<number, { d: number; a: number }>();
    for (const d of projection.days) {
      if (d.availableChairHours <= 0) continue;
      const t = proj.get(d.weekday) ?? { d: 0, a: 0 };
      t.d += d.projectedChairHours;
      t.a += d.availableChairHours;
      proj.set(d.weekday, t);
    }
    let pd = 0;
    let pa = 0;
    let hb = 0;
    let ha = 0;
    for (const [dow, cells] of byDow) {
      const p = proj.get(dow);
      const hist = rate(sum(cells, 'booked'), sum(cells, 'available'));
      if (p && p.a > 0 && hist > 0) growth.set(dow, Math.min(2, Math.max(0.5, p.d / p.a / hist)));
      if (p) {
        pd += p.d;
        pa += p.a;
      }
      hb += sum(cells, 'booked');
      ha += sum(cells, 'available');
    }
    if (pa > 0 && ha > 0 && hb > 0) all = Math.min(2, Math.max(0.5, pd / pa / (hb / ha)));
  }
  return { of: (dow) => growth.get(dow) ?? all, all };
}

// ------------------------------------------------------------------------------ one function per kind

/** Where chairs run at overbooking risk: the coming days the projection puts at risk (/capacity), or the period's peak hours (history, /report). */
export type RiskAt = { projection: ProjectionOut; openResources: CapacityInputs['openResources'] } | { peaksOf: HeatCell[] };

/** The chair-hours that bring `used` of `available` chair-hours back to the top of the band. */
const toBandTop = (used: number, available: number, band: Band) => used / band.targetHigh - available;

/**
 * add-hours: the chair-hours that bring time at overbooking risk back to the top of the band.
 * - peak hours of the period (history): per weekday-hours span, the 5 with the most chair-hours missing (over half an hour);
 * - days projected at risk: per weekday, longer hours for the open chairs or, when that is not enough (over 3 hours a
 *   chair, or no chair open), another chair (add-chair).
 */
export function addHours(band: Band, at: RiskAt): Proposal[] {
  if ('peaksOf' in at)
    return spans(at.peaksOf, 'peak')
      .map((x) => ({ ...x, needed: toBandTop(x.used / 60, x.available / 60, band) }))
      .filter((x) => x.needed > 0.5)
      .sort((a, b) => b.needed - a.needed)
      .slice(0, 5)
      .map((span) => {
        const weeks = Math.max(1, Math.round(span.days));
        return {
          kind: 'add-hours',
          priority: 'high',
          title: `Add about ${r1(span.needed)} chair-hours on ${describeSpan(span)}`,
          detail: `${describeSpan(span)} runs at ${pct(span.rate)} (overbooking risk): about ${r1(span.needed)} more chair-hours over the period (${r1(span.needed / weeks)} a week) would bring it back to ${pct(band.targetHigh)} — extend hours or open another chair then.`,
          weekday: span.weekday,
          hours: hoursOf(span),
          chairHours: r1(span.needed),
          chairHoursPerWeek: r1(span.needed / weeks),
        };
      });

  const out: Proposal[] = [];
  const risky = new Map<number, ProjectionOut['days']>();
  for (const d of at.projection.days) if (d.overbookingRisk) risky.set(d.weekday, [...(risky.get(d.weekday) ?? []), d]);
  for (const [dow, days] of [...risky.entries()].sort((a, b) => a[0] - b[0])) {
    const need = days.map((d) => {
      if (d.chairHoursToAdd > 0) return d.chairHoursToAdd;
      const hi = d.interval80?.high ?? 0;
      return Math.max(0, toBandTop(hi * d.availableChairHours, d.availableChairHours, band));
    });
    const sortedNeed = [...need].sort((a, b) => a - b);
    const typicalNeed = sortedNeed[Math.floor((sortedNeed.length - 1) / 2)];
    const maxNeed = sortedNeed[sortedNeed.length - 1];
    if (!(maxNeed > 0)) continue;
    const planNeed = typicalNeed > 0 ? typicalNeed : maxNeed;
    const open = days.map((d) => at.openResources.get(d.date)).filter((o): o is { count: number; minutes: number } => !!o && o.count > 0);
    const chairs = open.length ? Math.min(...open.map((o) => o.count)) : 0;
    const minutesPerChair = open.length ? Math.min(...open.map((o) => o.minutes / o.count)) : 0;
    const likelyCount = days.filter((d) => d.overbookingRisk === 'likely').length;
    const dates = days.map((d) => d.date);
    const when =
      dates.length === 1
        ? `${WEEKDAY_NAMES[dow]} ${shortDate(dates[0])}`
        : `${dates.length} ${WEEKDAY_PLURAL[dow]} (${dates.slice(0, 4).map(shortDate).join(', ')}${dates.length > 4 ? ', …' : ''})`;
    const these = dates.length === 1 ? 'That day' : `These ${dates.length} days`;
    const rates = days.map((d) => d.projectedUtilization ?? 0);
    const range = percentRangeText(Math.min(...rates), Math.max(...rates), 0);
    const chance = pct(Math.max(...days.map((d) => d.overbookingProbability ?? 0)));
    const how =
      likelyCount === days.length
        ? `${days.length > 1 ? 'are' : 'is'} projected above the ${pct(band.riskThreshold)} overbooking-risk line (projected ${range})`
        : likelyCount === 0
          ? `may go above the ${pct(band.riskThreshold)} overbooking-risk line (projected ${range}, up to a ${chance} chance of ending above it)`
          : `are at overbooking risk: ${likelyCount} projected above the ${pct(band.riskThreshold)} line, ${days.length - likelyCount} possibly (projected ${range})`;
    const needText =
      sortedNeed[0] === maxNeed || dates.length === 1
        ? `about ${hrs(maxNeed)} chair-hours a day`
        : `about ${hrs(planNeed)} chair-hours a day (${hrs(sortedNeed[0])}–${hrs(maxNeed)})`;
    const perChair = chairs ? ceil15((planNeed * 60) / chairs) : 0;
    const priority = likelyCount > 0 ? 'high' : 'medium';
    const total = r1(need.reduce((s2, v) => s2 + v, 0));
    if (chairs && perChair <= 180) {
      out.push({
        kind: 'add-hours',
        priority,
        title: `Add ${needText.replace(/ \(.*\)$/, '')} on ${when}`,
        detail:
          `${these} ${how}. To bring ${dates.length > 1 ? 'them' : 'it'} back to ${pct(band.targetHigh)} add ${needText} (${total} chair-hours in all): keep the ${chairs} open ${chairs > 1 ? 'chairs' : 'chair'} ${perChair} minutes longer, ` +
          `or staff an extra chair for ${hrs(planNeed)} hours.`,
        weekday: dow,
        dates,
        chairHours: total,
        whatIf: `extendHours=${dow}:${perChair}`,
      });
    } else {
      const extra = Math.max(1, Math.ceil((planNeed * 60) / Math.max(minutesPerChair, 60)));
      out.push({
        kind: 'add-chair',
        priority,
        title: `Open ${extra} more chair${extra > 1 ? 's' : ''} on ${when}`,
        detail: `${these} ${how}; ${needText} (${total} chair-hours in all) are missing to stay at ${pct(band.targetHigh)}, more than longer hours can give.`,
        weekday: dow,
        dates,
        chairHours: total,
        whatIf: `addChairs=${extra}`,
      });
    }
  }
  return out;
}

/** Peak hours of a weekday: steer new bookings to its quietest hours below the target band (rebalance-peak). */
export function rebalancePeaks(byDow: Map<number, HeatCell[]>, occurrences: Map<number, number>, band: Band): Proposal[] {
  const out: Proposal[] = [];
  for (const [dow, cells] of byDow) {
    const occ = occurrences.get(dow) ?? 0;
    if (!occ) continue;
    for (const run of spans(cells, 'peak')) {
      const excess = run.cells.reduce((s, c) => s + Math.max(0, c.used - band.targetHigh * c.available), 0) / occ / 60;
      const targets = runsOf(cells, (c) => rate(c.used, c.available) < band.targetLow).sort((a, b) => spare(b.cells, band) - spare(a.cells, band));
      if (!targets.length || excess < 0.5) continue;
      const t = targets[0];
      const sp = spare(t.cells, band) / occ / 60;
      const from = hoursOf(run);
      const to = hoursOf(t);
      out.push({
        kind: 'rebalance-peak',
        priority: 'medium',
        title: `Steer ${WEEKDAY_NAMES[dow]} bookings from ${from.from}–${from.to} to ${to.from}–${to.to}`,
        detail:
          `${WEEKDAY_PLURAL[dow]} ${from.from}–${from.to} ran at ${pct(run.rate)} (peak > ${pct(band.riskThreshold)}), ` +
          `while ${to.from}–${to.to} ran at ${pct(t.rate)}. Moving about ${hrs(Math.min(excess, sp))} chair-hours a week of ` +
          `new bookings (recalls, adjustments) to the quieter hours brings the peak to ${pct(band.targetHigh)} without adding chairs.`,
        weekday: dow,
        hours: from,
        chairHoursPerWeek: r1(Math.min(excess, sp)),
      });
    }
  }
  return out;
}

/** Low hours at the start or the end of a weekday: open later or close earlier (shorten-hours), one proposal per span. */
export function shortenLowEnds(byDow: Map<number, HeatCell[]>, occurrences: Map<number, number>, band: Band, growth: (dow: number) => number): Proposal[] {
  const out: Proposal[] = [];
  const isLow = (c: HeatCell) => c.mark === 'low';
  for (const [dow, cells] of [...byDow.entries()].sort((a, b) => a[0] - b[0])) {
    const occ = occurrences.get(dow) ?? 0;
    if (!occ || cells.every(isLow)) continue;
    const availW = sum(cells, 'available');
    const bookedW = sum(cells, 'booked') * growth(dow);
    const runs: { end: 'start' | 'end'; cells: HeatCell[]; minutes: number }[] = [];
    let cut = 0;
    for (const end of ['end', 'start'] as const) {
      const ordered = end === 'end' ? [...cells].reverse() : cells;
      const run: HeatCell[] = [];
      for (const c of ordered) {
        if (!isLow(c) || runs.some((r) => r.cells.includes(c))) break;
        run.push(c);
      }
      // keep the rest of the day within the band once the moved bookings land there
      while (run.length && rate(bookedW, availW - cut - sum(run, 'available')) > band.targetHigh) run.pop();
      const minutes = round15(run.reduce((s2, c) => s2 + (c.resourceDays ? c.available / c.resourceDays : 0), 0));
      if (!run.length || minutes < 30) continue;
      cut += sum(run, 'available');
      runs.push({ end, cells: end === 'end' ? [...run].reverse() : run, minutes });
    }
    for (const r of runs) {
      const cut1 = sum(r.cells, 'available');
      const freed = cut1 / occ / 60;
      const moved = (sum(r.cells, 'booked') * growth(dow)) / occ / 60;
      const after = rate(bookedW, availW - cut1);
      const { from, to } = hoursOf({ fromHour: r.cells[0].hour, toHour: r.cells[r.cells.length - 1].hour + 1 });
      out.push({
        kind: 'shorten-hours',
        priority: 'medium',
        title: `${WEEKDAY_PLURAL[dow]}: ${r.end === 'end' ? `close ${r.minutes} minutes earlier` : `open ${r.minutes} minutes later`} (${from}–${to})`,
        detail:
          `${from}–${to} ran at ${pct(rate(sum(r.cells, 'used'), sum(r.cells, 'available')))} (low < ${pct(band.lowThreshold)}) over the last ${occ} ${WEEKDAY_PLURAL[dow]}. ` +
          `Shortening frees about ${hrs(freed)} chair-hours a week; its ${hrs(moved)} booked chair-hours a week${Math.abs(growth(dow) - 1) > 0.05 ? ' (at the projected demand)' : ''} ` +
          `would move into the rest of the day, booking ${WEEKDAY_NAMES[dow]} to ${pct(after)} (${pct(rate(bookedW, availW))} on today's hours).`,
        weekday: dow,
        hours: { from, to },
        chairHoursPerWeek: r1(freed),
        whatIf: `extendHours=${dow}:-${r.minutes}`,
      });
    }
  }
  return out;
}

/** Low hours of the period (history): the chair-hours that could be released while the rest stays at the band's bottom (release-hours). */
export function releaseLowHours(cells: HeatCell[], band: Band): Proposal[] {
  return spans(cells, 'low')
    .map((x) => ({ ...x, excess: x.available / 60 - x.used / 60 / band.targetLow }))
    .filter((x) => x.excess >= 1)
    .sort((a, b) => b.excess - a.excess)
    .slice(0, 5)
    .map((span: Span & { excess: number }) => {
      const weeks = Math.max(1, Math.round(span.days));
      return {
        kind: 'release-hours',
        priority: 'medium',
        title: `Release about ${r1(span.excess)} chair-hours on ${describeSpan(span)}`,
        detail: `${describeSpan(span)} runs at ${pct(span.rate)}: about ${r1(span.excess)} chair-hours over the period (${r1(span.excess / weeks)} a week) could be released — shorter hours or fewer chairs open — and the rest would still run at ${pct(band.targetLow)}.`,
        weekday: span.weekday,
        hours: hoursOf(span),
        chairHours: r1(span.excess),
        chairHoursPerWeek: r1(span.excess / weeks),
      };
    });
}

/**
 * Idle chairs and rooms over the history window (or the report's period), the least used first (up to 3 of a kind):
 * consolidate them into the others when their bookings (at the demand to come) fit there within the band and no weekday
 * goes past the risk line (consolidate-chair; chairHours: all of its open time over the window).
 */
export function consolidateIdleResources(
  resources: ResourceStat[],
  weeks: number,
  band: Band,
  growth: { of: (dow: number) => number; all: number },
): { proposals: Proposal[]; removed: Set<string> } {
  const out: Proposal[] = [];
  const removed = new Set<string>();
  for (const kind of [...new Set(resources.map((r) => r.kind))].sort()) {
    const list = resources.filter((r) => r.kind === kind && r.active && r.total.available > 0);
    if (list.length < 2) continue;
    const availK = list.reduce((s, r) => s + r.total.available, 0);
    const bookedK = list.reduce((s, r) => s + r.total.booked, 0) * growth.all;
    let removedAvail = 0;
    const removedDow = new Map<number, number>();
    const sorted = [...list].sort((a, b) => rate(a.total.used, a.total.available) - rate(b.total.used, b.total.available) || a.id.localeCompare(b.id));
    let count = 0;
    for (const r of sorted) {
      if (count >= 3 || list.length - count < 2) break;
      const u = rate(r.total.used, r.total.available);
      if (u >= band.lowThreshold) break;
      const after = rate(bookedK, availK - removedAvail - r.total.available);
      if (after > band.targetHigh) break;
      // no weekday may be pushed past the overbooking-risk line
      let ok = true;
      for (let dow = 1; dow <= 7 && ok; dow++) {
        const a = list.reduce((s, x) => s + (x.byDow.get(dow)?.available ?? 0), 0);
        const b = list.reduce((s, x) => s + (x.byDow.get(dow)?.booked ?? 0), 0) * growth.of(dow);
        const rem = a - (removedDow.get(dow) ?? 0) - (r.byDow.get(dow)?.available ?? 0);
        if (b > 0 && (rem <= 0 || b / rem > band.riskThreshold)) ok = false;
      }
      if (!ok) continue;
      removedAvail += r.total.available;
      for (const [dow, t] of r.byDow) removedDow.set(dow, (removedDow.get(dow) ?? 0) + t.available);
      removed.add(r.id);
      count++;
      const freed = r.total.available / Math.max(weeks, 1) / 60;
      const moved = (r.total.booked * growth.all) / Math.max(weeks, 1) / 60;
      out.push({
        kind: 'consolidate-chair',
        priority: u < band.lowThreshold / 2 ? 'high' : 'medium',
        title: `Consolidate ${r.name} (${r.id}) into the other ${kind === 'ROOM' ? 'rooms' : 'chairs'}`,
        detail:
          `${r.name} was used ${pct(u)} of its open time (booked ${pct(rate(r.total.booked, r.total.available))}) over the last ${Math.round(weeks)} weeks. ` +
          `Its ${hrs(moved)} booked chair-hours a week fit in the other ${list.length - count} ${kind === 'ROOM' ? 'rooms' : 'chairs'}, booking them to ${pct(after)} ` +
          `(now ${pct(rate(bookedK, availK))}) with no weekday above ${pct(band.riskThreshold)}. Frees about ${hrs(freed)} chair-hours a week (staff, or a chair for another use).`,
        resourceIds: [r.id],
        chairHours: r1(r.total.available / 60),
        chairHoursPerWeek: r1(freed),
        whatIf: `removeResourceId=${encodeURIComponent(r.id)}`,
      });
    }
  }
  return { proposals: out, removed };
}

/**
 * Low chairs (below the low threshold, the least used first, up to 3 with those consolidated) that consolidateIdleResources
 * did not consolidate (their bookings would push the others past the band, or too few would be left): review their hours
 * or what is booked on them (review-chair).
 */
export function reviewLowChairs(resources: ResourceStat[], removed: Set<string>, band: Band): Proposal[] {
  const low = resources
    .filter((r) => r.kind === 'CHAIR' && r.active && r.total.available > 0 && rate(r.total.used, r.total.available) < band.lowThreshold)
    .sort((a, b) => rate(a.total.used, a.total.available) - rate(b.total.used, b.total.available) || a.id.localeCompare(b.id))
    .slice(0, 3);
  return low
    .filter((r) => !removed.has(r.id))
    .map((r) => ({
      kind: 'review-chair',
      priority: 'medium',
      title: `Review the hours of ${r.name} (${r.id})`,
      detail: `${r.name} is used ${pct(rate(r.total.used, r.total.available))} of its open time (${r1(r.total.used / 60)} of ${r1(r.total.available / 60)} chair-hours); review its hours or what is booked on it.`,
      resourceIds: [r.id],
      chairHours: r1((r.total.available - r.total.used / band.targetLow) / 60),
    }));
}

/** Weekdays that ran low with several chairs open: run them with fewer (consolidate-weekday). */
export function consolidateLowWeekdays(
  resources: ResourceStat[],
  removed: Set<string>,
  occurrences: Map<number, number>,
  band: Band,
  growth: (dow: number) => number,
): Proposal[] {
  const out: Proposal[] = [];
  for (const kind of [...new Set(resources.map((r) => r.kind))].sort()) {
    const list = resources.filter((r) => r.kind === kind && r.active && !removed.has(r.id));
    for (let dow = 1; dow <= 7; dow++) {
      const occ = occurrences.get(dow) ?? 0;
      const open = list.filter((r) => (r.byDow.get(dow)?.days ?? 0) > 0 && (r.byDow.get(dow)?.available ?? 0) > 0);
      if (!occ || open.length < 2) continue;
      const t = open.reduce(
        (s, r) => ({
          days: s.days + r.byDow.get(dow)!.days,
          available: s.available + r.byDow.get(dow)!.available,
          used: s.used + r.byDow.get(dow)!.used,
          booked: s.booked + r.byDow.get(dow)!.booked,
        }),
        { days: 0, available: 0, used: 0, booked: 0 },
      );
      if (rate(t.used, t.available) >= band.lowThreshold) continue;
      const chairs = t.days / occ;
      const perChair = t.available / t.days;
      const bookedPerDay = (t.booked * growth(dow)) / occ;
      const need = Math.max(1, Math.ceil(bookedPerDay / (perChair * band.targetHigh)));
      const m = Math.floor(chairs - need + 1e-9);
      if (m < 1) continue;
      const pick = [...open]
        .sort(
          (a, b) =>
            rate(a.byDow.get(dow)!.used, a.byDow.get(dow)!.available) - rate(b.byDow.get(dow)!.used, b.byDow.get(dow)!.available) || a.id.localeCompare(b.id),
        )
        .slice(0, m);
      const freed = (m * perChair) / 60;
      out.push({
        kind: 'consolidate-weekday',
        priority: 'low',
        title: `Run ${WEEKDAY_PLURAL[dow]} with ${m} ${kind === 'ROOM' ? 'room' : 'chair'}${m > 1 ? 's' : ''} fewer (${pick.map((r) => r.name).join(', ')})`,
        detail:
          `${WEEKDAY_PLURAL[dow]} ran at ${pct(rate(t.used, t.available))} used / ${pct(rate(t.booked, t.available))} booked on ${r1(chairs)} open ${kind === 'ROOM' ? 'rooms' : 'chairs'} on average. ` +
          `${hrs(bookedPerDay / 60)} booked chair-hours a day fit in ${need} at ${pct(band.targetHigh)} or less; closing the least-used ${m} (${pick.map((r) => r.id).join(', ')}) ` +
          `frees about ${hrs(freed)} chair-hours a week and books the rest to ${pct(rate(bookedPerDay, (chairs - m) * perChair))}.`,
        weekday: dow,
        resourceIds: pick.map((r) => r.id),
        chairHoursPerWeek: r1(freed),
      });
    }
  }
  return out;
}

/** Time lost to idle runs shorter than a bookable slot, above 3 % of the open time (fill-short-gaps). */
export function fillShortGaps(t: LossTotals): Proposal[] {
  if (!(t.availableMinutes > 0 && t.shortGapMinutes / t.availableMinutes > 0.03)) return [];
  return [
    {
      kind: 'fill-short-gaps',
      priority: 'low',
      title: `Recover chair-hours lost to gaps too short to book`,
      detail: `${r1(t.shortGapMinutes / 60)} chair-hours were lost to idle runs too short to book; aligning appointment lengths to the slot grid would recover part of them.`,
      chairHours: r1(t.shortGapMinutes / 60),
    },
  ];
}

/** No-shows above 5 % of the appointments (reduce-no-shows). */
export function reduceNoShows(t: LossTotals): Proposal[] {
  if (!(t.appointmentCount > 0 && t.noShowCount / t.appointmentCount > 0.05)) return [];
  return [
    {
      kind: 'reduce-no-shows',
      priority: 'low',
      title: 'Reduce no-shows',
      detail: `${pct(t.noShowCount / t.appointmentCount)} of appointments were no-shows (${r1(t.noShowMinutes / 60)} chair-hours); reminders or a short-notice waiting list would fill part of them.`,
      chairHours: r1(t.noShowMinutes / 60),
    },
  ];
}

/** The projection as a whole: below the low line, the chair-hours that could be released (release-capacity); above the band, those missing (above-band). */
export function projectionAsAWhole(p: ProjectionOut, band: Band, horizon: number): Proposal[] {
  const s = p.summary;
  if (s.projectedUtilization === null) return [];
  const iv = s.interval80 ? ` (80 % interval ${percentRangeText(s.interval80.low ?? 0, s.interval80.high ?? 0, 0)})` : '';
  if (s.projectedUtilization < band.lowThreshold && s.chairHoursToRelease > 0) {
    return [
      {
        kind: 'release-capacity',
        priority: 'medium',
        title: `About ${hrs(s.chairHoursToRelease)} chair-hours could be released in the next ${horizon} days`,
        detail:
          `The next ${horizon} days are projected at ${pct(s.projectedUtilization)} booked${iv}, below the ${pct(band.lowThreshold)} low line. ` +
          `Releasing about ${hrs(s.chairHoursToRelease)} chair-hours (${hrs((s.chairHoursToRelease / horizon) * 7)} a week) keeps it at ${pct(band.targetLow)}; ` +
          `the shorten-hours and consolidate suggestions say where.`,
        chairHours: s.chairHoursToRelease,
      },
    ];
  }
  if (s.projectedUtilization > band.targetHigh && s.chairHoursToAdd > 0) {
    return [
      {
        kind: 'above-band',
        priority: s.projectedUtilization > band.riskThreshold ? 'high' : 'medium',
        title: `About ${hrs(s.chairHoursToAdd)} chair-hours are missing in the next ${horizon} days`,
        detail:
          `The next ${horizon} days are projected at ${pct(s.projectedUtilization)} booked${iv}, above the ${pct(band.targetHigh)} top of the band. ` +
          `About ${hrs(s.chairHoursToAdd)} more chair-hours (${hrs((s.chairHoursToAdd / horizon) * 7)} a week) bring it to ${pct(band.targetHigh)}: longer hours on the busiest weekdays, or another chair (try addChairs=1).`,
        chairHours: s.chairHoursToAdd,
        whatIf: 'addChairs=1',
      },
    ];
  }
  return [];
}

// ------------------------------------------------------------------------------ the engine

/** The suggestions of the two routes, from the functions above. */
@Injectable()
export class SuggestionEngine {
  /** /capacity: from the history window's heatmap and resources and the projection; high priority first, then the most chair-hours a week. */
  forCapacity(inp: CapacityInputs): Proposal[] {
    const { band } = inp;
    const byDow = byWeekday(inp.cells);
    const growth = demandGrowth(byDow, inp.projection);
    const consolidated = consolidateIdleResources(inp.resources, inp.weeks, band, growth);
    const out = [
      ...(inp.projection ? addHours(band, { projection: inp.projection, openResources: inp.openResources }) : []),
      ...rebalancePeaks(byDow, inp.occurrences, band),
      ...shortenLowEnds(byDow, inp.occurrences, band, growth.of),
      ...consolidated.proposals,
      ...consolidateLowWeekdays(inp.resources, consolidated.removed, inp.occurrences, band, growth.of),
      ...(inp.projection ? projectionAsAWhole(inp.projection, band, inp.horizon) : []),
    ];
    return out.sort(
      (a, b) => RANK[a.priority] - RANK[b.priority] || (b.chairHoursPerWeek ?? (b.chairHours ?? 0) / 4) - (a.chairHoursPerWeek ?? (a.chairHours ?? 0) / 4),
    );
  }

  /**
   * /report, one clinic over a period: for a clinic below its target band, the low hours to release, the low chairs and
   * the short gaps; for any, the no-shows; and the peaks at overbooking risk (`risks`).
   */
  forReport(inp: ReportInputs): { suggestions: Proposal[]; risks: Proposal[] } {
    const below = inp.status === 'low' || inp.status === 'below-target';
    const consolidated = below ? consolidateIdleResources(inp.resources, inp.weeks, inp.band, NO_GROWTH) : { proposals: [], removed: new Set<string>() };
    return {
      suggestions: [
        ...(below
          ? [
              ...releaseLowHours(inp.cells, inp.band),
              ...consolidated.proposals,
              ...reviewLowChairs(inp.resources, consolidated.removed, inp.band),
              ...fillShortGaps(inp.totals),
            ]
          : []),
        ...reduceNoShows(inp.totals),
      ],
      risks: addHours(inp.band, { peaksOf: inp.cells }),
    };
  }
}
